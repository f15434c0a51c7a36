/**
 * The developer's side of the approval queue and agent registry: a notification per waiting request
 * (with actions), a review command, a status-bar item (pending count, paused state), pause/resume and
 * agent approval commands. Critical requests are only approvable through the review flow, which asks
 * the developer to type the confirmation word.
 */
import * as vscode from 'vscode';
import type { ApprovalRequest } from '../../engine/approval/queue';
import type { ExternalPause, Guard } from '../../engine/interceptor';
import type { PauseState } from '../../engine/anomaly';
import { AGENT_PROFILES, type AgentProfile } from '../../engine/agents/profiles';
import type { PolicyWriter } from '../guard/policyWriter';
import { showProposedDiff } from '../panel/proposedDiff';
import { inert } from '../../engine/display/inertLinks';
import { ApprovalToasts, type ToastChoice } from './approvalToast';
import { PendingAgentNotices } from './agentNotices';


export const INTERCEPTOR_COMMANDS = {
  review: 'agentGuard.reviewPending',
  pause: 'agentGuard.pause',
  resume: 'agentGuard.resume',
  approveAgent: 'agentGuard.reviewAgents',
} as const;

/** The one pause switch (the anomaly detector's PauseController fits); the guard consults it too. */
export interface PauseSwitch extends ExternalPause {
  readonly current: PauseState;
  pause(reason: string, cause: { by: 'developer' }): void;
  resume(by: string): boolean;
  onChange(listener: (state: PauseState) => void): () => void;
}

export function registerApprovalUi(guard: Guard, log: vscode.LogOutputChannel, pause: PauseSwitch, writer?: PolicyWriter): vscode.Disposable {
  const paused = () => pause.current.paused || guard.killSwitch.globallyPaused;
  const status = vscode.window.createStatusBarItem('agentGuard.status', vscode.StatusBarAlignment.Left, 100);
  status.command = INTERCEPTOR_COMMANDS.review;
  const refresh = () => {
    const pending = guard.queue.pending().length;
    const waitingAgents = guard.agents.list().filter((a) => a.status === 'pending').length;
    status.text = paused() ? '$(debug-pause) Agent Guard: paused' : `$(shield) ${pending} pending${waitingAgents ? `, ${waitingAgents} new agent(s)` : ''}`;
    status.tooltip = paused() ? 'Every agent operation is denied until you resume' : 'Agent Guard: review waiting requests';
    status.show();
  };
  const seen = new Set<string>();
  const toasts = new ApprovalToasts((request, choice) => onToastChoice(guard, request, choice, writer));
  const offQueue = guard.queue.onChange((pending) => {
    refresh();
    toasts.sync(pending);
    for (const request of pending) {
      if (seen.has(request.id)) continue;
      seen.add(request.id);
      toasts.show(request, describe(request));
    }
  });
  const agentNotices = new PendingAgentNotices();
  const offAgents = guard.agents.onChange((agents) => {
    refresh();
    agentNotices.sync(agents);
  });
  const offSwitch = guard.killSwitch.onChange((event) => {
    refresh();
    log.info(`kill switch: ${event.paused ? 'paused' : 'resumed'}${event.agentId ? ` agent ${event.agentId}` : ''}${event.reason ? ` (${event.reason})` : ''}`);
  });
  const offPause = pause.onChange(() => refresh());
  refresh();
  return vscode.Disposable.from(
    status,
    toasts,
    agentNotices,
    { dispose: () => { offQueue(); offAgents(); offSwitch(); offPause(); } },
    vscode.commands.registerCommand(INTERCEPTOR_COMMANDS.review, () => reviewPending(guard, paused(), writer)),
    vscode.commands.registerCommand(INTERCEPTOR_COMMANDS.approveAgent, () => reviewAgents(guard)),
    vscode.commands.registerCommand(INTERCEPTOR_COMMANDS.pause, async () => {
      const reason = await vscode.window.showInputBox({ prompt: 'Why pause all agents? (recorded in the audit log)', value: 'paused by the developer' });
      if (reason !== undefined) pause.pause(reason || 'paused by the developer', { by: 'developer' });
    }),
    vscode.commands.registerCommand(INTERCEPTOR_COMMANDS.resume, () => {
      pause.resume('developer');
      // The engine's own switch only holds per-agent pauses in the extension; clear a stray global one too.
      if (guard.killSwitch.globallyPaused) guard.killSwitch.resumeAll();
    }),
  );
}

function describe(request: ApprovalRequest): string {
  const reason = request.decision.reasons[0] ?? '';
  return inert(`${request.agentId} wants to ${request.summary} (${request.decision.risk} risk${reason ? `: ${reason}` : ''})`);
}

async function onToastChoice(guard: Guard, request: ApprovalRequest, choice: ToastChoice, writer: PolicyWriter | undefined): Promise<void> {
  if (!guard.queue.get(request.id)) return noLongerWaiting(request, choice);
  if (choice === 'Approve once') guard.queue.approveOnce(request.id);
  else if (choice === 'Approve for session') guard.queue.approveForSession(request.id);
  else if (choice === 'Deny') guard.queue.deny(request.id);
  else await reviewOne(guard, request, writer);
}

/** A choice made after the request was settled elsewhere (a quick pick left open) says it did nothing. */
function noLongerWaiting(request: ApprovalRequest, choice: string | undefined): void {
  if (choice === undefined) return;
  void vscode.window.showInformationMessage(`Agent Guard: "${request.summary}" is no longer waiting (it expired or was answered elsewhere); "${choice}" did nothing.`);
}

async function reviewPending(guard: Guard, paused: boolean, writer: PolicyWriter | undefined): Promise<void> {
  const pending = guard.queue.pending();
  if (pending.length === 0) {
    void vscode.window.showInformationMessage(paused ? 'Agent Guard is paused; nothing is waiting.' : 'Agent Guard: nothing is waiting for approval.');
    return;
  }
  const pick = await vscode.window.showQuickPick(pending.map((r) => ({ label: r.summary, description: `${r.agentId} · ${r.decision.risk}`, detail: r.decision.reasons.join('; '), request: r })), { placeHolder: 'Requests waiting for your decision' });
  if (pick) await reviewOne(guard, pick.request, writer);
}

async function reviewOne(guard: Guard, request: ApprovalRequest, writer: PolicyWriter | undefined): Promise<void> {
  // File edits open in the diff editor first (the panel's "Show diff", same provider); commands have none.
  if (request.operation.kind === 'write' || request.operation.kind === 'create') await showProposedDiff(request);
  const options = ['Approve once', 'Approve for session', ...(request.suggestedRule ? ['Always allow…'] : []), ...(request.operation.kind === 'command' ? ['Edit, then approve…'] : []), 'Deny…'];
  const choice = await vscode.window.showQuickPick(options, { placeHolder: describe(request) });
  if (!choice) return;
  if (!guard.queue.get(request.id)) return noLongerWaiting(request, choice);
  const confirmation = request.confirmationWord === undefined || choice.startsWith('Deny') || choice.startsWith('Always')
    ? undefined
    : await vscode.window.showInputBox({ prompt: `Critical operation. Type "${request.confirmationWord}" to confirm.` });
  if (request.confirmationWord !== undefined && confirmation === undefined && !choice.startsWith('Deny')) return;
  if (choice === 'Always allow…' && writer) {
    // The writer shows the exact rule and the target in a modal before writing anything.
    const outcome = await writer.alwaysAllow(guard.queue, request.id);
    const show = outcome.ok && outcome.ruleWritten ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
    void show(`Agent Guard: ${outcome.message}`);
    return;
  }
  const result = await applyChoice(guard, request, choice, confirmation);
  if (result && !result.ok) void vscode.window.showErrorMessage(`Agent Guard: ${result.reason}`);
}

async function applyChoice(guard: Guard, request: ApprovalRequest, choice: string, confirmation: string | undefined) {
  switch (choice) {
    case 'Approve once': return guard.queue.approveOnce(request.id, confirmation);
    case 'Approve for session': return guard.queue.approveForSession(request.id, confirmation);
    case 'Always allow…': {
      const rule = request.suggestedRule;
      // Only without a policy writer (reviewOne uses it when present): nothing is written, so say so.
      const ok = rule && await vscode.window.showInformationMessage(`Approve ${rule.description} for this request? No rule can be written in this window.`, { modal: true }, 'Approve this request');
      return ok ? guard.queue.alwaysAllow(request.id) : undefined;
    }
    case 'Edit, then approve…': {
      const original = request.operation.kind === 'command' ? request.operation.command : '';
      const edited = await vscode.window.showInputBox({ prompt: 'Edit the command; the edited command is checked against policy again', value: original });
      return edited === undefined ? undefined : guard.queue.editAndApprove(request.id, edited, confirmation);
    }
    default: {
      const reason = await vscode.window.showInputBox({ prompt: 'Reason for the agent (optional)' });
      return reason === undefined ? undefined : guard.queue.deny(request.id, reason);
    }
  }
}

async function reviewAgents(guard: Guard): Promise<void> {
  const agents = guard.agents.list();
  if (agents.length === 0) {
    void vscode.window.showInformationMessage('Agent Guard: no agent has registered yet.');
    return;
  }
  const pick = await vscode.window.showQuickPick(agents.map((a) => ({ label: a.name, description: `${a.id} · ${a.status} · ${a.profile}`, agent: a })), { placeHolder: 'Agents' });
  if (!pick) return;
  const action = await vscode.window.showQuickPick([...AGENT_PROFILES.map((p) => `Approve as ${p}`), 'Reject'], { placeHolder: `${pick.agent.name}: what may it do?` });
  if (!action) return;
  if (action === 'Reject') guard.agents.reject(pick.agent.id);
  else guard.agents.approve(pick.agent.id, action.replace('Approve as ', '') as AgentProfile);
}
