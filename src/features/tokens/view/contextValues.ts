/**
 * The tokens view's context values, and the manifest's `viewItem` clauses that match them, built
 * from the same parts: an item's kind, then a token's flags in a fixed order, joined by dots
 * (`token.saved.stale`). The menus in package.json hold the clauses as text; the manifest unit test
 * checks that every `viewItem` clause there is one of `VIEW_ITEM_CLAUSES`. No `vscode` import: the
 * unit tests read it in plain Node.
 */
const SEPARATOR = '.';

/** What an item is: the first part of its context value. */
export const ITEM_KINDS = { connection: 'connection', token: 'token' } as const;

/** What a token item may be flagged with, in the order the parts follow its kind. */
export const TOKEN_FLAGS = ['saved', 'stale', 'expiring', 'expired'] as const;
export type TokenFlag = (typeof TOKEN_FLAGS)[number];

/** A token item while it is being deleted: no action applies to it. */
const DELETING = 'deleting';

export const CONNECTION_CONTEXT_VALUE: string = ITEM_KINDS.connection;
export const DELETING_TOKEN_CONTEXT_VALUE = [ITEM_KINDS.token, DELETING].join(SEPARATOR);

/** A token item's context value: its kind, then the flags it has, in `TOKEN_FLAGS` order. */
export function tokenContextValue(flags: Readonly<Record<TokenFlag, boolean>>): string {
  return [ITEM_KINDS.token, ...TOKEN_FLAGS.filter((flag) => flags[flag])].join(SEPARATOR);
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** The `when` clauses of the view's item menus, as the manifest writes them. */
export const VIEW_ITEM_CLAUSES = {
  /** A connection (server + organization). */
  connection: `viewItem == ${CONNECTION_CONTEXT_VALUE}`,
  /** Any token item, also one being deleted (its details can still be shown). */
  anyToken: `viewItem =~ /^${escaped(ITEM_KINDS.token)}/`,
  /** A token item an action may apply to: any flags, but not being deleted. */
  actionableToken: `viewItem =~ /^${escaped(ITEM_KINDS.token)}(${escaped(SEPARATOR)}(${TOKEN_FLAGS.map(escaped).join('|')}))*$/`,
} as const;
