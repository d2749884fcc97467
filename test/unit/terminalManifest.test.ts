// Where "Open Terminal with Saved Token" is offered: the palette once signed in, the Access Tokens
// view's "…" menu, and the context menu of a connection node (not inline: it reveals a token).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMANDS } from '../../src/features/shared/commandIds';

const root = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

interface MenuEntry {
  command: string;
  when?: string;
  group?: string;
}

suite('manifest: open terminal with saved token', () => {
  const menus = manifest.contributes.menus as Record<string, MenuEntry[]>;
  const entries = (menu: string) => menus[menu].filter((m) => m.command === COMMANDS.openTerminal);

  test('contributed with its title and the CodeThreat category', () => {
    const command = (manifest.contributes.commands as { command: string; title: string; category: string }[]).find((c) => c.command === COMMANDS.openTerminal);
    assert.deepEqual(command && { title: command.title, category: command.category }, { title: '%command.openTerminal%', category: 'CodeThreat' });
  });

  test('in the palette only when signed in', () => {
    assert.deepEqual(entries('commandPalette'), [{ command: COMMANDS.openTerminal, when: 'codethreat.signedIn' }]);
  });

  test("in the view's title menu (not the inline actions) and a connection node's context menu", () => {
    const title = entries('view/title');
    assert.equal(title.length, 1);
    assert.equal(title[0].when, 'view == codethreat.tokens && codethreat.signedIn');
    assert.ok(!title[0].group?.startsWith('navigation'), 'in the "…" menu');
    const item = entries('view/item/context');
    assert.equal(item.length, 1);
    assert.equal(item[0].when, 'view == codethreat.tokens && viewItem == connection');
    assert.ok(!item[0].group?.startsWith('inline'), 'in the context menu, not inline');
  });
});
