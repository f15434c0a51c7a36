import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SecurityPanelHost } from '../../../src/extension/panel/securityPanel';
import { nextEvent } from './extension';
import { ui } from './ui';

const READY_TIMEOUT_MS = 15_000;

/**
 * Opens a fresh Security panel and waits for its webview to say `ready`. Earlier suites may have left
 * the panel open (revealing it sends no new `ready`), so every editor is closed first and the dispose
 * event awaited. Known test-bed flake: right after the panel suite, a freshly created *editor* panel's
 * webview in code-server sometimes stays blank and never sends `ready` (about 1 full run in 4 on
 * 2026-11-23; cause not found; see the closing note). When `allowViewFallback` is set, a screenshot is
 * saved to test-results/ and the same host is opened once more as the activity-bar view instead; a miss
 * there fails the test. Tests that assert the editor panel itself pass `false`.
 */
export async function openFreshPanel(panel: SecurityPanelHost, allowViewFallback: boolean): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await vscode.commands.executeCommand('workbench.action.closeSidebar');
  for (const deadline = Date.now() + 5_000; panel.isOpen && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 50));
  assert.equal(panel.isOpen, false, 'the Security panel closed with the other editors');
  const ready = nextEvent(panel.onDidReceiveMessage, (message) => message.method === 'ready', READY_TIMEOUT_MS);
  await vscode.commands.executeCommand('agentGuard.showPanel');
  try {
    await ready;
    return;
  } catch (error) {
    await ui.screenshot('panel-no-ready').catch(() => undefined);
    if (!allowViewFallback) throw error;
    console.warn(`Security editor panel sent no ready within ${READY_TIMEOUT_MS} ms; opening the activity-bar view instead`);
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  const viewReady = nextEvent(panel.onDidReceiveMessage, (message) => message.method === 'ready', READY_TIMEOUT_MS);
  await vscode.commands.executeCommand('workbench.view.extension.agentGuard');
  await viewReady;
}
