// Screenshots of the workbench taken from inside a test, while decorations, views and hovers are on screen.
// Works with scripts/code-headless.mjs run with a screenshot directory (`npm run screenshots` saves into
// docs/images/); anywhere else (desktop VS Code, plain `npm test`) it does nothing and returns false.
//
//   await screenshot('entities-view');   // -> docs/images/entities-view.png
//
// Protocol: write <name>.req into $CODE_HEADLESS_SIGNAL_DIR; the launcher saves <name>.png and answers <name>.done.
import * as fs from 'fs';
import * as path from 'path';

export function screenshotsEnabled(): boolean {
  return !!process.env.CODE_HEADLESS_SIGNAL_DIR;
}

export async function screenshot(name: string, timeoutMs = 15000): Promise<boolean> {
  const dir = process.env.CODE_HEADLESS_SIGNAL_DIR;
  if (!dir) return false;
  if (!/^[\w.-]+$/.test(name)) throw new Error(`screenshot name must be a plain file name: ${name}`);
  const done = path.join(dir, `${name}.done`);
  fs.rmSync(done, { force: true });
  fs.writeFileSync(path.join(dir, `${name}.req`), '');
  for (const t0 = Date.now(); Date.now() - t0 < timeoutMs; await new Promise(r => setTimeout(r, 100)))
    if (fs.existsSync(done)) return true;
  return false;
}
