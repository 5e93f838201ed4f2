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
// The workspace is a fresh temp copy of test/fixtures/workspace (tests never dirty the repository), or an
// empty temp folder for benchmarks so that nothing activates the extension before the benchmark does.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<number> {
  const root = path.resolve(__dirname, '../..');
  const bench = process.env.CLAIMLENS_BENCH === '1';
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), bench ? 'claimlens-bench-' : 'claimlens-test-'));
  if (!bench) {
    fs.cpSync(path.join(root, 'test/fixtures/workspace'), workspace, { recursive: true });
    makeWritable(workspace); // fixtures copied from read-only samples stay editable in the copy
  }
  const exe = process.env.VSCODE_EXECUTABLE;
  try {
    await runTests({
      vscodeExecutablePath: exe === 'download' ? undefined : exe || path.join(root, 'scripts/code-headless.mjs'),
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, bench ? 'out/test/bench/index.js' : 'out/test/suite/index.js'),
      launchArgs: [workspace],
      extensionTestsEnv: {
        CLAIMLENS_TEST_MODE: '1',
        CLAIMLENS_REPO_ROOT: root,
        ...(bench ? { CLAIMLENS_BENCH: '1', CLAIMLENS_BENCH_OUT: process.env.CLAIMLENS_BENCH_OUT ?? path.join(root, 'out/bench/host.json') } : {}),
      },
    });
    return 0;
  } catch (err) {
    console.error(String(err));
    return 1;
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

function makeWritable(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    fs.chmodSync(p, entry.isDirectory() ? 0o755 : 0o644);
    if (entry.isDirectory()) makeWritable(p);
  }
}

main().then(code => process.exit(code));
