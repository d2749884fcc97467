// Bundles the extension (and, with --tests, the test suites and the emulator) with esbuild.
//   node scripts/build.mjs               development build: dist/extension.js with source maps
//   node scripts/build.mjs --production  minified, no source maps (what the VSIX ships)
//   node scripts/build.mjs --tests       also out/test/**, out/emulator/main.js, and the extension as the
//                                        integration tests load it: out/test/ with a manifest whose main
//                                        is out/test/extension/extension.js (built from
//                                        test/integration/support/testExtension.ts)
//   node scripts/build.mjs --metafile    also writes dist/meta.json for bundle-size analysis
//   node scripts/build.mjs --bench       also out/bench/** (the benchmark's in-host module and emulator, and
//                                        out/bench/extension/: the extension built from the tests' entry
//                                        point, which the benchmark's list host loads)
import * as esbuild from 'esbuild';
import { cpSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createRequire } from 'node:module';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const withTests = args.has('--tests');

/** Every file under `dir` whose name ends with one of `suffixes`. */
function findFiles(dir, suffixes) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === 'node_modules') continue;
    if (statSync(path).isDirectory()) found.push(...findFiles(path, suffixes));
    else if (suffixes.some((s) => name.endsWith(s))) found.push(path);
  }
  return found;
}

/** Replaces axios's browser adapters (xhr, fetch) with an empty stand-in; see the stub. */
const withoutBrowserAdapters = {
  name: 'without-axios-browser-adapters',
  setup(build) {
    build.onResolve({ filter: /^\.\/(xhr|fetch)\.js$/ }, (args) =>
      /axios[\\/]lib[\\/]adapters$/.test(args.resolveDir) ? { path: join(process.cwd(), 'scripts/stubs/axios-browser-adapter.js') } : undefined,
    );
  },
};

/**
 * axios goes into its own file, dist/axios.js, which the extension requires when it makes its
 * first request: activation then neither parses nor runs it (it is most of the code).
 */
const axiosInItsOwnFile = {
  name: 'axios-in-its-own-file',
  setup(build) {
    build.onResolve({ filter: /^axios$/ }, () => ({ path: './axios.js', external: true }));
  },
};

/**
 * Every `import * as vscode from 'vscode'` shares one namespace object. Left alone, esbuild copies
 * the whole VS Code API object (hundreds of getters) once per importing module — forty copies, most
 * of the bundle's evaluation time at activation (12 ms in the benchmark's hosts; 2 ms with one copy).
 */
const oneVscodeNamespace = {
  name: 'one-vscode-namespace',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      args.namespace === 'vscode-namespace' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-namespace' },
    );
    build.onLoad({ filter: /.*/, namespace: 'vscode-namespace' }, () => ({ contents: "export * from 'vscode';", loader: 'js' }));
  },
};

/**
 * libsodium-wrappers' ES module build imports a file its package does not ship; its CommonJS build
 * is complete, so every bundle takes that one.
 */
const sodiumCommonJs = {
  name: 'libsodium-commonjs',
  setup(build) {
    build.onResolve({ filter: /^libsodium-wrappers$/ }, (args) => ({
      path: createRequire(join(args.resolveDir, 'x.js')).resolve('libsodium-wrappers'),
    }));
  },
};

/**
 * libsodium goes into its own file too, dist/sodium.js (about 1 MB of which most is the compiled
 * library): only the command that stores a key as a GitHub Actions secret requires it.
 */
const sodiumInItsOwnFile = {
  name: 'sodium-in-its-own-file',
  setup(build) {
    build.onResolve({ filter: /^libsodium-wrappers$/ }, () => ({ path: './sodium.js', external: true }));
  },
};

const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' };
const output = {
  minify: production,
  sourcemap: !production,
  metafile: args.has('--metafile'),
  define: { 'process.env.NODE_ENV': production ? '"production"' : '"development"' },
};

rmSync('dist', { recursive: true, force: true });
const extension = await esbuild.build({
  ...common,
  ...output,
  entryPoints: ['src/extension.ts'],
  outfile: 'dist/extension.js',
  external: ['vscode'],
  plugins: [axiosInItsOwnFile, sodiumInItsOwnFile, oneVscodeNamespace],
});
const sodiumBundle = await esbuild.build({
  ...common,
  ...output,
  entryPoints: ['scripts/sodium-entry.js'],
  outfile: 'dist/sodium.js',
  plugins: [sodiumCommonJs],
});
const axiosBundle = await esbuild.build({
  ...common,
  ...output,
  entryPoints: ['scripts/axios-entry.js'],
  outfile: 'dist/axios.js',
  // Parts of axios this extension never uses (see each stub for why), kept out of the bundle.
  alias: {
    'form-data': './scripts/stubs/form-data.js',
    'https-proxy-agent': './scripts/stubs/https-proxy-agent.js',
    'follow-redirects': './scripts/stubs/follow-redirects.js',
  },
  plugins: [withoutBrowserAdapters],
});
if (extension.metafile) {
  writeFileSync('dist/meta.json', JSON.stringify(extension.metafile));
  writeFileSync('dist/axios-meta.json', JSON.stringify(axiosBundle.metafile));
  writeFileSync('dist/sodium-meta.json', JSON.stringify(sodiumBundle.metafile));
}

if (withTests) {
  // A deleted test must not keep running from an earlier build.
  rmSync('out', { recursive: true, force: true });
  // Test files are bundled one by one, so every *.test.ts is picked up without registering it.
  // mocha stays external: the extension host resolves it from this repository's node_modules.
  const testEntries = [
    ...findFiles('test/unit', ['.test.ts']),
    ...findFiles('test/integration', ['.test.ts']),
    ...findFiles('test/browser', ['.test.ts']),
    'test/integration/index.ts',
    'test/electron/runTest.ts',
    'test/emulator/main.ts',
  ];
  await esbuild.build({
    ...common,
    entryPoints: Object.fromEntries(
      testEntries.map((file) => {
        const out = file === 'test/emulator/main.ts' ? 'emulator/main' : relative('.', file).replace(/\.ts$/, '');
        return [out, file];
      }),
    ),
    outdir: 'out',
    external: ['vscode', 'mocha', '@vscode/test-electron', 'playwright-core'],
    sourcemap: true,
    plugins: [sodiumCommonJs],
  });
  await buildTestExtension('out/test');
}

/**
 * The extension as the integration tests load it: out/test/ holds a copy of the manifest whose
 * `main` is out/test/extension/extension.js — the same composition root as dist/extension.js,
 * built from the test entry point (scripted prompter, in-memory clipboard, test hooks). The test
 * suites (out/test/integration/) sit inside that folder, so VS Code counts their calls (such as
 * `authentication.getSession`) as the extension's own, as it does for any extension's tests.
 */
async function buildTestExtension(folder) {
  await esbuild.build({
    ...common,
    entryPoints: { 'extension/extension': 'test/integration/support/testExtension.ts' },
    outdir: folder,
    external: ['vscode'],
    sourcemap: true,
    plugins: [axiosInItsOwnFile, sodiumInItsOwnFile, oneVscodeNamespace],
  });
  cpSync('dist/axios.js', join(folder, 'extension', 'axios.js'));
  cpSync('dist/sodium.js', join(folder, 'extension', 'sodium.js'));
  const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ ...manifest, main: './extension/extension.js' }, null, 2));
  for (const name of readdirSync('.').filter((file) => /^package\.nls(\.[\w-]+)?\.json$/.test(file))) cpSync(name, join(folder, name));
  cpSync('l10n', join(folder, 'l10n'), { recursive: true });
  cpSync('media', join(folder, 'media'), { recursive: true });
}

if (args.has('--bench')) {
  // Benchmarks (`npm run bench`): the module that runs inside the extension host and the emulator
  // the runner serves. After the tests' build, which empties out/.
  rmSync('out/bench', { recursive: true, force: true });
  await esbuild.build({
    ...common,
    entryPoints: { 'bench/inHost/index': 'bench/inHost/index.ts', 'bench/emulator': 'bench/emulator.ts' },
    outdir: 'out',
    external: ['vscode'],
    sourcemap: true,
  });
  // The refresh, memory and round-trip benchmarks drive the extension through the tests' hooks.
  await buildTestExtension('out/bench/extension');
}
