// The emulator as the benchmark runner (bench/run.mjs) serves it: from the runner's own process, so
// the extension host does client work only, as it would against a real server. A second small
// control server seeds realistic lists (distinct dates, some tokens never used), which the
// emulator's /__emulator routes cannot do for 10,000 tokens in one request.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_USERNAME, demoSeed, startEmulator, type RunningEmulator, type Seed, type SeedToken } from '../test/emulator/emulator';

const MINUTE = 60_000;

/** The demo data with `count` tokens for the demo user, spread over two years, one in five never used. */
export function benchSeed(count: number, now = Date.now()): Seed {
  const seed = demoSeed(now);
  const tokens: SeedToken[] = [];
  for (let i = 0; i < count; i++) {
    // Deterministic spread: creation up to ~2 years back, last use between creation and now.
    const ageMs = ((i * 7919) % (730 * 24 * 60)) * MINUTE + i;
    const createdAt = now - ageMs - MINUTE;
    const lastUsedAt = i % 5 === 0 ? null : createdAt + Math.floor((ageMs * ((i * 37) % 100)) / 100);
    tokens.push({ name: `bench-token-${String(i + 1).padStart(5, '0')}`, createdAt: new Date(createdAt), lastUsedAt: lastUsedAt === null ? null : new Date(lastUsedAt) });
  }
  for (const user of seed.users) if (user.username === DEMO_USERNAME) user.tokens = tokens;
  return seed;
}

export interface BenchEmulator {
  emulator: RunningEmulator;
  /** Base URL of the benchmark's control routes: POST /seed?count=N, POST /churn, GET /requests, POST /requests/clear. */
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
