import * as assert from 'node:assert/strict';
import { markdownText, NAME_LENGTH, OWN_MASK, partialValueText, plainText } from '../../src/core/util/untrustedText';

/** VS Code's own pattern for links in notification text (src/vs/base/common/linkedText.ts). */
const NOTIFICATION_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

const HOSTILE = [
  'Session expired: [Re-verify](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%22%7D)',
  '![x](https://attacker.example/track.png) [open](https://attacker.example)',
  'line one\nline two\r\n[split](\ncommand:x)',
  'invoice\u202Etxt.exe',
  '[a]\u200F(command:x) [b]\u2066(file:///etc/passwd)',
  '$(lock) verified',
  '<img src=x onerror=alert(1)> | cell | `code` *bold* _em_ # heading',
  'https://attacker.example www.attacker.example user@attacker.example',
];

suite('untrusted text', () => {
  test('plain text: no link a notification would render, no newline, control or bidi character, no icon', () => {
    for (const text of HOSTILE) {
      const shown = plainText(text, 1000);
      assert.equal(shown.match(NOTIFICATION_LINK), null, shown);
      assert.doesNotMatch(shown, /\]\(/, shown);
      assert.doesNotMatch(shown, /\$\(/, shown);
      assert.doesNotMatch(shown, CONTROL, JSON.stringify(shown));
      assert.doesNotMatch(shown, BIDI, JSON.stringify(shown));
    }
  });

  test('plain text keeps ordinary text as it is', () => {
    assert.equal(plainText('CI (nightly) — Zoë’s key [prod]'), 'CI (nightly) — Zoë’s key [prod]');
    assert.equal(plainText('  spaced\t out  '), 'spaced out');
    assert.equal(plainText('組織 acme'), '組織 acme');
  });

  test('plain text is cut with an ellipsis at its bound, without splitting a character', () => {
    const long = 'x'.repeat(10_000);
    assert.equal(plainText(long), `${'x'.repeat(NAME_LENGTH - 1)}…`);
    assert.equal(plainText(long, 300).length, 300);
    const emoji = plainText('😀'.repeat(200), 10);
    assert.equal(Array.from(emoji).length, 10);
    assert.ok(!/[\ud800-\udbff]…$/.test(emoji), 'no lone surrogate before the ellipsis');
    // Mostly blank: what is shown says that something was left out.
    assert.equal(plainText(`a${' '.repeat(10_000)}b`), 'a…');
  });

  test('Markdown text escapes every Markdown character, so no link, image, HTML, autolink or icon survives', () => {
    for (const text of HOSTILE) {
      const shown = markdownText(text, 1000);
      // Every ASCII punctuation character is preceded by a backslash (which is itself escaped).
      const unescaped = shown.replace(/\\[!-/:-@[-`{-~]/g, '');
      assert.doesNotMatch(unescaped, /[!-/:-@[-`{-~]/, `${text} → ${shown}`);
      assert.doesNotMatch(shown, /https?:\/\//);
      assert.doesNotMatch(shown, /\n/);
    }
    assert.equal(markdownText('![x](https://a.example)'), '\\!\\[x\\] \\(https\\:\\/\\/a\\.example\\)');
    assert.equal(markdownText('$(lock)'), '\\$ \\(lock\\)');
  });

  test('a partial value is shown only when it looks like one', () => {
    for (const partial of ['ct_Ab…9Zq', 'ct_7f3a9c…a1b2', '****abcd', 'ct_ab...yz', '•••••••x9Zq', 'abc*', '…']) {
      assert.equal(partialValueText(partial), partial);
    }
    for (const hostile of ['![x](https://a.example/p.png)…', '*[link](command:x)*', 'ct_ab…\nnext', '$(lock)…', `ct_${'a'.repeat(70)}…`, 'ct_full_value_without_mask', 'ct_ab\u202E…yz']) {
      assert.equal(partialValueText(hostile), OWN_MASK, JSON.stringify(hostile));
    }
    assert.equal(partialValueText(undefined), undefined);
  });
});
