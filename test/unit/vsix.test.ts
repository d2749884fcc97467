// The VSIX ships exactly what runs and what the Marketplace shows: the bundle, the manifest and its
// strings, the files the manifest points to, the README, CHANGELOG and LICENSE. No sources, tests,
// source maps, emulator or node_modules.
//
// The VSIX is built once for the suite with vsce's own packaging code (the code behind `vsce
// package`, without its prepublish step) from the checkout as it is, into a temporary folder. At
// unit-test time the checkout holds the development build (dist/*.js.map), the built tests (out/)
// and node_modules, so this is the worst case for what .vscodeignore has to keep out; the
// production build that `npm run package` makes differs only in the content of dist/*.js. Skipping
// the prepublish step (a production build) leaves dist/ as the other test stages need it.
//
// When a test here fails after you added a file the extension needs at run time: allow it in
// .vscodeignore (which lists what ships, not what does not) and, if the manifest does not
// reference it, add it to SHIPPED_WITHOUT_REFERENCE below.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const root = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

/** Files that ship without the manifest naming them, as VSIX paths (vsce renames the docs). */
const SHIPPED_WITHOUT_REFERENCE = ['extension/readme.md', 'extension/changelog.md', 'extension/LICENSE.txt'];
/** Files vsce generates in every VSIX. */
const VSIX_METADATA = ['[Content_Types].xml', 'extension.vsixmanifest'];

interface ZipEntry {
  name: string;
  size: number;
}

/** The entries of a zip file, from its central directory (names and uncompressed sizes). */
function readZipEntries(zip: Buffer): ZipEntry[] {
  // The end-of-central-directory record: signature PK\5\6, within the last 64 KiB + 22 bytes.
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  assert.ok(end >= 0, 'not a zip file: no end-of-central-directory record');
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(offset), 0x02014b50, `zip central directory entry ${i} is corrupt`);
    const size = zip.readUInt32LE(offset + 24);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    entries.push({ name: zip.toString('utf8', offset + 46, offset + 46 + nameLength), size });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Packages the checkout into `vsixPath` with vsce (in a child process: vsce may call process.exit). */
async function packageCheckout(vsixPath: string): Promise<void> {
  const script = `
    const vsce = require(require.resolve('@vscode/vsce/out/package', { paths: [process.cwd()] }));
    vsce.pack({ cwd: process.cwd(), packagePath: process.argv[1], dependencies: false })
      .catch((error) => { console.error(error?.stack ?? error); process.exit(1); });`;
  try {
    await promisify(execFile)(process.execPath, ['-e', script, vsixPath], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`vsce could not package the extension:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

/** A manifest path ("./dist/extension.js", "media/x.svg") as the VSIX names it. */
const inVsix = (file: string) => `extension/${path.posix.normalize(file.replace(/\\/g, '/')).replace(/^\.\//, '')}`;

/** An icon value: a codicon reference ("$(add)"), a path, or paths per theme. */
function iconFiles(icon: unknown): string[] {
  if (typeof icon === 'string') return icon.startsWith('$(') ? [] : [icon];
  if (icon && typeof icon === 'object') return Object.values(icon).filter((v): v is string => typeof v === 'string');
  return [];
}

/** Every file the manifest points to, as VSIX paths, with where it is referenced. */
function referencedFiles(): Map<string, string> {
  const files = new Map<string, string>();
  const add = (where: string, ...paths: string[]) => paths.forEach((p) => files.set(inVsix(p), where));
  const contributes = manifest.contributes ?? {};
  add('main', manifest.main);
  if (manifest.browser) add('browser', manifest.browser);
  if (manifest.icon) add('icon', manifest.icon);
  add('package.json', 'package.json');
  for (const name of fs.readdirSync(root).filter((n) => /^package\.nls(\.[\w-]+)?\.json$/.test(n))) add('%placeholders%', name);
  if (manifest.l10n) {
    const dir = path.join(root, manifest.l10n);
    for (const name of fs.readdirSync(dir).filter((n) => /^bundle\.l10n(\.[\w-]+)?\.json$/.test(n))) add('l10n', path.posix.join(manifest.l10n, name));
  }
  for (const [location, containers] of Object.entries(contributes.viewsContainers ?? {}) as [string, { id: string; icon?: unknown }[]][]) {
    for (const container of containers) add(`viewsContainers.${location}.${container.id}`, ...iconFiles(container.icon));
  }
  for (const views of Object.values(contributes.views ?? {}) as { id: string; icon?: unknown }[][]) {
    for (const view of views) add(`views.${view.id}`, ...iconFiles(view.icon));
  }
  for (const command of (contributes.commands ?? []) as { command: string; icon?: unknown }[]) add(`commands.${command.command}`, ...iconFiles(command.icon));
  for (const walkthrough of (contributes.walkthroughs ?? []) as { id: string; steps: { id: string; media: Record<string, unknown> }[] }[]) {
    for (const step of walkthrough.steps) {
      const { image, markdown, svg } = step.media;
      add(`walkthroughs.${walkthrough.id}.${step.id}`, ...iconFiles(image), ...[markdown, svg].filter((v): v is string => typeof v === 'string'));
    }
  }
  return files;
}

/** Files the bundle loads next to itself at run time (`require("./axios.js")`), as VSIX paths. */
function bundleSiblings(): string[] {
  const main = path.join(root, manifest.main);
  const code = fs.readFileSync(main, 'utf8');
  return [...code.matchAll(/require\(\s*["'](\.\.?\/[^"']+)["']\s*\)/g)].map((m) =>
    inVsix(path.posix.join(path.posix.dirname(manifest.main.replace(/^\.\//, '')), m[1])),
  );
}

suite('VSIX contents', function () {
  this.timeout(60_000);
  let dir: string;
  let entries: ZipEntry[];
  let names: string[];

  suiteSetup(async () => {
    assert.ok(fs.existsSync(path.join(root, manifest.main)), `${manifest.main} is missing: build first (node scripts/build.mjs)`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'codethreat-vsix-'));
    const vsix = path.join(dir, 'extension.vsix');
    await packageCheckout(vsix);
    entries = readZipEntries(fs.readFileSync(vsix));
    names = entries.map((e) => e.name).sort();
  });

  suiteTeardown(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const offending = (predicate: (name: string) => boolean) => names.filter(predicate);

  test('no sources, tests, source maps, emulator or node_modules', () => {
    assert.deepEqual(offending((n) => /^extension\/src\//.test(n) || (/\.ts$/.test(n) && !/\.d\.ts$/.test(n))), [], 'sources');
    assert.deepEqual(offending((n) => /\.d\.ts$/.test(n)), [], 'type declarations');
    assert.deepEqual(offending((n) => /^extension\/(test|out|bench)\//.test(n) || /\.test\.[cm]?js$/.test(n)), [], 'tests');
    assert.deepEqual(offending((n) => /\.map$/.test(n)), [], 'source maps');
    assert.deepEqual(offending((n) => /emulator/i.test(n)), [], 'emulator');
    assert.deepEqual(offending((n) => /(^|\/)node_modules\//.test(n)), [], 'node_modules');
    assert.deepEqual(offending((n) => /^extension\/(scripts|\.github|\.ci|\.vscode|\.vscode-test|test-workspace|\.demo)\//.test(n)), [], 'repository tooling');
    assert.deepEqual(offending((n) => /^extension\/dist\//.test(n) && !/\.js$/.test(n)), [], 'build metadata in dist/');
  });

  test('every file the manifest references is inside', () => {
    const references = referencedFiles();
    assert.ok(references.has(inVsix(manifest.icon)), 'the manifest names an icon');
    const missing = [...references].filter(([file]) => !names.includes(file)).map(([file, where]) => `${file} (${where})`);
    assert.deepEqual(missing, []);
  });

  test('the files the bundle loads at run time are inside', () => {
    const siblings = bundleSiblings();
    assert.ok(siblings.includes('extension/dist/axios.js'), `expected the bundle to require ./axios.js, found ${siblings.join(', ') || 'nothing'}`);
    assert.deepEqual(siblings.filter((file) => !names.includes(file)), []);
  });

  test('nothing else ships', () => {
    const expected = new Set([...VSIX_METADATA, ...SHIPPED_WITHOUT_REFERENCE, ...referencedFiles().keys(), ...bundleSiblings()]);
    assert.deepEqual(names.filter((name) => !expected.has(name)), [], 'files in the VSIX that nothing needs: exclude them in .vscodeignore');
    assert.deepEqual([...expected].filter((name) => !names.includes(name)).sort(), [], 'files missing from the VSIX');
  });

  test('the Marketplace icon is a PNG of at least 128×128 pixels', () => {
    const icon = fs.readFileSync(path.join(root, manifest.icon));
    assert.equal(icon.subarray(1, 4).toString('latin1'), 'PNG', `${manifest.icon} is not a PNG`);
    const [width, height] = [icon.readUInt32BE(16), icon.readUInt32BE(20)];
    assert.ok(width >= 128 && height >= 128, `${manifest.icon} is ${width}×${height}`);
    assert.ok(entries.find((e) => e.name === inVsix(manifest.icon))!.size > 0);
  });
});
