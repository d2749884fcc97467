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
 * - AppSec platform: the AppSec CLI's `~/.codethreat/.credentials` (`apiKey`, `serverUrl`).
 * Finding is read-only; nothing is imported without the user's say.
 *
 * The trust boundary: a credential travels only to the server named beside it — in the same file,
 * at the same settings level (user, workspace, folder), in the same environment set — or, with no
 * server named beside it, to its generation's cloud. A workspace that names only a server cannot
 * borrow the user's token, and neither can an environment variable or file of another tool. In an
 * untrusted workspace (Restricted Mode) nothing from the workspace is read at all: no
 * codethreat.json, no workspace or folder setting. The home folder and the environment are the
 * user's own, and are read in any workspace.
 */
import * as vscode from 'vscode';
import { CLI_VARIABLE_SETS } from '../../core/api/cliVariables';
import { CLOUD_SERVER_URL } from '../../core/api/serverUrl';
import type { ApiGeneration } from '../../core/api/tokenApi';
import { nonEmptyText } from '../../core/api/tolerantJson';
import type { EnvironmentBinding } from '../../core/connections/connection';
import { bindEnvironment } from '../../core/connections/environmentBinding';
import { dialectOf } from '../../core/dialects';
import { readAppsecCliCredentials, readClassicCliConfig } from './cliCredentialFiles';
import { plainText } from '../../core/util/untrustedText';

export type CredentialSourceKind = 'codethreatJson' | 'settings' | 'environment' | 'appsecCliCredentials' | 'classicCliConfig';

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
  token: string;
  /** codethreat.json and the CLIs' files in the home folder: the file. */
  file?: vscode.Uri;
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
        organization: nonEmptyText(env[names.organization]),
        token,
        environmentVariable: names.token,
        environmentBinding: bindEnvironment(token, names.serverUrl, serverUrl),
      },
    ];
  });
}

/** The CodeThreat CLIs' files in the home folder, and the generation each CLI speaks. */
const CLI_FILES = [
  { kind: 'appsecCliCredentials', generation: 'appsec', read: readAppsecCliCredentials },
  { kind: 'classicCliConfig', generation: 'classic', read: readClassicCliConfig },
] as const;

/** The CodeThreat CLIs' files in the home folder: each with the server (and organization) it names itself. */
async function findHomeFolderCredentials(homeDirectory: string): Promise<FoundCredential[]> {
  const read = await Promise.all(CLI_FILES.map(async (source) => ({ source, cli: await source.read(homeDirectory) })));
  return read.flatMap(({ source, cli }): FoundCredential[] =>
    cli
      ? [
          {
            kind: source.kind,
            generation: source.generation,
            where: cli.file,
            key: `${source.kind}:${cli.file}`,
            serverUrl: cli.serverUrl ?? defaultServerUrl(source.generation),
            ...(cli.organization ? { organization: cli.organization } : {}),
            token: cli.credential,
            file: vscode.Uri.file(cli.file),
          },
        ]
      : [],
  );
}

/** Everything found; workspace sources only in a trusted workspace. */
export async function findCredentials({ homeDirectory, trusted }: CredentialSearch): Promise<FoundCredential[]> {
  return [
    ...(trusted ? await findCodeThreatJsonCredentials() : []),
    ...findSettingsCredentials(trusted),
    ...(await findHomeFolderCredentials(homeDirectory)),
    ...findEnvironmentCredentials(),
  ];
}
