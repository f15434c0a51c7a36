/**
 * One notification per waiting request that closes by itself once the request is no longer waiting
 * (answered in the panel, the quick pick or another toast; expired; handed to another window).
 * A notification with buttons cannot be taken back through the VS Code API, so the toast is a progress
 * notification whose actions are links in its message. The links run one command that anyone could
 * call, so each toast carries a random nonce only this module knows: a call without it does nothing.
 */
import * as vscode from 'vscode';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApprovalRequest } from '../../engine/approval/queue';
import { inert } from '../../engine/display/inertLinks';

export const APPROVAL_TOAST_COMMAND = 'agentGuard.approvalToastAction';

export type ToastChoice = 'Approve once' | 'Approve for session' | 'Deny' | 'Review…';

const CHOICES = new Map<string, ToastChoice>([['once', 'Approve once'], ['session', 'Approve for session'], ['deny', 'Deny'], ['review', 'Review…']]);

interface OpenToast {
  readonly request: ApprovalRequest;
  readonly nonce: Buffer;
  readonly close: () => void;
}

/**
 * A progress notification ended before VS Code's window side has set it up stays open for good (seen
 * with agents approved the moment they registered), so a toast appears only for what still waits after
 * this short grace, invisible to a person.
 */
export const TOAST_GRACE_MS = 250;

export class ApprovalToasts implements vscode.Disposable {
  private readonly open = new Map<string, OpenToast>();
  private readonly waiting = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly command: vscode.Disposable;

  constructor(private readonly choose: (request: ApprovalRequest, choice: ToastChoice) => Promise<void>) {
    this.command = vscode.commands.registerCommand(APPROVAL_TOAST_COMMAND, (id: unknown, key: unknown, nonce: unknown) => this.onLink(id, key, nonce));
  }

  /** Shows the request's toast after the grace period, if it is still waiting then. */
  show(request: ApprovalRequest, text: string): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.waiting.has(request.id)) this.present(request, text);
    }, TOAST_GRACE_MS);
    this.timers.add(timer);
  }

  private present(request: ApprovalRequest, text: string): void {
    if (this.open.has(request.id)) return;
    const nonce = randomBytes(16);
    // Critical requests need the typed confirmation word, which only the review flow asks for.
    const keys = request.confirmationWord === undefined ? ['once', 'session', 'deny', 'review'] : ['review', 'deny'];
    const links = keys.map((key) => `[${CHOICES.get(key)}](${linkTarget(request.id, key, nonce)})`).join('  ·  ');
    // Registered before VS Code runs the task, so a request settled at once still closes its toast.
    let close = () => {};
    const settled = new Promise<void>((resolve) => { close = resolve; });
    this.open.set(request.id, { request, nonce, close });
    // Cancellable on purpose: VS Code shows a toast with a button expanded and keeps it until answered
    // (the links would be cut off in a collapsed one). Its Cancel denies, the safe reading.
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Agent Guard: ${inert(text)}`, cancellable: true },
      (progress, cancelled) => {
        progress.report({ message: links });
        cancelled.onCancellationRequested(() => { if (this.open.get(request.id)?.nonce === nonce) void this.choose(request, 'Deny'); });
        return settled;
      },
    );
  }

  /** Closes the toast of every request that is no longer among the pending ones. */
  sync(pending: readonly ApprovalRequest[]): void {
    this.waiting.clear();
    for (const request of pending) this.waiting.add(request.id);
    for (const [id, toast] of this.open) {
      if (this.waiting.has(id)) continue;
      this.open.delete(id);
      toast.close();
    }
  }

  dispose(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.waiting.clear();
    for (const toast of this.open.values()) toast.close();
    this.open.clear();
    this.command.dispose();
  }

  private async onLink(id: unknown, key: unknown, nonce: unknown): Promise<void> {
    const toast = typeof id === 'string' ? this.open.get(id) : undefined;
    const choice = typeof key === 'string' ? CHOICES.get(key) : undefined;
    if (!toast || !choice || !sameNonce(toast.nonce, nonce)) {
      void vscode.window.showWarningMessage('Agent Guard: that approval link is not valid (the request is no longer waiting, or the link did not come from its notification); nothing was done.');
      return;
    }
    await this.choose(toast.request, choice);
  }
}

function linkTarget(id: string, key: string, nonce: Buffer): string {
  return `command:${APPROVAL_TOAST_COMMAND}?${encodeURIComponent(JSON.stringify([id, key, nonce.toString('hex')]))}`;
}

function sameNonce(expected: Buffer, given: unknown): boolean {
  if (typeof given !== 'string' || !/^[0-9a-f]{32}$/.test(given)) return false;
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}
