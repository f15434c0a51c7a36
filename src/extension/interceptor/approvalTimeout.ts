/**
 * Keeps the approval queue's timeout in step with `agentGuard.approval.timeoutSeconds`: read at
 * activation, and again on every change of the setting, without a reload. A change applies to requests
 * queued after it; an unusable value falls back to the default with a warning in the output channel.
 */
import * as vscode from 'vscode';
import type { ApprovalQueue } from '../../engine/approval/queue';
import { APPROVAL_TIMEOUT_SETTING, approvalTimeoutFromSetting } from '../../engine/approval/timeoutSetting';

/** The timeout to start with (ms). */
export function readApprovalTimeoutMs(log: vscode.LogOutputChannel): number {
  const { ms, problem } = approvalTimeoutFromSetting(vscode.workspace.getConfiguration().get<unknown>(APPROVAL_TIMEOUT_SETTING));
  if (problem) log.warn(problem);
  return ms;
}

/** Applies later changes of the setting to `queue`. */
export function followApprovalTimeout(queue: ApprovalQueue, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (!event.affectsConfiguration(APPROVAL_TIMEOUT_SETTING)) return;
    queue.setTimeoutMs(readApprovalTimeoutMs(log));
    log.info(`approval timeout is now ${queue.timeoutMs / 1000} s for requests queued from now on`);
  });
}
