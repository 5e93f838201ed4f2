// The `claimlens` command line as a function, so tests (and other tools) can run it in-process:
// arguments in, text out through callbacks, exit status returned.
import { version } from '../../package.json';
import { AGREE_HELP, agreeCommand } from './agree';
import { CliContext, CliIo, EXIT_USAGE, OptionSpec, ParsedArgs, parseVerbArgs, UsageError } from './common';
import { DIFF_HELP, diffCommand } from './diff';
import { EXPORT_HELP, exportCommand } from './export';
import { FMT_HELP, fmtCommand } from './fmt';
import { GIT_SETUP_HELP, gitSetupCommand } from './gitSetup';
import { IMPORT_HELP, importCommand } from './import';
import { MERGE_HELP, mergeCommand } from './merge';
import { statSync } from 'node:fs';
import { dirname, isInside } from '../store/fileSystem';
import { NodeFileSystem, toLocation } from './nodeFileSystem';
import { STATS_HELP, statsCommand } from './stats';
import { TEXTCONV_HELP, textconvCommand } from './textconv';
import { SUGGEST_HELP, suggestCommand } from './suggest';
import { VALIDATE_HELP, validateCommand } from './validate';

export type { CliIo } from './common';

export const HELP = `Usage: claimlens <command> [options] [paths…]

Checks, counts and formats ClaimLens annotations: sidecar files (<article>.annotations.yaml)
beside plain-text articles, and the shared codebook (claimlens.codebook.yaml).

Commands:
  validate [--strict] [--format text|github] [paths…]
                             report problems as path:line:col: error|warning: message
  stats [--json] [paths…]    count mentions, claims by stance and orphans per article and entity
  fmt [--check] [paths…]     re-anchor annotations to the current article text, write canonical form
  merge <base> <ours> <theirs> [path]
                             git merge driver: merge a sidecar or the codebook by id
  git-setup [--command <cmd>]
                             configure this git repository to use the merge driver and textconv
  textconv <file>            a sidecar or codebook as one readable line per annotation (git diff)
  diff [--format text|markdown|json] <old> <new> | <from>..<to> [paths…]
                             what changed between two versions, in annotations (git revisions too)
  suggest [--json] [--apply] [paths…]
                             suggest mentions and claims; --apply writes them into the sidecars
  export --format <format> [--out <file|dir>] [--network <kind>] [paths…]
                             annotations as csv, brat, w3c (Web Annotation), jsonl (spaCy) or graphml
  import --format brat|jsonl [--out <dir>] [--replace] <source>…
                             annotations from brat or JSONL into sidecars, merged by id
  agree [--format text|json] [--article <path>] <a.yaml> <b.yaml> [more…]
                             inter-annotator agreement of copies of one article's sidecar

Paths are folders (searched recursively), sidecars or articles; the default is the current folder.

Options:
  -h, --help       show help (also: claimlens <command> --help)
  -V, --version    show the version

Exit status: 0 success, 1 problems found, 2 usage error (or a file that could not be read).
`;

/**
 * A verb of the command line: its help text, the options it accepts (as for `util.parseArgs`;
 * `-h`/`--help` is added to every verb) and what it does with the parsed arguments.
 */
interface Verb {
  help: string;
  options: OptionSpec;
  run: (ctx: CliContext, args: ParsedArgs) => Promise<number>;
}

const VERBS: Record<string, Verb> = {
  validate: { help: VALIDATE_HELP, options: { strict: { type: 'boolean' }, 'min-score': { type: 'string' }, format: { type: 'string' } },
    run: (ctx, a) => validateCommand(ctx, a.positionals, { strict: a.values.strict === true,
      minScore: a.values['min-score'] as string | undefined, format: a.values.format as string | undefined }) },
  stats: { help: STATS_HELP, options: { json: { type: 'boolean' } }, run: (ctx, a) => statsCommand(ctx, a.positionals, a.values.json === true) },
  fmt: { help: FMT_HELP, options: { check: { type: 'boolean' } }, run: (ctx, a) => fmtCommand(ctx, a.positionals, a.values.check === true) },
  merge: { help: MERGE_HELP, options: {}, run: (ctx, a) => mergeCommand(ctx, a.positionals) },
  'git-setup': { help: GIT_SETUP_HELP, options: { command: { type: 'string' } },
    run: (ctx, a) => gitSetupCommand(ctx, a.positionals, a.values.command as string | undefined) },
  textconv: { help: TEXTCONV_HELP, options: {}, run: (ctx, a) => textconvCommand(ctx, a.positionals) },
  diff: { help: DIFF_HELP, options: { format: { type: 'string' } }, run: (ctx, a) => diffCommand(ctx, a.positionals, a.values.format as string | undefined) },
  suggest: { help: SUGGEST_HELP, options: { json: { type: 'boolean' }, apply: { type: 'boolean' } },
    run: (ctx, a) => suggestCommand(ctx, a.positionals, a.values.json === true, a.values.apply === true) },
  export: { help: EXPORT_HELP, options: { format: { type: 'string' }, out: { type: 'string' }, table: { type: 'string' }, network: { type: 'string' } },
    run: (ctx, a) => exportCommand(ctx, a.positionals, { format: a.values.format as string | undefined, out: a.values.out as string | undefined,
      table: a.values.table as string | undefined, network: a.values.network as string | undefined }) },
  import: { help: IMPORT_HELP, options: { format: { type: 'string' }, out: { type: 'string' }, replace: { type: 'boolean' } },
    run: (ctx, a) => importCommand(ctx, a.positionals, { format: a.values.format as string | undefined, out: a.values.out as string | undefined,
      replace: a.values.replace === true }) },
  agree: { help: AGREE_HELP, options: { format: { type: 'string' }, article: { type: 'string' } },
    run: (ctx, a) => agreeCommand(ctx, a.positionals, { format: a.values.format as string | undefined, article: a.values.article as string | undefined }) },
};

/** The first line of a verb's help: how to call it. */
function usageLine(verb: string): string | undefined {
  return Object.hasOwn(VERBS, verb) ? VERBS[verb].help.split('\n')[0] : undefined;
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  // The workspace of a run: the current folder when every path lies in it (the usual case, run
  // in the repository), else the folders named. Nothing whose folder resolves outside it is read
  // or written, so a linked folder in a repository cannot lead out of it. Set once paths are known.
  let roots: string[] | undefined;
  const cwd = toLocation('.', io.cwd);
  const ctx: CliContext = {
    cwd: io.cwd, fs: io.fs ?? new NodeFileSystem({ roots: () => roots }),
    confine: locations => { roots = locations.every(l => isInside(l, cwd)) ? [cwd] : locations.map(l => (isFolder(l) ? l : dirname(l))); },
    out: line => io.stdout(line + '\n'), err: line => io.stderr(line + '\n'),
  };
  const [first, ...rest] = argv;
  try {
    if (first === undefined) { io.stderr(HELP); return EXIT_USAGE; }
    if (first === '--help' || first === '-h') { io.stdout(HELP); return 0; }
    if (first === '--version' || first === '-V') { ctx.out(version); return 0; }
    if (first === 'help') {
      const topic = rest[0];
      if (topic === undefined) { io.stdout(HELP); return 0; }
      if (!Object.hasOwn(VERBS, topic)) throw new UsageError(`unknown command '${topic}'`);
      io.stdout(VERBS[topic].help);
      return 0;
    }
    if (first.startsWith('-')) throw new UsageError(`unknown option ${first}`);
    if (!Object.hasOwn(VERBS, first)) throw new UsageError(`unknown command '${first}'`);
    const verb = VERBS[first];
    const args = parseVerbArgs(first, rest, verb.options);
    if (args.values.help) { io.stdout(verb.help); return 0; }
    return await verb.run(ctx, args);
  } catch (e) {
    if (e instanceof UsageError) {
      ctx.err(`claimlens${e.verb ? ' ' + e.verb : ''}: ${e.message}`);
      const usage = e.verb === undefined ? undefined : usageLine(e.verb);
      if (usage) ctx.err(usage);
      ctx.err(`Try 'claimlens ${e.verb ? e.verb + ' ' : ''}--help'.`);
      return EXIT_USAGE;
    }
    // An I/O failure or a bug: say what happened, not a stack trace (unless asked for).
    const err = e as Error;
    ctx.err(`claimlens: ${err?.message ?? String(e)}`);
    if (process.env.CLAIMLENS_DEBUG) ctx.err(String(err?.stack ?? ''));
    return EXIT_USAGE;
  }
}

function isFolder(location: string): boolean {
  try { return statSync(location).isDirectory(); } catch { return false; }
}
