// The emulator as the benchmark runner (bench/run.mjs) serves it: from the runner's own process, so
// the extension host does client work only, as it would against a real server. A second small
// control server seeds realistic lists (distinct dates, some tokens never used), which the
// emulator's /__emulator routes cannot do for 10,000 tokens in one request.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { API_KEY_SCOPES, DEMO_ADMIN_API_KEY, DEMO_ORGANIZATION_SLUG, DEMO_USERNAME, demoSeed, startEmulator, type RunningEmulator, type Seed, type SeedToken, type V1SeedApiKey } from '../test/emulator/emulator';

const MINUTE = 60_000;

const SCOPE_SETS = [['scan:write', 'repository:read'], ['scan:read', 'violation:read'], ['scan:read'], ['repository:read', 'scan:read', 'scan:write', 'violation:read']];

/** Deterministic spread: creation up to ~2 years back, last use between creation and now, one in five never used. */
function spreadDates(i: number, now: number): { createdAt: Date; lastUsedAt: Date | null } {
  const ageMs = ((i * 7919) % (730 * 24 * 60)) * MINUTE + i;
  const createdAt = now - ageMs - MINUTE;
  const lastUsedAt = i % 5 === 0 ? null : createdAt + Math.floor((ageMs * ((i * 37) % 100)) / 100);
  return { createdAt: new Date(createdAt), lastUsedAt: lastUsedAt === null ? null : new Date(lastUsedAt) };
}

/**
 * The demo data with `count` classic tokens for the demo user, and `count` AppSec platform keys of
 * theirs in `acme`: the demo admin key (which the benchmark signs in with) and `count - 1` more,
 * with scopes, and an expiry on three in four.
 */
export function benchSeed(count: number, now = Date.now()): Seed {
  const seed = demoSeed(now);
  const tokens: SeedToken[] = [];
  for (let i = 0; i < count; i++) tokens.push({ name: `bench-token-${String(i + 1).padStart(5, '0')}`, ...spreadDates(i, now) });
  for (const user of seed.users) if (user.username === DEMO_USERNAME) user.tokens = tokens;
  const keys: V1SeedApiKey[] = [{ name: 'Demo admin key', organizationSlug: DEMO_ORGANIZATION_SLUG, scopes: [...API_KEY_SCOPES], value: DEMO_ADMIN_API_KEY }];
  for (let i = 1; i < count; i++) {
    const expiresAt = i % 4 === 0 ? null : new Date(now + ((i * 131) % 400) * 24 * 60 * MINUTE);
    keys.push({ name: `bench-key-${String(i).padStart(5, '0')}`, organizationSlug: DEMO_ORGANIZATION_SLUG, scopes: SCOPE_SETS[i % SCOPE_SETS.length], ...spreadDates(i, now), expiresAt });
  }
  for (const user of seed.v1?.users ?? []) if (user.email === DEMO_USERNAME) user.apiKeys = keys;
  return seed;
}

export interface BenchEmulator {
  emulator: RunningEmulator;
  /** Base URL of the benchmark's control routes: POST /seed?count=N, POST /churn[?dialect=appsec], GET /requests, POST /requests/clear. */
  controlUrl: string;
  close(): Promise<void>;
}

export async function startBenchEmulator(): Promise<BenchEmulator> {
  const emulator = await startEmulator({ seed: benchSeed(0) });
  const control: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const reply = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    req.resume();
    req.on('end', () => {
      try {
        const route = `${req.method} ${url.pathname}`;
        if (route === 'POST /seed') {
          const count = Number(url.searchParams.get('count') ?? 0);
          emulator.reset(benchSeed(count));
          return reply(200, { count });
        }
        if (route === 'POST /churn' && url.searchParams.get('dialect') === 'appsec') {
          // One key revoked (still listed, as revoked) and a new one created: as many usable keys.
          const victim = emulator.apiKeysOf(DEMO_USERNAME).find((k) => k.status === 'active' && k.value !== DEMO_ADMIN_API_KEY && k.organizationSlug === DEMO_ORGANIZATION_SLUG);
          if (victim) emulator.revoke(victim.id);
          emulator.issueApiKey(DEMO_USERNAME, { organizationSlug: DEMO_ORGANIZATION_SLUG, name: `churn-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`, scopes: ['scan:read'] });
          return reply(200, { ok: true });
        }
        if (route === 'POST /churn') {
          // One token replaced by another: same size, but the list is not the one fetched last.
          const [first] = emulator.tokensOf(DEMO_USERNAME);
          if (first) emulator.revoke(first.id);
          emulator.issueAccessToken(DEMO_USERNAME, `churn-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`);
          return reply(200, { ok: true });
        }
        if (route === 'GET /requests') return reply(200, emulator.requests.map(({ method, path, status }) => ({ method, path, status })));
        if (route === 'POST /requests/clear') {
          emulator.clearRequests();
          return reply(200, { ok: true });
        }
        reply(404, { error: 'not found' });
      } catch (error) {
        reply(500, { error: String(error) });
      }
    });
  });
  await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
  const port = (control.address() as AddressInfo).port;
  return {
    emulator,
    controlUrl: `http://127.0.0.1:${port}`,
    async close() {
      control.closeAllConnections();
      await new Promise<void>((resolve) => control.close(() => resolve()));
      await emulator.close();
    },
  };
}
