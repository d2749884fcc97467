/**
 * Where other CodeThreat tools keep credentials in plain text, and how to find them:
 * - `codethreat.json` in a workspace folder (CodeThreat's SAST extension: `apiBaseUrl`, `apiToken`,
 *   `organizatonName` — sic — or `organizationName`),
 * - the old settings `codethreat-vscode.codethreatApiToken` / `…ApiBaseUrl` / `…Organization`,
 * - environment variables of CodeThreat's CLI and CI plugins (`CODETHREAT_SECRET` +
 *   `CODETHREAT_APP_URL` + `CODETHREAT_ORG`, `CT_TOKEN` + `CT_BASE_URL` + `CT_ORGANIZATION`).
 * Finding is read-only; nothing is imported without the user's say.
 */
import * as vscode from 'vscode';
import { CLOUD_SERVER_URL } from '../api/serverUrl';

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
  /** settings: the levels the token is set at. */
  settingsTargets?: vscode.ConfigurationTarget[];
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

export function findSettingsCredential(): FoundCredential[] {
  const settings = vscode.workspace.getConfiguration(OLD_SETTINGS_SECTION);
  const inspected = settings.inspect<string>(OLD_SETTINGS.token);
  const token = text(settings.get(OLD_SETTINGS.token));
  if (!inspected || !token) return [];
  const targets: vscode.ConfigurationTarget[] = [];
  if (inspected.globalValue) targets.push(vscode.ConfigurationTarget.Global);
  if (inspected.workspaceValue) targets.push(vscode.ConfigurationTarget.Workspace);
  if (inspected.workspaceFolderValue) targets.push(vscode.ConfigurationTarget.WorkspaceFolder);
  return [
    {
      kind: 'settings',
      where: `${OLD_SETTINGS_SECTION}.${OLD_SETTINGS.token}`,
      key: 'settings:codethreat-vscode',
      serverUrl: text(settings.get(OLD_SETTINGS.serverUrl)) ?? CLOUD_SERVER_URL,
      organization: text(settings.get(OLD_SETTINGS.organization)),
      token,
      settingsTargets: targets,
    },
  ];
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

/**
 * Everything found. Workspace sources (codethreat.json, workspace-level settings) only in a
 * trusted workspace: an untrusted repository must not be able to suggest where to sign in.
 */
export async function findCredentials(trusted = vscode.workspace.isTrusted): Promise<FoundCredential[]> {
  const fromSettings = findSettingsCredential().filter(
    (found) => trusted || (found.settingsTargets ?? []).every((t) => t === vscode.ConfigurationTarget.Global),
  );
  return [...(trusted ? await findCodeThreatJsonCredentials() : []), ...fromSettings, ...findEnvironmentCredentials()];
}
