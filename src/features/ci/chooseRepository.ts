/**
 * The GitHub repository a key goes to: from the workspace's git remotes (github.com, or the GitHub
 * Enterprise Server in `github-enterprise.uri`), picked when there are several, or typed as
 * `owner/repo`.
 */
import * as vscode from 'vscode';
import { parseOwnerAndName, repositoryFromOwnerAndName, repositoryFromRemote, repositoryLabel, type GitHubRepository } from '../../core/ci/githubRepository';
import { plainText } from '../../core/util/untrustedText';
import type { Prompter } from '../../platform/prompter';
import { enterpriseUri, gitRemotes } from '../../platform/githubAccess';

export interface RepositoryChoice {
  repository: GitHubRepository;
  /** The local clone, when the repository came from a remote: where its workflows are. */
  root?: vscode.Uri;
}

const TYPE_IT = 'type';

/** `given` (`owner/repo`, on the enterprise server when one is configured and its remote is open) or chosen. */
export async function chooseRepository(prompter: Prompter, title: string, given: unknown): Promise<RepositoryChoice | undefined> {
  const enterprise = enterpriseUri();
  const found = dedupe((await gitRemotes()).flatMap((remote) => {
    const repository = repositoryFromRemote(remote.url, enterprise);
    return repository ? [{ repository, root: remote.root }] : [];
  }));
  if (typeof given === 'string') return typedRepository(prompter, given, found, enterprise);
  if (found.length === 1) return found[0];
  const picked = await prompter.pick<RepositoryChoice | typeof TYPE_IT>(
    [
      ...found.map((choice) => ({ label: plainText(repositoryLabel(choice.repository)), description: plainText(new URL(choice.repository.webUrl).host), value: choice })),
      { label: vscode.l10n.t('Type owner/repo…'), description: vscode.l10n.t('a repository on github.com'), value: TYPE_IT },
    ],
    { title, placeholder: vscode.l10n.t('Which GitHub repository gets the key as an Actions secret?') },
  );
  if (picked !== TYPE_IT) return picked;
  const typed = await prompter.input({
    title,
    prompt: vscode.l10n.t('The repository on github.com, as owner/repo'),
    placeholder: 'octo-org/webapp',
    validate: (text) => (parseOwnerAndName(text) ? undefined : vscode.l10n.t('Type the owner and the repository name, e.g. octo-org/webapp.')),
  });
  return typed === undefined ? undefined : typedRepository(prompter, typed, found, enterprise);
}

/** A typed repository: the one of an open remote with that name, else on github.com. */
function typedRepository(prompter: Prompter, text: string, found: RepositoryChoice[], enterprise: string | undefined): RepositoryChoice | undefined {
  const parsed = parseOwnerAndName(text);
  if (!parsed) {
    void prompter.notify('error', vscode.l10n.t('"{0}" is not a GitHub repository: type it as owner/repo.', plainText(text)));
    return undefined;
  }
  const open = found.find((choice) => repositoryLabel(choice.repository).toLowerCase() === `${parsed.owner}/${parsed.name}`.toLowerCase());
  if (open) return open;
  const repository = repositoryFromOwnerAndName(parsed.owner, parsed.name, enterprise, false);
  return repository && { repository };
}

function dedupe(choices: RepositoryChoice[]): RepositoryChoice[] {
  const seen = new Set<string>();
  return choices.filter((choice) => {
    const key = `${choice.repository.apiUrl}|${repositoryLabel(choice.repository).toLowerCase()}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
