/**
 * Where other CodeThreat tools keep credentials in plain text, and how to find them. Each found
 * credential is tagged with its API generation: the classic API's access tokens, or the AppSec
 * platform's (API v1) API keys.
 * - classic: `codethreat.json` in a workspace folder (CodeThreat's SAST extension: `apiBaseUrl`,
 *   `apiToken`, `organizatonName` — sic — or `organizationName`);
 * - classic: the old settings `codethreat-vscode.codethreatApiToken` / `…ApiBaseUrl` / `…Organization`;
 * - classic: environment variables of CodeThreat's CLI and CI plugins (`CODETHREAT_SECRET` +
 *   `CODETHREAT_APP_URL` + `CODETHREAT_ORG`, `CT_TOKEN` + `CT_BASE_URL` + `CT_ORGANIZATION`);
 * - classic: the classic CLI's `~/.codethreat_cli_config` (`CODETHREAT_SECRET`, `CODETHREAT_APP_URL`,
 *   `CODETHREAT_ORG` lines);
 * - AppSec platform: the AppSec CLI's environment (`CT_API_KEY` + `CT_SERVER_URL` + `CT_ORG_SLUG`)
 *   and the AppSec GitHub Action's secret names (`CODETHREAT_API_KEY` + `CODETHREAT_SERVER_URL` +
 *   `CODETHREAT_ORG_SLUG`);
 * - AppSec platform: the AppSec CLI's `~/.codethreat/.credentials` (`apiKey`, `serverUrl`), its
 *   `~/.codethreat/.env` (dotenv, the variables above and `CT_ORG_ID`) and its YAML configs
 *   `~/.codethreat/config.yml` and `~/.codethreat.yml` (`apiKey`, `serverUrl`, `organizationId`);
 *   `CT_ORG_ID` beside `CT_API_KEY` too. An organization named by id is looked up among the key's
 *   organizations once its server has checked it;
 * - AppSec platform, workspace sources: a workspace folder's `.env` and `.codethreat.yml` (or
 *   `.codethreat.yaml`), which the AppSec CLI reads in the folder it runs in.
 * Finding is read-only; nothing is imported without the user's say. The same credential for the
 * same server found in several places is one candidate that lists them all (the home folder's
 * files and the environment before the AppSec CLI's workspace files); a workspace file does not
 * name the organization of a credential found at the user's level, and removing the plain-text
 * copy removes it from each file.
 *
 * The trust boundary: a credential travels only to the server named beside it — in the same file,
 * at the same settings level (user, workspace, folder), in the same environment set — or, with no
 * server named beside it, to its generation's cloud. A workspace that names only a server cannot
 * borrow the user's token, and neither can an environment variable or file of another tool. In an
 * untrusted workspace (Restricted Mode) nothing from the workspace is read at all: no
 * codethreat.json, `.env` or `.codethreat.yml`, no workspace or folder setting. The home folder
 * and the environment are the user's own, and are read in any workspace.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CLI_VARIABLE_SETS } from '../../core/api/cliVariables';
import { CLOUD_SERVER_URL, normalizeServerUrl } from '../../core/api/serverUrl';
import type { ApiGeneration } from '../../core/api/tokenApi';
import { nonEmptyText } from '../../core/api/tolerantJson';
import type { EnvironmentBinding } from '../../core/connections/connection';
import { bindEnvironment } from '../../core/connections/environmentBinding';
import { dialectOf } from '../../core/dialects';
import {
  APPSEC_CLI_ENV_FILE,
  APPSEC_CLI_YAML_FILES,
  PROJECT_ENV_FILE,
  PROJECT_YAML_FILES,
  appsecConfigCredential,
  appsecDotenvValues,
  appsecYamlValues,
  readAppsecCliCredentials,
  readAppsecDotenv,
  readAppsecYaml,
  readClassicCliConfig,
  type CliCredential,
} from './cliCredentialFiles';
import { plainText } from '../../core/util/untrustedText';

export type CredentialSourceKind =
  | 'codethreatJson'
  | 'settings'
  | 'environment'
  | 'appsecCliCredentials'
  | 'appsecCliEnvFile'
  | 'appsecCliConfig'
  | 'classicCliConfig'
  | 'workspaceEnvFile'
  | 'workspaceCliConfig';

/** The kinds read from workspace folders: only in a trusted workspace. */
export const WORKSPACE_SOURCE_KINDS: readonly CredentialSourceKind[] = ['codethreatJson', 'workspaceEnvFile', 'workspaceCliConfig'];

export interface FoundCredential {
  kind: CredentialSourceKind;
  /** The API the credential is for: a classic access token or an AppSec platform API key. */
  generation: ApiGeneration;
  /** Where it was found, for people: a file path, "user settings", an environment variable. */
  where: string;
  /** Stable, secret-free identity of the source (to remember "not now"). */
  key: string;
  serverUrl: string;
  /** The organization named beside the credential: a name (classic) or a slug (AppSec platform). */
  organization?: string;
  /** AppSec platform: the organization named beside the key by id only (`CT_ORG_ID`, `organizationId`). */
  organizationId?: string;
  token: string;
  /** Files: the file. */
  file?: vscode.Uri;
  /** Files: how people know it (`~/.codethreat/.env`, `.codethreat.yml`). */
  fileLabel?: string;
  /** Workspace files: the folder's name. */
  folderName?: string;
  /** The same credential, for the same server, found in other places too (removal takes it from each file). */
  alsoFoundIn?: FoundCredential[];
  /** settings: the level the token is set at, its settings (to remove the token from), and the token there now. */
  settingsLevel?: { target: vscode.ConfigurationTarget; name: string; settings: vscode.WorkspaceConfiguration; currentToken(): string | undefined };
  /** environment: the variable holding the token. */
  environmentVariable?: string;
  /** environment: digests of the token and its server variable as found, to tell a later window's apart. */
  environmentBinding?: EnvironmentBinding;
}

/** Where to look: the user's home folder, and whether the workspace may be read (VS Code trusts it). */
export interface CredentialSearch {
  homeDirectory: string;
  trusted: boolean;
}

/** The old setting `key` as set at `level` (in `settings`, a snapshot: the level's own as found, or a fresh one). */
function settingAt(level: SettingsLevel, key: string, settings = level.settings): string | undefined {
  const inspected = settings.inspect<string>(key);
  return inspected ? nonEmptyText(level.valueOf(inspected)) : undefined;
}

/** The cloud a credential of this generation goes to when nothing beside it names a server. */
function defaultServerUrl(generation: ApiGeneration): string {
  return dialectOf(generation).cloudServerUrl;
}

export const OLD_SETTINGS_SECTION = 'codethreat-vscode';
export const OLD_SETTINGS = { token: 'codethreatApiToken', serverUrl: 'codethreatApiBaseUrl', organization: 'codethreatOrganization' } as const;

async function findCodeThreatJsonCredentials(): Promise<FoundCredential[]> {
  const found: FoundCredential[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const file = vscode.Uri.joinPath(folder.uri, 'codethreat.json');
    let content: Record<string, unknown>;
    try {
      content = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(file))) as Record<string, unknown>;
    } catch {
      continue; // missing or not JSON: nothing to offer
    }
    const token = nonEmptyText(content.apiToken);
    if (!token) continue;
    found.push({
      kind: 'codethreatJson',
      generation: 'classic',
      where: file.fsPath,
      key: `codethreatJson:${file.toString()}`,
      serverUrl: nonEmptyText(content.apiBaseUrl) ?? CLOUD_SERVER_URL,
      organization: nonEmptyText(content.organizatonName) ?? nonEmptyText(content.organizationName),
      token,
      file,
    });
  }
  return found;
}

/** A workspace file's text, or undefined when it is missing or unreadable. */
async function readWorkspaceText(file: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
  } catch {
    return undefined;
  }
}

/** The AppSec CLI's files in each workspace folder: `.env`, `.codethreat.yml`; each with its own server only. */
async function findWorkspaceCliFiles(): Promise<FoundCredential[]> {
  const formats = [
    { kind: 'workspaceEnvFile', names: [PROJECT_ENV_FILE], valuesOf: appsecDotenvValues },
    { kind: 'workspaceCliConfig', names: PROJECT_YAML_FILES, valuesOf: appsecYamlValues },
  ] as const;
  const found: FoundCredential[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    for (const format of formats) {
      for (const name of format.names) {
        const file = vscode.Uri.joinPath(folder.uri, name);
        const content = await readWorkspaceText(file);
        const cli = content === undefined ? undefined : appsecConfigCredential(file.fsPath, content, format.valuesOf);
        if (cli) found.push({ ...fileCredential(format.kind, 'appsec', cli, file, name), folderName: folder.name });
      }
    }
  }
  return found;
}

/** A credential found in a file, with the server (and organization) the same file names. */
function fileCredential(kind: CredentialSourceKind, generation: ApiGeneration, cli: CliCredential, file: vscode.Uri, fileLabel: string): FoundCredential {
  return {
    kind,
    generation,
    where: file.scheme === 'file' ? file.fsPath : file.toString(),
    key: `${kind}:${file.scheme === 'file' ? file.fsPath : file.toString()}`,
    serverUrl: cli.serverUrl ?? defaultServerUrl(generation),
    ...(cli.organization ? { organization: cli.organization } : {}),
    ...(cli.organizationId ? { organizationId: cli.organizationId } : {}),
    token: cli.credential,
    file,
    fileLabel,
  };
}

/** The levels a setting can be set at, and what each is called. */
type Inspected = { globalValue?: unknown; workspaceValue?: unknown; workspaceFolderValue?: unknown };

interface SettingsLevel {
  target: vscode.ConfigurationTarget;
  /** Stable, for the candidate's key. */
  id: string;
  /** For people: "user settings". */
  name: string;
  /** Its settings: the folder's for a folder level. */
  settings: vscode.WorkspaceConfiguration;
  /** The folder, for a folder level. */
  scope?: vscode.Uri;
  valueOf(inspected: Inspected): unknown;
}

function settingsLevels(trusted: boolean): SettingsLevel[] {
  const settings = vscode.workspace.getConfiguration(OLD_SETTINGS_SECTION);
  const { Global, Workspace, WorkspaceFolder } = vscode.ConfigurationTarget;
  const levels: SettingsLevel[] = [{ target: Global, id: 'user', name: vscode.l10n.t('user settings'), settings, valueOf: (i) => i.globalValue }];
  if (!trusted) return levels;
  levels.push({ target: Workspace, id: 'workspace', name: vscode.l10n.t('workspace settings'), settings, valueOf: (i) => i.workspaceValue });
  // Folder settings differ from the workspace's only in a multi-root workspace.
  if (!vscode.workspace.workspaceFile) return levels;
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    levels.push({
      target: WorkspaceFolder,
      id: `folder:${folder.uri.toString()}`,
      name: vscode.l10n.t('settings of the folder {0}', plainText(folder.name)),
      settings: vscode.workspace.getConfiguration(OLD_SETTINGS_SECTION, folder.uri),
      scope: folder.uri,
      valueOf: (i) => i.workspaceFolderValue,
    });
  }
  return levels;
}

/** The old settings, one candidate per level that has a token: with that level's server and organization only. */
function findSettingsCredentials(trusted: boolean): FoundCredential[] {
  return settingsLevels(trusted).flatMap((level): FoundCredential[] => {
    const at = (key: string) => settingAt(level, key);
    const token = at(OLD_SETTINGS.token);
    if (!token) return [];
    return [
      {
        kind: 'settings',
        generation: 'classic',
        where: `${OLD_SETTINGS_SECTION}.${OLD_SETTINGS.token}`,
        key: `settings:${OLD_SETTINGS_SECTION}:${level.id}`,
        serverUrl: at(OLD_SETTINGS.serverUrl) ?? CLOUD_SERVER_URL,
        organization: at(OLD_SETTINGS.organization),
        token,
        settingsLevel: { target: level.target, name: level.name, settings: level.settings, currentToken: () => settingAt(level, OLD_SETTINGS.token, vscode.workspace.getConfiguration(OLD_SETTINGS_SECTION, level.scope)) },
      },
    ];
  });
}

/** A slug when one is named; else the id, to be looked up. */
function organizationOf(slug: string | undefined, id: string | undefined): Pick<FoundCredential, 'organization' | 'organizationId'> {
  return slug ? { organization: slug } : id ? { organizationId: id } : {};
}

function findEnvironmentCredentials(): FoundCredential[] {
  const env = process.env;
  // Each set is read on its own: a credential goes to the server (and organization) of its own set.
  return CLI_VARIABLE_SETS.flatMap((names): FoundCredential[] => {
    const token = nonEmptyText(env[names.token]);
    if (!token) return [];
    const serverUrl = nonEmptyText(env[names.serverUrl]);
    return [
      {
        kind: 'environment',
        generation: names.generation,
        where: names.token,
        key: `environment:${names.token}`,
        serverUrl: serverUrl ?? defaultServerUrl(names.generation),
        ...organizationOf(nonEmptyText(env[names.organization]), names.organizationId ? nonEmptyText(env[names.organizationId]) : undefined),
        token,
        environmentVariable: names.token,
        environmentBinding: bindEnvironment(token, names.serverUrl, serverUrl),
      },
    ];
  });
}

/** The CodeThreat CLIs' files in the home folder, the generation each CLI speaks, and how people know each. */
const CLI_FILES: readonly { kind: CredentialSourceKind; generation: ApiGeneration; fileLabel: string; read(home: string): Promise<CliCredential | undefined> }[] = [
  { kind: 'appsecCliCredentials', generation: 'appsec', fileLabel: '~/.codethreat/.credentials', read: readAppsecCliCredentials },
  { kind: 'appsecCliEnvFile', generation: 'appsec', fileLabel: '~/.codethreat/.env', read: (home) => readAppsecDotenv(path.join(home, APPSEC_CLI_ENV_FILE)) },
  ...APPSEC_CLI_YAML_FILES.map((file) => ({
    kind: 'appsecCliConfig' as const,
    generation: 'appsec' as const,
    fileLabel: `~/${file.split(path.sep).join('/')}`,
    read: (home: string) => readAppsecYaml(path.join(home, file)),
  })),
  { kind: 'classicCliConfig', generation: 'classic', fileLabel: '~/.codethreat_cli_config', read: readClassicCliConfig },
];

/** The CodeThreat CLIs' files in the home folder: each with the server (and organization) it names itself. */
async function findHomeFolderCredentials(homeDirectory: string): Promise<FoundCredential[]> {
  const read = await Promise.all(CLI_FILES.map(async (source) => ({ source, cli: await source.read(homeDirectory) })));
  return read.flatMap(({ source, cli }) => (cli ? [fileCredential(source.kind, source.generation, cli, vscode.Uri.file(cli.file), source.fileLabel)] : []));
}

/**
 * One candidate per credential and server: a credential found again for the same server joins the
 * first place it was found (whose organization it keeps, or the first one another place names).
 * The same credential beside another server stays a candidate of its own: it goes only there.
 */
export function mergeSameCredential(found: readonly FoundCredential[]): FoundCredential[] {
  const byIdentity = new Map<string, FoundCredential>();
  for (const candidate of found) {
    const server = normalizeServerUrl(candidate.serverUrl);
    const identity = JSON.stringify([candidate.generation, server.ok ? server.url : candidate.serverUrl, candidate.token]);
    const first = byIdentity.get(identity);
    if (!first) {
      byIdentity.set(identity, { ...candidate });
      continue;
    }
    first.alsoFoundIn = [...(first.alsoFoundIn ?? []), candidate];
    // A workspace file does not name the organization of a credential found at the user's level.
    const mayName = !WORKSPACE_SOURCE_KINDS.includes(candidate.kind) || WORKSPACE_SOURCE_KINDS.includes(first.kind);
    if (mayName && first.organization === undefined && first.organizationId === undefined) {
      if (candidate.organization !== undefined) first.organization = candidate.organization;
      else if (candidate.organizationId !== undefined) first.organizationId = candidate.organizationId;
    }
  }
  return [...byIdentity.values()];
}

/** Every place the candidate was found: itself first. */
export function placesOf(found: FoundCredential): FoundCredential[] {
  return [found, ...(found.alsoFoundIn ?? [])];
}

/**
 * Everything found, in the order above except that the AppSec CLI's workspace files come last;
 * workspace sources only in a trusted workspace (in Restricted Mode they are not read at all).
 */
export async function findCredentials({ homeDirectory, trusted }: CredentialSearch): Promise<FoundCredential[]> {
  return mergeSameCredential([
    ...(trusted ? await findCodeThreatJsonCredentials() : []),
    ...findSettingsCredentials(trusted),
    ...(await findHomeFolderCredentials(homeDirectory)),
    ...findEnvironmentCredentials(),
    ...(trusted ? await findWorkspaceCliFiles() : []),
  ]);
}
