/**
 * What VS Code knows about GitHub: the workspace's git remotes (through the built-in Git
 * extension's API, version 1), the GitHub Enterprise Server address, and a GitHub session from
 * VS Code's own authentication providers (`github`, `github-enterprise`) — never a token typed
 * into this extension.
 */
import * as vscode from 'vscode';
import { plainText, SENTENCE_LENGTH } from '../core/util/untrustedText';

/** The part of the built-in Git extension's API (`vscode.git`, version 1) read here. */
interface GitApi {
  state: 'uninitialized' | 'initialized';
  onDidChangeState(listener: (state: string) => unknown): vscode.Disposable;
  repositories: { rootUri: vscode.Uri; state: { remotes: { name: string; fetchUrl?: string; pushUrl?: string }[] } }[];
}

export interface GitRemote {
  /** The repository's folder. */
  root: vscode.Uri;
  name: string;
  url: string;
}

/** Every remote of every repository the Git extension has open; none when git support is off. */
export async function gitRemotes(): Promise<GitRemote[]> {
  const extension = vscode.extensions.getExtension<{ getAPI(version: 1): GitApi }>('vscode.git');
  if (!extension) return [];
  let api: GitApi;
  try {
    api = (extension.isActive ? extension.exports : await extension.activate()).getAPI(1);
  } catch {
    return []; // git support turned off (git.enabled: false)
  }
  if (api.state !== 'initialized') {
    await new Promise<void>((resolve) => {
      const listener = api.onDidChangeState((state) => {
        if (state !== 'initialized') return;
        listener.dispose();
        resolve();
      });
    });
  }
  return api.repositories.flatMap((repository) =>
    repository.state.remotes.flatMap((remote) => {
      const url = remote.fetchUrl ?? remote.pushUrl;
      return url ? [{ root: repository.rootUri, name: remote.name, url }] : [];
    }),
  );
}

/**
 * The GitHub Enterprise Server address (`github-enterprise.uri`), the user's own value only: a
 * workspace must not choose the server a GitHub token and a CodeThreat key are sent to.
 */
export function enterpriseUri(): string | undefined {
  const value = vscode.workspace.getConfiguration('github-enterprise').inspect<unknown>('uri')?.globalValue;
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/**
 * A session of VS Code's GitHub provider with `scopes`; VS Code asks the user (its own dialog,
 * with `why` as its detail) when it has none. Undefined when the user said no.
 */
export async function githubSession(provider: 'github' | 'github-enterprise', scopes: readonly string[], why: string): Promise<vscode.AuthenticationSession | undefined> {
  try {
    return await vscode.authentication.getSession(provider, scopes, { createIfNone: { detail: plainText(why, SENTENCE_LENGTH) } });
  } catch {
    return undefined; // declined, or no such provider
  }
}

export async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

export async function listFolder(uri: vscode.Uri): Promise<string[]> {
  try {
    // stat first: reading a folder that is not there is logged as an error by the file service.
    if ((await vscode.workspace.fs.stat(uri)).type !== vscode.FileType.Directory) return [];
    return (await vscode.workspace.fs.readDirectory(uri)).filter(([, type]) => type === vscode.FileType.File).map(([name]) => name);
  } catch {
    return [];
  }
}
