/**
 * Reading JSON whose shape is assumed rather than published: several spellings per field, a list
 * possibly wrapped in an object, dates in whatever form a server may send. Shared by the classic
 * and the AppSec contract modules.
 */
export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function firstPresent(item: JsonObject, fields: readonly string[]): [string, unknown] | undefined {
  for (const field of fields) {
    if (item[field] !== undefined) return [field, item[field]];
  }
  return undefined;
}

/** A string with something in it, trimmed; undefined for anything else. */
export function nonEmptyText(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

export function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/**
 * Values that look like a masked token rather than a usable one. Only for telling a partial
 * value from a full one: whether a partial value may be shown is `partialValueText`'s decision
 * (core/util/untrustedText.ts).
 */
export function looksMasked(value: string): boolean {
  return /[*•…]|\.\.\./.test(value) || value.length < 8;
}

/** Epoch numbers below this are seconds, above it milliseconds (1e11 s is the year 5138). */
const SECONDS_MILLIS_BOUNDARY = 1e11;

/** Reads a date; null means "never", undefined means the value was absent or unreadable. */
export function parseTimestamp(value: unknown): Date | null | undefined {
  if (value === undefined) return undefined;
  if (value === null || value === '' || value === 0 || value === '0') return null;
  if (typeof value === 'string' && /^\s*never\s*$/i.test(value)) return null;
  let millis: number;
  if (typeof value === 'number') {
    millis = value < SECONDS_MILLIS_BOUNDARY ? value * 1000 : value;
  } else if (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)) {
    const n = Number(value);
    millis = n < SECONDS_MILLIS_BOUNDARY ? n * 1000 : n;
  } else if (typeof value === 'string') {
    millis = Date.parse(value);
  } else if (isObject(value) && typeof value.$date === 'string') {
    millis = Date.parse(value.$date); // MongoDB extended JSON
  } else {
    return undefined;
  }
  return Number.isFinite(millis) ? new Date(millis) : undefined;
}

export function unwrap(body: unknown, wrappers: readonly string[], accept: (v: unknown) => boolean): unknown {
  let current = body;
  // Two levels cover {data: {tokens: [...]}} without looping on odd shapes.
  for (let depth = 0; depth < 2 && !accept(current) && isObject(current); depth++) {
    const found = firstPresent(current, wrappers);
    if (!found) break;
    current = found[1];
  }
  return current;
}
