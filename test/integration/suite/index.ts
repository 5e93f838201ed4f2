// The --extensionTestsPath entry: runs INSIDE the VS Code extension host. Loads every *.test.js next to it
// (compiled from test/integration/suite/*.test.ts) into mocha (tdd: suite/test/suiteSetup).
// Resolve = all passed; reject = the extension host exits with code 1 and `npm test` fails.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  return runIn(__dirname);
}

/** Runs every *.test.js in `dir` (another folder of suites reuses this runner). */
export function runIn(dir: string): Promise<void> {
  // CLAIMLENS_TEST_GREP runs only the tests whose full title matches (a regular expression), while developing.
  const grep = process.env.CLAIMLENS_TEST_GREP;
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30000, reporter: 'spec', ...(grep ? { grep: new RegExp(grep) } : {}) });
  const files = fs.readdirSync(dir).filter(f => f.endsWith('.test.js')).sort();
  for (const f of files) mocha.addFile(path.join(dir, f));
  return new Promise((resolve, reject) => {
    try {
      mocha.run(failures => (failures ? reject(new Error(`${failures} integration test(s) failed.`)) : resolve()));
    } catch (err) {
      reject(err);
    }
  });
}
