#!/usr/bin/env node
// Builds every bundle with esbuild, one context per target:
//   dist/extension.js       the extension for the desktop (Node) extension host
//   dist/web/extension.js   the same entry for the web-worker extension host (vscode.dev): no Node builtins allowed
//   dist/cli.js             the `claimlens` command line
//   dist/webview/network.js (and .css)  the Discourse Network panel's page script, loaded by the webview only when it opens
//   out/test/**             integration tests (test/integration/**/*.ts), run inside a real VS Code
//
//   node scripts/build.mjs                 development build with sourcemaps (also builds the tests)
//   node scripts/build.mjs --production    minified shipping bundles, no sourcemaps, no tests
//   node scripts/build.mjs --watch         rebuild on change
//   node scripts/build.mjs --production --dist=out/bench/dist   shipping bundles somewhere else (for measuring)
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const dist = process.argv.find(a => a.startsWith('--dist='))?.slice('--dist='.length) ?? 'dist';
const buildTests = !production && dist === 'dist';

/** All files below dir whose name ends with suffix (Node 20 has no fs.globSync). */
function findFiles(dir, suffix) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(e => e.isFile() && e.name.endsWith(suffix))
    .map(e => path.join(e.parentPath ?? e.path, e.name)).sort();
}

/** Fails the web build when anything reaches for a Node builtin: the web extension host has none. */
const noNodeBuiltins = {
  name: 'no-node-builtins',
  setup(build) {
    const builtins = new Set(builtinModules.filter(m => !m.startsWith('_')));
    build.onResolve({ filter: /^[^./]/ }, async args => {
      if (args.pluginData?.skipBuiltinCheck) return undefined;
      const bare = args.path.replace(/^node:/, '');
      if (!args.path.startsWith('node:') && !builtins.has(bare) && !builtins.has(bare.split('/')[0])) return undefined;
      // A package may map the builtin away for browsers ("browser": { "fs": false }); that is fine.
      const resolved = await build.resolve(args.path, { kind: args.kind, importer: args.importer,
        resolveDir: args.resolveDir, pluginData: { skipBuiltinCheck: true } });
      if (!resolved.errors.length && resolved.path && !resolved.external) return resolved;
      if (!resolved.errors.length && !resolved.path) return resolved; // disabled by a browser field
      return { errors: [{ text: `Node builtin "${args.path}" is not available in the web extension host ` +
        `(imported by ${path.relative(root, args.importer)}); use vscode.workspace.fs and platform-neutral code.` }] };
    });
  },
};

/**
 * In the web build, a module of src/node/ that has a `.web.ts` sibling is replaced by it: that is how
 * the extension uses Node for folders on disk (src/node/local.ts) and nothing in the browser.
 */
const webSubstitutes = {
  name: 'web-substitutes',
  setup(build) {
    const nodeDir = path.join(root, 'src/node') + path.sep;
    build.onResolve({ filter: /^\.\.?\// }, args => {
      const target = path.resolve(args.resolveDir, args.path).replace(/\.ts$/, '');
      if (!target.startsWith(nodeDir) || target.endsWith('.web')) return undefined;
      const web = `${target}.web.ts`;
      return fs.existsSync(web) ? { path: web } : undefined;
    });
  },
};

/**
 * Test files are bundled (so they can import src/ code), but an import of another file under test/integration
 * stays a require() of its compiled sibling: helpers such as bench/results.ts then exist once per host, not
 * once per test file.
 */
const keepTestModulesShared = {
  name: 'keep-test-modules-shared',
  setup(build) {
    const testRoot = path.join(root, 'test/integration') + path.sep;
    build.onResolve({ filter: /^\.\.?\// }, args => {
      if (!args.importer.startsWith(testRoot)) return undefined;
      const target = path.resolve(args.resolveDir, args.path);
      return target.startsWith(testRoot) ? { path: args.path.replace(/\.ts$/, ''), external: true } : undefined;
    });
  },
};

/**
 * Every file that imports `vscode` would otherwise get its own copy of the API's namespace object (esbuild's
 * CommonJS interop defines a getter per API member per importing file: ~10 ms of activation); one module
 * re-exports it instead, copied once.
 */
const vscodeOnce = {
  name: 'vscode-once',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, args => (args.namespace === 'vscode-once'
      ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-once' }));
    build.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({ contents: "export * from 'vscode';", loader: 'js' }));
  },
};

/** Prints one line per (re)build; in watch mode errors must not end the process. */
const report = label => ({
  name: 'report',
  setup(build) {
    let t0 = 0, first = true;
    build.onStart(() => { t0 = Date.now(); });
    build.onEnd(result => {
      const ms = Date.now() - t0;
      if (result.errors.length) console.error(`[build] ${label}: ${result.errors.length} error(s)`);
      else if (watch && !first) console.log(`[build] ${label} rebuilt in ${ms} ms`);
      first = false;
    });
  },
});

const common = {
  bundle: true,
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  legalComments: production ? 'none' : 'inline',
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
};

const targets = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: `${dist}/extension.js`, platform: 'node', target: 'node18',
    external: ['vscode'], plugins: [vscodeOnce, report(`${dist}/extension.js`)] },
  { ...common, entryPoints: ['src/extension.ts'], outfile: `${dist}/web/extension.js`, platform: 'browser', target: 'es2022',
    external: ['vscode'], mainFields: ['browser', 'module', 'main'],
    plugins: [vscodeOnce, webSubstitutes, noNodeBuiltins, report(`${dist}/web/extension.js`)] },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: `${dist}/cli.js`, platform: 'node', target: 'node20',
    banner: fs.existsSync('src/cli/main.ts') && fs.readFileSync('src/cli/main.ts', 'utf8').startsWith('#!') ? undefined : { js: '#!/usr/bin/env node' },
    plugins: [report(`${dist}/cli.js`), { name: 'chmod', setup(b) { b.onEnd(r => { if (!r.errors.length && fs.existsSync(`${dist}/cli.js`)) fs.chmodSync(`${dist}/cli.js`, 0o755); }); } }] },
  // Runs in the webview (a browser page under a strict CSP), not in an extension host: one self-contained script.
  { ...common, entryPoints: { network: 'webview/network/main.ts' }, outdir: `${dist}/webview`, platform: 'browser', target: 'es2022',
    format: 'iife', mainFields: ['browser', 'module', 'main'], plugins: [noNodeBuiltins, report(`${dist}/webview/network.js`)] },
];

const testEntries = findFiles('test/integration', '.ts');
if (buildTests && testEntries.length) targets.push({
  ...common, entryPoints: testEntries, outdir: 'out/test', outbase: 'test/integration', platform: 'node', target: 'node20',
  // vscode comes from the extension host; mocha, @vscode/test-electron etc. are loaded from node_modules at run time
  external: ['vscode'], packages: 'external', plugins: [keepTestModulesShared, report('out/test')],
});

// The web tier's tests run in the web-worker extension host: bundled for the browser like dist/web/extension.js
// (mocha's browser build and the test files in one file; no Node builtins), into out/, which no VSIX ships.
if (buildTests && fs.existsSync('test/web/index.ts')) targets.push({
  ...common, entryPoints: ['test/web/index.ts'], outfile: 'out/web-test/index.js', platform: 'browser', target: 'es2022',
  external: ['vscode'], mainFields: ['browser', 'module', 'main'], plugins: [noNodeBuiltins, report('out/web-test/index.js')],
});

// Stale files (old sourcemaps, deleted tests) must not survive into a package or a test run.
if (!watch) for (const dir of buildTests ? [dist, 'out/test', 'out/web-test'] : [dist]) fs.rmSync(dir, { recursive: true, force: true });

const t0 = Date.now();
const contexts = await Promise.all(targets.map(t => esbuild.context(t)));
if (watch) {
  await Promise.all(contexts.map(c => c.watch()));
  console.log(`[build] watching ${targets.length} targets (Ctrl-C to stop)`);
} else {
  const results = await Promise.allSettled(contexts.map(c => c.rebuild()));
  await Promise.all(contexts.map(c => c.dispose()));
  const failed = results.filter(r => r.status === 'rejected');
  if (failed.length) {
    console.error(`[build] failed (${failed.length} of ${targets.length} targets)`);
    process.exit(1);
  }
  console.log(`[build] ${production ? 'production' : 'development'} build of ${targets.length} targets in ${Date.now() - t0} ms`);
}
