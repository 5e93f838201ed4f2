// Runs the integration tests (or, with CLAIMLENS_BENCH=1, the host benchmarks) in a real VS Code.
// Built to out/test/runTest.js; started by scripts/test.mjs and scripts/bench.mjs.
//
// Which VS Code runs them:
//   default                      scripts/code-headless.mjs: the VS Code 1.139 server (code-server) with the
//                                workbench in headless Chromium; works offline (see scripts/setup-vscode-runtime.mjs)
//   VSCODE_EXECUTABLE=<binary>   a desktop VS Code, e.g. /usr/share/code/code, or on macOS
//                                "/Applications/Visual Studio Code.app/Contents/MacOS/Electron"
//   VSCODE_EXECUTABLE=download   let @vscode/test-electron download VS Code (needs internet)
//
// The workspace is a fresh temp copy of test/fixtures/workspace (tests never dirty the repository).
// Benchmarks get an empty temp folder and a copy of the extension whose manifest declares no activation events
// (with the shipped bundles of CLAIMLENS_BENCH_DIST in place of dist/ when set),
// so that nothing (a stray plain-text model in the workbench, a sidecar in the folder) activates ClaimLens before
// the activation benchmark does; its files are symlinks to this repository's dist/, media/, etc.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<number> {
  const root = path.resolve(__dirname, '../..');
  const bench = process.env.CLAIMLENS_BENCH === '1';
  // CLAIMLENS_RESTRICTED=1: the Restricted Mode suites, with workspace trust on (the folder opens untrusted).
  const restricted = process.env.CLAIMLENS_RESTRICTED === '1';
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), bench ? 'claimlens-bench-' : 'claimlens-test-'));
  if (!bench) {
    fs.cpSync(path.join(root, 'test/fixtures/workspace'), workspace, { recursive: true });
    makeWritable(workspace); // fixtures copied from read-only samples stay editable in the copy
  }
  const extension = bench ? benchCopyOfExtension(root) : root;
  // Benchmarks measure activation beside an installed extension that does nothing: what the host itself costs.
  const baseline = bench ? emptyExtensionPackage(root) : undefined;
  const exe = process.env.VSCODE_EXECUTABLE;
  try {
    await runTests({
      vscodeExecutablePath: exe === 'download' ? undefined : exe || path.join(root, 'scripts/code-headless.mjs'),
      extensionDevelopmentPath: extension,
      extensionTestsPath: path.join(root, bench ? 'out/test/bench/index.js' : restricted ? 'out/test/restricted/index.js' : 'out/test/suite/index.js'),
      launchArgs: [workspace, ...(restricted ? ['--workspace-trust'] : []), ...(baseline ? ['--install-extension', baseline.vsix] : [])],
      extensionTestsEnv: {
        CLAIMLENS_TEST_MODE: '1',
        CLAIMLENS_REPO_ROOT: root,
        ...(process.env.CLAIMLENS_TEST_GREP ? { CLAIMLENS_TEST_GREP: process.env.CLAIMLENS_TEST_GREP } : {}),
        ...(bench ? { CLAIMLENS_BENCH: '1', CLAIMLENS_BENCH_OUT: process.env.CLAIMLENS_BENCH_OUT ?? path.join(root, 'out/bench/host.json') } : {}),
      },
    });
    return 0;
  } catch (err) {
    console.error(String(err));
    return 1;
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
    if (extension !== root) fs.rmSync(extension, { recursive: true, force: true });
    if (baseline) fs.rmSync(baseline.dir, { recursive: true, force: true });
  }
}

/** The extension as VS Code would load it, but activated only when a benchmark asks for it. */
function benchCopyOfExtension(root: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimlens-extension-'));
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  manifest.activationEvents = [];
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  // dist/ is the bundles users get (minified, as in the VSIX) when `npm run bench` has built them:
  // loading the code is part of activation.
  const shipped = process.env.CLAIMLENS_BENCH_DIST;
  const dist = shipped && fs.existsSync(path.join(shipped, 'extension.js')) ? path.resolve(shipped) : path.join(root, 'dist');
  for (const name of fs.readdirSync(root))
    if (!['package.json', '.git', '.vscode-test', 'node_modules'].includes(name)) fs.symlinkSync(name === 'dist' ? dist : path.join(root, name), path.join(dir, name));
  return dir;
}

/** A VSIX of an extension whose activate() does nothing and that activates only when asked. */
function emptyExtensionPackage(root: string): { dir: string; vsix: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimlens-baseline-'));
  const source = path.join(dir, 'extension');
  fs.mkdirSync(source);
  fs.writeFileSync(path.join(source, 'package.json'), JSON.stringify({ name: 'activation-baseline', displayName: 'Activation baseline',
    description: 'Does nothing: the benchmarks activate it beside ClaimLens', publisher: 'claimlens', version: '0.0.0',
    engines: { vscode: '^1.85.0' }, main: './extension.js', activationEvents: [] }, null, 2));
  fs.writeFileSync(path.join(source, 'extension.js'), 'exports.activate = () => ({});\n');
  fs.writeFileSync(path.join(source, 'README.md'), 'An extension that does nothing.\n');
  const vsix = path.join(dir, 'activation-baseline.vsix');
  execFileSync(process.execPath, [path.join(root, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--allow-missing-repository',
    '--skip-license', '-o', vsix], { cwd: source, stdio: 'ignore' });
  return { dir, vsix };
}

function makeWritable(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    fs.chmodSync(p, entry.isDirectory() ? 0o755 : 0o644);
    if (entry.isDirectory()) makeWritable(p);
  }
}

main().then(code => process.exit(code));
