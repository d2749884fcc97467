/**
 * How the server probe tells the classic API: `GET /api/organization` needs a token there, so it
 * answers 401 `{status: 401, code: "Unauthorized", message}`; and every classic answer names the
 * server version in `x-api-version` (on this request or on an earlier one).
 */
import { isObject } from '../../api/tolerantJson';
import { isEnvelope } from '../appsec/probe';
import type { ProbeAnswer, ProbeSignature } from '../dialect';

export const CLASSIC_PROBE: ProbeSignature = {
  request: { prefix: '/api', path: '/organization' },
  recognise(answers) {
    const version = [...answers].reverse().find((answer) => answer.apiVersion !== undefined)?.apiVersion;
    if (version === undefined && !isClassicUnauthorized(answers[answers.length - 1])) return undefined;
    return { version };
  },
};

/** The classic API's documented 401 body, or its generic `{code, message}` on a 401 (the platform's envelope is not it). */
function isClassicUnauthorized(answer: ProbeAnswer): boolean {
  if (answer.status !== 401 || !isObject(answer.json) || isEnvelope(answer.json)) return false;
  return typeof answer.json.message === 'string' && (typeof answer.json.code === 'string' || typeof answer.json.code === 'number');
}
