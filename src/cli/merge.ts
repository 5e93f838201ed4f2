// `claimlens merge <base> <ours> <theirs> [path]`: the git merge driver for sidecars and the
// codebook (`merge.claimlens.driver = claimlens merge %O %A %B %P`, set up by `claimlens
// git-setup`). Git hands it three temporary files and expects the result in <ours>, exit 0 for a
// clean merge and non-zero for conflicts. The merge itself is core/merge.ts; a version that is
// not a readable sidecar or codebook (already conflicted, broken YAML) is merged line by line by
// `git merge-file`, as git would without the driver.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { ArticleOf, mergeCodebookTexts, mergeKindOf, mergeSidecarTexts, TextMerge } from '../core/merge';
import { articlePathFor } from '../core/model';
import { CliContext, EXIT_OK, EXIT_PROBLEMS, plural, UsageError } from './common';
import { toLocation } from './nodeFileSystem';

export const MERGE_HELP = `Usage: claimlens merge <base> <ours> <theirs> [path]

The git merge driver for sidecars (*.annotations.yaml) and codebooks (claimlens.codebook.yaml);
git runs it as \`claimlens merge %O %A %B %P\` once \`claimlens git-setup\` has configured the
repository. Merges by annotation id (entity id for the codebook), not by line: additions of both
sides are kept, a deletion on one side is honoured, a field changed on one side is taken, and
the aliases of an entity are merged as a set. The same field changed differently on both sides
is a conflict: standard conflict markers are written around that annotation only (\`claimlens
validate\` points at them). When the two sides annotated different versions of the article,
the merged sidecar is marked stale (no hash): run \`claimlens fmt\` (or open the article in the
editor) after the merge to re-anchor it against the merged article.

<base>, <ours>, <theirs> are the three versions; the result is written to <ours>. [path] is the
file's path in the repository (which kind of file it is, and the name shown in messages).
A version that cannot be read (syntax errors, conflict markers) is merged by \`git merge-file\`.

Options:
  --help   this help

Exit status: 0 merged cleanly, 1 conflicts were written, 2 on a usage error.
`;

export async function mergeCommand(ctx: CliContext, positionals: string[]): Promise<number> {
  if (positionals.length < 3 || positionals.length > 4) throw new UsageError('expects <base> <ours> <theirs> [path]', 'merge');
  const [basePath, oursPath, theirsPath] = positionals.map(p => toLocation(p, ctx.cwd));
  const shown = positionals[3] ?? positionals[1];
  const kind = mergeKindOf(shown) ?? mergeKindOf(oursPath);
  if (!kind) throw new UsageError(`${shown} is neither a sidecar (*.annotations.yaml) nor claimlens.codebook.yaml`, 'merge');
  const [base, ours, theirs] = await Promise.all([basePath, oursPath, theirsPath].map(p => ctx.fs.readText(p)));
  // Git passes an empty file as the base when both sides added the file.
  if (ours === undefined || theirs === undefined) throw new UsageError(`no such file: ${ours === undefined ? positionals[1] : positionals[2]}`, 'merge');
  const labels = { ours: `ours:${shown}`, theirs: `theirs:${shown}` };
  const merge: TextMerge | undefined = kind === 'sidecar'
    ? mergeSidecarTexts(base ?? '', ours, theirs, { labels, articleOf: positionals[3] ? articleVersions(ctx.cwd, positionals[3]) : undefined })
    : mergeCodebookTexts(base ?? '', ours, theirs, { labels });
  if (!merge) return lineMerge(ctx, shown, positionals);
  if (merge.text !== ours) await ctx.fs.writeTextAtomic(oursPath, merge.text);
  if (merge.stale) ctx.err(`claimlens merge: ${shown}: the two sides annotated different versions of the article; run \`claimlens fmt\` after the merge to re-anchor`);
  if (merge.conflicts) {
    ctx.err(`claimlens merge: ${shown}: ${plural(merge.conflicts, 'conflict')} (the same field changed on both sides); resolve the marked ${merge.conflicts === 1 ? 'annotation' : 'annotations'}, then \`claimlens validate\``);
    return EXIT_PROBLEMS;
  }
  return EXIT_OK;
}

/**
 * The article each side annotated, read from git when the sides' hashes differ: ours is HEAD
 * (in a merge and in a rebase alike); theirs is the commit git names in GITHEAD_<sha> (merge) or
 * the one a rebase is picking. The merge checks each text against the side's hash.
 */
function articleVersions(cwd: string, sidecarPath: string): ArticleOf {
  const article = articlePathFor(sidecarPath.replace(/\\/g, '/'));
  return side => {
    if (!article) return undefined;
    const rev = side === 'ours' ? 'HEAD' : theirsCommit(cwd);
    if (!rev) return undefined;
    const r = spawnSync('git', ['cat-file', 'blob', `${rev}:${article}`], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
    return r.status === 0 ? r.stdout : undefined;
  };
}

function theirsCommit(cwd: string): string | undefined {
  const heads = Object.keys(process.env).flatMap(k => /^GITHEAD_([0-9a-f]{40,64})$/.exec(k)?.[1] ?? []);
  if (heads.length === 1) return heads[0];
  const gitDir = spawnSync('git', ['rev-parse', '--git-dir'], { cwd, encoding: 'utf8' });
  if (gitDir.status !== 0) return undefined;
  const dir = gitDir.stdout.trim();
  try {
    const done = readFileSync(join(isAbsolute(dir) ? dir : join(cwd, dir), 'rebase-merge', 'done'), 'utf8').trim().split('\n');
    return /^\S+ ([0-9a-f]{7,64})\b/.exec(done[done.length - 1] ?? '')?.[1];
  } catch {
    return undefined;
  }
}

/** `git merge-file`: the line merge git would have done, into <ours>. */
function lineMerge(ctx: CliContext, shown: string, [base, ours, theirs]: string[]): number {
  ctx.err(`claimlens merge: ${shown}: a version cannot be read as ClaimLens YAML; merging it line by line`);
  const r = spawnSync('git', ['merge-file', '-L', `ours:${shown}`, '-L', `base:${shown}`, '-L', `theirs:${shown}`, ours, base, theirs],
    { cwd: ctx.cwd, encoding: 'utf8' });
  if (r.error) throw r.error;
  if (r.status === 0) return EXIT_OK;
  if (r.status !== null && r.status > 0 && r.status < 128) return EXIT_PROBLEMS; // the number of conflicts; 255 is an error
  throw new Error(`git merge-file failed: ${r.stderr.trim()}`);
}
