// Problems found in a sidecar or codebook: precise positions so the editor and the CLI can point
// at the exact line and column. Lines and columns are 1-based.

export type Severity = 'error' | 'warning';

export interface Problem {
  file?: string;
  line: number;
  column: number;
  /** Where the problem ends, when known (1-based, inclusive line, exclusive column). */
  endLine?: number;
  endColumn?: number;
  severity: Severity;
  message: string;
  /** A stable short code, e.g. 'yaml-syntax', 'unknown-entity', 'duplicate-id'. */
  code: string;
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some(p => p.severity === 'error');
}

/** `path:line:col: error: message` — the format of compilers, understood by editors and CI. */
export function formatProblem(p: Problem, file = p.file ?? '<input>'): string {
  return `${file}:${p.line}:${p.column}: ${p.severity}: ${p.message}`;
}

/** Maps character offsets of a source text to 1-based line/column. */
export class LineMap {
  private readonly starts: number[] = [0];
  constructor(source: string) {
    for (let i = 0; i < source.length; i++) if (source.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  at(offset: number): { line: number; column: number } {
    let lo = 0, hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }
}
