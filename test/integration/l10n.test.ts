// The extension in Turkish: VS Code loads l10n/bundle.l10n.tr.json and package.nls.tr.json, and
// messages, buttons and relative times come out in Turkish. These tests run only in the Turkish
// stage of scripts/test-all.sh:
//
//   CODETHREAT_EXPECT_LOCALE=tr CODETHREAT_TEST_GREP='^l10n:' \
//     node test/vscode-host/run-tests.mjs --vscode 1.139 --locale tr
//
// and are pending in the other runs, whose tests expect English.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, useExtensionHarness } from './support/harness';

const expectTurkish = process.env.CODETHREAT_EXPECT_LOCALE === 'tr';

(expectTurkish ? suite : suite.skip)('l10n: Turkish display language', () => {
  const t = useExtensionHarness();
  suiteSetup(() => {
    t.signInConsent = { modal: 'Oturum Aç', message: /^.+ adresindeki CodeThreat'e .+ olarak oturum açılsın mı\?$/ };
  });

  function extensionPath(): string {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    return extension.extensionPath;
  }

  async function items() {
    const tree = t.hooks.features.tokens.tree;
    return (await t.tokenNodes()).map((node) => {
      const item = tree.getTreeItem(node);
      const tooltip = tree.resolveTreeItem(item, node).tooltip as vscode.MarkdownString;
      return { label: item.label as string, description: item.description as string, tooltip: tooltip.value };
    });
  }

  test('VS Code runs in Turkish and gives the extension its Turkish bundle', () => {
    assert.equal(vscode.env.language, 'tr');
    assert.ok(vscode.l10n.uri, 'a bundle was loaded for the display language');
    assert.equal(path.posix.basename(vscode.l10n.uri.path), 'bundle.l10n.tr.json');
    const onDisk = JSON.parse(fs.readFileSync(path.join(extensionPath(), 'l10n', 'bundle.l10n.tr.json'), 'utf8'));
    assert.deepEqual(vscode.l10n.bundle, onDisk);
  });

  test('the manifest comes from package.nls.tr.json: command titles, view name', () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON;
    const raw = JSON.parse(fs.readFileSync(path.join(extensionPath(), 'package.json'), 'utf8'));
    const turkish = JSON.parse(fs.readFileSync(path.join(extensionPath(), 'package.nls.tr.json'), 'utf8')) as Record<string, string>;
    // VS Code keeps the English next to a localised command title: { value, original }.
    const text = (value: string | { value: string }) => (typeof value === 'string' ? value : value.value);
    const titles = Object.fromEntries((manifest.contributes.commands as { command: string; title: string | { value: string } }[]).map((c) => [c.command, text(c.title)]));
    for (const command of raw.contributes.commands as { command: string; title: string }[]) {
      assert.equal(titles[command.command], turkish[command.title.replace(/^%|%$/g, '')], command.command);
    }
    assert.equal(titles['codethreat.signIn'], 'Oturum Aç');
    assert.equal(titles['codethreat.signOut'], 'Oturumu Kapat');
    assert.equal(manifest.contributes.views.codethreat[0].name, 'Erişim Belirteçleri');
  });

  test('a command signed out: the notification and its button are Turkish', async () => {
    assert.equal(await vscode.commands.executeCommand('codethreat.tokens.generate', { name: 'x', deliver: 'clipboard' }), undefined);
    assert.deepEqual(t.prompter.notifications, [{ severity: 'info', message: "Önce CodeThreat'te oturum açın.", actions: ['Oturum Aç'] }]);
  });

  test('a rejected password is reported in Turkish', async () => {
    const result = await t.signIn({ password: 'not-the-password' });
    assert.equal(result, undefined);
    assert.deepEqual(t.prompter.messages('error'), ['CodeThreat bu kullanıcı adını ve parolayı kabul etmedi. Hiçbir şey kaydedilmedi.']);
  });

  test('token items: "last used" with a Turkish relative time, and a Turkish tooltip', async () => {
    await t.signInDemo();
    assert.match(t.prompter.messages('info')[0], /^.+ sunucusundaki CodeThreat'te .+ olarak oturum açıldı \(acme\)\.$/);
    const shown = await items();
    const description = (name: string) => shown.find((i) => i.label === name)?.description;
    assert.equal(description('Release bot'), 'hiç kullanılmadı');
    assert.equal(description('Local CLI'), 'son kullanım 5 saat önce');
    assert.equal(description('GitHub Actions'), 'son kullanım 7 dakika önce');
    assert.equal(description('Jenkins nightly'), 'son kullanım 3 gün önce');
    assert.equal(description('Old laptop script'), 'son kullanım 7 ay önce');
    const releaseBot = shown.find((i) => i.label === 'Release bot')!;
    assert.match(releaseBot.tooltip, /\| \*\*Ad\*\* \| Release bot \|/);
    assert.match(releaseBot.tooltip, /\| \*\*Oluşturulma\*\* \| .+ \(evvelsi gün\) \|/);
    assert.match(releaseBot.tooltip, /\| \*\*Son kullanım\*\* \| Hiçbir zaman \|/);
  });

  test('a modal with Turkish buttons: the answer is understood', async () => {
    await t.signInDemo();
    const node = (await t.tokenNodes()).find((n) => n.token.name === 'Jenkins nightly');
    assert.ok(node);
    t.script({ modal: 'Sil', message: /^"Jenkins nightly" erişim belirteci silinsin mi\?$/ });
    const result = await vscode.commands.executeCommand('codethreat.tokens.delete', node);
    assert.deepEqual(result, { id: node.token.id, name: 'Jenkins nightly', deletedNow: true });
    assert.match(t.prompter.modals[0].detail, /Bu işlem geri alınamaz\./);
    assert.equal(t.prompter.messages('info').at(-1), '"Jenkins nightly" erişim belirteci silindi.');
  });
});
