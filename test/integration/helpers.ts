// Shared helpers for the integration suites: the extension's API, scripted answers to its prompts,
// and waiting for what happens asynchronously (debounced saves, file watchers).
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ClaimLensApi } from '../../src/extension';
import type { PickItem, Prompter } from '../../src/vscode/prompter';
import type { RootKind, RootNode } from '../../src/vscode/tree/nodes';

export const EXTENSION_ID = 'claimlens.claimlens';

export async function api(): Promise<ClaimLensApi> {
  const ext = vscode.extensions.getExtension<ClaimLensApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is installed`);
  const exports = await ext.activate();
  await exports.ready;
  return exports;
}

export function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

export async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try { return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)); } catch { return undefined; }
}

export async function writeText(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
}

export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 50));
  }
}

/** One scripted answer: picks an item (by a predicate over the offered items) or types a value. */
export type Answer =
  | { pick: (items: PickItem<unknown>[], activeIndex: number) => PickItem<unknown> | undefined }
  | { input: string | undefined }
  | { confirm: boolean };

export const pickLabel = (text: string): Answer => ({ pick: items => items.find(i => i.label.includes(text)) });
export const pickActive = (): Answer => ({ pick: (items, active) => items[active] });
export const pickValue = (value: unknown): Answer => ({ pick: items => items.find(i => i.value === value) });
export const type = (text: string | undefined): Answer => ({ input: text });

export interface PromptRecord { kind: 'pick' | 'input' | 'confirm'; title: string; labels?: string[]; activeIndex?: number }

/** Answers the extension's questions from a script, recording what was asked. */
export class ScriptedPrompter implements Prompter {
  readonly asked: PromptRecord[] = [];
  constructor(private readonly answers: Answer[]) {}

  private next(kind: string, title: string): Answer {
    const a = this.answers.shift();
    if (!a) throw new Error(`unexpected ${kind} prompt: ${title}`);
    return a;
  }

  async pick<T>(items: PickItem<T>[], options: { title: string; activeIndex?: number }): Promise<T | undefined> {
    const active = options.activeIndex ?? 0;
    this.asked.push({ kind: 'pick', title: options.title, labels: items.map(i => i.label), activeIndex: active });
    const a = this.next('pick', options.title);
    if (!('pick' in a)) throw new Error(`expected an input for “${options.title}”`);
    const item = a.pick(items as PickItem<unknown>[], active);
    if (!item) throw new Error(`no matching item in “${options.title}”: ${items.map(i => i.label).join(' | ')}`);
    return item.value as T;
  }

  async input(options: { title: string }): Promise<string | undefined> {
    this.asked.push({ kind: 'input', title: options.title });
    const a = this.next('input', options.title);
    if (!('input' in a)) throw new Error(`expected a pick for “${options.title}”`);
    return a.input;
  }

  async confirm(message: string): Promise<boolean> {
    this.asked.push({ kind: 'confirm', title: message });
    const a = this.next('confirm', message);
    if (!('confirm' in a)) throw new Error(`expected a confirmation for “${message}”`);
    return a.confirm;
  }

  get done(): boolean {
    return this.answers.length === 0;
  }
}

/** Runs `fn` with the extension's prompts answered from `answers`; asserts all were used. */
export async function withAnswers<T>(answers: Answer[], fn: (prompter: ScriptedPrompter) => Thenable<T>): Promise<T> {
  const { prompter } = await api();
  const saved = prompter.current;
  const scripted = new ScriptedPrompter(answers);
  prompter.current = scripted;
  try {
    const result = await fn(scripted);
    assert.ok(scripted.done, 'every scripted answer was used');
    return result;
  } finally {
    prompter.current = saved;
  }
}

/** Code-point offset of the n-th occurrence of `needle` in a text (tests use BMP text, so UTF-16 = code points). */
export function offsetOf(text: string, needle: string, occurrence = 0): number {
  let i = -1;
  for (let k = 0; k <= occurrence; k++) { i = text.indexOf(needle, i + 1); if (i < 0) throw new Error(`“${needle}” #${occurrence} not found`); }
  return i;
}

export async function openArticle(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(workspaceUri(name));
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  await api();
  return editor;
}

export function select(editor: vscode.TextEditor, needle: string, occurrence = 0): void {
  const text = editor.document.getText();
  const start = editor.document.positionAt(offsetOf(text, needle, occurrence));
  const end = editor.document.positionAt(offsetOf(text, needle, occurrence) + needle.length);
  editor.selection = new vscode.Selection(start, end);
}

/** Deletes a test folder file by file (so the watchers see each sidecar go) and forgets its articles. */
export async function removeFolder(folder: string): Promise<void> {
  const { services } = await api();
  const prefix = workspaceUri(folder).toString() + '/';
  for (const s of services.store.all()) if (s.location.startsWith(prefix)) await services.store.close(s.location);
  for (const f of await vscode.workspace.findFiles(new vscode.RelativePattern(workspaceUri(folder), '**/*'))) await vscode.workspace.fs.delete(f).then(undefined, () => undefined);
  await vscode.workspace.fs.delete(workspaceUri(folder), { recursive: true }).then(undefined, () => undefined);
  await vscode.commands.executeCommand('claimlens.refresh');
  assert.ok(!services.corpus.articles().some(a => a.article.startsWith(prefix)), `nothing of ${folder} is left in the corpus`);
}

/** The Entities view's label of an entity (e.g. “China (195)”), or undefined when it has no row. */
export async function entityLabel(id: string): Promise<string | undefined> {
  const { tree } = await api();
  const node = await tree.findEntity(id);
  return node ? String(tree.getTreeItem(node).label) : undefined;
}

/**
 * For suites that add annotated files to the shared workspace: deletes their folder, closes what they opened, and
 * waits until the corpus counts are back to what they were, so that later suites count the fixtures alone.
 */
export async function removeAndWaitForCorpus(folder: vscode.Uri, labelBefore: string | undefined, entity = 'china'): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await vscode.workspace.fs.delete(folder, { recursive: true }).then(undefined, () => undefined);
  // Its articles may be under a codebook of their own, so the count below does not see them go.
  const { services } = await api();
  const prefix = folder.toString() + '/';
  await waitFor(`the articles of ${folder.path} gone`, () => !services.corpus.articles().some(a => a.article.startsWith(prefix))
    && !services.store.all().some(s => s.location.startsWith(prefix)), 10_000).catch(() => undefined);
  // Best effort: documents opened from the folder stay open (and counted) until VS Code disposes them.
  await waitFor(`the corpus without ${folder.path}`, async () => (await entityLabel(entity)) === labelBefore, 10_000).catch(() => undefined);
}

/** The Entities view's root rows of a kind: one, or one per codebook when the workspace has several. */
export async function rootRows(kind: RootKind): Promise<RootNode[]> {
  const { tree } = await api();
  const top = await tree.getChildren();
  const roots = top.flatMap(n => (n.kind === 'corpus' ? n.children : [n]));
  return roots.filter((n): n is RootNode => n.kind === 'root' && n.root === kind);
}
