/**
 * The approval queue: every `ask` waits here for a developer. A request moves from pending to exactly
 * one final state (approved once / for the session / always, edited-then-approved, denied, expired);
 * later attempts to resolve it are refused, so an approval can never be spent twice. Unanswered
 * requests expire to a denial after a configurable time (fail closed).
 */
import type { Decision } from '../decision';
import { describeOperation, operationTarget, type Operation } from '../interceptor/operation';
import type { Clock } from './clock';
import { narrowestRule, type SuggestedRule } from './rules';

export const DEFAULT_APPROVAL_TIMEOUT_MS = 5 * 60_000;

export type ApprovalResolution =
  | { kind: 'approved-once' }
  | { kind: 'approved-session' }
  | { kind: 'always-allow'; rule: SuggestedRule }
  | { kind: 'edited'; command: string }
  | { kind: 'denied'; reason?: string }
  | { kind: 'expired' };

export interface ApprovalRequest {
  readonly id: string;
  readonly agentId: string;
  readonly operation: Operation;
  /** Plain words for the prompt, e.g. `run: npm publish`. */
  readonly summary: string;
  readonly decision: Decision;
  readonly createdAt: number;
  readonly expiresAt: number;
  /**
   * For critical risk: the word the developer must type to approve (the program name or file name),
   * so one stray click cannot approve `rm -rf ~`.
   */
  readonly confirmationWord?: string;
  /** The rule "always allow" would write, so the UI can show it before anything is written. */
  readonly suggestedRule?: SuggestedRule;
}

export type ResolveResult = { ok: true } | { ok: false; reason: string };

export interface ApprovalQueueOptions {
  clock: Clock;
  /** How long a request waits before it expires to a denial; `setTimeoutMs` changes it later. */
  timeoutMs?: number;
  /** Ids must be unguessable only in the sense of unique; the UI is the only caller. */
  newId?: () => string;
}

interface Entry {
  request: ApprovalRequest;
  settle: (resolution: ApprovalResolution) => void;
  cancelTimer: () => void;
}

export type QueueListener = (pending: readonly ApprovalRequest[]) => void;

export class ApprovalQueue {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<QueueListener>();
  private currentTimeoutMs: number;
  private counter = 0;

  constructor(private readonly options: ApprovalQueueOptions) {
    this.currentTimeoutMs = checkedTimeout(options.timeoutMs ?? DEFAULT_APPROVAL_TIMEOUT_MS);
  }

  /** The wait given to requests queued from now on. */
  get timeoutMs(): number {
    return this.currentTimeoutMs;
  }

  /**
   * Changes the wait for requests queued from now on (a settings change, without a reload). Requests
   * already waiting keep the deadline they were shown with, so an expiry never moves under the developer.
   * There is no "never expire": a non-positive or non-finite value is refused.
   */
  setTimeoutMs(timeoutMs: number): void {
    this.currentTimeoutMs = checkedTimeout(timeoutMs);
  }

  /** Adds a request; the promise settles exactly once, with a denial if nobody answers in time. */
  enqueue(input: { operation: Operation; decision: Decision; confirmationWord?: string }): {
    request: ApprovalRequest;
    resolution: Promise<ApprovalResolution>;
  } {
    const now = this.options.clock.now();
    const id = this.options.newId ? this.options.newId() : `apr-${now.toString(36)}-${(++this.counter).toString(36)}`;
    const request: ApprovalRequest = {
      id,
      agentId: input.operation.agentId,
      operation: input.operation,
      summary: describeOperation(input.operation),
      decision: input.decision,
      createdAt: now,
      expiresAt: now + this.currentTimeoutMs,
      confirmationWord: input.confirmationWord,
      suggestedRule: input.confirmationWord === undefined ? narrowestRule(input.operation) : undefined,
    };
    let settle!: (resolution: ApprovalResolution) => void;
    const resolution = new Promise<ApprovalResolution>((resolve) => { settle = resolve; });
    const cancelTimer = this.options.clock.schedule(this.currentTimeoutMs, () => this.finish(id, { kind: 'expired' }));
    this.entries.set(id, { request, settle, cancelTimer });
    this.notify();
    return { request, resolution };
  }

  pending(): readonly ApprovalRequest[] {
    return [...this.entries.values()].map((entry) => entry.request);
  }

  get(id: string): ApprovalRequest | undefined {
    return this.entries.get(id)?.request;
  }

  onChange(listener: QueueListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  approveOnce(id: string, confirmation?: string): ResolveResult {
    return this.approve(id, { kind: 'approved-once' }, confirmation);
  }

  approveForSession(id: string, confirmation?: string): ResolveResult {
    return this.approve(id, { kind: 'approved-session' }, confirmation);
  }

  /** Approves and returns the narrowest rule covering the request; refused for critical requests. */
  alwaysAllow(id: string): ResolveResult {
    const entry = this.entries.get(id);
    if (!entry) return notPending(id);
    const rule = entry.request.suggestedRule;
    if (!rule) return { ok: false, reason: 'critical operations always need a human; they cannot be allowed permanently' };
    return this.finish(id, { kind: 'always-allow', rule });
  }

  /** Approves a developer-edited version of a command request (the interceptor re-checks it). */
  editAndApprove(id: string, editedCommand: string, confirmation?: string): ResolveResult {
    const entry = this.entries.get(id);
    if (!entry) return notPending(id);
    if (entry.request.operation.kind !== 'command') return { ok: false, reason: 'only commands can be edited before approval' };
    if (editedCommand.trim() === '') return { ok: false, reason: 'the edited command is empty' };
    return this.approve(id, { kind: 'edited', command: editedCommand }, confirmation);
  }

  deny(id: string, reason?: string): ResolveResult {
    const trimmed = reason?.trim();
    return this.finish(id, trimmed ? { kind: 'denied', reason: trimmed } : { kind: 'denied' });
  }

  /** Denies everything pending, e.g. when the kill switch is pulled or the extension shuts down. */
  denyAll(reason: string): number {
    const ids = [...this.entries.keys()];
    for (const id of ids) this.finish(id, { kind: 'denied', reason });
    return ids.length;
  }

  private approve(id: string, resolution: ApprovalResolution, confirmation: string | undefined): ResolveResult {
    const entry = this.entries.get(id);
    if (!entry) return notPending(id);
    const word = entry.request.confirmationWord;
    if (word !== undefined && confirmation?.trim() !== word) {
      return { ok: false, reason: `this is a critical operation: type "${word}" to confirm` };
    }
    return this.finish(id, resolution);
  }

  private finish(id: string, resolution: ApprovalResolution): ResolveResult {
    const entry = this.entries.get(id);
    if (!entry) return notPending(id);
    this.entries.delete(id);
    entry.cancelTimer();
    entry.settle(resolution);
    this.notify();
    return { ok: true };
  }

  private notify(): void {
    const snapshot = this.pending();
    for (const listener of this.listeners) {
      try {
        listener(snapshot);
      } catch {
        // A broken UI listener must not stop the queue from settling requests.
      }
    }
  }
}

/** Timers take at most 2^31-1 ms; node turns a longer delay into 1 ms, which would expire at once. */
const MAX_TIMER_MS = 2_147_483_647;

function checkedTimeout(timeoutMs: number): number {
  if (!(timeoutMs > 0 && timeoutMs <= MAX_TIMER_MS)) throw new RangeError(`approval timeout must be between 1 and ${MAX_TIMER_MS} ms`);
  return timeoutMs;
}

function notPending(id: string): ResolveResult {
  return { ok: false, reason: `approval request ${id} is not pending (already answered or expired)` };
}

/** The word a developer types to confirm a critical operation: program name or file name. */
export function confirmationWordFor(operation: Operation): string {
  const target = operationTarget(operation).trim();
  if (operation.kind === 'command') {
    const first = target.split(/\s+/)[0] ?? target;
    return first.split('/').pop() || first;
  }
  return target.split(/[\\/]/).filter(Boolean).pop() ?? target;
}
