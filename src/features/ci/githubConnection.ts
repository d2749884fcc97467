/**
 * Access to a repository's Actions secrets: a session of VS Code's GitHub provider, and a check —
 * the repository's public key — made before anything is created on CodeThreat.
 */
import * as vscode from 'vscode';
import type { Container } from '../../container';
import { isApiError } from '../../core/api/errors';
import type { ActionsPublicKey, GitHubActionsClient } from '../../core/ci/githubActionsClient';
import { repositoryLabel, type GitHubRepository } from '../../core/ci/githubRepository';
import { plainText } from '../../core/util/untrustedText';
import { githubSession } from '../../platform/githubAccess';

/**
 * The least scope that can write Actions secrets and variables with an OAuth token: GitHub's REST
 * documentation for "Create or update a repository secret" and for Actions variables asks for
 * `repo` (there is no narrower OAuth scope for secrets).
 */
export const GITHUB_SCOPES = ['repo'] as const;

export interface GitHubAccess {
  client: GitHubActionsClient;
  repositoryKey: ActionsPublicKey;
}

type Deps = Pick<Container, 'prompter' | 'logger' | 'createGitHubClient'>;

export async function connectGitHub(deps: Deps, repository: GitHubRepository): Promise<GitHubAccess | undefined> {
  const label = repositoryLabel(repository);
  const why = vscode.l10n.t(
    'CodeThreat Access Tokens stores a CodeThreat key as an Actions secret of {0}. GitHub lets OAuth apps write Actions secrets and variables only with the "repo" scope; the token is used for that and nothing else.',
    plainText(label),
  );
  const session = await githubSession(repository.provider, GITHUB_SCOPES, why);
  if (!session) return undefined;
  const client = deps.createGitHubClient(repository.apiUrl, session.accessToken);
  try {
    return { client, repositoryKey: await client.publicKey(repository, undefined) };
  } catch (error) {
    reportGitHubFailure(deps, repository, error);
    return undefined;
  }
}

/** One sentence for a GitHub failure; no access is said as such. */
export function reportGitHubFailure(deps: Pick<Container, 'prompter' | 'logger'>, repository: GitHubRepository, error: unknown): void {
  deps.logger.error(`GitHub ${repositoryLabel(repository)}: ${error instanceof Error ? error.message : String(error)}`);
  void deps.prompter.notify('error', githubFailureText(repository, error));
}

export function githubFailureText(repository: GitHubRepository, error: unknown): string {
  const label = plainText(repositoryLabel(repository));
  if (isApiError(error, 'forbidden', 'notFound')) return vscode.l10n.t('You need admin or secrets write access to {0}.', label);
  if (isApiError(error, 'unauthorized')) return vscode.l10n.t('GitHub did not accept the sign-in for {0}. Sign in to GitHub again (Accounts menu).', label);
  if (isApiError(error, 'rateLimited')) return vscode.l10n.t('GitHub asks to wait (rate limit) before more requests for {0}. Try again later.', label);
  if (isApiError(error, 'network', 'timeout', 'tls')) return vscode.l10n.t('GitHub could not be reached for {0}.', label);
  return vscode.l10n.t('GitHub refused the request for {0}: {1}', label, plainText(error instanceof Error ? error.message : String(error)));
}
