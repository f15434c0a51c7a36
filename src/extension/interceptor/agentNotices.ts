/**
 * "A new agent wants to act" notices that close by themselves once the agent is approved or rejected
 * anywhere (the panel's Agents tab, the quick pick). Progress notifications, for the same reason as the
 * approval toasts: a notification with buttons cannot be taken back.
 */
import * as vscode from 'vscode';
import type { AgentRecord } from '../../engine/agents/registry';
import { inert } from '../../engine/display/inertLinks';
import { TOAST_GRACE_MS } from './approvalToast';

/** The review command only opens a quick pick, so a link to it needs no nonce. */
const REVIEW_AGENTS_LINK = '[Review agents](command:agentGuard.reviewAgents)';

export class PendingAgentNotices implements vscode.Disposable {
  private readonly open = new Map<string, () => void>();
  private readonly shown = new Set<string>();
  private readonly pending = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();

  sync(agents: readonly AgentRecord[]): void {
    this.pending.clear();
    for (const agent of agents) if (agent.status === 'pending') this.pending.add(agent.id);
    for (const [id, close] of this.open) {
      if (this.pending.has(id)) continue;
      this.open.delete(id);
      close();
    }
    for (const agent of agents) {
      if (agent.status !== 'pending' || this.shown.has(agent.id)) continue;
      this.shown.add(agent.id);
      // Same grace as the approval toasts: an agent approved the moment it registered gets no notice.
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (this.pending.has(agent.id)) this.show(agent);
      }, TOAST_GRACE_MS);
      this.timers.add(timer);
    }
  }

  dispose(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const close of this.open.values()) close();
    this.open.clear();
  }

  private show(agent: AgentRecord): void {
    let close = () => {};
    const settled = new Promise<void>((resolve) => { close = resolve; });
    this.open.set(agent.id, close);
    // Cancellable so VS Code shows it expanded with its link; Cancel only hides it (the agent stays pending).
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Agent Guard: new agent "${inert(agent.name)}" (${inert(agent.id)}) wants to act in this workspace.`, cancellable: true },
      (progress, cancelled) => {
        progress.report({ message: REVIEW_AGENTS_LINK });
        cancelled.onCancellationRequested(() => { this.open.delete(agent.id); close(); });
        return settled;
      },
    );
  }
}
