// A loopback imitation of the part of GitHub's REST API that stores GitHub Actions secrets and
// variables, for tests: the repository's public key (a real X25519 key pair made here), secrets
// that arrive as libsodium sealed boxes and are *opened* here (the tests compare the plaintext
// with the key the CodeThreat emulator made), environment secrets, Actions variables, 403/404
// answers, rate-limit headers, and the GitHub Enterprise Server base path `/api/v3`. Test
// controls live under /__github (never logged, never faulted).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import sodium from 'libsodium-wrappers';
import { readBody, parseJson, asRecord } from '../requestBody';

/** What a token may do in a repository: GitHub answers 404 for no access, 403 for read-only. */
export type RepositoryAccess = 'admin' | 'read' | 'none';

export interface GitHubImitationOptions {
  /** Serve the API under `/api/v3`, as GitHub Enterprise Server does. Default true. */
  enterprise?: boolean;
  now?: () => number;
}

export interface StoredSecret {
  /** The opened sealed box: what a workflow would read. */
  plaintext: string;
  updatedAt: string;
  createdAt: string;
}

export interface GitHubRequest {
  method: string;
  /** Below the API base, e.g. `/repos/acme/webapp/actions/secrets/public-key`. */
  path: string;
  status: number;
  authorization: string | undefined;
  /** The raw request body (a sealed box for a secret: never a plaintext). */
  body: string;
}

export interface GitHubFault {
  method?: string;
  /** Matched against the path below the API base. */
  path: RegExp;
  status: number;
  /** How many requests it answers; default 1. */
  times?: number;
}

export interface RunningGitHubImitation {
  /** e.g. `http://127.0.0.1:43211`: the GHES web address (`github-enterprise.uri`). */
  readonly url: string;
  /** Where the API lives: `${url}/api/v3` (enterprise) or `url`. */
  readonly apiUrl: string;
  readonly requests: readonly GitHubRequest[];
  clearRequests(): void;
  /** Every token a session may use; anything else is 401. */
  addToken(token: string, access: Record<string, RepositoryAccess>): void;
  /** The opened secret, or undefined. `environment` for an environment secret. */
  secret(repository: string, name: string, environment?: string): StoredSecret | undefined;
  /** Sets a secret as if someone changed it on GitHub (the plaintext is whatever is given). */
  setSecretOutside(repository: string, name: string, plaintext: string, environment?: string): void;
  variable(repository: string, name: string): string | undefined;
  fault(fault: GitHubFault): void;
  /** Forgets secrets, variables, faults, tokens and the log; keeps the key pairs. */
  reset(): void;
  close(): Promise<void>;
}

interface Json {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const CONTROL = '/__github';
const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export async function startGitHubImitation(options: GitHubImitationOptions = {}): Promise<RunningGitHubImitation> {
  await sodium.ready;
  const now = options.now ?? Date.now;
  const base = options.enterprise === false ? '' : '/api/v3';
  const keyPairs = new Map<string, { id: string; publicKey: Uint8Array; privateKey: Uint8Array }>();
  const secrets = new Map<string, StoredSecret>();
  const variables = new Map<string, { value: string; updatedAt: string }>();
  const tokens = new Map<string, Record<string, RepositoryAccess>>();
  const faults: (GitHubFault & { left: number })[] = [];
  const requests: GitHubRequest[] = [];
  let rateRemaining = 5000;

  const keyPairOf = (repository: string) => {
    let pair = keyPairs.get(repository);
    if (!pair) {
      const made = sodium.crypto_box_keypair();
      pair = { id: String(3380204578043523366n + BigInt(keyPairs.size)), publicKey: made.publicKey, privateKey: made.privateKey };
      keyPairs.set(repository, pair);
    }
    return pair;
  };
  const secretKey = (repository: string, name: string, environment?: string) => `${repository}|${environment ?? ''}|${name.toUpperCase()}`;

  const handleApi = (method: string, path: string, authorization: string | undefined, rawBody: string): Json => {
    const fault = faults.find((f) => (!f.method || f.method === method) && f.path.test(path));
    if (fault) {
      if (--fault.left <= 0) faults.splice(faults.indexOf(fault), 1);
      return { status: fault.status, body: { message: fault.status === 403 ? 'Resource not accessible by integration' : 'Injected fault', documentation_url: 'https://docs.github.com/rest' } };
    }
    const token = /^(?:Bearer|token) (.+)$/i.exec(authorization ?? '')?.[1];
    const access = token === undefined ? undefined : tokens.get(token);
    if (!access) return { status: 401, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' } };
    const route = /^\/repos\/([^/]+)\/([^/]+)(\/.*)$/.exec(path);
    if (!route) return notFound();
    const repository = `${decodeURIComponent(route[1])}/${decodeURIComponent(route[2])}`;
    const granted = access[repository] ?? 'none';
    if (granted === 'none') return notFound();
    const rest = route[3];
    const environmentMatch = /^\/environments\/([^/]+)(\/secrets\/.*)$/.exec(rest);
    const environment = environmentMatch ? decodeURIComponent(environmentMatch[1]) : undefined;
    const secretPath = environmentMatch ? environmentMatch[2] : /^\/actions(\/secrets\/.*)$/.exec(rest)?.[1];
    const forbidden = (): Json => ({ status: 403, body: { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest' } });

    if (secretPath !== undefined) {
      if (granted !== 'admin') return forbidden();
      const pair = keyPairOf(environment ? `${repository}|${environment}` : repository);
      if (secretPath === '/secrets/public-key' && method === 'GET') {
        return { status: 200, body: { key_id: pair.id, key: sodium.to_base64(pair.publicKey, sodium.base64_variants.ORIGINAL) } };
      }
      const named = /^\/secrets\/([^/]+)$/.exec(secretPath);
      if (!named) return notFound();
      const name = decodeURIComponent(named[1]);
      const key = secretKey(repository, name, environment);
      if (method === 'GET') {
        const stored = secrets.get(key);
        return stored ? { status: 200, body: { name: name.toUpperCase(), created_at: stored.createdAt, updated_at: stored.updatedAt } } : notFound();
      }
      if (method === 'PUT') {
        if (!SECRET_NAME.test(name) || /^GITHUB_/i.test(name)) return { status: 422, body: { message: 'Invalid secret name.' } };
        const body = asRecord(parsed(rawBody));
        if (body.key_id !== pair.id || typeof body.encrypted_value !== 'string') return { status: 422, body: { message: 'Bad key_id or encrypted_value.' } };
        let plaintext: string;
        try {
          plaintext = sodium.to_string(sodium.crypto_box_seal_open(sodium.from_base64(body.encrypted_value, sodium.base64_variants.ORIGINAL), pair.publicKey, pair.privateKey));
        } catch {
          return { status: 422, body: { message: 'The value could not be decrypted with the repository key.' } };
        }
        const existing = secrets.get(key);
        const at = new Date(now()).toISOString();
        secrets.set(key, { plaintext, createdAt: existing?.createdAt ?? at, updatedAt: at });
        return { status: existing ? 204 : 201, body: existing ? undefined : {} };
      }
      return { status: 405, body: { message: 'Method Not Allowed' } };
    }

    const variablePath = /^\/actions\/variables(?:\/([^/]+))?$/.exec(rest);
    if (variablePath) {
      if (granted !== 'admin') return forbidden();
      const body = asRecord(parsed(rawBody));
      const named = variablePath[1] === undefined ? undefined : decodeURIComponent(variablePath[1]).toUpperCase();
      const at = new Date(now()).toISOString();
      if (method === 'POST' && named === undefined) {
        if (typeof body.name !== 'string' || typeof body.value !== 'string' || !SECRET_NAME.test(body.name)) return { status: 422, body: { message: 'Invalid variable.' } };
        const key = `${repository}|${body.name.toUpperCase()}`;
        if (variables.has(key)) return { status: 409, body: { message: 'Already exists - Variable already exists' } };
        variables.set(key, { value: body.value, updatedAt: at });
        return { status: 201, body: {} };
      }
      if (named !== undefined) {
        const key = `${repository}|${named}`;
        const existing = variables.get(key);
        if (method === 'GET') return existing ? { status: 200, body: { name: named, value: existing.value, updated_at: existing.updatedAt } } : notFound();
        if (method === 'PATCH') {
          if (!existing) return notFound();
          if (typeof body.value !== 'string') return { status: 422, body: { message: 'Invalid variable.' } };
          variables.set(key, { value: body.value, updatedAt: at });
          return { status: 204 };
        }
      }
      return { status: 405, body: { message: 'Method Not Allowed' } };
    }
    return notFound();
  };

  const handleControl = (method: string, path: string, query: URLSearchParams, rawBody: string): Json => {
    const body = asRecord(parsed(rawBody));
    switch (`${method} ${path.slice(CONTROL.length)}`) {
      case 'POST /tokens':
        imitation.addToken(String(body.token), asRecord(body.access) as Record<string, RepositoryAccess>);
        return { status: 200, body: { ok: true } };
      case 'GET /secret': {
        const stored = imitation.secret(query.get('repository') ?? '', query.get('name') ?? '', query.get('environment') ?? undefined);
        return stored ? { status: 200, body: stored } : notFound();
      }
      case 'GET /requests':
        return { status: 200, body: requests };
      case 'POST /reset':
        imitation.reset();
        return { status: 200, body: { ok: true } };
      case 'POST /faults':
        imitation.fault({ method: typeof body.method === 'string' ? body.method : undefined, path: new RegExp(String(body.path)), status: Number(body.status), times: typeof body.times === 'number' ? body.times : undefined });
        return { status: 200, body: { ok: true } };
    }
    return notFound();
  };

  const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
    const method = (req.method ?? 'GET').toUpperCase();
    const rawUrl = req.url ?? '/';
    const queryStart = rawUrl.indexOf('?');
    const path = queryStart < 0 ? rawUrl : rawUrl.slice(0, queryStart);
    const query = new URLSearchParams(queryStart < 0 ? '' : rawUrl.slice(queryStart + 1));
    const read = await readBody(req);
    const rawBody = read.ok ? read.body.toString('utf8') : '';
    let answer: Json;
    if (path === CONTROL || path.startsWith(`${CONTROL}/`)) {
      answer = handleControl(method, path, query, rawBody);
    } else {
      const below = base && path.startsWith(`${base}/`) ? path.slice(base.length) : base ? undefined : path;
      answer = below === undefined ? notFound() : handleApi(method, below, headerText(req.headers.authorization), rawBody);
      rateRemaining = Math.max(0, rateRemaining - 1);
      answer.headers = {
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': String(rateRemaining),
        'x-ratelimit-reset': String(Math.floor(now() / 1000) + 3600),
        'x-ratelimit-resource': 'core',
        'x-github-api-version-selected': '2022-11-28',
        ...answer.headers,
      };
      requests.push({ method, path: below ?? path, status: answer.status, authorization: headerText(req.headers.authorization), body: rawBody });
    }
    const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
    res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...answer.headers });
    res.end(text);
  };

  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    onRequest(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const imitation: RunningGitHubImitation = {
    url,
    apiUrl: `${url}${base}`,
    requests,
    clearRequests: () => void requests.splice(0),
    addToken: (token, access) => void tokens.set(token, access),
    secret: (repository, name, environment) => {
      const stored = secrets.get(secretKey(repository, name, environment));
      return stored && { ...stored };
    },
    setSecretOutside(repository, name, plaintext, environment) {
      const key = secretKey(repository, name, environment);
      // Later than the last change, however quickly it follows it.
      const at = new Date(Math.max(now(), Date.parse(secrets.get(key)?.updatedAt ?? '0') + 1000)).toISOString();
      secrets.set(key, { plaintext, createdAt: secrets.get(key)?.createdAt ?? at, updatedAt: at });
    },
    variable: (repository, name) => variables.get(`${repository}|${name.toUpperCase()}`)?.value,
    fault: (fault) => void faults.push({ ...fault, left: fault.times ?? 1 }),
    reset() {
      secrets.clear();
      variables.clear();
      tokens.clear();
      faults.splice(0);
      requests.splice(0);
      rateRemaining = 5000;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
  return imitation;
}

function notFound(): Json {
  return { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } };
}

function parsed(raw: string): unknown {
  const result = parseJson(Buffer.from(raw, 'utf8'));
  return result.ok ? result.value : undefined;
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
