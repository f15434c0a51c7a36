import * as vscode from 'vscode';

/** Composition root: wires the engine to the VS Code adapters. Kept short on purpose. */
export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Agent Guard', { log: true });
  context.subscriptions.push(log);
  log.info('Agent Guard activated');
}

export function deactivate(): void {
  // Disposables registered on the context are released by VS Code.
}
