// A server that answers with markup (the emulator's hostile-text fault, both dialects): every
// screen that shows its text — view items, tooltips, the details dialog, every modal, every error
// notification, pickers, the status bar — shows plain text. No link VS Code would render in a
// notification (and run on click), no image, HTML, icon, line break, control or bidi character
// reaches the user; tooltips are escaped Markdown that trusts nothing.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { offerImport } from '../../src/features/import/importOffer';
import { DEMO_ADMIN_API_KEY, DEMO_PERSONAL_ORGANIZATION_SLUG, DEMO_USERNAME } from '../emulator/emulator';
import { useExtensionHarness } from './support/harness';
import type { ScriptedPrompter } from './support/scriptedPrompter';

/** VS Code's pattern for a link in notification text (src/vs/base/common/linkedText.ts). */
const NOTIFICATION_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/i;
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2069\ufeff]/;
/** Longer than any sentence of ours with a server's sentence in it: 10 KB of filler never gets through. */
const LONGEST = 1000;

/** One line a person reads: plain text. */
function assertPlain(text: string | undefined, where: string): void {
  if (text === undefined) return;
  const shown = JSON.stringify(text.slice(0, 200));
  assert.doesNotMatch(text, NOTIFICATION_LINK, `${where}: a notification link in ${shown}`);
  assert.ok(!text.includes(']('), `${where}: link syntax in ${shown}`);
  assert.ok(!text.includes('$('), `${where}: an icon in ${shown}`);
  assert.doesNotMatch(text, INVISIBLE, `${where}: a control or bidi character in ${shown}`);
  assert.ok(text.length <= LONGEST, `${where}: ${text.length} characters`);
}

/** A modal's detail: paragraphs of plain text. */
function assertPlainParagraphs(detail: string, where: string): void {
  detail.split('\n').forEach((line, i) => assertPlain(line, `${where}, line ${i + 1}`));
}

/**
 * A tooltip: trusts nothing, and everything but our own structure (table, bold headings, the
 * notes' icons) is escaped — no link, image, HTML, autolink or icon, no line inside a cell.
 */
function assertInertMarkdown(markdown: vscode.MarkdownString, where: string): void {
  assert.ok(!markdown.isTrusted, `${where}: trusted`);
  assert.ok(!markdown.supportHtml, `${where}: HTML`);
  const ours = markdown.value
    .replace(/^\| \| \|\n\|---\|---\|\n/m, '')
    .replace(/^\| \*\*[^*|\\]+\*\* \| /gm, '')
    .replace(/ \|$/gm, '')
    .replace(/^\$\((lock|warning|error)\) /gm, '')
    .replace(/\*\*/g, '');
  const unescaped = ours.replace(/\\[!-/:-@[-`{-~]/g, '');
  for (const [syntax, what] of [
    ['](', 'a link'],
    ['![', 'an image'],
    ['<', 'HTML'],
    ['$(', 'an icon'],
    ['://', 'an autolink'],
    ['|', 'a table cell'],
  ] as const) {
    assert.ok(!unescaped.includes(syntax), `${where}: ${what} in ${JSON.stringify(markdown.value.slice(0, 300))}`);
  }
  markdown.value.split('\n').forEach((line) => assert.doesNotMatch(line, INVISIBLE, `${where}: a control or bidi character`));
  assert.ok(markdown.value.includes('Re\\-verify'), `${where} shows the server's text (escaped)`);
}

/** Everything the prompter was asked to show. */
function assertPrompterShowedPlainText(prompter: ScriptedPrompter): void {
  prompter.notifications.forEach((n, i) => {
    assertPlain(n.message, `notification ${i + 1}`);
    n.actions.forEach((action) => assertPlain(action, `notification ${i + 1} action`));
  });
  prompter.modals.forEach((m, i) => {
    assertPlain(m.message, `modal ${i + 1} message`);
    assertPlainParagraphs(m.detail, `modal ${i + 1} detail`);
    m.buttons.forEach((button) => assertPlain(button, `modal ${i + 1} button`));
  });
  prompter.picks.forEach((p, i) => {
    assertPlain(p.options.title, `pick ${i + 1} title`);
    p.labels.forEach((label) => assertPlain(label, `pick ${i + 1} label`));
    p.descriptions.forEach((description) => assertPlain(description, `pick ${i + 1} description`));
  });
  prompter.inputs.forEach((input, i) => {
    assertPlain(input.title, `input ${i + 1} title`);
    assertPlain(input.prompt, `input ${i + 1} prompt`);
  });
}

/** The server's text did reach these screens (plain): otherwise the test would prove nothing. */
function assertShowsServerText(texts: readonly string[], where: string): void {
  const reached = texts.some((text) => text.includes('Re-verify') || text.includes('attacker'));
  assert.ok(reached, `${where} shows the server's text: ${JSON.stringify(texts.map((s) => s.slice(0, 80)))}`);
}

for (const dialect of ['classic', 'appsec'] as const) {
  suite(`Hostile server text (${dialect})`, () => {
    const t = useExtensionHarness();
    /** What a new token needs besides its name: an AppSec key its scopes. */
    const keyOptions = dialect === 'appsec' ? { scopes: ['scan:read'], expiresInDays: 30 } : {};

    /** Signed in, with the hostile server from the first answer on (AppSec: the user's and organization's names too). */
    async function signInToHostileServer(): Promise<void> {
      if (dialect === 'appsec') {
        t.emulator.faults.hostileText();
        await t.signInAppsec();
      } else {
        await t.signInDemo();
        t.emulator.faults.hostileText();
      }
      await vscode.commands.executeCommand('codethreat.tokens.refresh');
    }

    async function tokenNodes() {
      const nodes = await t.tokenNodes();
      assert.ok(nodes.length > 0, 'the view lists tokens');
      return nodes;
    }

    test('view items, their tooltips, the view and the status bar', async () => {
      await signInToHostileServer();
      const tree = t.hooks.features.tokens.tree;
      const labels: string[] = [];
      for (const node of await tokenNodes()) {
        const item = tree.getTreeItem(node);
        const label = item.label as string;
        labels.push(label);
        assertPlain(label, 'item label');
        assertPlain(item.description as string, 'item description');
        assertPlain(item.accessibilityInformation?.label, 'item accessibility label');
        assertInertMarkdown(tree.resolveTreeItem(item, node).tooltip as vscode.MarkdownString, `tooltip of ${label.slice(0, 20)}`);
      }
      assertShowsServerText(labels, 'item labels');
      assertPlain(tree.message, 'view message');
      assertPlain(t.hooks.features.tokens.treeView.description, 'view description');
      const statusBar = t.hooks.features.tokens.statusBar;
      await statusBar.update();
      // Our own icons frame the text; what is between them is plain.
      assertPlain(statusBar.content.text.replace(/^\$\(shield\) /, '').replace(/ \$\((key|pass|warning|circle-slash)\)$/, ''), 'status bar text');
      assertPlain(statusBar.content.tooltip, 'status bar tooltip');
      assertPrompterShowedPlainText(t.prompter);
    });

    test('the details dialog, the token picker and the delete, rotate and sign-out dialogs', async () => {
      await signInToHostileServer();
      const [first] = await tokenNodes();
      t.script({ modal: undefined });
      await vscode.commands.executeCommand('codethreat.tokens.showDetails', first);
      t.prompter.script({ cancel: true });
      await vscode.commands.executeCommand('codethreat.tokens.showDetails', {});
      t.prompter.script({ cancel: true });
      await vscode.commands.executeCommand('codethreat.tokens.delete', first);
      t.prompter.script({ cancel: true });
      await vscode.commands.executeCommand('codethreat.tokens.rotate', { id: first.token.id, name: 'replacement', deliver: 'clipboard' });
      t.prompter.script({ cancel: true });
      await vscode.commands.executeCommand('codethreat.signOut');
      const [details, ...others] = t.prompter.modals;
      assertShowsServerText([details.message, details.detail], 'the details dialog');
      assert.equal(t.prompter.picks.length, 1, 'the token picker was shown');
      assertShowsServerText(t.prompter.picks[0].labels, 'the token picker');
      assertShowsServerText(others.map((m) => m.message + m.detail), 'the consent dialogs');
      assertPrompterShowedPlainText(t.prompter);
    });

    test('error notifications: a refused request, a rejected one, a redirect, and the view message after them', async () => {
      await signInToHostileServer();
      const list = dialect === 'appsec' ? '/api/v1/api-keys' : '/api/accesstoken';
      t.emulator.faults.status(403, { match: { method: 'GET', path: list } });
      await vscode.commands.executeCommand('codethreat.tokens.refresh');
      assertPlain(t.hooks.features.tokens.tree.message, 'view message after a refusal');
      t.emulator.faults.status(302, { match: { method: 'GET', path: list } });
      await vscode.commands.executeCommand('codethreat.tokens.refresh');
      t.emulator.faults.status(400, { match: { method: 'POST', path: list } });
      await t.generate({ name: 'rejected', deliver: 'clipboard', ...keyOptions });
      const errors = t.prompter.messages('error');
      assert.equal(errors.length, 3, errors.map((e) => e.slice(0, 100)).join(' / '));
      assertShowsServerText(errors, 'the error notifications');
      assert.ok(
        errors.some((message) => message.includes('redirected to https://attacker.example/')),
        'the redirect names its Location, as text',
      );
      assertPrompterShowedPlainText(t.prompter);
    });

    test('a token the server names with markup: the outcome, the status bar, the terminal and sign-out dialogs', async () => {
      await signInToHostileServer();
      await t.generate({ name: 'saved', deliver: 'secretStorage', ...keyOptions });
      assertShowsServerText(t.prompter.messages('info'), 'the outcome notification');
      const statusBar = t.hooks.features.tokens.statusBar;
      await statusBar.update();
      assertPlain(statusBar.content.tooltip, 'status bar tooltip');
      assertShowsServerText([statusBar.content.tooltip], 'the status bar tooltip');
      t.prompter.script({ cancel: true });
      await vscode.commands.executeCommand('codethreat.openTerminal');
      t.prompter.script({ cancel: true });
      await vscode.commands.executeCommand('codethreat.signOut');
      assertShowsServerText(t.prompter.modals.slice(-2).map((m) => m.message + m.detail), 'the terminal and sign-out dialogs');
      assertPrompterShowedPlainText(t.prompter);
    });

    if (dialect === 'appsec') {
      test('two connections: their rows, descriptions and tooltips (the user and organization names)', async () => {
        await signInToHostileServer();
        assert.ok(await t.signIn({ apiKey: DEMO_ADMIN_API_KEY, organization: DEMO_PERSONAL_ORGANIZATION_SLUG, username: undefined, password: undefined }));
        const tree = t.hooks.features.tokens.tree;
        const rows = await tree.getChildren();
        assert.equal(rows.length, 2);
        for (const row of rows) {
          const item = tree.getTreeItem(row);
          assertPlain(item.label as string, 'connection label');
          assertPlain(item.description as string, 'connection description');
          assertInertMarkdown(item.tooltip as vscode.MarkdownString, 'connection tooltip');
        }
        assertPrompterShowedPlainText(t.prompter);
      });
    }

    test('sign-in: the organizations a hostile server offers in the picker', async () => {
      t.emulator.faults.hostileText();
      t.script({ cancel: true });
      const credential = dialect === 'appsec' ? { apiKey: DEMO_ADMIN_API_KEY, username: undefined, password: undefined } : {};
      assert.equal(await t.signIn({ ...credential, organization: undefined }), undefined);
      const organizations = t.prompter.picks.at(-1);
      assert.ok(organizations, 'the organization picker was shown');
      assert.ok(organizations.labels.length > 1);
      assertShowsServerText([...organizations.labels, ...organizations.descriptions.filter((d): d is string => !!d)], 'the organization picker');
      assertPrompterShowedPlainText(t.prompter);
    });
  });
}

suite('Hostile argument and workspace text', () => {
  const t = useExtensionHarness();
  /** Within a token name's 64 characters: a command link, an icon and a right-to-left override. */
  const HOSTILE_NAME = '[Re-verify](command:workbench.action.terminal.new)$(lock)\u202Eexe';
  const HOSTILE_LINES = `[Re-verify](command:workbench.action.terminal.new)\nsecond line\u202E ${'x'.repeat(10 * 1024)}`;

  test('names, ids, organizations and filters given to commands are shown as plain text', async () => {
    await t.signInDemo();
    t.script({ cancel: true });
    await vscode.commands.executeCommand('codethreat.tokens.generate', { name: HOSTILE_NAME, deliver: 'clipboard' });
    await vscode.commands.executeCommand('codethreat.tokens.delete', { id: HOSTILE_LINES });
    t.prompter.script({ cancel: true });
    await vscode.commands.executeCommand('codethreat.signIn', {
      serverUrl: t.emulator.url,
      organization: HOSTILE_LINES,
      username: HOSTILE_LINES,
      password: 'not sent',
    });
    await vscode.commands.executeCommand('codethreat.tokens.filter', { text: HOSTILE_LINES });
    assertPlain(t.hooks.features.tokens.tree.message, 'view message with a filter');
    const asked = t.prompter.modals.map((m) => m.message.slice(0, 60));
    assert.equal(asked.length, 2, `the generate and sign-in dialogs: ${JSON.stringify(asked)}`);
    assertShowsServerText([...t.prompter.modals.map((m) => m.message + m.detail), ...t.prompter.messages()], 'the dialogs and messages');
    assertPrompterShowedPlainText(t.prompter);
    await vscode.commands.executeCommand('codethreat.tokens.clearFilter');
  });

  test('a workspace codethreat.json whose organization is markup: the import offer and its dialog', async () => {
    const file = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'codethreat.json');
    const { value } = t.emulator.issueAccessToken(DEMO_USERNAME, 'from json');
    fs.writeFileSync(file, JSON.stringify({ apiBaseUrl: t.emulator.url, apiToken: value, organizatonName: HOSTILE_LINES }));
    try {
      const offered = await offerImport(t.hooks.container);
      assert.equal(offered.length, 1);
      t.script({ cancel: true });
      await vscode.commands.executeCommand('codethreat.importCredentials', { key: offered[0] });
      assert.equal(t.prompter.modals.length, 1, 'the import dialog');
      assertShowsServerText([t.prompter.modals[0].detail], 'the import dialog');
      assertPrompterShowedPlainText(t.prompter);
    } finally {
      fs.rmSync(file, { force: true });
    }
  });
});
