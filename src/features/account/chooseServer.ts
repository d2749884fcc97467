/**
 * The server step of sign-in: CodeThreat Cloud (the AppSec platform, or the classic cloud), the
 * server from settings, servers signed in before, or a typed self-hosted address. The two cloud
 * choices say which API they speak; for any other address the generation is found out next.
 */
import * as vscode from 'vscode';
import type { ApiGeneration } from '../../core/api/tokenApi';
import { normalizeServerUrl, type ServerUrlProblem } from '../../core/api/serverUrl';
import { describeServer } from '../../core/connections/connection';
import { dialectOf, DIALECTS, DIALECTS_NEWEST_FIRST, unreachable } from '../../core/dialects';
import type { Container } from '../../container';

export interface ChosenServer {
  serverUrl: string;
  /** Known from the choice itself (a cloud); otherwise found out by asking the server. */
  generation?: ApiGeneration;
}

type Deps = Pick<Container, 'connections' | 'prompter' | 'platform'>;

/** The item that leads to a box for a typed address. */
const CUSTOM_SERVER = Symbol('custom server');

export async function chooseServer(deps: Deps, given: string | undefined, title: string): Promise<ChosenServer | undefined> {
  if (given !== undefined) {
    const result = normalizeServerUrl(given);
    if (!result.ok) {
      void deps.prompter.notify('error', serverUrlProblemText(result.problem));
      return undefined;
    }
    return { serverUrl: result.url, generation: cloudGeneration(result.url) };
  }
  const picked = await deps.prompter.pick(serverChoices(deps), { title, placeholder: vscode.l10n.t('Which CodeThreat server?') });
  if (picked === undefined) return undefined;
  if (picked !== CUSTOM_SERVER) return picked;
  const typed = await deps.prompter.input({
    title,
    prompt: vscode.l10n.t('Address of your CodeThreat server'),
    placeholder: 'https://codethreat.example.com',
    validate: (value) => {
      const result = normalizeServerUrl(value);
      return result.ok ? undefined : serverUrlProblemText(result.problem);
    },
  });
  const result = typed === undefined ? undefined : normalizeServerUrl(typed);
  return result?.ok ? { serverUrl: result.url, generation: cloudGeneration(result.url) } : undefined;
}

function serverChoices(deps: Deps) {
  type Value = ChosenServer | typeof CUSTOM_SERVER;
  const known = new Set<string>(DIALECTS.map((dialect) => dialect.cloudServerUrl));
  const choices: { label: string; description?: string; value: Value }[] = [];
  const configured = deps.platform.settings.read().serverUrl;
  const configuredUrl = configured ? normalizeServerUrl(configured) : undefined;
  if (configuredUrl?.ok && !known.has(configuredUrl.url)) {
    known.add(configuredUrl.url);
    choices.push({ label: describeServer(configuredUrl.url), description: vscode.l10n.t('from settings'), value: { serverUrl: configuredUrl.url } });
  }
  for (const dialect of DIALECTS_NEWEST_FIRST) {
    choices.push({ label: cloudLabel(dialect.generation), description: describeServer(dialect.cloudServerUrl), value: { serverUrl: dialect.cloudServerUrl, generation: dialect.generation } });
  }
  for (const connection of deps.connections.connections()) {
    if (known.has(connection.serverUrl)) continue;
    known.add(connection.serverUrl);
    choices.push({ label: describeServer(connection.serverUrl), description: vscode.l10n.t('signed in before'), value: { serverUrl: connection.serverUrl, generation: dialectOf(connection.generation).generation } });
  }
  choices.push({ label: vscode.l10n.t('Self-hosted server…'), description: vscode.l10n.t('enter its address'), value: CUSTOM_SERVER });
  return choices;
}

/** The clouds' generations are known; a self-hosted server is asked. */
function cloudGeneration(serverUrl: string): ApiGeneration | undefined {
  return DIALECTS.find((dialect) => dialect.cloudServerUrl === serverUrl)?.generation;
}

/** The newest cloud is "CodeThreat Cloud"; older ones say which they are. */
function cloudLabel(generation: ApiGeneration): string {
  switch (generation) {
    case 'appsec':
      return vscode.l10n.t('CodeThreat Cloud');
    case 'classic':
      return vscode.l10n.t('CodeThreat Cloud, classic');
    default:
      return unreachable(generation);
  }
}

function serverUrlProblemText(problem: ServerUrlProblem): string {
  switch (problem) {
    case 'empty':
      return vscode.l10n.t('Enter the address of your CodeThreat server.');
    case 'notAUrl':
      return vscode.l10n.t('That is not a web address. Example: https://codethreat.example.com');
    case 'unsupportedScheme':
      return vscode.l10n.t('Use an https:// (or http://) address.');
    case 'hasCredentials':
      return vscode.l10n.t('Leave the user name and password out of the address; you will be asked for them next.');
    case 'hasQueryOrFragment':
      return vscode.l10n.t('Enter the server address only, without ? or # parts.');
    case 'hasPath':
      return vscode.l10n.t('Enter the server address only, without a path (for example https://codethreat.example.com).');
  }
}
