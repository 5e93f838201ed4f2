// The --extensionTestsPath entry: runs INSIDE the VS Code extension host. Loads every *.test.js next to it
// (compiled from test/integration/suite/*.test.ts) into mocha (tdd: suite/test/suiteSetup).
// Resolve = all passed; reject = the extension host exits with code 1 and `npm test` fails.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

/**
 * Suites that add annotated folders to the shared workspace run after the others: an article they opened stays an
 * open document (and so part of the corpus) until VS Code disposes it, which can be long after its editor closed.
 */
const RUN_LAST = ['articleAssociation.test.js', 'compareHead.test.js', 'gettingStarted.test.js', 'oddDocuments.test.js'];

export function run(): Promise<void> {
  return runIn(__dirname);
}

/** Runs every *.test.js in `dir` (another folder of suites reuses this runner). */
export function runIn(dir: string): Promise<void> {
  // CLAIMLENS_TEST_GREP runs only the tests whose full title matches (a regular expression), while developing.
  const grep = process.env.CLAIMLENS_TEST_GREP;
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30000, reporter: 'spec', ...(grep ? { grep: new RegExp(grep) } : {}) });
  const last = (f: string) => (RUN_LAST.includes(f) ? 1 : 0);
  const files = fs.readdirSync(dir).filter(f => f.endsWith('.test.js')).sort((a, b) => last(a) - last(b) || (a < b ? -1 : a > b ? 1 : 0));
  for (const f of files) mocha.addFile(path.join(dir, f));
  return new Promise((resolve, reject) => {
    try {
      mocha.run(failures => (failures ? reject(new Error(`${failures} integration test(s) failed.`)) : resolve()));
    } catch (err) {
      reject(err);
    }
  });
}
