import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SecurityPanelHost } from '../../../src/extension/panel/securityPanel';
import { nextEvent } from './extension';
import { ui } from './ui';

/**
 * How long a newly created Security webview (editor panel or activity-bar view) may take to say
 * `ready`. VS Code for the Web (code-server 4.100) sometimes holds a new webview while it waits for its
 * service worker to take control (browser console: "Found unexpected service worker controller …
 * Waiting for controllerchange"; reworked upstream in microsoft/vscode#312020). Measured on 2026-11-23
 * in 12 runs of the smoke, guard, panel and always-allow suites: 7 held a new webview; every one that
 * was waited for said `ready` 21–31 s after it was opened (opening another webview meanwhile did not
 * help: it was held too); nothing else took more than a few seconds.
 */
export const WEBVIEW_READY_MS = 45_000;

/**
 * Opens a fresh Security editor panel and waits for its webview to say `ready`. Earlier suites may have
 * left the panel open (revealing it sends no new `ready`), so every editor is closed first and the
 * dispose event awaited. A ready that took longer than the extension's 8-s "still loading" notice is
 * reported in the browser console log; no ready at all saves a screenshot to test-results/ and fails.
 */
export async function openFreshPanel(panel: SecurityPanelHost): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await vscode.commands.executeCommand('workbench.action.closeSidebar');
  for (const deadline = Date.now() + 5_000; panel.isOpen && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 50));
  assert.equal(panel.isOpen, false, 'the Security panel closed with the other editors');
  const ready = nextEvent(panel.onDidReceiveMessage, (message) => message.method === 'ready', WEBVIEW_READY_MS);
  const opened = Date.now();
  await vscode.commands.executeCommand('agentGuard.showPanel');
  try {
    await ready;
  } catch (error) {
    await ui.screenshot('panel-no-ready').catch(() => undefined);
    throw error;
  }
  if (Date.now() - opened > 8_000) console.warn(`the Security editor panel said ready only after ${Date.now() - opened} ms`);
}
