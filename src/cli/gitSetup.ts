// `claimlens git-setup [--command <cmd>]`: once per repository, the `.gitattributes` lines that
// send sidecars and the codebook to the ClaimLens merge driver and diff text conversion, and the
// repository's own git config for both (git never reads drivers from a committed file: each clone
// runs this once). Idempotent: lines and settings already present are left alone.
import { spawnSync } from 'node:child_process';
import { joinPath } from '../store/fileSystem';
import { CliContext, EXIT_OK, UsageError } from './common';
import { toLocation } from './nodeFileSystem';

export const GIT_SETUP_HELP = `Usage: claimlens git-setup [--command <cmd>]

Sets up the git repository of the current folder so that sidecars (*.annotations.yaml) and
codebooks (claimlens.codebook.yaml) merge by annotation and entity id, and diff as one line per
annotation:
  .gitattributes (committed; added once at the repository's top):
    *.annotations.yaml merge=claimlens diff=claimlens
    claimlens.codebook.yaml merge=claimlens diff=claimlens
  the repository's git config (not committed; each clone runs git-setup once):
    merge.claimlens.name     = ClaimLens: merge annotations by id
    merge.claimlens.driver   = claimlens merge %O %A %B %P
    diff.claimlens.textconv  = claimlens textconv
Running it again changes nothing.

Options:
  --command <cmd>  how git should run ClaimLens (default: claimlens, which must be on the
                   PATH, e.g. after \`npm link\`; or e.g. "node /path/to/dist/cli.js")
  --help           this help
`;

export const GITATTRIBUTES_LINES = [
  '*.annotations.yaml merge=claimlens diff=claimlens',
  'claimlens.codebook.yaml merge=claimlens diff=claimlens',
];

export function gitConfigFor(command: string): [string, string][] {
  return [
    ['merge.claimlens.name', 'ClaimLens: merge annotations by id'],
    ['merge.claimlens.driver', `${command} merge %O %A %B %P`],
    ['diff.claimlens.textconv', `${command} textconv`],
  ];
}

function git(cwd: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (r.error) throw new Error(`could not run git: ${r.error.message}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export async function gitSetupCommand(ctx: CliContext, positionals: string[], command: string | undefined): Promise<number> {
  if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0]}`, 'git-setup');
  const cmd = (command ?? 'claimlens').trim();
  if (!cmd) throw new UsageError('--command must not be empty', 'git-setup');
  const top = git(ctx.cwd, ['rev-parse', '--show-toplevel']);
  if (top.status !== 0) throw new UsageError('not inside a git repository', 'git-setup');
  const root = toLocation(top.stdout.trim(), ctx.cwd);

  const attributes = joinPath(root, '.gitattributes');
  const existing = (await ctx.fs.readText(attributes)) ?? '';
  const present = new Set(existing.split(/\r?\n/).map(l => l.trim().split(/\s+/).join(' ')));
  const missing = GITATTRIBUTES_LINES.filter(l => !present.has(l));
  if (missing.length) {
    const eol = /\r\n/.test(existing) ? '\r\n' : '\n';
    const head = existing === '' || existing.endsWith('\n') ? existing : existing + eol;
    await ctx.fs.writeTextAtomic(attributes, head + missing.map(l => l + eol).join(''));
    ctx.out(`.gitattributes: added ${missing.join('; ')}`);
  } else ctx.out('.gitattributes: already set up');

  for (const [key, value] of gitConfigFor(cmd)) {
    const current = git(root, ['config', '--local', '--get', key]);
    if (current.status === 0 && current.stdout.replace(/\n$/, '') === value) { ctx.out(`git config ${key}: already set`); continue; }
    const set = git(root, ['config', '--local', key, value]);
    if (set.status !== 0) throw new Error(`git config ${key} failed: ${set.stderr.trim()}`);
    ctx.out(`git config ${key} = ${value}`);
  }
  return EXIT_OK;
}
