/**
 * Which API generation a server speaks, asked without any credential (no Authorization, no
 * X-API-Key), so that sign-in can ask for the right one: a username/password or token (classic)
 * or an API key (AppSec platform).
 *
 *   1. `GET /api/v1/health`: the platform's documented health check (its Helm chart probes it).
 *      A JSON answer there, or the platform's envelope `{success, data | error, meta}` on any
 *      status, says "AppSec platform"; nothing more is asked.
 *   2. Otherwise `GET /api/organization`: on a classic server it needs a token, so it answers 401
 *      `{status: 401, code: "Unauthorized", message}`; and every classic answer names the server
 *      version in `x-api-version` (on this request or on the first one). Either says "classic".
 *
 * Anything else (web pages from a proxy or another application, JSON of unknown shape) is
 * 'unknown', with the evidence of each answer in English for the log. A failure to reach the
 * server (refused, reset, timeout, certificate, a redirect) is thrown as the usual
 * `CodeThreatApiError`, so the UI can say why.
 */
import { CodeThreatApiError, type ApiErrorKind } from './errors';
import { HttpTransport, type ConnectionOptions } from './httpTransport';
import type { ApiGeneration } from './tokenApi';
import { asText, isObject } from './tolerantJson';

export type ProbedGeneration = ApiGeneration | 'unknown';

export interface ServerProbeResult {
  generation: ProbedGeneration;
  /** One English sentence per request made: what it answered. For logs and "details". */
  evidence: string[];
  /** The version the server named: `data.version` of the health answer, or `x-api-version`. */
  version?: string;
}

export interface ProbeOptions extends ConnectionOptions {
  signal?: AbortSignal;
}

/** Failures that say the server could not be asked at all: thrown rather than judged. */
const UNREACHABLE: readonly ApiErrorKind[] = ['network', 'timeout', 'tls', 'cancelled', 'redirected'];

const HEALTH = { prefix: '/api/v1', path: '/health' } as const;
const CLASSIC_MARKER = { prefix: '/api', path: '/organization' } as const;

/** What one unauthenticated request got back. */
interface Answer {
  request: string;
  status?: number;
  /** The parsed body, when it was JSON. */
  json?: unknown;
  /** The body was a web page. */
  html: boolean;
  apiVersion?: string;
}

export async function probeServer(options: ProbeOptions): Promise<ServerProbeResult> {
  const health = await ask(options, HEALTH);
  const platform = platformEvidence(health);
  if (platform) return { generation: 'appsec', evidence: [platform.evidence], version: platform.version };

  const marker = await ask(options, CLASSIC_MARKER);
  const evidence = [describe(health), describe(marker)];
  const classicVersion = marker.apiVersion ?? health.apiVersion;
  if (classicVersion !== undefined || isClassicUnauthorized(marker)) {
    return { generation: 'classic', evidence, version: classicVersion };
  }
  if (isEnvelope(marker.json)) return { generation: 'appsec', evidence };
  return { generation: 'unknown', evidence };
}

async function ask(options: ProbeOptions, target: { prefix: string; path: string }): Promise<Answer> {
  const request = `GET ${target.prefix}${target.path}`;
  let status: number | undefined;
  let errorBody: unknown;
  const transport = new HttpTransport({
    ...options,
    apiPrefix: target.prefix,
    // No credential of any kind.
    headers: {},
    secrets: [],
    readServerError: (body) => {
      errorBody = body;
      return {};
    },
    onRequest: (entry) => {
      status = entry.status;
      options.onRequest?.(entry);
    },
  });
  try {
    const { body, apiVersion } = await transport.call<unknown>({
      method: 'GET',
      path: target.path,
      // One request each: a probe judges the first answer, it does not insist.
      idempotent: false,
      signal: options.signal,
      interpret: (text) => {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          return undefined;
        }
      },
    });
    return { request, status, json: body, html: false, apiVersion };
  } catch (error) {
    if (!(error instanceof CodeThreatApiError) || UNREACHABLE.includes(error.kind)) throw error;
    return { request, status: error.status ?? status, json: errorBody, html: error.kind === 'notCodeThreat', apiVersion: transport.apiVersion };
  }
}

/** The platform's envelope: `success` beside `data`, `error` or `meta`, or `meta.version: "v1"`. */
function isEnvelope(json: unknown): boolean {
  if (!isObject(json)) return false;
  if (isObject(json.meta) && json.meta.version === 'v1') return true;
  return typeof json.success === 'boolean' && ('data' in json || isObject(json.error) || isObject(json.meta));
}

function platformEvidence(health: Answer): { evidence: string; version?: string } | undefined {
  const ok = health.status !== undefined && health.status >= 200 && health.status < 300;
  // A JSON health answer from a server that also names a classic version is not taken at its word.
  const plainJson = ok && isObject(health.json) && health.apiVersion === undefined;
  if (!isEnvelope(health.json) && !plainJson) return undefined;
  const data = isObject(health.json) && isObject(health.json.data) ? health.json.data : health.json;
  const version = isObject(data) ? asText(data.version) : undefined;
  return { evidence: describe(health), version };
}

/** The classic API's documented 401 body, or its generic `{code, message}` on a 401. */
function isClassicUnauthorized(answer: Answer): boolean {
  if (answer.status !== 401 || !isObject(answer.json) || isEnvelope(answer.json)) return false;
  return typeof answer.json.message === 'string' && (typeof answer.json.code === 'string' || typeof answer.json.code === 'number');
}

function describe(answer: Answer): string {
  const parts = [`${answer.request} answered HTTP ${answer.status ?? '?'}`];
  if (answer.html) parts.push('with a web page');
  else if (isEnvelope(answer.json) && isObject(answer.json)) parts.push(`with the AppSec platform's envelope {success: ${String(answer.json.success)}}`);
  else if (isObject(answer.json)) parts.push(`with JSON {${Object.keys(answer.json).slice(0, 5).join(', ')}}`);
  else if (answer.json !== undefined) parts.push('with JSON that is not an object');
  else parts.push('without a JSON body');
  if (answer.apiVersion) parts.push(`and x-api-version ${answer.apiVersion}`);
  return `${parts.join(' ')}.`;
}
