/**
 * What hooks depend on outside the bridge itself (issue 12 item 5): the pause switch written where the
 * hook reads it offline (node/bridge/pauseFile.ts), and a loud signal when the bridge cannot start,
 * since hooks then fall back to the committed policy without agent approval or rate limits.
 */
import * as vscode from 'vscode';
import { writePause } from '../../node/bridge/pauseFile';
import type { PauseSwitch } from './approvalUi';

/** Keeps `paused-<key>.json` in step with the switch for every workspace folder; returns the unsubscribe. */
export function persistPause(pause: PauseSwitch, workspaces: readonly string[], log: vscode.LogOutputChannel): () => void {
  const write = () => {
    const state = pause.current;
    for (const workspace of workspaces) {
      try {
        writePause(workspace, state.paused ? { paused: true, reason: state.reason, since: state.since } : { paused: false });
      } catch (error) {
        log.error(`the pause switch could not be recorded for hooks running without VS Code (${workspace}): ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  write();
  return pause.onChange(write);
}

/** An error notification and a status bar item that stays until the window reloads. */
export function showBridgeDown(folder: string, reason: string): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('agentGuard.bridgeDown', vscode.StatusBarAlignment.Left, 99);
  item.text = '$(error) Agent Guard: hooks offline';
  item.tooltip = `The hook bridge for ${folder} could not start: ${reason}. Agent hooks fall back to the committed policy: no approvals, no rate limits.`;
  item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
  item.command = 'workbench.action.showLogs';
  item.show();
  void vscode.window.showErrorMessage(`Agent Guard: the hook bridge for ${folder} could not start (${reason}). Agent hooks run offline on the committed policy, without your approval or rate limits, until it starts.`);
  return item;
}
