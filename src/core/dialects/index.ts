/**
 * The API generations this extension speaks, each listed once. Everything that differs between
 * them is in their descriptors (dialect.ts); a new generation is its folder plus one line here,
 * and every `switch` over `ApiGeneration` that misses it fails to compile (`unreachable`).
 * Persisted connections keep naming their generation by these strings; none means classic.
 */
import { appsec } from './appsec/descriptor';
import { classic } from './classic/descriptor';
import type { CredentialNoun } from './dialect';

/** Oldest first. */
export const DIALECTS = [classic, appsec] as const;

export type AnyDialect = (typeof DIALECTS)[number];
export type ApiGeneration = AnyDialect['generation'];

/**
 * Newest first: the order the server probe asks in (a newer server may still answer an older
 * dialect's routes) and sign-in offers them in when the server did not say.
 */
export const DIALECTS_NEWEST_FIRST: readonly AnyDialect[] = [...DIALECTS].reverse();

/** What a connection saved before there was a choice speaks: it names no generation. */
export const UNNAMED_GENERATION_DIALECT = classic;

export function dialectOf(generation: ApiGeneration | undefined): AnyDialect {
  return DIALECTS.find((dialect) => dialect.generation === generation) ?? UNNAMED_GENERATION_DIALECT;
}

/** The dialect a caller's text names (a command argument), if it names one. */
export function namedDialect(text: string | undefined): AnyDialect | undefined {
  return DIALECTS.find((dialect) => dialect.generation === text);
}

/**
 * Picks the wording for the dialect's credential noun, e.g.
 * `byNoun(generation, { accessToken: l10n.t('…token…'), apiKey: l10n.t('…API key…') })`: every
 * noun must be given, so a dialect with a new noun fails to compile until each sentence has it.
 */
export function byNoun<T>(generation: ApiGeneration | undefined, wordings: Readonly<Record<CredentialNoun, T>>): T {
  return wordings[dialectOf(generation).credentialNoun];
}

/** The end of an exhaustive `switch` over a union: a value left unhandled does not compile. */
export function unreachable(value: never): never {
  throw new Error(`Unhandled case: ${String(value)}`);
}
