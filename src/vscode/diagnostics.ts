// The Problems panel: sidecar and codebook problems at their exact line and column, and orphaned
// annotations on the article with the reason they could not be placed.
import * as vscode from 'vscode';
import { Problem } from '../core/problems';
import { AnnotationStore, ArticleState } from '../store/annotationStore';
import { CodebookStore } from '../store/codebookStore';
import { CorpusView } from '../store/corpusView';
import { positionsOf } from './positions';
import { toUri } from './workspaceFs';

export class DiagnosticsPublisher implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('claimlens');

  /** @param codebooks every codebook in use: the workspace's and those of nested corpora */
  constructor(private readonly store: AnnotationStore, private readonly codebooks: () => readonly CodebookStore[], private readonly corpus: CorpusView) {}

  /** Republishes everything: cheap, as problems are already computed by the stores. */
  publish(): void {
    const byFile = new Map<string, vscode.Diagnostic[]>();
    const push = (location: string, d: vscode.Diagnostic) => { let l = byFile.get(location); if (!l) byFile.set(location, l = []); l.push(d); };
    const open = new Set(this.store.all().map(s => s.location));
    for (const a of this.corpus.articles()) {
      if (open.has(a.article)) continue;
      for (const p of a.problems) if (p.severity === 'error') push(a.sidecarLocation, toDiagnostic(p));
    }
    // Sidecars the index could not read at all (a link, too large, not UTF-8): open articles show
    // their own problem; the others are listed here rather than only in the log.
    const openSidecars = new Set(this.store.all().map(s => s.sidecarLocation));
    for (const [location, problem] of this.corpus.readFailures) {
      if (!openSidecars.has(location)) push(location, toDiagnostic(problem));
    }
    for (const state of this.store.all()) {
      for (const p of state.problems) {
        if (p.code === 'orphan' || p.code === 'stale') continue; // shown on the article instead / already re-anchored
        push(state.sidecarLocation, toDiagnostic(p));
      }
      for (const d of this.orphanDiagnostics(state)) push(state.location, d);
    }
    for (const codebook of this.codebooks()) if (codebook.location) for (const p of codebook.problems) push(codebook.location, toDiagnostic(p));
    this.collection.clear();
    for (const [location, list] of byFile) this.collection.set(toUri(location), list);
  }

  private orphanDiagnostics(state: ArticleState): vscode.Diagnostic[] {
    const pos = positionsOf(state.text);
    const result: vscode.Diagnostic[] = [];
    for (const a of [...state.sidecar.mentions, ...state.sidecar.claims]) {
      if (a.anchor !== 'orphan' && a.anchor !== 'fuzzy') continue;
      const what = 'entity' in a ? `mention of ${a.entity}` : `claim by ${a.claimant}`;
      const start = Math.min(a.start, state.text.length);
      const range = a.anchor === 'fuzzy' ? pos.range(a.start, a.end) : pos.range(start, start);
      const message = a.anchor === 'orphan'
        ? `Orphaned ${what}: “${short(a.text)}” — ${state.orphanReasons.get(a.id) ?? 'not found in the current text'}. Re-attach or delete it under Needs review.`
        : `Re-anchored ${what} by fuzzy match (score ${a.score ?? '?'}): was “${short(a.text)}”. Review it under Needs review.`;
      const d = new vscode.Diagnostic(range, message, a.anchor === 'orphan' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information);
      d.source = 'ClaimLens';
      d.code = a.anchor;
      result.push(d);
    }
    return result;
  }

  dispose(): void {
    this.collection.dispose();
  }
}

function toDiagnostic(p: Problem): vscode.Diagnostic {
  const start = new vscode.Position(Math.max(0, p.line - 1), Math.max(0, p.column - 1));
  const end = p.endLine !== undefined ? new vscode.Position(p.endLine - 1, Math.max(0, (p.endColumn ?? p.column) - 1)) : start.translate(0, 1);
  const d = new vscode.Diagnostic(new vscode.Range(start, end), p.message,
    p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
  d.source = 'ClaimLens';
  d.code = p.code;
  return d;
}

function short(s: string): string {
  const flat = s.replace(/\s+/g, ' ');
  return flat.length > 50 ? flat.slice(0, 49) + '…' : flat;
}
