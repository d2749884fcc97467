/**
 * The files CodeThreat's command-line tools keep in the user's home folder, read and edited here
 * without VS Code (plain Node):
 * - the AppSec platform CLI's `~/.codethreat/.credentials`: JSON `{apiKey, serverUrl, savedAt}`,
 *   written with mode 0600 by `codethreat auth login`;
 * - the AppSec CLI's `~/.codethreat/.env` (dotenv: `CT_API_KEY`, `CT_SERVER_URL`, `CT_ORG_SLUG`,
 *   `CT_ORG_ID`) and its YAML configs `~/.codethreat/config.yml` and `~/.codethreat.yml` (`apiKey`,
 *   `serverUrl`, `organizationId`, as the CLI merges them into its settings; the snake_case
 *   spellings of the CLI's config template are read too). The same formats hold a workspace's
 *   `.env` and `.codethreat.yml`, read here the same way;
 * - the classic CLI's `~/.codethreat_cli_config`: `KEY=value` lines, `CODETHREAT_SECRET` (the
 *   token), `CODETHREAT_APP_URL` (the server), `CODETHREAT_ORG` (the organization).
 * Removing the plain-text copy takes out the key field or line only, and only while it still holds
 * the credential that was imported; everything else in the file, and the file's mode, stays.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isObject, nonEmptyText, type JsonObject } from '../../core/api/tolerantJson';
import { cliVariablesOf } from '../../core/api/cliVariables';
import { parseDotenv, parseFlatYaml, withoutDotenvEntry, withoutYamlEntry } from './configText';

/** `~/.codethreat/.credentials`, relative to the home folder. */
const APPSEC_CLI_CREDENTIALS_FILE = path.join('.codethreat', '.credentials');
/** `~/.codethreat_cli_config`, relative to the home folder. */
const CLASSIC_CLI_CONFIG_FILE = '.codethreat_cli_config';

const CLASSIC_CLI_NAMES = cliVariablesOf('classic');
const APPSEC_CLI_NAMES = cliVariablesOf('appsec');

/** The AppSec CLI's dotenv file in the home folder, relative to it. */
export const APPSEC_CLI_ENV_FILE = path.join('.codethreat', '.env');
/** The AppSec CLI's YAML configs in the home folder, relative to it, in the order the CLI looks. */
export const APPSEC_CLI_YAML_FILES = [path.join('.codethreat', 'config.yml'), '.codethreat.yml'] as const;
/** The AppSec CLI's files in a project folder (the workspace's): its dotenv and YAML configs. */
export const PROJECT_ENV_FILE = '.env';
export const PROJECT_YAML_FILES = ['.codethreat.yml', '.codethreat.yaml'] as const;

/** The YAML keys of each setting, the CLI's own spelling first (its config template's snake_case after). */
const YAML_KEYS = {
  apiKey: ['apiKey', 'api_key'],
  serverUrl: ['serverUrl', 'server_url'],
  organizationSlug: ['organizationSlug', 'organization_slug'],
  organizationId: ['organizationId', 'organization_id'],
} as const;

export interface CliCredential {
  /** The file's full path. */
  file: string;
  credential: string;
  serverUrl?: string;
  /** The organization's name (classic) or slug (AppSec platform). */
  organization?: string;
  /** The AppSec platform organization's id (`CT_ORG_ID`, `organizationId`), when no slug is named. */
  organizationId?: string;
}

/** What a file of the AppSec CLI's configuration holds: the key, with its server and organization from the same file. */
export interface AppsecConfigValues {
  apiKey?: string;
  serverUrl?: string;
  organizationSlug?: string;
  organizationId?: string;
}

/** What became of a request to remove the credential from a file. */
export type RemovalOutcome = 'removed' | 'changed' | 'gone';

/** The file's text, or undefined when it is missing or unreadable (nothing to offer then). */
async function readText(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

// ---- The AppSec platform CLI: ~/.codethreat/.credentials -----------------------------------------

function jsonObject(content: string): JsonObject | undefined {
  try {
    const json: unknown = JSON.parse(content);
    return isObject(json) ? json : undefined;
  } catch {
    return undefined;
  }
}

export function parseAppsecCredentials(content: string): { apiKey?: string; serverUrl?: string } {
  const record = jsonObject(content) ?? {};
  return { apiKey: nonEmptyText(record.apiKey), serverUrl: nonEmptyText(record.serverUrl) };
}

/**
 * The file without its `apiKey`, the other fields in their order, indented as the CLI writes it;
 * undefined when the file no longer holds `apiKey` (another login wrote a new one since).
 */
export function withoutAppsecApiKey(content: string, apiKey: string): string | undefined {
  const record = jsonObject(content);
  if (!record || nonEmptyText(record.apiKey) !== apiKey) return undefined;
  delete record.apiKey;
  return `${JSON.stringify(record, null, 2)}${content.endsWith('\n') ? '\n' : ''}`;
}

export async function readAppsecCliCredentials(homeDirectory: string): Promise<CliCredential | undefined> {
  const file = path.join(homeDirectory, APPSEC_CLI_CREDENTIALS_FILE);
  const content = await readText(file);
  if (content === undefined) return undefined;
  const { apiKey, serverUrl } = parseAppsecCredentials(content);
  return apiKey ? { file, credential: apiKey, serverUrl } : undefined;
}

export function removeAppsecApiKey(file: string, apiKey: string): Promise<RemovalOutcome> {
  return rewriteKeepingMode(file, (content) => withoutAppsecApiKey(content, apiKey));
}

// ---- The AppSec platform CLI's configuration: dotenv and YAML ---------------------------------------

/** A dotenv file's AppSec CLI variables. */
export function appsecDotenvValues(content: string): AppsecConfigValues {
  const values = parseDotenv(content);
  return {
    apiKey: values.get(APPSEC_CLI_NAMES.token),
    serverUrl: values.get(APPSEC_CLI_NAMES.serverUrl),
    organizationSlug: values.get(APPSEC_CLI_NAMES.organization),
    organizationId: APPSEC_CLI_NAMES.organizationId ? values.get(APPSEC_CLI_NAMES.organizationId) : undefined,
  };
}

/** A YAML config's settings, each by the first of its spellings that is set. */
export function appsecYamlValues(content: string): AppsecConfigValues {
  const values = parseFlatYaml(content);
  const first = (keys: readonly string[]) => keys.map((key) => values.get(key)).find((value) => value !== undefined);
  return {
    apiKey: first(YAML_KEYS.apiKey),
    serverUrl: first(YAML_KEYS.serverUrl),
    organizationSlug: first(YAML_KEYS.organizationSlug),
    organizationId: first(YAML_KEYS.organizationId),
  };
}

/** The credential in `content` by `valuesOf`, with what the same file names beside it. */
export function appsecConfigCredential(file: string, content: string, valuesOf: (content: string) => AppsecConfigValues): CliCredential | undefined {
  const { apiKey, serverUrl, organizationSlug, organizationId } = valuesOf(content);
  if (!apiKey) return undefined;
  return { file, credential: apiKey, serverUrl, ...(organizationSlug ? { organization: organizationSlug } : organizationId ? { organizationId } : {}) };
}

/** A dotenv file of the AppSec CLI's (`~/.codethreat/.env`, a project's `.env`), if it holds a key. */
export async function readAppsecDotenv(file: string): Promise<CliCredential | undefined> {
  const content = await readText(file);
  return content === undefined ? undefined : appsecConfigCredential(file, content, appsecDotenvValues);
}

/** A YAML config of the AppSec CLI's, if it holds a key. */
export async function readAppsecYaml(file: string): Promise<CliCredential | undefined> {
  const content = await readText(file);
  return content === undefined ? undefined : appsecConfigCredential(file, content, appsecYamlValues);
}

/** The dotenv text without the key's line(s), if it still holds `apiKey`. */
export function withoutDotenvApiKey(content: string, apiKey: string): string | undefined {
  return withoutDotenvEntry(content, APPSEC_CLI_NAMES.token, apiKey);
}

/** The YAML text without the key's line(s), if it still holds `apiKey`. */
export function withoutYamlApiKey(content: string, apiKey: string): string | undefined {
  return withoutYamlEntry(content, YAML_KEYS.apiKey, apiKey);
}

export function removeDotenvApiKey(file: string, apiKey: string): Promise<RemovalOutcome> {
  return rewriteKeepingMode(file, (content) => withoutDotenvApiKey(content, apiKey));
}

export function removeYamlApiKey(file: string, apiKey: string): Promise<RemovalOutcome> {
  return rewriteKeepingMode(file, (content) => withoutYamlApiKey(content, apiKey));
}

// ---- The classic CLI: ~/.codethreat_cli_config --------------------------------------------------

const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/;

/** A `KEY=value` line's name and raw value, or undefined for a blank line, a comment or anything else. */
function assignment(line: string): { name: string; raw: string } | undefined {
  const trimmed = line.trim();
  if (!trimmed || trimmed.startsWith('#') || trimmed.startsWith(';')) return undefined;
  const match = ASSIGNMENT.exec(line.replace(/\r?\n$/, ''));
  return match ? { name: match[1], raw: match[2] } : undefined;
}

/** A value as written after `=`: quotes taken off; unquoted, a ` #` starts a comment. */
function valueOf(raw: string): string {
  const value = raw.trim();
  const quoted = /^(["'])(.*)\1(?:\s+#.*)?$/.exec(value);
  if (quoted) return quoted[2].trim();
  return value.replace(/\s+#.*$/, '').trim();
}

/**
 * `KEY=value` lines: comments (`#`, `;`) and blank lines skipped, spaces around `=` and quotes
 * around the value allowed, `export ` before the name tolerated. The first line for a name wins,
 * as the CLI reads it.
 */
export function parseKeyValueConfig(content: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of content.split(/\r?\n/)) {
    const found = assignment(line);
    if (!found || values.has(found.name)) continue;
    const value = valueOf(found.raw);
    if (value) values.set(found.name, value);
  }
  return values;
}

/**
 * The file without the lines that set `name` (every one: each may hold a copy), the other lines as
 * they were, line endings included; undefined when the value `name` has is no longer `expected`.
 */
export function withoutKeyValueEntry(content: string, name: string, expected: string): string | undefined {
  if (parseKeyValueConfig(content).get(name) !== expected) return undefined;
  return content
    .split(/(?<=\n)/)
    .filter((line) => assignment(line)?.name !== name)
    .join('');
}

export async function readClassicCliConfig(homeDirectory: string): Promise<CliCredential | undefined> {
  const file = path.join(homeDirectory, CLASSIC_CLI_CONFIG_FILE);
  const content = await readText(file);
  if (content === undefined) return undefined;
  const values = parseKeyValueConfig(content);
  const token = values.get(CLASSIC_CLI_NAMES.token);
  return token ? { file, credential: token, serverUrl: values.get(CLASSIC_CLI_NAMES.serverUrl), organization: values.get(CLASSIC_CLI_NAMES.organization) } : undefined;
}

export function removeClassicCliToken(file: string, token: string): Promise<RemovalOutcome> {
  return rewriteKeepingMode(file, (content) => withoutKeyValueEntry(content, CLASSIC_CLI_NAMES.token, token));
}

// ---- Both ---------------------------------------------------------------------------------------

/** Rewrites `file` in place with what `change` makes of it; its mode (0600 for a CLI's file) stays. */
export async function rewriteKeepingMode(file: string, change: (content: string) => string | undefined): Promise<RemovalOutcome> {
  let mode: number;
  let content: string;
  try {
    mode = (await fs.stat(file)).mode & 0o7777;
    content = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw error;
  }
  const changed = change(content);
  if (changed === undefined) return 'changed';
  // Written in place: the file keeps its inode, owner and mode; chmod restates the mode in case
  // the file system gave it another one.
  await fs.writeFile(file, changed, { encoding: 'utf8', mode });
  await fs.chmod(file, mode);
  return 'removed';
}
