/**
 * Which API generation a server speaks, asked without any credential (no Authorization, no
 * X-API-Key), so that sign-in can ask for the right one: a username/password or token (classic)
 * or an API key (AppSec platform). Each dialect names its request and judges the answers (its
 * descriptor's `probe`, in `core/dialects/<generation>/probe.ts`); this module asks, newest
 * dialect first:
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
import { DIALECTS, DIALECTS_NEWEST_FIRST } from '../dialects';
import type { ProbeAnswer } from '../dialects/dialect';
import { CodeThreatApiError, type ApiErrorKind } from './errors';
import { HttpTransport, type ConnectionOptions } from './httpTransport';
import type { ApiGeneration } from './tokenApi';
import { isObject } from './tolerantJson';

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

/** Asks each dialect's request, newest first, until one recognises the answers; then looks for weaker hints. */
export async function probeServer(options: ProbeOptions): Promise<ServerProbeResult> {
  const answers: ProbeAnswer[] = [];
  for (const dialect of DIALECTS_NEWEST_FIRST) {
    answers.push(await ask(options, dialect.probe.request));
    const recognised = dialect.probe.recognise(answers);
    if (recognised) return { generation: dialect.generation, evidence: answers.map(describe), version: recognised.version };
  }
  const hinted = DIALECTS_NEWEST_FIRST.find((dialect) => dialect.probe.hints?.(answers));
  return { generation: hinted?.generation ?? 'unknown', evidence: answers.map(describe) };
}

async function ask(options: ProbeOptions, target: { prefix: string; path: string }): Promise<ProbeAnswer> {
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

function describe(answer: ProbeAnswer): string {
  const parts = [`${answer.request} answered HTTP ${answer.status ?? '?'}`];
  const ownShape = answer.html ? undefined : dialectBody(answer.json);
  if (answer.html) parts.push('with a web page');
  else if (ownShape) parts.push(ownShape);
  else if (isObject(answer.json)) parts.push(`with JSON {${Object.keys(answer.json).slice(0, 5).join(', ')}}`);
  else if (answer.json !== undefined) parts.push('with JSON that is not an object');
  else parts.push('without a JSON body');
  if (answer.apiVersion) parts.push(`and x-api-version ${answer.apiVersion}`);
  return `${parts.join(' ')}.`;
}

/** How a dialect describes a body in its own shape, if one does. */
function dialectBody(json: unknown): string | undefined {
  return DIALECTS.map((dialect) => dialect.probe.describeBody?.(json)).find((text) => text !== undefined);
}
