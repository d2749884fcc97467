/**
 * Reads the token list a client fetches again and again, for either API dialect. Most refreshes
 * get the same answer: then the same (immutable) result is handed back, so nothing downstream
 * re-parses or re-renders. When the answer changed, an entry equal (field by field) to one of the
 * last answer's — at the same place, or a little further on past removed or changed entries —
 * keeps what was read from it, and so its token object and its rendered item: reading fields and
 * dates is most of the cost of a changed list, and a change touches few entries. Whatever the
 * order, the result is what the dialect's contract reads from the answer; only the work differs.
 *
 * Saves (`npm run bench`, 10,000 tokens, classic): without it a refresh took 2.46× the raw fetch
 * and parse instead of 1.00× (unchanged list), 2.08× instead of 1.19× (changed list); without the
 * unchanged-answer shortcut alone, 1.29× instead of 1.00× (unchanged list). On the AppSec platform
 * every list names the calling key with a new last use, so no answer repeats the one before and
 * the entry reuse is what keeps such a refresh near the raw fetch.
 */
import type { AccessToken, ParsedTokenList } from './accessToken';
import { parseJson } from './httpTransport';
import { isObject, type JsonObject } from './tolerantJson';

/** What one list entry reads as: a token, an entry to skip (and why), or a revoked key (only counted). */
export type ListEntryReading = { token: AccessToken } | { skipped: string } | { revoked: true };

/** One dialect's list contract. */
export interface ListContract {
  /** The entries of a list answer; throws `invalidResponse` when it holds no list. */
  entriesOf(body: unknown): readonly unknown[];
  readEntry(entry: unknown): ListEntryReading;
  /** Whether the dialect lists revoked keys (the list then says how many, 0 included). */
  readonly listsRevoked: boolean;
}

/** The list gathered from its entries' readings, skipped entries with their own index. */
function collectReadings(readings: readonly ListEntryReading[], listsRevoked: boolean): ParsedTokenList {
  const list: ParsedTokenList = listsRevoked ? { tokens: [], skipped: [], revokedCount: 0 } : { tokens: [], skipped: [] };
  readings.forEach((reading, index) => {
    if ('token' in reading) list.tokens.push(reading.token);
    else if ('skipped' in reading) list.skipped.push({ index, reason: reading.skipped });
    else list.revokedCount = (list.revokedCount ?? 0) + 1;
  });
  return list;
}

/** Reads a whole list answer without any history. */
export function readList(contract: ListContract, body: unknown): ParsedTokenList {
  return collectReadings(contract.entriesOf(body).map((entry) => contract.readEntry(entry)), contract.listsRevoked);
}

interface LastAnswer {
  readonly text: string;
  readonly body: unknown;
  readonly parsed: ParsedTokenList;
  readonly entries: readonly unknown[];
  readonly readings: readonly ListEntryReading[];
  /** How many fields each entry has (-1: not an object), so that a comparison walks one entry, not two. */
  readonly fieldCounts: readonly number[];
}

/** How far ahead in the last list an equal entry is looked for: past this many removed or changed ones. */
const LOOK_AHEAD = 64;

export class TokenListReader {
  #last: LastAnswer | undefined;

  constructor(private readonly contract: ListContract) {}

  /** The list in `text` (and its JSON, for what else the dialect reads from the answer, such as paging). */
  read(text: string): { parsed: ParsedTokenList; body: unknown } {
    if (this.#last?.text === text) return this.#last;
    const body = parseJson(text);
    const entries = this.contract.entriesOf(body);
    const readings: ListEntryReading[] = [];
    const fieldCounts: number[] = [];
    this.#readReusing(entries, readings, fieldCounts);
    this.#last = { text, body, parsed: collectReadings(readings, this.contract.listsRevoked), entries, readings, fieldCounts };
    return this.#last;
  }

  #readReusing(entries: readonly unknown[], readings: ListEntryReading[], fieldCounts: number[]): void {
    const last = this.#last;
    let next = 0;
    for (const entry of entries) {
      let found = -1;
      if (last && isObject(entry)) {
        const end = Math.min(next + LOOK_AHEAD, last.entries.length);
        for (let k = next; k < end && found < 0; k++) {
          if (last.fieldCounts[k] >= 0 && sameEntry(last.entries[k] as JsonObject, last.fieldCounts[k], entry)) found = k;
        }
      }
      if (last && found >= 0) {
        next = found + 1;
        readings.push(last.readings[found]);
        fieldCounts.push(last.fieldCounts[found]);
      } else {
        readings.push(this.contract.readEntry(entry));
        fieldCounts.push(isObject(entry) ? Object.keys(entry).length : -1);
      }
    }
  }
}

/** Whether `b` has the `aFields` fields of `a` with the same values: `===`, or lists of equal values (scopes). */
function sameEntry(a: JsonObject, aFields: number, b: JsonObject): boolean {
  let fields = 0;
  for (const field in b) {
    if (!sameValue(a[field], b[field])) return false;
    fields++;
  }
  return fields === aFields;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
