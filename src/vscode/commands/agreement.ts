// "Compare with Another Annotator's Copy…": the current article's annotations (as they are in the
// editor, saved or not) against another annotator's copy of its sidecar, picked in an open dialog
// (callers and tests pass its Uri instead). The report, the same as `claimlens agree` prints, opens
// as a read-only plain-text document beside the article, and every disagreement becomes an
// information diagnostic on the article: the Problems panel lists them and F8 walks through them.
// Closing the report (or the article) clears them. Nothing here renders Markdown: the report
// quotes files, and plain text cannot carry a link or HTML.
import * as vscode from 'vscode';
import { describeDisagreement, formatAgreementText } from '../../core/agreement/format';
import { AgreementReport, annotatorNames, buildAgreementReport } from '../../core/agreement/report';
import { Sidecar } from '../../core/model';
import { hasErrors } from '../../core/problems';
import { loadSidecar } from '../../core/sidecarFormat';
import { decodeUtf8, normalizeText } from '../../core/text';
import { formatBytes } from '../../store/fileSystem';
import { CommandId } from '../../ids';
import { readConfig } from '../config';
import { positionsOf } from '../positions';
import { activeArticle, register, Services, UserError } from '../services';
import { toLocation, toUri } from '../workspaceFs';

export const AGREEMENT_SCHEME = 'claimlens-agreement';

/** What the current copy is called in the report. */
export const THIS_COPY = 'this copy';

export interface AgreementResult {
  report: AgreementReport;
  /** The report document. */
  uri: vscode.Uri;
}

/** Read-only documents holding the reports, by URI. */
class Reports implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private count = 0;

  add(title: string, text: string): vscode.Uri {
    // A new URI each time: the editor caches a virtual document's text by URI. No file extension,
    // so the document is plain text.
    const uri = vscode.Uri.from({ scheme: AGREEMENT_SCHEME, path: `/${title.replace(/[/\\]/g, '_')}`, query: String(++this.count) });
    this.texts.set(uri.toString(), text);
    return uri;
  }

  remove(uri: vscode.Uri): void {
    this.texts.delete(uri.toString());
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }
}

async function pickCopy(sidecar: vscode.Uri): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: 'Another annotator’s copy of this article’s annotations',
    openLabel: 'Compare',
    canSelectMany: false,
    defaultUri: vscode.Uri.joinPath(sidecar, '..'),
    filters: { 'ClaimLens annotations': ['yaml'] },
  });
  return picked?.[0];
}

/** A file outside the workspace that the user picked: only read, with the same size and UTF-8 rules. */
async function readPicked(uri: vscode.Uri): Promise<string | undefined> {
  let size: number;
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.type & vscode.FileType.Directory) throw new UserError('Pick a sidecar file (*.annotations.yaml), not a folder.');
    size = stat.size;
  } catch (e) {
    if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') return undefined;
    throw e;
  }
  const limit = readConfig().maxDataBytes;
  if (size > limit) throw new UserError(`That file is ${formatBytes(size)}, over the limit of ${formatBytes(limit)} (the setting claimlens.sidecar.maxSizeMB).`);
  const decoded = decodeUtf8(await vscode.workspace.fs.readFile(uri), true);
  if (decoded.error) throw new UserError(`That file is not valid UTF-8 (line ${decoded.error.line}).`);
  return decoded.text;
}

async function readCopy(services: Services, uri: vscode.Uri): Promise<Sidecar> {
  // A file of the workspace is read under the workspace's rules (no links, size, UTF-8).
  const text = vscode.workspace.getWorkspaceFolder(uri) ? await services.fs.readText(toLocation(uri)) : await readPicked(uri);
  if (text === undefined) throw new UserError('That file does not exist.');
  const loaded = loadSidecar(normalizeText(text));
  if (!loaded.sidecar || hasErrors(loaded.problems)) {
    const first = loaded.problems.find(p => p.severity === 'error');
    throw new UserError(`That file is not a readable ClaimLens sidecar${first ? ` (error at line ${first.line}, column ${first.column})` : ''}. Open it to see its problems.`);
  }
  return loaded.sidecar;
}

/** The other copy's name: the innermost folder (or file name) that tells it from this one, e.g. `alice`. */
function copyName(current: vscode.Uri, other: vscode.Uri): string {
  const [, name] = annotatorNames([current.path, other.path]);
  const last = name.split('/').pop() || name;
  return last === THIS_COPY ? name : last;
}

export function registerAgreementCommand(services: Services): vscode.Disposable[] {
  const reports = new Reports();
  const diagnostics = vscode.languages.createDiagnosticCollection('claimlens-agreement');
  /** The report shown for each article (by article URI), whose closing clears its diagnostics. */
  const shown = new Map<string, vscode.Uri>();
  const clearArticle = (article: string) => {
    shown.delete(article);
    diagnostics.delete(vscode.Uri.parse(article));
  };

  async function compare(copy?: unknown): Promise<AgreementResult | undefined> {
    const { editor, state } = await activeArticle(services);
    const sidecarUri = toUri(state.sidecarLocation);
    const otherUri = copy instanceof vscode.Uri ? copy : await pickCopy(sidecarUri);
    if (!otherUri) return undefined;
    const other = await readCopy(services, otherUri);
    const names = [THIS_COPY, copyName(sidecarUri, otherUri)];
    const report = buildAgreementReport([{ name: names[0], sidecar: state.sidecar }, { name: names[1], sidecar: other }], state.text.text);

    const articleName = editor.document.uri.path.split('/').pop() ?? 'article';
    const header = [`${articleName}: this copy (${vscode.workspace.asRelativePath(sidecarUri, false)}) compared with ${names[1]} (${otherUri.scheme === 'file' ? otherUri.fsPath : otherUri.toString(true)})`, ''];
    const uri = reports.add(`${articleName} — agreement with ${names[1]}`,
      [...header, ...formatAgreementText(report)].join('\n') + '\n');

    const article = editor.document.uri;
    clearArticle(article.toString());
    const positions = positionsOf(state.text);
    diagnostics.set(article, report.disagreements.map(d => {
      const diagnostic = new vscode.Diagnostic(positions.range(d.start, d.end),
        `${d.kind === 'mention' ? 'Mention' : 'Claim'}: ${describeDisagreement(report.annotators, d)}`, vscode.DiagnosticSeverity.Information);
      diagnostic.source = 'ClaimLens agreement';
      return diagnostic;
    }));
    shown.set(article.toString(), uri);

    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
    return { report, uri };
  }

  const reportClosed = (uri: vscode.Uri) => {
    reports.remove(uri);
    for (const [article, report] of shown) if (report.toString() === uri.toString()) clearArticle(article);
  };
  return [
    diagnostics,
    vscode.workspace.registerTextDocumentContentProvider(AGREEMENT_SCHEME, reports),
    register(CommandId.compareWithAnnotator, compare),
    vscode.window.tabGroups.onDidChangeTabs(e => {
      for (const tab of e.closed) if (tab.input instanceof vscode.TabInputText && tab.input.uri.scheme === AGREEMENT_SCHEME) reportClosed(tab.input.uri);
    }),
    vscode.workspace.onDidCloseTextDocument(doc => { if (shown.has(doc.uri.toString())) clearArticle(doc.uri.toString()); }),
  ];
}
