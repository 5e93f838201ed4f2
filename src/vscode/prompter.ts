// The questions commands ask, behind an interface: the extension uses VS Code's quick input, and
// integration tests can answer them through the extension's API while everything else runs for real.
// Item texts and prompts are mostly names and ids from workspace files, so QuickInputPrompter shows
// them literally: `$(name)` in them never renders as an icon and a link in a prompt is not live;
// ClaimLens's own items ask for their icon with `icon`.
import * as vscode from 'vscode';
import { breakLinks, plainForPrompt, plainLabel } from '../core/plainText';

export interface PickItem<T> extends vscode.QuickPickItem {
  value: T;
  /** A codicon before the label, for ClaimLens's own items (such as "New actor…"); label text never becomes one. */
  icon?: string;
}

/** How an item is shown: its texts literal, its icon (if any) in front. */
export function shownItem<T>(item: PickItem<T>): PickItem<T> {
  return {
    ...item,
    label: (item.icon ? `$(${item.icon}) ` : '') + plainLabel(item.label),
    description: item.description === undefined ? undefined : plainLabel(item.description),
    detail: item.detail === undefined ? undefined : plainLabel(item.detail),
  };
}

export interface Prompter {
  pick<T>(items: PickItem<T>[], options: { title: string; placeholder?: string; activeIndex?: number }): Promise<T | undefined>;
  input(options: { title: string; prompt?: string; value?: string; validate?: (v: string) => string | undefined }): Promise<string | undefined>;
  /** A modal warning with one action button (and Cancel); true when the action was chosen. */
  confirm(message: string, action: string, detail?: string): Promise<boolean>;
}

export class QuickInputPrompter implements Prompter {
  async pick<T>(items: PickItem<T>[], options: { title: string; placeholder?: string; activeIndex?: number }): Promise<T | undefined> {
    const qp = vscode.window.createQuickPick<PickItem<T>>();
    qp.title = options.title;
    qp.placeholder = options.placeholder;
    qp.matchOnDescription = true;
    qp.matchOnDetail = true;
    const shown = items.map(shownItem);
    qp.items = shown;
    const active = shown[options.activeIndex ?? 0];
    if (active) qp.activeItems = [active];
    return new Promise<T | undefined>(resolve => {
      let done = false;
      qp.onDidAccept(() => { done = true; resolve(qp.selectedItems[0]?.value ?? qp.activeItems[0]?.value); qp.hide(); });
      qp.onDidHide(() => { if (!done) resolve(undefined); qp.dispose(); });
      qp.show();
    });
  }

  async input(options: { title: string; prompt?: string; value?: string; validate?: (v: string) => string | undefined }): Promise<string | undefined> {
    // The prompt and validation messages render links and icons; the title and value are plain text.
    const validate = options.validate;
    return vscode.window.showInputBox({ title: options.title, prompt: options.prompt === undefined ? undefined : plainForPrompt(options.prompt), value: options.value,
      validateInput: validate ? v => { const m = validate(v); return m === undefined ? undefined : plainForPrompt(m); } : undefined });
  }

  async confirm(message: string, action: string, detail?: string): Promise<boolean> {
    return (await vscode.window.showWarningMessage(breakLinks(message), { modal: true, detail: detail === undefined ? undefined : breakLinks(detail) }, action)) === action;
  }
}

/** Lets tests (through the extension API) or other callers swap the prompter at run time. */
export class PrompterHolder implements Prompter {
  constructor(public current: Prompter) {}
  pick<T>(items: PickItem<T>[], options: { title: string; placeholder?: string; activeIndex?: number }): Promise<T | undefined> { return this.current.pick(items, options); }
  input(options: { title: string; prompt?: string; value?: string; validate?: (v: string) => string | undefined }): Promise<string | undefined> { return this.current.input(options); }
  confirm(message: string, action: string, detail?: string): Promise<boolean> { return this.current.confirm(message, action, detail); }
}
