/**
 * `codethreat.ci.generateForGitHubActions`: a new key straight into a repository's GitHub Actions
 * secret — never on the clipboard, never shown. The repository (from the workspace's remotes),
 * GitHub access through VS Code's GitHub sign-in, a check that the user may write the
 * repository's secrets (before anything exists on CodeThreat), the key's options, the secret's
 * name and place, then ONE consent modal; then create, seal, store, set the variables.
 */
import * as vscode from 'vscode';
import type { Container } from '../../container';
import type { TokenRequest } from '../../core/api/accessToken';
import { dialectOf } from '../../core/dialects';
import type { SecretPlace } from '../../core/ci/githubActionsClient';
import { repositoryLabel, type GitHubRepository } from '../../core/ci/githubRepository';
import type { Connection } from '../../core/connections/connection';
import type { CiSecretTarget } from '../../core/tokens/tokenOperations';
import { plainText } from '../../core/util/untrustedText';
import type { Prompter } from '../../platform/prompter';
import { resolveConnection } from '../shared/commandSupport';
import { reportCreateFailure } from '../tokens/commands/outcomes';
import { chooseExpiry, chooseScopes, heldScopes, mayWriteKeys } from '../tokens/commands/keyOptions';
import { chooseTokenName } from '../tokens/commands/tokenName';
import { chooseRepository } from './chooseRepository';
import { connectGitHub, reportGitHubFailure, type GitHubAccess } from './githubConnection';
import { afterStored } from './storeInGitHub';

export interface GitHubActionsArgs {
  connectionId?: string;
  /** `owner/repo`. */
  repository?: string;
  name?: string;
  secretName?: string;
  /** An environment secret; `null` (or absent, when given with `secretName`) for a repository secret. */
  environment?: string | null;
  scopes?: string[];
  expiresInDays?: number | null;
}

export interface GitHubActionsResult {
  id: string;
  name: string;
  repository: string;
  secretName: string;
}

type Deps = Pick<Container, 'connections' | 'lists' | 'operations' | 'prompter' | 'logger' | 'platform' | 'ciSecrets' | 'createGitHubClient'>;

const MAX_NAME = 64;

export async function generateForGitHubActions(deps: Deps, args: GitHubActionsArgs = {}): Promise<GitHubActionsResult | undefined> {
  const connection = await resolveConnection(deps, args);
  if (!connection || !mayWriteKeys(deps.prompter, connection)) return undefined;
  const title = vscode.l10n.t('Generate a key for GitHub Actions');
  const choice = await chooseRepository(deps.prompter, title, args.repository);
  if (!choice) return undefined;
  const { repository } = choice;
  const github = await connectGitHub(deps, repository);
  if (!github) return undefined;
  const request = await ciRequest(deps, connection, repository, args, title);
  if (!request) return undefined;
  const names = dialectOf(connection.generation).ci;
  const secretName = await chooseSecretName(deps.prompter, names.secret, args.secretName, title);
  if (!secretName) return undefined;
  const environment = args.environment !== undefined || args.secretName !== undefined ? (args.environment ?? undefined) : await chooseEnvironment(deps.prompter, title);
  if (environment === CANCELLED) return undefined;
  const place: SecretPlace = { repository, name: secretName, environment };
  const prepared = await prepare(deps, github, place);
  if (!prepared) return undefined;
  const target: CiSecretTarget = {
    repository: repositoryLabel(repository),
    secretName,
    environment,
    variables: [names.serverVariable, names.organizationVariable],
    replacesSetAt: prepared.existingSetAt,
  };
  const outcome = await deps.operations.generateForCi(connection, request, target, (value, signal) => github.client.putSecret(place, prepared.key, value, signal));
  switch (outcome.status) {
    case 'busy':
      void deps.prompter.notify('info', vscode.l10n.t('A token is being generated already.'));
      return undefined;
    case 'declined':
      return undefined;
    case 'failed':
      reportCreateFailure(deps, connection, request.name, outcome);
      return undefined;
    case 'notStored':
      reportNotStored(deps, place, outcome.token.name, outcome.error, outcome.cleanup);
      return undefined;
    case 'stored':
      await afterStored(deps, connection, github.client, place, outcome.token, names, choice.root);
      return { id: outcome.token.id, name: outcome.token.name, repository: target.repository, secretName };
  }
}

/** The key to seal with (the environment's own, for an environment secret) and whether the secret exists. */
export async function prepare(deps: Pick<Container, 'prompter' | 'logger'>, github: GitHubAccess, place: SecretPlace) {
  try {
    const key = place.environment === undefined ? github.repositoryKey : await github.client.publicKey(place.repository, place.environment);
    return { key, existingSetAt: await github.client.secretUpdatedAt(place) };
  } catch (error) {
    reportGitHubFailure(deps, place.repository, error);
    return undefined;
  }
}

export function reportNotStored(deps: Pick<Container, 'prompter' | 'logger'>, place: SecretPlace, tokenName: string, error: unknown, cleanup: 'deleted' | 'alreadyGone' | { error: unknown }): void {
  const label = plainText(repositoryLabel(place.repository));
  deps.logger.error(`Storing the secret ${place.name} of ${repositoryLabel(place.repository)} failed: ${error instanceof Error ? error.message : String(error)}`);
  const why = plainText(error instanceof Error ? error.message : String(error));
  const text =
    cleanup === 'deleted' || cleanup === 'alreadyGone'
      ? vscode.l10n.t('GitHub did not store the secret {0} of {1} ({2}), so the new key "{3}" was deleted at once: nobody has seen it. Nothing changed.', plainText(place.name), label, why, plainText(tokenName))
      : vscode.l10n.t('GitHub did not store the secret {0} of {1} ({2}), and deleting the new key "{3}" failed too: delete it in the Access Tokens view. Nobody has seen its value.', plainText(place.name), label, why, plainText(tokenName));
  void deps.prompter.notify('error', text);
}

/** Name, and for an AppSec key its scopes (the "Scan in CI" preset offered first) and expiry (90 days first). */
async function ciRequest(deps: Deps, connection: Connection, repository: GitHubRepository, args: GitHubActionsArgs, title: string): Promise<TokenRequest | undefined> {
  const model = deps.lists.get(connection.id);
  await model.settled();
  const existing = model.status === 'ready' || model.tokens.length > 0 ? model.tokens : undefined;
  const name = await chooseTokenName(deps.prompter, existing, args.name, {
    title,
    prompt: vscode.l10n.t('Name of the new key'),
    value: `GitHub Actions ${repositoryLabel(repository)}`.slice(0, MAX_NAME),
  });
  if (!name) return undefined;
  const held = heldScopes(connection);
  if (!held) return { name };
  const scopes = await chooseScopes(deps.prompter, held, args.scopes, title);
  if (!scopes) return undefined;
  const expiresAt = await chooseExpiry(deps.prompter, deps.platform.clock.now(), args.expiresInDays, title);
  if (expiresAt === undefined) return undefined;
  return { name, scopes, expiresAt };
}

const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function validateSecretName(name: string): string | undefined {
  if (!SECRET_NAME.test(name)) return vscode.l10n.t('A secret name has only letters, digits and underscores, and does not start with a digit.');
  if (/^GITHUB_/i.test(name)) return vscode.l10n.t('Secret names starting with GITHUB_ are reserved by GitHub.');
  return undefined;
}

async function chooseSecretName(prompter: Prompter, suggested: string, given: unknown, title: string): Promise<string | undefined> {
  if (typeof given === 'string') {
    const problem = validateSecretName(given);
    if (problem) void prompter.notify('error', problem);
    return problem ? undefined : given;
  }
  return prompter.input({ title, prompt: vscode.l10n.t('Name of the GitHub Actions secret that holds the key'), value: suggested, validate: validateSecretName });
}

const CANCELLED = Symbol('cancelled');

async function chooseEnvironment(prompter: Prompter, title: string): Promise<string | undefined | typeof CANCELLED> {
  const ENVIRONMENT = 'environment';
  const picked = await prompter.pick<'repository' | typeof ENVIRONMENT>(
    [
      { label: vscode.l10n.t('Repository secret'), description: vscode.l10n.t('every workflow of the repository can use it'), value: 'repository' },
      { label: vscode.l10n.t('Environment secret…'), description: vscode.l10n.t('only jobs that run in that environment'), value: ENVIRONMENT },
    ],
    { title, placeholder: vscode.l10n.t('Where does the secret live?') },
  );
  if (picked === undefined) return CANCELLED;
  if (picked === 'repository') return undefined;
  const typed = await prompter.input({
    title,
    prompt: vscode.l10n.t('Name of the environment (it must exist in the repository)'),
    validate: (value) => (value.trim() && value.length <= 255 ? undefined : vscode.l10n.t('Type the environment’s name.')),
  });
  return typed === undefined ? CANCELLED : typed.trim();
}
