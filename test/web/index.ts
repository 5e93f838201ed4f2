// The --extensionTestsPath entry of the web tier: runs INSIDE the web-worker extension host (as in vscode.dev),
// bundled for the browser into out/web-test/index.js by scripts/build.mjs. There is no Node here: no require of
// files at run time, no fs, no assert module. mocha's browser build provides suite/test; setup.ts runs before the
// test files are evaluated (imports run in order). Resolve = all passed; reject = the run fails.
import './setup';
import './smoke.test';
import './hostileFs.test';

export function run(): Promise<void> {
  return new Promise((resolve, reject) => {
    try {
      mocha.run(failures => (failures ? reject(new Error(`${failures} web test(s) failed.`)) : resolve()));
    } catch (err) {
      reject(err);
    }
  });
}
