// Entry point of the `claimlens` command (bundled to dist/cli.js with a shebang).
import { runCli } from './run';

// Output piped into `head` and the like: stop quietly when the reader goes away.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: s => { process.stdout.write(s); },
  stderr: s => { process.stderr.write(s); },
}).then(code => {
  // exitCode rather than exit(): piped output is flushed before the process ends.
  process.exitCode = code;
}, (e: unknown) => {
  process.stderr.write(`claimlens: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exitCode = 2;
});
