// Localisation is complete: every string the sources pass to `vscode.l10n.t` is in the exported
// bundle (l10n/bundle.l10n.json) and translated in every l10n/bundle.l10n.<lang>.json, every
// package.nls.json key is in every package.nls.<lang>.json, and translations keep the
// placeholders, command links and code spans of the English text.
//
// When a test here fails after you added or changed a user-facing string:
//   1. npm run l10n:export          (rewrites l10n/bundle.l10n.json from src/)
//   2. translate the new keys in l10n/bundle.l10n.tr.json (and package.nls.tr.json for manifest
//      strings), keeping {0}, {1}… and product or setting names as they are.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

// The TypeScript compiler, loaded from node_modules at run time rather than bundled into the test.
const ts = createRequire(__filename)('typescript') as typeof import('typescript');

const root = path.resolve(__dirname, '../../..');
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as Record<string, unknown>;

/** Languages with a translation: every l10n/bundle.l10n.<lang>.json. */
const LANGUAGES = fs
  .readdirSync(path.join(root, 'l10n'))
  .map((name) => /^bundle\.l10n\.(.+)\.json$/.exec(name)?.[1])
  .filter((lang): lang is string => !!lang)
  .sort();

/**
 * Translations that may equal the English text although it is longer than IDENTICAL_OK_UP_TO:
 * product names and values that are not words.
 */
const SAME_IN_EVERY_LANGUAGE = new Set([
  'CodeThreat Cloud', // the product's name
  'VS Code: {0} ({1})', // default token name: "VS Code: <purpose> (<date>)"
]);
/** Short strings (e.g. "CodeThreat", "Token") may legitimately read the same in a translation. */
const IDENTICAL_OK_UP_TO = 15;

/** Terms whose translation is fixed, so that buttons read like VS Code's own. */
const GLOSSARY: Record<string, Record<string, string>> = {
  tr: {
    'Sign In': 'Oturum Aç',
    'Sign Out': 'Oturumu Kapat',
    Delete: 'Sil',
    'Copy to Clipboard': 'Panoya Kopyala',
    'Show Logs': 'Günlükleri Göster',
  },
};

interface Found {
  key: string;
  where: string;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** `l10n.t(…)` or `vscode.l10n.t(…)` (any namespace name), as @vscode/l10n-dev finds them. */
function isL10nCall(node: import('typescript').Node): node is import('typescript').CallExpression {
  if (!ts.isCallExpression(node)) return false;
  const callee = node.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 't') return false;
  const owner = callee.expression;
  return (ts.isIdentifier(owner) && owner.text === 'l10n') || (ts.isPropertyAccessExpression(owner) && owner.name.text === 'l10n');
}

function literalText(node: import('typescript').Expression | undefined): string | undefined {
  if (node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))) return node.text;
  return undefined;
}

/**
 * Every `l10n.t` key in src/, with where it is; `problems` lists calls whose message is not a
 * literal (the exporter cannot extract those, so they are never translated).
 */
function scanSources(): { found: Found[]; problems: string[] } {
  const found: Found[] = [];
  const problems: string[] = [];
  for (const file of sourceFiles(path.join(root, 'src'))) {
    const text = fs.readFileSync(file, 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    const visit = (node: import('typescript').Node): void => {
      if (isL10nCall(node)) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
        const where = `${path.relative(root, file).split(path.sep).join('/')}:${line + 1}`;
        const [first] = node.arguments;
        const message = literalText(first);
        if (message !== undefined) {
          found.push({ key: message, where });
        } else if (first && ts.isObjectLiteralExpression(first)) {
          // l10n.t({ message, comment, args }): the exporter's key is `${message}/${comment.join('')}`
          const property = (name: string) =>
            first.properties.find((p): p is import('typescript').PropertyAssignment => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === name)?.initializer;
          const objectMessage = literalText(property('message'));
          const comment = property('comment');
          const comments = comment === undefined ? [] : ts.isArrayLiteralExpression(comment) ? comment.elements.map((e) => literalText(e)) : [literalText(comment)];
          if (objectMessage === undefined || comments.some((c) => c === undefined)) {
            problems.push(`${where}: the message and comment of l10n.t({…}) must be string literals`);
          } else {
            found.push({ key: comments.length ? `${objectMessage}/${comments.join('')}` : objectMessage, where });
          }
        } else {
          problems.push(`${where}: l10n.t(${first ? first.getText(source) : ''}) — the message must be a string literal, with {0}-style arguments`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { found, problems };
}

/** The text of a bundle entry: a string, or `{ message, comment }` for entries with comments. */
function messageOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { message?: unknown }).message === 'string') return (value as { message: string }).message;
  return undefined;
}

const placeholders = (text: string) => [...new Set(text.match(/\{\d+\}/g) ?? [])].sort();
/** What a translation must carry over unchanged: placeholders, command links, `code` spans. */
const invariants = (text: string) => ({
  placeholders: placeholders(text),
  commandLinks: (text.match(/\]\(command:[^)]*\)/g) ?? []).sort(),
  codeSpans: (text.match(/`[^`]*`/g) ?? []).sort(),
});

/** One line per offending key, so a failure names the strings. */
function list(items: string[]): string {
  return items.map((item) => `\n  - ${item}`).join('');
}

suite('localisation', () => {
  const english = readJson('l10n/bundle.l10n.json');
  const nls = readJson('package.nls.json') as Record<string, string>;
  const { found, problems } = scanSources();

  test('the sources were scanned', () => {
    // A scanner that silently finds nothing would make every test below pass.
    assert.ok(found.length > 100, `only ${found.length} l10n.t calls found in src/`);
    assert.ok(LANGUAGES.includes('tr'), `translations found: ${LANGUAGES.join(', ')}`);
  });

  test('every l10n.t message is a string literal the exporter can extract', () => {
    assert.deepEqual(problems, [], `l10n.t calls that cannot be translated:${list(problems)}`);
  });

  test('every l10n.t string of src/ is in l10n/bundle.l10n.json (run `npm run l10n:export`)', () => {
    const missing = found.filter(({ key }) => !(key in english)).map(({ key, where }) => `${where}: ${JSON.stringify(key)}`);
    assert.deepEqual(missing, [], `not exported; run \`npm run l10n:export\`:${list(missing)}`);
  });

  test('l10n/bundle.l10n.json has no string that src/ no longer uses (run `npm run l10n:export`)', () => {
    const used = new Set(found.map(({ key }) => key));
    const stale = Object.keys(english).filter((key) => !used.has(key));
    assert.deepEqual(stale, [], `exported but unused; run \`npm run l10n:export\`:${list(stale.map((k) => JSON.stringify(k)))}`);
  });

  test('package.json uses only %keys% that package.nls.json defines', () => {
    const manifestText = fs.readFileSync(path.join(root, 'package.json'), 'utf8');
    const used = [...new Set([...manifestText.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]))];
    const undefinedKeys = used.filter((key) => !(key in nls));
    assert.deepEqual(undefinedKeys, [], `package.json uses keys package.nls.json lacks:${list(undefinedKeys)}`);
    assert.equal(JSON.parse(manifestText).l10n, './l10n', 'package.json points VS Code at the l10n folder');
  });

  for (const lang of LANGUAGES) {
    suite(`translation: ${lang}`, () => {
      const translated = readJson(`l10n/bundle.l10n.${lang}.json`);
      const translatedNls = fs.existsSync(path.join(root, `package.nls.${lang}.json`)) ? (readJson(`package.nls.${lang}.json`) as Record<string, string>) : {};

      test(`every l10n.t string of src/ is translated in bundle.l10n.${lang}.json`, () => {
        const missing = [
          ...new Map(found.filter(({ key }) => messageOf(translated[key]) === undefined).map(({ key, where }) => [key, `${where}: ${JSON.stringify(key)}`])).values(),
        ];
        assert.deepEqual(missing, [], `missing in l10n/bundle.l10n.${lang}.json:${list(missing)}`);
      });

      test(`every exported string is translated in bundle.l10n.${lang}.json, and nothing else is`, () => {
        const missing = Object.keys(english).filter((key) => messageOf(translated[key]) === undefined);
        const extra = Object.keys(translated).filter((key) => !(key in english));
        assert.deepEqual(missing, [], `missing in l10n/bundle.l10n.${lang}.json:${list(missing.map((k) => JSON.stringify(k)))}`);
        assert.deepEqual(extra, [], `translations of strings that are no longer exported:${list(extra.map((k) => JSON.stringify(k)))}`);
      });

      test(`every package.nls.json key is translated in package.nls.${lang}.json, and nothing else is`, () => {
        const missing = Object.keys(nls).filter((key) => typeof translatedNls[key] !== 'string');
        const extra = Object.keys(translatedNls).filter((key) => !(key in nls));
        assert.deepEqual(missing, [], `missing in package.nls.${lang}.json:${list(missing)}`);
        assert.deepEqual(extra, [], `keys package.nls.json no longer has:${list(extra)}`);
      });

      test('translations keep the placeholders, command links and code spans of the English', () => {
        const mismatches: string[] = [];
        for (const [key, value] of Object.entries(english)) {
          const source = messageOf(value) ?? key;
          const target = messageOf(translated[key]);
          if (target !== undefined && JSON.stringify(invariants(source)) !== JSON.stringify(invariants(target))) {
            mismatches.push(`${JSON.stringify(source)} → ${JSON.stringify(target)}`);
          }
        }
        for (const [key, source] of Object.entries(nls)) {
          const target = translatedNls[key];
          if (typeof target === 'string' && JSON.stringify(invariants(source)) !== JSON.stringify(invariants(target))) {
            mismatches.push(`package.nls ${key}: ${JSON.stringify(target)}`);
          }
        }
        assert.deepEqual(mismatches, [], `translations that change {0}-placeholders, (command:…) links or \`code\`:${list(mismatches)}`);
      });

      test('no translation is empty or just the English text', () => {
        const untranslated: string[] = [];
        const check = (where: string, source: string, target: string | undefined) => {
          if (target === undefined) return; // reported above
          if (!target.trim()) untranslated.push(`${where}: empty`);
          else if (target === source && source.length > IDENTICAL_OK_UP_TO && !SAME_IN_EVERY_LANGUAGE.has(source)) {
            untranslated.push(`${where}: ${JSON.stringify(source)}`);
          }
        };
        for (const [key, value] of Object.entries(english)) check(`bundle.l10n.${lang}.json`, messageOf(value) ?? key, messageOf(translated[key]));
        for (const [key, source] of Object.entries(nls)) check(`package.nls.${lang}.json ${key}`, source, translatedNls[key]);
        assert.deepEqual(untranslated, [], `left in English:${list(untranslated)}`);
      });

      const glossary = GLOSSARY[lang] ?? {};
      if (Object.keys(glossary).length) {
        test('buttons use the terms of VS Code in this language', () => {
          const off = Object.entries(glossary)
            .filter(([source]) => source in english)
            .filter(([source, term]) => messageOf(translated[source]) !== term)
            .map(([source, term]) => `${JSON.stringify(source)} is ${JSON.stringify(messageOf(translated[source]))}, expected ${JSON.stringify(term)}`);
          assert.deepEqual(off, [], list(off));
        });
      }
    });
  }
});
