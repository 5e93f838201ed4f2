// The --extensionTestsPath entry of the Restricted Mode run: the workspace is opened with workspace trust on,
// and not trusted (see runTest.ts, CLAIMLENS_RESTRICTED=1).
import { runIn } from '../suite/index';

export function run(): Promise<void> {
  return runIn(__dirname);
}
