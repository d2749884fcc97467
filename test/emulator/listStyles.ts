// JSON shapes for the access-token list and create responses. The real contract is not
// published, so tests flip between plausible shapes to prove the client copes with each.
import type { StoredToken } from './state';

export const LIST_STYLES = ['snake', 'camel', 'epochSeconds', 'wrappedData', 'wrappedResult', 'mongo'] as const;
export type ListStyle = (typeof LIST_STYLES)[number];

export function isListStyle(value: unknown): value is ListStyle {
  return typeof value === 'string' && (LIST_STYLES as readonly string[]).includes(value);
}

const iso = (ms: number) => new Date(ms).toISOString();
const seconds = (ms: number) => Math.floor(ms / 1000);

/** One list item; never contains the full token value. */
function listItem(token: StoredToken, style: ListStyle): object {
  switch (style) {
    case 'camel':
      return { _id: token.id, name: token.name, masked: token.partial, createdAt: token.createdAt, lastUsedAt: token.lastUsedAt ?? 0 };
    case 'epochSeconds':
      return {
        id: token.id,
        name: token.name,
        partial: token.partial,
        created: seconds(token.createdAt),
        last_used_at: token.lastUsedAt === null ? 'Never' : seconds(token.lastUsedAt),
      };
    case 'mongo':
      return {
        _id: token.id,
        name: token.name,
        token: token.partial,
        create_date: iso(token.createdAt),
        lastUsed: token.lastUsedAt === null ? '' : iso(token.lastUsedAt),
      };
    case 'snake':
    case 'wrappedData':
    case 'wrappedResult':
      return snakeItem(token, token.partial);
  }
}

function snakeItem(token: StoredToken, shownValue: string): object {
  return {
    id: token.id,
    name: token.name,
    token: shownValue,
    created_at: iso(token.createdAt),
    last_used: token.lastUsedAt === null ? null : iso(token.lastUsedAt),
  };
}

export function formatTokenList(tokens: readonly StoredToken[], style: ListStyle): unknown {
  const items = tokens.map((token) => listItem(token, style));
  if (style === 'wrappedData') return { data: items };
  if (style === 'wrappedResult') return { result: items };
  return items;
}

/** The create response: the only time the full value is ever returned. */
export function formatCreatedToken(token: StoredToken, style: ListStyle): unknown {
  switch (style) {
    case 'camel':
      return { ...listItem(token, style), value: token.value };
    case 'epochSeconds':
      return { ...listItem(token, style), token: token.value };
    case 'mongo':
      return { ...listItem(token, style), token: token.value };
    case 'wrappedData':
      return { data: snakeItem(token, token.value) };
    case 'wrappedResult':
      return { result: snakeItem(token, token.value) };
    case 'snake':
      return snakeItem(token, token.value);
  }
}
