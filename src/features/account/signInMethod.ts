/**
 * How to sign in: with a username and password or an access token (the classic API), or with an
 * API key (the AppSec platform). Arguments decide when they say; a cloud choice says which API it
 * speaks; any other server is asked once, without a credential, and the answer is offered first
 * and marked — the user can still choose otherwise, e.g. for a server that speaks both.
 */
import * as vscode from 'vscode';
import type { Container } from '../../container';
import type { ProbedGeneration } from '../../core/api/serverProbe';
import { describeServer } from '../../core/connections/connection';
import { dialectOf, DIALECTS_NEWEST_FIRST, namedDialect, unreachable } from '../../core/dialects';
import type { SignInMethod } from '../../core/dialects/dialect';
import { reportFailure, withCancellableProgress } from '../shared/commandSupport';
import type { ChosenServer } from './chooseServer';

export interface MethodArgs {
  generation?: string;
  username?: string;
  password?: string;
  token?: string;
  apiKey?: string;
}

type Deps = Pick<Container, 'prompter' | 'logger' | 'connections' | 'probeServer'>;

export async function chooseSignInMethod(deps: Deps, server: ChosenServer, args: MethodArgs, title: string): Promise<SignInMethod | undefined> {
  const fromArgs = methodFromArguments(args);
  if (fromArgs) return fromArgs;
  const generation = server.generation ?? (await probe(deps, server.serverUrl));
  if (generation === undefined) return undefined;
  const only = server.generation ? dialectOf(server.generation).signInMethods : [];
  if (only.length === 1) return only[0]; // e.g. the AppSec cloud: keys only
  return deps.prompter.pick(methodChoices(generation, server), { title: titleFor(title, generation, server.serverUrl), placeholder: vscode.l10n.t('How do you want to sign in?') });
}

function methodFromArguments(args: MethodArgs): SignInMethod | undefined {
  if (args.apiKey !== undefined) return 'apiKey';
  const named = namedDialect(args.generation)?.signInMethods ?? [];
  if (named.length === 1) return named[0];
  if (args.token !== undefined) return 'token';
  if (args.username !== undefined || args.password !== undefined) return 'password';
  return undefined;
}

/** The server's API, asked without a credential; undefined when it could not be reached. */
async function probe(deps: Deps, serverUrl: string): Promise<ProbedGeneration | undefined> {
  try {
    const result = await withCancellableProgress(vscode.l10n.t('Looking at {0}…', describeServer(serverUrl)), (signal) => deps.probeServer(serverUrl, signal));
    deps.logger.info(`${describeServer(serverUrl)}: ${result.generation} (${result.evidence.join(' ')})`);
    return result.generation;
  } catch (error) {
    reportFailure(deps, vscode.l10n.t('Could not sign in; nothing was saved.'), error);
    return undefined;
  }
}

/** A known server's own methods; else every dialect's, the one the server answered first and marked. */
function methodChoices(generation: ProbedGeneration, server: ChosenServer) {
  const text = methodTexts();
  const choice = (method: SignInMethod, found: boolean) => ({
    label: text[method].label,
    description: found ? `${text[method].description} · ${vscode.l10n.t('found on this server')}` : text[method].description,
    value: method,
  });
  if (server.generation) return dialectOf(server.generation).signInMethods.map((method) => choice(method, false));
  const found = generation === 'unknown' ? undefined : dialectOf(generation);
  const offered = found ? [found, ...DIALECTS_NEWEST_FIRST.filter((dialect) => dialect !== found)] : DIALECTS_NEWEST_FIRST;
  return offered.flatMap((dialect) => dialect.signInMethods.map((method) => choice(method, dialect === found)));
}

function methodTexts(): Record<SignInMethod, { label: string; description: string }> {
  return {
    apiKey: { label: vscode.l10n.t('API key'), description: vscode.l10n.t('CodeThreat AppSec platform') },
    password: { label: vscode.l10n.t('Username and password'), description: vscode.l10n.t('your CodeThreat login') },
    token: { label: vscode.l10n.t('Existing access token'), description: vscode.l10n.t('paste a token you already have') },
  };
}

/** The title says what the server answered. */
function titleFor(title: string, generation: ProbedGeneration, serverUrl: string): string {
  const host = describeServer(serverUrl);
  switch (generation) {
    case 'appsec':
      return vscode.l10n.t('{0} — {1} speaks the AppSec platform API', title, host);
    case 'classic':
      return vscode.l10n.t('{0} — {1} speaks the classic CodeThreat API', title, host);
    case 'unknown':
      return vscode.l10n.t('{0} — {1} did not say which CodeThreat API it speaks', title, host);
    default:
      return unreachable(generation);
  }
}
