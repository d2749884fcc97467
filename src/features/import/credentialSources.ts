/**
 * Where other CodeThreat tools keep credentials in plain text, and how to find them:
 * - `codethreat.json` in a workspace folder (CodeThreat's SAST extension: `apiBaseUrl`, `apiToken`,
 *   `organizatonName` — sic — or `organizationName`),
 * - the old settings `codethreat-vscode.codethreatApiToken` / `…ApiBaseUrl` / `…Organization`,
 * - environment variables of CodeThreat's CLI and CI plugins (`CODETHREAT_SECRET` +
 *   `CODETHREAT_APP_URL` + `CODETHREAT_ORG`, `CT_TOKEN` + `CT_BASE_URL` + `CT_ORGANIZATION`).
 * Finding is read-only; nothing is imported without the user's say.
 *
 * The trust boundary: a credential travels only to the server named beside it — in the same file,
 * at the same settings level (user, workspace, folder), in the same environment. A workspace that
 * names only a server cannot borrow the user's token. In an untrusted workspace (Restricted Mode)
 * nothing from the workspace is read at all: no codethreat.json, no workspace or folder setting.
 */
import * as vscode from 'vscode';
import { CLOUD_SERVER_URL } from '../../core/api/serverUrl';

export type CredentialSourceKind = 'codethreatJson' | 'settings' | 'environment';

export interface FoundCredential {
  kind: CredentialSourceKind;
  /** Where it was found, for people: a file path, "user settings", an environment variable. */
  where: string;
  /** Stable, secret-free identity of the source (to remember "not now"). */
  key: string;
  serverUrl: string;
  organization?: string;
  token: string;
  /** codethreat.json: the file. */
  file?: vscode.Uri;
  /** settings: the level the token is set at, and its settings (to remove the token from). */
  settingsLevel?: { target: vscode.ConfigurationTarget; name: string; settings: vscode.WorkspaceConfiguration };
  /** environment: the variable holding the token. */
  environmentVariable?: string;
}

export const OLD_SETTINGS_SECTION = 'codethreat-vscode';
export const OLD_SETTINGS = { token: 'codethreatApiToken', serverUrl: 'codethreatApiBaseUrl', organization: 'codethreatOrganization' } as const;

const ENVIRONMENT_SETS = [
  { token: 'CODETHREAT_SECRET', serverUrl: 'CODETHREAT_APP_URL', organization: 'CODETHREAT_ORG' },
  { token: 'CT_TOKEN', serverUrl: 'CT_BASE_URL', organization: 'CT_ORGANIZATION' },
] as const;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

export async function findCodeThreatJsonCredentials(): Promise<FoundCredential[]> {
  const found: FoundCredential[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const file = vscode.Uri.joinPath(folder.uri, 'codethreat.json');
    let content: Record<string, unknown>;
    try {
      content = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(file))) as Record<string, unknown>;
    } catch {
      continue; // missing or not JSON: nothing to offer
    }
    const token = text(content.apiToken);
    if (!token) continue;
    found.push({
      kind: 'codethreatJson',
      where: file.fsPath,
      key: `codethreatJson:${file.toString()}`,
      serverUrl: text(content.apiBaseUrl) ?? CLOUD_SERVER_URL,
      organization: text(content.organizatonName) ?? text(content.organizationName),
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
      name: vscode.l10n.t('settings of the folder {0}', folder.name),
      settings: vscode.workspace.getConfiguration(OLD_SETTINGS_SECTION, folder.uri),
      valueOf: (i) => i.workspaceFolderValue,
    });
  }
  return levels;
}

/** The old settings, one candidate per level that has a token: with that level's server and organization only. */
export function findSettingsCredentials(trusted: boolean): FoundCredential[] {
  return settingsLevels(trusted).flatMap((level): FoundCredential[] => {
    const at = (key: string) => {
      const inspected = level.settings.inspect<string>(key);
      return inspected ? text(level.valueOf(inspected)) : undefined;
    };
    const token = at(OLD_SETTINGS.token);
    if (!token) return [];
    return [
      {
        kind: 'settings',
        where: `${OLD_SETTINGS_SECTION}.${OLD_SETTINGS.token}`,
        key: `settings:${OLD_SETTINGS_SECTION}:${level.id}`,
        serverUrl: at(OLD_SETTINGS.serverUrl) ?? CLOUD_SERVER_URL,
        organization: at(OLD_SETTINGS.organization),
        token,
        settingsLevel: { target: level.target, name: level.name, settings: level.settings },
      },
    ];
  });
}

export function findEnvironmentCredentials(env: NodeJS.ProcessEnv = process.env): FoundCredential[] {
  return ENVIRONMENT_SETS.flatMap((names) => {
    const token = text(env[names.token]);
    if (!token) return [];
    return [
      {
        kind: 'environment' as const,
        where: names.token,
        key: `environment:${names.token}`,
        serverUrl: text(env[names.serverUrl]) ?? CLOUD_SERVER_URL,
        organization: text(env[names.organization]),
        token,
        environmentVariable: names.token,
      },
    ];
  });
}

/** Everything found; workspace sources only in a trusted workspace. */
export async function findCredentials(trusted = vscode.workspace.isTrusted): Promise<FoundCredential[]> {
  return [...(trusted ? await findCodeThreatJsonCredentials() : []), ...findSettingsCredentials(trusted), ...findEnvironmentCredentials()];
}
