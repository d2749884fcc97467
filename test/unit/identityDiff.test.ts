// identityDiff: the items that left and came between two versions of a list whose unchanged items
// are the same objects — what the tokens view uses to update its children in place.
import * as assert from 'node:assert/strict';
import { identityDiff } from '../../src/core/util/identityDiff';

suite('identityDiff', () => {
  const items = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ id: from + i }));
  const ids = (list: readonly { id: number }[] | undefined) => list?.map((item) => item.id);

  test('an unchanged list: nothing left or came', () => {
    const list = items(100);
    assert.deepEqual(identityDiff(list, [...list]), { removed: [], added: [] });
  });

  test('one item replaced in place, one removed at the start, one added at the end', () => {
    const list = items(100);
    const replacement = { id: 500 };
    const after = [...list.slice(1, 40), replacement, ...list.slice(41), { id: 900 }];
    const diff = identityDiff(list, after);
    assert.deepEqual(ids(diff?.removed), [0, 40]);
    assert.deepEqual(ids(diff?.added), [500, 900]);
  });

  test('a block added and a block removed, each within the look-ahead', () => {
    const list = items(300);
    const after = [...items(30, 1000), ...list.slice(0, 100), ...list.slice(150)];
    const diff = identityDiff(list, after, 80);
    assert.deepEqual(ids(diff?.added), ids(items(30, 1000)));
    assert.deepEqual(ids(diff?.removed), ids(list.slice(100, 150)));
  });

  test('an item the same object but equal in value is a change; equal objects are not looked into', () => {
    const list = items(3);
    const diff = identityDiff(list, [list[0], { id: 1 }, list[2]]);
    assert.deepEqual(ids(diff?.removed), [1]);
    assert.deepEqual(ids(diff?.added), [1]);
    assert.notEqual(diff?.added[0], list[1]);
  });

  test('more changes than the limit: undefined (the caller starts over)', () => {
    const list = items(200);
    assert.equal(identityDiff(list, [...list].reverse()), undefined);
    assert.equal(identityDiff(list, items(200, 1000)), undefined);
    assert.ok(identityDiff(list, items(200, 1000), 1000));
  });

  test('whatever the change, the list before minus what left plus what came holds the list after', () => {
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let round = 0; round < 200; round++) {
      const before = items(Math.floor(random() * 120));
      const after = before.filter(() => random() > 0.05);
      for (let k = Math.floor(random() * 6); k > 0; k--) after.splice(Math.floor(random() * (after.length + 1)), 0, { id: 10_000 + k });
      if (random() < 0.2 && after.length > 2) after.push(after.shift()!);
      const diff = identityDiff(before, after, Infinity);
      assert.ok(diff);
      const result = before.filter((item) => !diff.removed.includes(item)).concat(diff.added);
      assert.deepEqual(new Set(result), new Set(after), `round ${round}`);
      assert.equal(result.length, after.length, `round ${round}`);
    }
  });
});
