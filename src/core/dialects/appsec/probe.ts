/**
 * How the server probe tells the AppSec platform: its documented health check
 * (`GET /api/v1/health`, which its Helm chart probes) answers JSON, or any answer comes in the
 * platform's envelope `{success, data | error, meta}`.
 */
import { asText, isObject } from '../../api/tolerantJson';
import type { ProbeAnswer, ProbeSignature } from '../dialect';

/** The platform's envelope: `success` beside `data`, `error` or `meta`, or `meta.version: "v1"`. */
export function isEnvelope(json: unknown): boolean {
  if (!isObject(json)) return false;
  if (isObject(json.meta) && json.meta.version === 'v1') return true;
  return typeof json.success === 'boolean' && ('data' in json || isObject(json.error) || isObject(json.meta));
}

export const APPSEC_PROBE: ProbeSignature = {
  request: { prefix: '/api/v1', path: '/health' },
  recognise(answers) {
    const health = answers[answers.length - 1];
    const ok = health.status !== undefined && health.status >= 200 && health.status < 300;
    // A JSON health answer from a server that also names a classic version is not taken at its word.
    const plainJson = ok && isObject(health.json) && health.apiVersion === undefined;
    if (!isEnvelope(health.json) && !plainJson) return undefined;
    const data = isObject(health.json) && isObject(health.json.data) ? health.json.data : health.json;
    return { version: isObject(data) ? asText(data.version) : undefined };
  },
  hints: (answers: readonly ProbeAnswer[]) => answers.some((answer) => isEnvelope(answer.json)),
  describeBody: (json) => (isObject(json) && isEnvelope(json) ? `with the AppSec platform's envelope {success: ${String(json.success)}}` : undefined),
};
