// The view's order: `apply` filters and sorts a whole list; `insertNodes` puts a few new tokens
// into children already in that order (what a refresh of a list that changed in a few tokens
// does). Both must give the same order.
import * as assert from 'node:assert/strict';
import type { AccessToken } from '../../src/core/api/accessToken';
import { TokenViewOptions, type SortOrder } from '../../src/features/tokens/view/tokenViewOptions';
import { memoryState } from './support/memoryPorts';

suite('TokenViewOptions order', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  const DAY = 86_400_000;
  const token = (i: number): AccessToken => ({
    id: `t${i}`,
    name: `token ${(i * 37) % 101}`,
    createdAt: new Date(now.getTime() - ((i * 7919) % 997) * DAY - i),
    lastUsedAt: i % 4 === 0 ? null : new Date(now.getTime() - ((i * 131) % 89) * DAY - i),
  });
  const nodes = (tokens: readonly AccessToken[]) => tokens.map((t) => ({ token: t }));

  for (const order of ['created', 'lastUsed', 'name'] as SortOrder[]) {
    test(`${order}: inserting a few tokens gives the order of sorting them all`, async () => {
      const options = new TokenViewOptions(memoryState(), () => 90, () => 14);
      await options.setSortBy(order);
      const all = Array.from({ length: 100 }, (_, i) => token(i));
      const full = options.apply(all, now, 'en').map((t) => t.id);
      const fresh = all.filter((_, i) => i % 9 === 4);
      const kept = nodes(options.apply(all.filter((t) => !fresh.includes(t)), now, 'en'));
      const updated = options.insertNodes(kept, nodes(options.apply(fresh, now, 'en')), 'en');
      assert.deepEqual(updated.map((n) => n.token.id), full);
    });
  }
});
