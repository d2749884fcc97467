/**
 * Which GitHub repository a git remote names, and where that repository's REST API is: github.com
 * remotes use `https://api.github.com`; a GitHub Enterprise Server remote (its host is the one in
 * the `github-enterprise.uri` setting) uses `<that address>/api/v3`. Anything else is not GitHub.
 */
export interface GitHubRepository {
  owner: string;
  name: string;
  /** `github` for github.com, `github-enterprise` for a GitHub Enterprise Server. */
  provider: 'github' | 'github-enterprise';
  /** The web address of the server, e.g. `https://github.com`. */
  webUrl: string;
  /** The REST API's root, e.g. `https://api.github.com` or `https://ghe.example.com/api/v3`. */
  apiUrl: string;
}

/** `owner/name`, as GitHub writes it. */
export function repositoryLabel(repository: Pick<GitHubRepository, 'owner' | 'name'>): string {
  return `${repository.owner}/${repository.name}`;
}

const PART = /^[A-Za-z0-9_.-]{1,100}$/;

/** Owner and name from `owner/name` typed by a person; undefined when it is not that. */
export function parseOwnerAndName(text: string): { owner: string; name: string } | undefined {
  const match = /^\s*([^/\s]+)\/([^/\s]+?)(?:\.git)?\s*$/.exec(text);
  if (!match || !PART.test(match[1]) || !PART.test(match[2]) || match[2] === '.' || match[2] === '..') return undefined;
  return { owner: match[1], name: match[2] };
}

/**
 * The repository a remote URL names, when it is on github.com or on the GitHub Enterprise Server
 * at `enterpriseUri`. Understands https, ssh (`ssh://git@host/o/r.git`) and scp-like
 * (`git@host:o/r.git`) forms.
 */
export function repositoryFromRemote(remoteUrl: string, enterpriseUri: string | undefined): GitHubRepository | undefined {
  const parsed = hostAndPath(remoteUrl.trim());
  if (!parsed) return undefined;
  const ownerAndName = parseOwnerAndName(parsed.path.replace(/^\/+|\/+$/g, ''));
  if (!ownerAndName) return undefined;
  const host = parsed.host.toLowerCase();
  if (host === 'github.com' || host === 'www.github.com') {
    return { ...ownerAndName, provider: 'github', webUrl: 'https://github.com', apiUrl: 'https://api.github.com' };
  }
  const enterprise = enterpriseAddress(enterpriseUri);
  if (enterprise && enterprise.host.toLowerCase() === host) {
    const root = `${enterprise.protocol}//${enterprise.host}`;
    return { ...ownerAndName, provider: 'github-enterprise', webUrl: root, apiUrl: `${root}/api/v3` };
  }
  return undefined;
}

/** A typed `owner/name` on github.com, or on the enterprise server when one is configured and `onEnterprise`. */
export function repositoryFromOwnerAndName(owner: string, name: string, enterpriseUri: string | undefined, onEnterprise: boolean): GitHubRepository | undefined {
  if (!onEnterprise) return { owner, name, provider: 'github', webUrl: 'https://github.com', apiUrl: 'https://api.github.com' };
  const enterprise = enterpriseAddress(enterpriseUri);
  if (!enterprise) return undefined;
  const root = `${enterprise.protocol}//${enterprise.host}`;
  return { owner, name, provider: 'github-enterprise', webUrl: root, apiUrl: `${root}/api/v3` };
}

/** The page where the repository's Actions secrets are managed. */
export function secretsPageUrl(repository: GitHubRepository): string {
  return `${repository.webUrl}/${encodeURIComponent(repository.owner)}/${encodeURIComponent(repository.name)}/settings/secrets/actions`;
}

function enterpriseAddress(uri: string | undefined): URL | undefined {
  if (!uri) return undefined;
  try {
    const url = new URL(uri);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

function hostAndPath(remote: string): { host: string; path: string } | undefined {
  const scpLike = /^(?:[^@/\s]+@)?([^:/\s]+):(?!\/)(.+)$/.exec(remote);
  if (scpLike && !/^[a-z][a-z0-9+.-]*:\/\//i.test(remote)) return { host: scpLike[1], path: scpLike[2] };
  try {
    const url = new URL(remote);
    if (!['https:', 'http:', 'ssh:', 'git:'].includes(url.protocol)) return undefined;
    return { host: url.host, path: decodeURIComponent(url.pathname) };
  } catch {
    return undefined;
  }
}
