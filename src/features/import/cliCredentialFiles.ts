/**
 * The files CodeThreat's command-line tools keep in the user's home folder, read and edited here
 * without VS Code (plain Node):
 * - the AppSec platform CLI's `~/.codethreat/.credentials`: JSON `{apiKey, serverUrl, savedAt}`,
 *   written with mode 0600 by `codethreat auth login`;
 * - the classic CLI's `~/.codethreat_cli_config`: `KEY=value` lines, `CODETHREAT_SECRET` (the
 *   token), `CODETHREAT_APP_URL` (the server), `CODETHREAT_ORG` (the organization).
 * Removing the plain-text copy takes out the key field or line only, and only while it still holds
 * the credential that was imported; everything else in the file, and the file's mode, stays.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isObject, nonEmptyText, type JsonObject } from '../../core/api/tolerantJson';
import { cliVariablesOf } from '../../core/api/cliVariables';

/** `~/.codethreat/.credentials`, relative to the home folder. */
const APPSEC_CLI_CREDENTIALS_FILE = path.join('.codethreat', '.credentials');
/** `~/.codethreat_cli_config`, relative to the home folder. */
const CLASSIC_CLI_CONFIG_FILE = '.codethreat_cli_config';

const CLASSIC_CLI_NAMES = cliVariablesOf('classic');

interface CliCredential {
  /** The file's full path. */
  file: string;
  credential: string;
  serverUrl?: string;
  organization?: string;
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
async function rewriteKeepingMode(file: string, change: (content: string) => string | undefined): Promise<RemovalOutcome> {
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
