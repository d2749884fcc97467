/**
 * Text that came from a server, a command's arguments or a workspace file, made safe to show.
 * Such text is data, never markup: VS Code turns `[label](command:…)` in a notification into a
 * link that runs the command on click, renders `$(icon)` in quick picks and the status bar, and
 * renders Markdown (links, images that fetch on hover, HTML) in tooltips. Each sink has its own
 * function here; every place that shows untrusted text calls one of them (a unit test finds the
 * places that do not).
 */

/** What the view shows instead of a partial value that does not look like one. */
export const OWN_MASK = '••••••••';

/** How long a name may be where it is shown; longer ones are cut with an ellipsis. */
export const NAME_LENGTH = 100;
/** How long a server's sentence (an error message) may be where it is shown. */
export const SENTENCE_LENGTH = 300;
/** A partial value longer than this may be more than a partial value. */
export const PARTIAL_VALUE_LENGTH = 64;

/**
 * Invisible characters that move or hide text: control characters (newlines included), line and
 * paragraph separators, lone surrogates, zero-width characters and the bidirectional controls
 * (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) that can make "exe.txt" read "txt.exe".
 */
const INVISIBLE = /[\p{Cc}\p{Zl}\p{Zp}\p{Cs}\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2069\ufeff]/gu;

/**
 * One line of plain text for notifications, modals, quick picks, tree items and the status bar:
 * no invisible or bidirectional characters, no line breaks, no `[label](target)` link (VS Code's
 * notification links need `]` right before `(`) and no `$(icon)`, at most `max` characters.
 */
export function plainText(text: string, max = NAME_LENGTH): string {
  // Only the start can be shown: a server's 10 KB name costs no more than a short one.
  const head = text.length > max * 4 ? text.slice(0, max * 4) : text;
  const flat = head.replace(INVISIBLE, ' ').replace(/\s+/gu, ' ').trim();
  return shorten(flat.replace(/\]\(/g, '] (').replace(/\$\(/g, '$ ('), max, head !== text);
}

/**
 * Plain text for a Markdown tooltip: `plainText`, then every ASCII punctuation character escaped
 * with a backslash (CommonMark allows exactly these), so that no link, image, HTML, emphasis,
 * table cell, autolink (`https\://`) or `$(icon)` can come from the text.
 */
export function markdownText(text: string, max = NAME_LENGTH): string {
  return plainText(text, max).replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

/**
 * A partial value as the server sent it when it looks like one — a few token characters and a
 * mask (`ct_Ab3d…x9Zq`, `****abcd`) — else `OWN_MASK`; undefined when there is none.
 */
export function partialValueText(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return value.length <= PARTIAL_VALUE_LENGTH && /^[A-Za-z0-9_-]*(?:[*•…]+|\.{3,})[A-Za-z0-9_-]*$/u.test(value) ? value : OWN_MASK;
}

/** Cuts at `max` characters (code points, so no pair is split), the last one an ellipsis; `cut`: text was left out already. */
function shorten(text: string, max: number, cut: boolean): string {
  const chars = Array.from(text);
  if (chars.length > max || (cut && chars.length === max)) return `${chars.slice(0, max - 1).join('')}…`;
  return cut ? `${text}…` : text;
}
