// The benchmark module that VS Code runs inside its real extension host (the `extensionTestsPath`
// contract: it exports run()). bench/run.mjs passes its configuration in CODETHREAT_BENCH_CONFIG
// and reads the raw samples back from `outFile`; it computes medians and checks targets itself.
//
// Two kinds of host (bench/run.mjs starts them):
//   activation  loads the production bundle (dist/extension.js, minified, as the VSIX ships it)
//               and an empty extension, and times activate() of both; nothing may have activated
//               either before.
//   lists       loads the extension built from the integration tests' entry point
//               (test/integration/support/testExtension.ts: the same composition root, with a
//               scriptable prompter and clipboard and the `testing` hooks) and runs the refresh,
//               memory and round-trip benchmarks through `testing.container` and
//               `testing.features.tokens.tree`.
import { writeFileSync } from 'node:fs';
import * as http from 'node:http';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as vscode from 'vscode';
import type { TokenNode, TreeNode } from '../../src/features/tokens/view/tokenTreeItem';
import { DEMO_ADMIN_API_KEY, DEMO_ORGANIZATION, DEMO_ORGANIZATION_SLUG, DEMO_PASSWORD, DEMO_USERNAME } from '../../test/emulator/demoData';
import { EXTENSION_ID, extensionHooks } from '../../test/integration/support/harness';
import { MemoryClipboard } from '../../test/integration/support/memoryClipboard';
import { ScriptedPrompter } from '../../test/integration/support/scriptedPrompter';
import type { TestingHooks } from '../../test/integration/support/testExtension';

export const EMPTY_EXTENSION_ID = 'codethreat-bench.empty-extension';

export interface BenchConfig {
  outFile: string;
  quick: boolean;
  /** What this host measures (see above). */
  role: 'activation' | 'lists';
  /** Which extension an activation host activates first (the runner alternates it between hosts). */
  firstActivated: 'extension' | 'empty';
  /** The emulator's base URL, and the runner's control routes for it. */
  emulatorUrl: string;
  controlUrl: string;
  /** Longest wait for the host to go quiet before timing activation. */
  settleMs: number;
  /** If set, a CPU profile of refreshes of 10,000 tokens is written here (--profile). */
  profileFile?: string;
}

/** Which API the list comes from: the classic server's tokens, or the AppSec platform's (v1) keys. */
export type Dialect = 'classic' | 'appsec';

export interface RefreshSample {
  size: number;
  dialect: Dialect;
  /** Pages the raw fetch read the list in (AppSec platform: 100 keys a page; classic: one answer). */
  pages?: number;
  /** Alternated with the raw fetch: model.refresh() + getChildren() + getTreeItem() for every node. */
  extensionMs: number[];
  /** The refresh part (HTTP, parse, model) and the tree part of each extensionMs sample. */
  refreshPartMs: number[];
  treePartMs: number[];
  /** http.get of the same list from this host + JSON.parse. */
  rawMs: number[];
  /** CodeThreatClient.listAccessTokens() alone (axios + contract parsing), full mode only. */
  clientMs: number[];
  /** As extensionMs, but one token was replaced on the server just before: the answer is new. */
  changedMs: number[];
  /**
   * CPU time of this host's main thread (where the extension runs) during each extensionMs,
   * changedMs and rawMs sample: what the extension's own work costs, without the server's time or
   * the waits of a busy machine.
   */
  extensionCpuMs: number[];
  changedCpuMs: number[];
  rawCpuMs: number[];
  /** The refresh part and the tree part of each changedMs sample. */
  changedRefreshPartMs: number[];
  changedTreePartMs: number[];
  items: number;
}

export interface RoundTrip {
  name: string;
  expected: string;
  requests: string[];
  ok: boolean;
  note?: string;
}

export interface BenchOutput {
  vscodeVersion: string;
  node: string;
  activation?: {
    extensionMs: number;
    emptyMs: number;
    firstActivated: 'extension' | 'empty';
    activeBefore: { extension: boolean; empty: boolean };
    settledAfterMs: number;
  };
  refresh?: RefreshSample[];
  roundTrips?: RoundTrip[];
  memory?: { tokens: number; refreshes: number; gcForced: boolean; heapUsedMB: number[]; heapBeforeListMB: number };
  errors: string[];
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const started = performance.now();

function log(message: string): void {
  console.log(`[bench] ${message} (+${((performance.now() - started) / 1000).toFixed(1)} s in this host)`);
}

export async function run(): Promise<void> {
  const config = JSON.parse(process.env.CODETHREAT_BENCH_CONFIG ?? '{}') as BenchConfig;
  const output: BenchOutput = { vscodeVersion: vscode.version, node: process.versions.node, errors: [] };
  const step = async (name: string, body: () => Promise<void>) => {
    try {
      await body();
    } catch (error) {
      output.errors.push(`${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  };
  let bench: ListBench | undefined;
  if (config.role === 'activation') {
    await step('activation', async () => {
      output.activation = await measureActivation(config);
    });
  } else {
    await step('set-up', async () => {
      bench = await ListBench.create(config);
    });
  }
  if (bench) {
    await step('refresh', async () => {
      output.refresh = await bench!.refreshAtScale();
    });
    if (config.profileFile) {
      await step('profile', () => bench!.profile(config.profileFile!));
    }
    await step('memory', async () => {
      output.memory = await bench!.memory();
    });
    await step('round trips', async () => {
      output.roundTrips = await bench!.roundTrips();
    });
    await step('clean-up', () => bench!.close());
  }
  writeFileSync(config.outFile, JSON.stringify(output));
  if (output.errors.length) throw new Error(`benchmark errors:\n${output.errors.join('\n')}`);
}

// ---------------------------------------------------------------------------------------------
// Activation

/**
 * Waits until the host is quiet (no extension activated for a while and timers on time), so
 * that the start-up activations of built-in extensions do not overlap the measurement.
 */
async function settle(maxMs: number): Promise<number> {
  const started = performance.now();
  const activeCount = () => vscode.extensions.all.filter((e) => e.isActive).length;
  let count = activeCount();
  let quietSince = performance.now();
  while (performance.now() - started < maxMs) {
    const before = performance.now();
    await sleep(25);
    const lag = performance.now() - before - 25;
    const now = activeCount();
    if (now !== count || lag > 5) {
      count = now;
      quietSince = performance.now();
    } else if (performance.now() - quietSince >= Math.min(750, maxMs / 2)) {
      break;
    }
  }
  return performance.now() - started;
}

async function measureActivation(config: BenchConfig): Promise<NonNullable<BenchOutput['activation']>> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  const empty = vscode.extensions.getExtension(EMPTY_EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded in this host`);
  if (!empty) throw new Error(`${EMPTY_EXTENSION_ID} is not loaded in this host`);
  const activeBefore = { extension: extension.isActive, empty: empty.isActive };
  const settledAfterMs = await settle(config.settleMs);
  const time = async (ext: vscode.Extension<unknown>) => {
    const started = performance.now();
    await ext.activate();
    return performance.now() - started;
  };
  let extensionMs: number;
  let emptyMs: number;
  if (config.firstActivated === 'empty') {
    emptyMs = await time(empty);
    await sleep(50);
    extensionMs = await time(extension);
  } else {
    extensionMs = await time(extension);
    await sleep(50);
    emptyMs = await time(empty);
  }
  log(`activate(): extension ${extensionMs.toFixed(1)} ms, empty ${emptyMs.toFixed(1)} ms`);
  return { extensionMs, emptyMs, firstActivated: config.firstActivated, activeBefore, settledAfterMs };
}

// ---------------------------------------------------------------------------------------------
// Lists: refresh at scale, memory, round trips

interface Reply {
  status: number;
  text: string;
}

function request(method: string, url: string, headers: Record<string, string> = {}, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: body ? { ...headers, 'content-type': 'application/json' } : headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function ok(method: string, url: string, body?: unknown): Promise<unknown> {
  const reply = await request(method, url, {}, body === undefined ? undefined : JSON.stringify(body));
  if (reply.status !== 200) throw new Error(`${method} ${url} → ${reply.status} ${reply.text}`);
  return JSON.parse(reply.text);
}

/** Median of a list of numbers. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

class ListBench {
  /** The raw fetch's headers: a session of its own (classic), or the signed-in key (AppSec platform). */
  #rawHeaders: Record<string, string> = {};
  #dialect: Dialect = 'classic';

  private constructor(
    private readonly config: BenchConfig,
    private readonly hooks: TestingHooks,
    private readonly prompter: ScriptedPrompter,
  ) {}

  static async create(config: BenchConfig): Promise<ListBench> {
    const hooks = await extensionHooks();
    const prompter = new ScriptedPrompter();
    hooks.setPrompter(prompter);
    hooks.setClipboard(new MemoryClipboard());
    return new ListBench(config, hooks, prompter);
  }

  get #container() {
    return this.hooks.container;
  }

  get #tree() {
    return this.hooks.features.tokens.tree;
  }

  get #connectionId(): string {
    const connection = this.#container.connections.active;
    if (!connection) throw new Error('not signed in');
    return connection.id;
  }

  get #model() {
    return this.#container.lists.get(this.#connectionId);
  }

  async close(): Promise<void> {
    await this.hooks.reset();
    this.hooks.setPrompter(undefined);
    this.hooks.setClipboard(undefined);
  }

  /**
   * Puts `count` tokens (and `count` AppSec platform keys) on the emulator, which drops every
   * session, and signs in again to `dialect`'s side.
   */
  async #seed(count: number, dialect: Dialect = 'classic'): Promise<void> {
    await this.hooks.reset();
    await ok('POST', `${this.config.controlUrl}/seed?count=${count}`);
    this.#dialect = dialect;
    // A credential passed as an argument is confirmed in a modal before anything is sent.
    this.prompter.script({ modal: 'Sign In', message: /^Sign in to CodeThreat at / });
    const credential =
      dialect === 'appsec'
        ? { apiKey: DEMO_ADMIN_API_KEY, organization: DEMO_ORGANIZATION_SLUG }
        : { organization: DEMO_ORGANIZATION, username: DEMO_USERNAME, password: DEMO_PASSWORD };
    const result = await vscode.commands.executeCommand('codethreat.signIn', { serverUrl: this.config.emulatorUrl, ...credential });
    if (!result) throw new Error(`sign-in failed: ${this.prompter.messages().join(' / ')}`);
    if (dialect === 'appsec') {
      this.#rawHeaders = { Accept: 'application/json', 'X-API-Key': DEMO_ADMIN_API_KEY };
    } else {
      // A session of its own for the raw fetch, exactly as a plain script would get one.
      const signIn = await request('POST', `${this.config.emulatorUrl}/api/signin`, {}, JSON.stringify({ client_id: DEMO_USERNAME, client_secret: DEMO_PASSWORD }));
      const session = (JSON.parse(signIn.text) as { access_token: string }).access_token;
      this.#rawHeaders = { Accept: 'application/json', Authorization: `Bearer ${session}`, 'x-ct-organization': DEMO_ORGANIZATION };
    }
    this.#assertNoSurprises();
  }

  #assertNoSurprises(): void {
    if (this.prompter.surprises.length) throw new Error(`unscripted prompts: ${this.prompter.surprises.join(' / ')}`);
  }

  /** What the view does for a refresh: fetch, then every item resolved. */
  async #extensionRefresh(): Promise<{ total: number; refresh: number; tree: number; cpu: number; items: number }> {
    const cpuBefore = cpuMs();
    const started = performance.now();
    await this.#model.refresh();
    const refreshed = performance.now();
    const nodes = tokenNodes(await this.#tree.getChildren());
    for (const node of nodes) this.#tree.getTreeItem(node);
    const done = performance.now();
    return { total: done - started, refresh: refreshed - started, tree: done - refreshed, cpu: cpuMs() - cpuBefore, items: nodes.length };
  }

  /**
   * The floor: the same list over plain http.get from this host, and JSON.parse. The AppSec
   * platform's list comes in pages as the platform documents (`limit` 100, `pagination: {page,
   * total}`): the raw fetch asks for them as the client does — the first, then the rest 4 at a time.
   */
  async #rawFetch(): Promise<{ total: number; cpu: number; items: number; pages: number }> {
    const cpuBefore = cpuMs();
    const started = performance.now();
    const list = this.#dialect === 'appsec' ? await this.#rawPages() : await this.#rawPage('/api/accesstoken/list');
    const total = performance.now() - started;
    const cpu = cpuMs() - cpuBefore;
    // AppSec platform lists keep revoked keys (the changed case revokes one per run): only the usable ones count.
    const entries = list.entries;
    const usable = this.#dialect === 'appsec' ? entries.filter((k) => (k as { status?: string }).status === 'active').length : entries.length;
    return { total, cpu, items: usable, pages: list.pages };
  }

  async #rawPage(path: string): Promise<{ entries: unknown[]; total?: number; pages: number }> {
    const reply = await request('GET', `${this.config.emulatorUrl}${path}`, this.#rawHeaders);
    const body = JSON.parse(reply.text) as unknown[] | { data: unknown[]; pagination?: { total?: number } };
    const entries = Array.isArray(body) ? body : body.data;
    if (reply.status !== 200 || !Array.isArray(entries)) throw new Error(`raw fetch ${path} → ${reply.status}`);
    return { entries, total: Array.isArray(body) ? undefined : body.pagination?.total, pages: 1 };
  }

  async #rawPages(): Promise<{ entries: unknown[]; pages: number }> {
    const path = (page: number) => `/api/v1/api-keys?organizationSlug=${DEMO_ORGANIZATION_SLUG}&limit=100${page > 1 ? `&page=${page}` : ''}`;
    const first = await this.#rawPage(path(1));
    const pages = Math.ceil((first.total ?? first.entries.length) / 100) || 1;
    const rest: unknown[][] = [];
    let next = 2;
    const worker = async () => {
      while (next <= pages) {
        const page = next++;
        rest[page - 2] = (await this.#rawPage(path(page))).entries;
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
    return { entries: first.entries.concat(...rest), pages };
  }

  async #clientFetch(): Promise<number> {
    const client = await this.#container.connections.client(this.#connectionId);
    if (!client) throw new Error('no client');
    const started = performance.now();
    await client.listAccessTokens();
    return performance.now() - started;
  }

  async refreshAtScale(): Promise<RefreshSample[]> {
    const quick = this.config.quick;
    const plan: [number, number, Dialect][] = quick
      ? [
          [100, 3, 'classic'],
          [1000, 3, 'classic'],
          [10000, 2, 'classic'],
          [10000, 2, 'appsec'],
        ]
      : [
          [100, 41, 'classic'],
          [1000, 31, 'classic'],
          [10000, 31, 'classic'],
          [10000, 31, 'appsec'],
        ];
    const samples: RefreshSample[] = [];
    for (const [size, reps, dialect] of plan) {
      await this.#seed(size, dialect);
      const sample: RefreshSample = {
        size,
        dialect,
        extensionMs: [],
        refreshPartMs: [],
        treePartMs: [],
        rawMs: [],
        clientMs: [],
        changedMs: [],
        extensionCpuMs: [],
        changedCpuMs: [],
        rawCpuMs: [],
        changedRefreshPartMs: [],
        changedTreePartMs: [],
        items: 0,
      };
      const warmUps = quick ? 1 : 3;
      for (let i = -warmUps; i < reps; i++) {
        // Alternate which goes first, so neither always meets a colder or busier host.
        const order = i % 2 === 0 ? ['raw', 'extension', 'client', 'changed'] : ['changed', 'client', 'extension', 'raw'];
        for (const which of order) {
          if (which === 'raw') {
            const raw = await this.#rawFetch();
            if (raw.items !== size) throw new Error(`raw fetch listed ${raw.items} of ${size}`);
            if (dialect === 'appsec' && raw.pages < size / 100) throw new Error(`the raw fetch read ${raw.pages} pages: the list is not paged`);
            sample.pages = raw.pages;
            if (i >= 0) {
              sample.rawMs.push(raw.total);
              sample.rawCpuMs.push(raw.cpu);
            }
          } else if (which === 'extension') {
            const ext = await this.#extensionRefresh();
            if (ext.items !== size) throw new Error(`the tree shows ${ext.items} of ${size}`);
            if (this.#model.incomplete) throw new Error(`the list was read only in part: ${JSON.stringify(this.#model.incomplete)}`);
            sample.items = ext.items;
            if (i >= 0) {
              sample.extensionMs.push(ext.total);
              sample.extensionCpuMs.push(ext.cpu);
              sample.refreshPartMs.push(ext.refresh);
              sample.treePartMs.push(ext.tree);
            }
          } else if (which === 'changed') {
            if (quick && size !== 10000) continue;
            await ok('POST', `${this.config.controlUrl}/churn?dialect=${dialect}`);
            const changed = await this.#extensionRefresh();
            if (changed.items !== size) throw new Error(`the tree shows ${changed.items} of ${size} after a change`);
            if (i >= 0) {
              sample.changedMs.push(changed.total);
              sample.changedCpuMs.push(changed.cpu);
              sample.changedRefreshPartMs.push(changed.refresh);
              sample.changedTreePartMs.push(changed.tree);
            }
          } else if (!quick) {
            const ms = await this.#clientFetch();
            if (i >= 0) sample.clientMs.push(ms);
          }
        }
      }
      log(`${size} ${dialect === 'appsec' ? 'AppSec platform keys' : 'tokens'}: extension ${median(sample.extensionMs).toFixed(1)} ms, raw ${median(sample.rawMs).toFixed(1)} ms`);
      samples.push(sample);
    }
    return samples;
  }

  /**
   * CPU profile of 20 refreshes of 10,000 tokens whose list changed before each (one token
   * replaced on the server, as in refreshAtScale()'s changed case): the costly case.
   */
  async profile(file: string): Promise<void> {
    await this.#seed(10000);
    await this.#extensionRefresh(); // loaded, as the view would be
    const session = new Session();
    session.connect();
    try {
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 100 });
      await session.post('Profiler.start');
      for (let i = 0; i < 20; i++) {
        await ok('POST', `${this.config.controlUrl}/churn`);
        await this.#extensionRefresh();
      }
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
    } finally {
      session.disconnect();
    }
  }

  async memory(): Promise<NonNullable<BenchOutput['memory']>> {
    const tokens = 10000;
    const refreshes = this.config.quick ? 9 : 50;
    const gc = exposeGc();
    const heap = async () => {
      await sleep(this.config.quick ? 10 : 50);
      gc?.();
      return process.memoryUsage().heapUsed / (1024 * 1024);
    };
    await this.hooks.reset();
    const heapBeforeListMB = await heap();
    await this.#seed(tokens);
    const heapUsedMB: number[] = [];
    for (let i = 0; i < refreshes; i++) {
      const ext = await this.#extensionRefresh();
      if (ext.items !== tokens) throw new Error(`the tree shows ${ext.items} of ${tokens}`);
      heapUsedMB.push(await heap());
    }
    log(`heap after ${refreshes} refreshes of ${tokens}: ${heapUsedMB[0].toFixed(1)} → ${heapUsedMB.at(-1)!.toFixed(1)} MB`);
    return { tokens, refreshes, gcForced: gc !== undefined, heapUsedMB, heapBeforeListMB };
  }

  async #requests(): Promise<string[]> {
    const entries = (await ok('GET', `${this.config.controlUrl}/requests`)) as { method: string; path: string; status: number }[];
    return entries.map((e) => `${e.method} ${e.path.replace(/^\/api\/accesstoken\/(?!list$|add$).+$/, '/api/accesstoken/{id}')} ${e.status}`);
  }

  async #clearRequests(): Promise<void> {
    await ok('POST', `${this.config.controlUrl}/requests/clear`);
  }

  async roundTrips(): Promise<RoundTrip[]> {
    const size = 1000;
    await this.#seed(size);
    await this.#extensionRefresh(); // loaded, as the view would be
    const results: RoundTrip[] = [];
    const LIST = 'GET /api/accesstoken/list';
    const count = (requests: string[], prefix: string) => requests.filter((r) => r.startsWith(prefix)).length;

    // One refresh: exactly one request, the list.
    await this.#clearRequests();
    await vscode.commands.executeCommand('codethreat.tokens.refresh');
    let requests = await this.#requests();
    results.push({ name: 'refresh (command)', expected: '1 request: GET list', requests, ok: requests.length === 1 && count(requests, LIST) === 1 });

    // Ten concurrent refreshes through the command, and ten through the model: one request each.
    await this.#clearRequests();
    await Promise.all(Array.from({ length: 10 }, () => vscode.commands.executeCommand('codethreat.tokens.refresh')));
    requests = await this.#requests();
    results.push({ name: '10 concurrent refreshes (command)', expected: '1 request', requests, ok: requests.length === 1 && count(requests, LIST) === 1 });

    await this.#clearRequests();
    await Promise.all(Array.from({ length: 10 }, () => this.#model.refresh()));
    requests = await this.#requests();
    results.push({ name: '10 concurrent refreshes (model)', expected: '1 request', requests, ok: requests.length === 1 && count(requests, LIST) === 1 });

    // Generate: one POST, no second full fetch, and the item is in the tree at once.
    await this.#clearRequests();
    const name = `bench generated ${Date.now()}`;
    this.prompter.script({ modal: 'Generate and Copy', message: /^Generate the access token / });
    const generated = await vscode.commands.executeCommand<{ id: string } | undefined>('codethreat.tokens.generate', { name, deliver: 'clipboard' });
    const afterGenerate = tokenNodes(await this.#tree.getChildren());
    await sleep(300); // a late refresh would show up here
    requests = await this.#requests();
    const shown = !!generated && afterGenerate.some((n) => n.token.id === generated.id);
    results.push({
      name: 'generate',
      expected: '1 POST, ≤ 1 list fetch, item shown',
      requests,
      ok: shown && count(requests, 'POST /api/accesstoken/add') === 1 && count(requests, LIST) <= 1 && requests.length === 1 + count(requests, LIST),
      note: shown ? `item shown at once, ${afterGenerate.length} items` : 'the new item is not in the tree',
    });

    // Delete: one DELETE; the item disappears at once, without a list fetch.
    const node = afterGenerate.find((n) => n.token.id === generated?.id) ?? afterGenerate[0];
    await this.#clearRequests();
    this.prompter.script({ modal: 'Delete' });
    const deleted = await vscode.commands.executeCommand<{ deletedNow: boolean } | undefined>('codethreat.tokens.delete', node);
    const afterDelete = tokenNodes(await this.#tree.getChildren());
    await sleep(300);
    requests = await this.#requests();
    const gone = !afterDelete.some((n) => n.token.id === node.token.id);
    results.push({
      name: 'delete',
      expected: '1 DELETE, 0 list fetches, item gone',
      requests,
      ok: !!deleted?.deletedNow && gone && requests.length === 1 && count(requests, 'DELETE /api/accesstoken/{id}') === 1,
      note: gone ? `item gone at once, ${afterDelete.length} items` : 'the item is still in the tree',
    });
    this.#assertNoSurprises();
    return results;
  }
}

/**
 * CPU time (ms) of the calling thread — the extension host's main thread — where Node has
 * process.threadCpuUsage() (the Node of VS Code 1.139), else of the whole process.
 */
function cpuMs(): number {
  const { threadCpuUsage } = process as { threadCpuUsage?: () => NodeJS.CpuUsage };
  const usage = threadCpuUsage ? threadCpuUsage.call(process) : process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** The token items of a one-connection tree (the benchmark signs in once). */
function tokenNodes(nodes: readonly TreeNode[]): TokenNode[] {
  return nodes.filter((node): node is TokenNode => node.type === 'token');
}

/**
 * A real gc() even though the host was not started with --expose-gc: setting the flag at run
 * time makes V8 install `gc` in contexts created afterwards.
 */
function exposeGc(): (() => void) | undefined {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === 'function') return existing;
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}
