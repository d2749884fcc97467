/**
 * What changed between two versions of a list whose unchanged items are the same objects (the
 * clients' `TokenListReader` keeps them): the items that left and the ones that came, found by
 * walking both lists side by side. A list that changed in a few items costs one comparison per
 * item, with no hashing; moved items count as left and come.
 */

/** How far ahead either list is searched for the other's item, past removed or added ones. */
const LOOK_AHEAD = 64;

export interface IdentityDiff<T> {
  readonly removed: T[];
  readonly added: T[];
}

/** The change from `before` to `after`; undefined when more than `limit` items left or came. */
export function identityDiff<T>(before: readonly T[], after: readonly T[], limit = 64): IdentityDiff<T> | undefined {
  const removed: T[] = [];
  const added: T[] = [];
  let i = 0;
  let j = 0;
  while (i < before.length || j < after.length) {
    if (i < before.length && j < after.length && before[i] === after[j]) {
      i++;
      j++;
      continue;
    }
    const nextInBefore = j < after.length ? indexAhead(before, after[j], i) : -1;
    const nextInAfter = i < before.length ? indexAhead(after, before[i], j) : -1;
    if (nextInBefore >= 0) {
      removed.push(...before.slice(i, nextInBefore));
      i = nextInBefore;
    } else if (nextInAfter >= 0) {
      added.push(...after.slice(j, nextInAfter));
      j = nextInAfter;
    } else {
      if (i < before.length) removed.push(before[i++]);
      if (j < after.length) added.push(after[j++]);
    }
    if (removed.length + added.length > limit) return undefined;
  }
  return { removed, added };
}

function indexAhead<T>(list: readonly T[], item: T, from: number): number {
  const end = Math.min(from + LOOK_AHEAD, list.length);
  for (let k = from; k < end; k++) if (list[k] === item) return k;
  return -1;
}
