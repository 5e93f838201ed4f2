// The questions commands ask, behind an interface: the extension uses VS Code's quick input, and
// integration tests can answer them through the extension's API while everything else runs for real.
import * as vscode from 'vscode';

export interface PickItem<T> extends vscode.QuickPickItem {
  value: T;
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
    qp.items = items;
    const active = items[options.activeIndex ?? 0];
    if (active) qp.activeItems = [active];
    return new Promise<T | undefined>(resolve => {
      let done = false;
      qp.onDidAccept(() => { done = true; resolve(qp.selectedItems[0]?.value ?? qp.activeItems[0]?.value); qp.hide(); });
      qp.onDidHide(() => { if (!done) resolve(undefined); qp.dispose(); });
      qp.show();
    });
  }

  async input(options: { title: string; prompt?: string; value?: string; validate?: (v: string) => string | undefined }): Promise<string | undefined> {
    return vscode.window.showInputBox({ title: options.title, prompt: options.prompt, value: options.value,
      validateInput: options.validate ? v => options.validate!(v) : undefined });
  }

  async confirm(message: string, action: string, detail?: string): Promise<boolean> {
    return (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;
  }
}

/** Lets tests (through the extension API) or other callers swap the prompter at run time. */
export class PrompterHolder implements Prompter {
  constructor(public current: Prompter) {}
  pick<T>(items: PickItem<T>[], options: { title: string; placeholder?: string; activeIndex?: number }): Promise<T | undefined> { return this.current.pick(items, options); }
  input(options: { title: string; prompt?: string; value?: string; validate?: (v: string) => string | undefined }): Promise<string | undefined> { return this.current.input(options); }
  confirm(message: string, action: string, detail?: string): Promise<boolean> { return this.current.confirm(message, action, detail); }
}
