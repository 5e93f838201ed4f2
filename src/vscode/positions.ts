// Code-point offsets of the normalised text <-> editor Positions. Line numbers agree between the
// normalised text and the document (CRLF and lone CR count as one break in both), so a Position's
// line/character can be computed on the normalised text.
import * as vscode from 'vscode';
import { CodePointIndex, editLineStarts, lineStartsOf, Utf16Edit } from '../core/text';

export class PositionMap {
  private readonly lineStarts: number[];

  /** @param lineStarts UTF-16 indices of the line starts of the text, when already known */
  constructor(readonly index: CodePointIndex, lineStarts?: number[]) {
    this.lineStarts = lineStarts ?? lineStartsOf(index.text);
  }

  /**
   * The map of `next`, the text after `edits` (UTF-16, on this map's text): line starts are shifted
   * rather than searched again, so typing costs the edit, not the article.
   */
  edited(next: CodePointIndex, edits: readonly Utf16Edit[]): PositionMap {
    const map = new PositionMap(next, editLineStarts(this.lineStarts, edits));
    cache.set(next, map);
    return map;
  }

  /** UTF-16 index in the normalised text of an editor position (clamped to its line). */
  utf16Offset(pos: vscode.Position): number {
    const line = Math.min(Math.max(pos.line, 0), this.lineStarts.length - 1);
    const lineEnd = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] - 1 : this.index.text.length;
    return Math.min(this.lineStarts[line] + pos.character, lineEnd);
  }

  position(offset: number): vscode.Position {
    const u = this.index.toUtf16(offset);
    let lo = 0, hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= u) lo = mid; else hi = mid - 1;
    }
    return new vscode.Position(lo, u - this.lineStarts[lo]);
  }

  range(start: number, end: number): vscode.Range {
    return new vscode.Range(this.position(start), this.position(end));
  }

  offset(pos: vscode.Position): number {
    return this.index.toCodePoint(this.utf16Offset(pos));
  }
}

const cache = new WeakMap<CodePointIndex, PositionMap>();

/** One PositionMap per text version (texts are immutable, so the map can be shared). */
export function positionsOf(index: CodePointIndex): PositionMap {
  let map = cache.get(index);
  if (!map) { map = new PositionMap(index); cache.set(index, map); }
  return map;
}
