// Generation detection without a credential, over real HTTP: the emulator as an AppSec platform
// and as a legacy-only server, web pages, odd JSON, and servers that cannot be reached.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RequestLogEntry } from '../../src/core/api/httpTransport';
import { probeServer, type ProbeOptions } from '../../src/core/api/serverProbe';
import { httpsAgentFor } from '../../src/core/net/httpsAgent';
import { startEmulator, type RunningEmulator } from '../emulator/emulator';
import { rejectsWith } from './support/rejectsWith';

/** A server that answers every request with `handler`; closed by the returned function. */
async function serve(handler: http.RequestListener): Promise<{ url: string; paths: string[]; close: () => Promise<void> }> {
  const paths: string[] = [];
  const server = http.createServer((req, res) => {
    paths.push(`${req.method} ${req.url}`);
    handler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    paths,
    close: () => new Promise<void>((r) => server.close(() => r()) && server.closeAllConnections()),
  };
}

suite('probeServer', () => {
  let emulator: RunningEmulator | undefined;
  let log: RequestLogEntry[];
  const options = (serverUrl: string, extra: Partial<ProbeOptions> = {}): ProbeOptions => ({
    serverUrl,
    userAgent: 'unit-tests',
    timeoutMs: 3000,
    onRequest: (entry) => log.push(entry),
    ...extra,
  });

  setup(() => {
    log = [];
  });
  teardown(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  suite('what the emulator answers without a credential', () => {
    test('as the AppSec platform: health is 200 in the v1 envelope with no x-api-version', async () => {
      emulator = await startEmulator();
      const res = await fetch(`${emulator.url}/api/v1/health`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('x-api-version'), null);
      const body = (await res.json()) as { success: boolean; data: { status: string; version: string }; meta: { version: string } };
      assert.deepEqual([body.success, body.data.status, body.meta.version], [true, 'ok', 'v1']);
    });

    test('as a legacy-only server: /api/v1/health is an unknown path, /api/organization the documented 401; both name the version', async () => {
      emulator = await startEmulator({ appsecPlatform: false });
      const health = await fetch(`${emulator.url}/api/v1/health`);
      assert.equal(health.status, 404);
      assert.equal(health.headers.get('x-api-version'), '1.9.4');
      assert.deepEqual(await health.json(), { code: 404, message: 'Not Found.' });
      const marker = await fetch(`${emulator.url}/api/organization`);
      assert.equal(marker.status, 401);
      assert.equal(marker.headers.get('x-api-version'), '1.9.4');
      assert.deepEqual(await marker.json(), { status: 401, code: 'Unauthorized', message: 'Invalid token' });
    });
  });

  suite('generations', () => {
    test('an AppSec platform: one request, no credential, the platform version', async () => {
      emulator = await startEmulator({ platformVersion: '2.4.0' });
      const result = await probeServer(options(emulator.url));
      assert.equal(result.generation, 'appsec');
      assert.equal(result.version, '2.4.0');
      assert.equal(result.evidence.length, 1);
      assert.match(result.evidence[0], /GET \/api\/v1\/health answered HTTP 200 with the AppSec platform's envelope/);
      assert.deepEqual(emulator.requests.map((r) => [r.method, r.path, r.authKind, r.credentials.length, r.organization]), [['GET', '/api/v1/health', 'none', 0, null]]);
      assert.deepEqual(log.map((e) => [e.path, e.status]), [['/api/v1/health', 200]]);
    });

    test('a classic server: two requests, no credential, the x-api-version', async () => {
      emulator = await startEmulator({ appsecPlatform: false, apiVersion: '1.7.9' });
      const result = await probeServer(options(emulator.url));
      assert.equal(result.generation, 'classic');
      assert.equal(result.version, '1.7.9');
      assert.equal(result.evidence.length, 2);
      assert.match(result.evidence[0], /\/api\/v1\/health answered HTTP 404 with JSON \{code, message\} and x-api-version 1\.7\.9/);
      assert.match(result.evidence[1], /\/api\/organization answered HTTP 401 .*x-api-version 1\.7\.9/);
      assert.deepEqual(
        emulator.requests.map((r) => [r.path, r.authKind, r.credentials.length, r.organization]),
        [
          ['/api/v1/health', 'none', 0, null],
          ['/api/organization', 'none', 0, null],
        ],
      );
    });

    test('a classic server behind something that drops x-api-version is still known by its 401 body', async () => {
      const server = await serve((req, res) => {
        res.setHeader('content-type', 'application/json');
        if (req.url === '/api/organization') res.writeHead(401).end(JSON.stringify({ status: 401, code: 'Unauthorized', message: 'Invalid token' }));
        else res.writeHead(404).end(JSON.stringify({ code: 404, message: 'Not Found.' }));
      });
      try {
        const result = await probeServer(options(server.url));
        assert.equal(result.generation, 'classic');
        assert.equal(result.version, undefined);
        assert.deepEqual(server.paths, ['GET /api/v1/health', 'GET /api/organization']);
      } finally {
        await server.close();
      }
    });

    test('a classic server is known by x-api-version alone, whatever the bodies', async () => {
      const server = await serve((req, res) => {
        if (req.url === '/api/organization') res.writeHead(400, { 'content-type': 'application/json', 'x-api-version': '1.8.0' }).end('{"code":400,"message":"Bad request."}');
        else res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>CodeThreat</body></html>');
      });
      try {
        const result = await probeServer(options(server.url));
        assert.equal(result.generation, 'classic');
        assert.equal(result.version, '1.8.0');
      } finally {
        await server.close();
      }
    });

    test('an AppSec platform whose health check fails still answers in its envelope', async () => {
      emulator = await startEmulator();
      emulator.faults.status(503, { match: { path: '/api/v1/health' } });
      const result = await probeServer(options(emulator.url));
      assert.equal(result.generation, 'appsec');
      assert.match(result.evidence[0], /HTTP 503 with the AppSec platform's envelope \{success: false\}/);
      assert.equal(emulator.countRequests(), 1, 'not retried');
    });

    test('sends no credential header of either generation, nor an organization', async () => {
      const seen: http.IncomingHttpHeaders[] = [];
      const server = await serve((req, res) => {
        seen.push(req.headers);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true,"data":{"status":"ok"}}');
      });
      try {
        await probeServer(options(server.url));
        assert.equal(seen.length, 1);
        assert.equal(seen[0].authorization, undefined);
        assert.equal(seen[0]['x-api-key'], undefined);
        assert.equal(seen[0]['x-ct-organization'], undefined);
      } finally {
        await server.close();
      }
    });
  });

  suite('unknown', () => {
    test('a web application answering every path with its page', async () => {
      const server = await serve((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><html><body>Welcome</body></html>'));
      try {
        const result = await probeServer(options(server.url));
        assert.equal(result.generation, 'unknown');
        assert.deepEqual(result.evidence, ['GET /api/v1/health answered HTTP 200 with a web page.', 'GET /api/organization answered HTTP 200 with a web page.']);
      } finally {
        await server.close();
      }
    });

    test('a proxy’s error page in front of the server', async () => {
      emulator = await startEmulator();
      emulator.faults.htmlError(502, { count: 2 });
      const result = await probeServer(options(emulator.url));
      assert.equal(result.generation, 'unknown');
      assert.ok(result.evidence.every((e) => /HTTP 502 with a web page\.$/.test(e)), result.evidence.join(' / '));
    });

    test('JSON of another application, and empty answers', async () => {
      const server = await serve((req, res) => {
        if (req.url === '/api/v1/health') res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not here"}');
        else res.writeHead(204).end();
      });
      try {
        const result = await probeServer(options(server.url));
        assert.equal(result.generation, 'unknown');
        assert.deepEqual(result.evidence, ['GET /api/v1/health answered HTTP 404 with JSON {error}.', 'GET /api/organization answered HTTP 204 without a JSON body.']);
      } finally {
        await server.close();
      }
    });
  });

  suite('servers that cannot be asked', () => {
    test('nothing listening is a network error', async () => {
      const closed = await startEmulator();
      const url = closed.url;
      await closed.close();
      const error = await rejectsWith(probeServer(options(url)), 'network');
      assert.equal(error.details.code, 'ECONNREFUSED');
    });

    test('a reset connection is a network error', async () => {
      emulator = await startEmulator();
      emulator.faults.reset();
      const error = await rejectsWith(probeServer(options(emulator.url)), 'network');
      assert.equal(error.details.code, 'ECONNRESET');
    });

    test('a server that never answers times out', async () => {
      emulator = await startEmulator();
      emulator.faults.hang();
      await rejectsWith(probeServer(options(emulator.url, { timeoutMs: 300 })), 'timeout');
    });

    test('a redirect is reported with where it points, not followed', async () => {
      const server = await serve((_req, res) => res.writeHead(301, { location: 'https://codethreat.example.com/api/v1/health' }).end());
      try {
        const error = await rejectsWith(probeServer(options(server.url)), 'redirected');
        assert.equal(error.details.location, 'https://codethreat.example.com/api/v1/health');
        assert.equal(server.paths.length, 1);
      } finally {
        await server.close();
      }
    });

    test('a certificate that is not trusted is a TLS error; trusting its CA makes the probe work', async function () {
      this.timeout(10_000);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-probe-'));
      try {
        const key = path.join(dir, 'key.pem');
        const cert = path.join(dir, 'cert.pem');
        try {
          execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
        } catch {
          this.skip();
        }
        emulator = await startEmulator({ tls: { key: fs.readFileSync(key, 'utf8'), cert: fs.readFileSync(cert, 'utf8') } });
        await rejectsWith(probeServer(options(emulator.url)), 'tls');
        const result = await probeServer(options(emulator.url, { httpsAgent: httpsAgentFor(cert) }));
        assert.equal(result.generation, 'appsec');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    test('a probe can be cancelled', async () => {
      emulator = await startEmulator();
      emulator.faults.latency(2000);
      const controller = new AbortController();
      const pending = probeServer(options(emulator.url, { signal: controller.signal }));
      setTimeout(() => controller.abort(), 50);
      await rejectsWith(pending, 'cancelled');
    });
  });
});
