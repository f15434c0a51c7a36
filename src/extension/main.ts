import type * as vscode from 'vscode';
import { createServices, type AgentGuardExports } from './services';

/** Kept to one call on purpose: all wiring lives in services.ts. */
export function activate(context: vscode.ExtensionContext): AgentGuardExports {
  return createServices(context);
}

export function deactivate(): void {
  // Everything is a disposable on the context; VS Code releases it.
}
