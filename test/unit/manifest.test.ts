// The manifest and the code agree: every command is registered and categorised, item commands
// stay out of the palette when signed out, every setting that steers requests is machine-scoped,
// and every %placeholder% has its string.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMANDS } from '../../src/features/shared/commandIds';
import {
  CONNECTION_CONTEXT_VALUE,
  DELETING_TOKEN_CONTEXT_VALUE,
  TOKEN_FLAGS,
  tokenContextValue,
  VIEW_ITEM_CLAUSES,
  type TokenFlag,
} from '../../src/features/tokens/view/contextValues';

const root = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const strings = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;

suite('manifest', () => {
  test('contributed commands are exactly the registered ones, each with the CodeThreat category', () => {
    const contributed = (manifest.contributes.commands as { command: string; category: string }[]).map((c) => c.command).sort();
    assert.deepEqual(contributed, Object.values(COMMANDS).sort());
    for (const command of manifest.contributes.commands) assert.equal(command.category, 'CodeThreat', command.command);
  });

  test('token commands are hidden from the palette until signed in', () => {
    const palette = manifest.contributes.menus.commandPalette as { command: string; when: string }[];
    for (const id of [COMMANDS.generate, COMMANDS.delete, COMMANDS.refresh, COMMANDS.signOut, COMMANDS.verify]) {
      assert.equal(palette.find((p) => p.command === id)?.when, 'codethreat.signedIn', id);
    }
  });

  test('every viewItem clause in the menus is one the view module builds from the parts of its context values', () => {
    const clauses = Object.values(manifest.contributes.menus as Record<string, { when?: string }[]>)
      .flat()
      .flatMap((entry) => [...(entry.when ?? '').matchAll(/viewItem\s*(?:==|!=|=~)\s*(?:\/.*?\/(?= |$)|[^\s)]+)/g)].map((m) => m[0]));
    assert.ok(clauses.length >= 10, 'the item menus use viewItem');
    const built = new Set<string>(Object.values(VIEW_ITEM_CLAUSES));
    for (const clause of clauses) assert.ok(built.has(clause), `${clause} is not one of VIEW_ITEM_CLAUSES`);
  });

  test('the delete action is inline and in the context menu of token items only', () => {
    const itemMenu = manifest.contributes.menus['view/item/context'] as { command: string; when: string; group: string }[];
    const deletes = itemMenu.filter((m) => m.command === COMMANDS.delete);
    assert.ok(deletes.some((m) => m.group.startsWith('inline')));
    assert.ok(deletes.some((m) => !m.group.startsWith('inline')));
    for (const entry of deletes) assert.ok(entry.when.includes(VIEW_ITEM_CLAUSES.actionableToken), entry.when);
  });

  test('token item actions show on every state of a token item the view makes, but not while it is deleted', () => {
    const itemMenu = manifest.contributes.menus['view/item/context'] as { command: string; when: string }[];
    const actions = itemMenu.filter((m) => m.command === COMMANDS.delete || m.command === COMMANDS.rotate);
    assert.ok(actions.length >= 2, 'delete and rotate are on the item menu');
    // Every combination of flags the view can set, built as the view builds them.
    const states = TOKEN_FLAGS.reduce<TokenFlag[][]>((sets, flag) => [...sets, ...sets.map((set) => [...set, flag])], [[]]);
    const values = states.map((set) => tokenContextValue(Object.fromEntries(TOKEN_FLAGS.map((flag) => [flag, set.includes(flag)])) as Record<TokenFlag, boolean>));
    assert.ok(values.includes('token.saved.stale.expiring'), 'the values are what the view sets');
    for (const entry of actions) {
      const pattern = new RegExp(/viewItem =~ \/(.+?)\/(?: |$)/.exec(entry.when)![1]);
      for (const value of values) assert.ok(pattern.test(value), `${entry.command} on ${value}`);
      for (const value of [DELETING_TOKEN_CONTEXT_VALUE, CONNECTION_CONTEXT_VALUE]) assert.ok(!pattern.test(value), `${entry.command} not on ${value}`);
    }
  });

  test('settings that decide where requests go cannot be set by a workspace', () => {
    const properties = manifest.contributes.configuration.properties as Record<string, { scope?: string; deprecationMessage?: string }>;
    assert.ok(Object.keys(properties).length >= 3);
    // The deprecated settings of the older extension are only read to offer an import.
    for (const [key, property] of Object.entries(properties).filter(([, p]) => !p.deprecationMessage)) {
      assert.ok(property.scope === 'machine' || property.scope === 'application', `${key} is ${property.scope}`);
    }
  });

  test('untrusted workspaces: limited, with every setting the extension reads restricted; activation is never eager', () => {
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    const properties = Object.keys(manifest.contributes.configuration.properties).sort();
    assert.deepEqual([...manifest.capabilities.untrustedWorkspaces.restrictedConfigurations].sort(), properties);
    assert.ok(strings[manifest.capabilities.untrustedWorkspaces.description.slice(1, -1)]);
    for (const event of manifest.activationEvents as string[]) assert.ok(event !== '*' && event !== 'onStartupFinished', event);
  });

  test('every %placeholder% in the manifest has a string, and every string is used', () => {
    const text = fs.readFileSync(path.join(root, 'package.json'), 'utf8');
    const used = new Set([...text.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]));
    for (const key of used) assert.ok(strings[key], `missing string ${key}`);
    for (const key of Object.keys(strings)) assert.ok(used.has(key), `unused string ${key}`);
  });

  test('each welcome state has content and the states match the view code', () => {
    const welcome = manifest.contributes.viewsWelcome as { when: string }[];
    assert.ok(welcome.some((w) => w.when.includes('codethreat.importAvailable')));
    for (const state of ['loading', 'empty', 'error', 'unauthorized', 'unsupported', 'forbidden']) {
      assert.ok(welcome.some((w) => w.when.includes(`codethreat.listState == ${state}`)), state);
    }
    assert.ok(welcome.some((w) => w.when === '!codethreat.signedIn'));
  });
});

suite('manifest ↔ code: context keys', () => {
  /** Every source file's text, to look for where context keys are set. */
  function sources(dir: string): string {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .map((entry) => (entry.isDirectory() ? sources(path.join(dir, entry.name)) : entry.name.endsWith('.ts') ? fs.readFileSync(path.join(dir, entry.name), 'utf8') : ''))
      .join('\n');
  }

  test('every codethreat.* context key used in the manifest is set by the code', () => {
    const text = fs.readFileSync(path.join(root, 'package.json'), 'utf8');
    const used = new Set([...text.matchAll(/\b(codethreat\.(?:signedIn|listState|filterActive|staleOnly|hasSavedToken|importAvailable|[a-zA-Z]+))\b(?=[^"]*")/g)].map((m) => m[1]));
    const code = sources(path.join(root, 'src'));
    const keysInWhen = [...used].filter((key) => new RegExp(`(when|onContext:)[^\\n]*${key.replace('.', '\\.')}\\b`).test(text));
    assert.ok(keysInWhen.length >= 6, keysInWhen.join());
    for (const key of keysInWhen) assert.match(code, new RegExp(`['"]${key.replace('.', '\\.')}['"]`), `${key} is never set`);
  });

  test('the walkthrough completes on real events', () => {
    const [walkthrough] = manifest.contributes.walkthroughs as { steps: { completionEvents: string[]; media: { markdown: string } }[] }[];
    assert.equal(walkthrough.steps.length, 3);
    for (const step of walkthrough.steps) {
      assert.ok(step.completionEvents.length > 0);
      assert.ok(fs.existsSync(path.join(root, step.media.markdown)), step.media.markdown);
      for (const event of step.completionEvents) {
        const command = /^onCommand:(.+)$/.exec(event)?.[1];
        if (command) assert.ok(Object.values(COMMANDS).includes(command as never), command);
      }
    }
  });
});
