/**
 * The few prompts the vault commands need, behind a port: the real one is VS Code's window API; the
 * integration tests script answers into the same command code (test mode only), so what they exercise is
 * the production path.
 */
import * as vscode from 'vscode';

export interface PickItem extends vscode.QuickPickItem {
  id: string;
}

export interface VaultUi {
  input(options: vscode.InputBoxOptions): Thenable<string | undefined>;
  pick(items: PickItem[], options: { title: string; many?: boolean }): Thenable<PickItem[] | undefined>;
  confirm(message: string, action: string): Thenable<boolean>;
  pickFile(defaultUri: vscode.Uri | undefined): Thenable<vscode.Uri | undefined>;
  info(message: string): void;
  error(message: string): void;
}

export const windowUi: VaultUi = {
  input: (options) => vscode.window.showInputBox({ ignoreFocusOut: true, ...options }),
  pick: async (items, options) => {
    if (options.many) return vscode.window.showQuickPick(items, { title: options.title, canPickMany: true });
    const one = await vscode.window.showQuickPick(items, { title: options.title });
    return one ? [one] : undefined;
  },
  confirm: async (message, action) => (await vscode.window.showWarningMessage(message, { modal: true }, action)) === action,
  pickFile: async (defaultUri) => (await vscode.window.showOpenDialog({ defaultUri, canSelectMany: false, openLabel: 'Import' }))?.[0],
  info: (message) => void vscode.window.showInformationMessage(message),
  error: (message) => void vscode.window.showErrorMessage(message),
};

export type ScriptedAnswer = string | string[] | boolean | null;

/** Test-mode UI: answers are consumed in order; every message shown is recorded for the test to inspect. */
export class ScriptedUi implements VaultUi {
  readonly shown: string[] = [];
  readonly prompts: string[] = [];

  constructor(private readonly answers: ScriptedAnswer[]) {}

  private next(kind: string): ScriptedAnswer {
    if (this.answers.length === 0) throw new Error(`scripted UI ran out of answers at a ${kind}`);
    return this.answers.shift() as ScriptedAnswer;
  }

  input(options: vscode.InputBoxOptions): Thenable<string | undefined> {
    this.prompts.push(`${options.password ? 'password' : 'input'}:${options.prompt ?? ''}`);
    const answer = this.next('input');
    if (typeof answer === 'string' && options.validateInput) {
      const problem = options.validateInput(answer);
      if (problem) return Promise.reject(new Error(`scripted input rejected: ${String(problem)}`));
    }
    return Promise.resolve(typeof answer === 'string' ? answer : undefined);
  }

  pick(items: PickItem[], options: { title: string }): Thenable<PickItem[] | undefined> {
    this.prompts.push(`pick:${options.title}:${items.map((i) => i.id).join(',')}`);
    const answer = this.next('pick');
    const ids = typeof answer === 'string' ? [answer] : Array.isArray(answer) ? answer : [];
    return Promise.resolve(answer === null ? undefined : items.filter((i) => ids.includes(i.id)));
  }

  confirm(message: string): Thenable<boolean> {
    this.prompts.push(`confirm:${message}`);
    return Promise.resolve(this.next('confirm') === true);
  }

  pickFile(): Thenable<vscode.Uri | undefined> {
    const answer = this.next('file');
    return Promise.resolve(typeof answer === 'string' ? vscode.Uri.file(answer) : undefined);
  }

  /** Answers the command did not consume (a test expects none). */
  remaining(): number {
    return this.answers.length;
  }

  info(message: string): void {
    this.shown.push(message);
  }

  error(message: string): void {
    this.shown.push(message);
  }
}
