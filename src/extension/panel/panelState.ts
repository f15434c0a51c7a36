/**
 * Keeps the panel's view of the engines current from their change events (no polling) and says which
 * sections changed, so the host pushes only those. Async facts (sandbox probe, policy load, chain
 * verification) are fetched once and refreshed on their own events.
 */
import * as vscode from 'vscode';
import { DEFAULT_RATE_LIMIT } from '../../engine/agents/rateLimit';
import type { AuditRecord } from '../../engine/audit/auditEntry';
import { assessHookHealth } from '../../engine/hooks/health';
import { probeAgentFacts } from '../../cli/hook/healthProbe';
import type { SectionName } from '../../protocol/panelDtos';
import { emptyTally, tallyRecord, type PanelState, type VerifyLike } from '../../protocol/panelSnapshot';
import type { GuardServices } from '../guard/guardServices';
import type { TaintedSession } from '../../engine/taint/tracker';

const RECENT_KEPT = 100;
const RECENT_LOADED = 100;

export class PanelStateStore implements vscode.Disposable {
  readonly state: PanelState;
  private readonly changed = new vscode.EventEmitter<readonly SectionName[]>();
  /** Fires with the sections that need to be sent again. */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly guard: GuardServices, private readonly log: vscode.LogOutputChannel) {
    const g = guard.interceptor?.guard;
    this.state = {
      pause: guard.pause.state(),
      approvals: g?.queue.pending() ?? [],
      agents: g?.agents.list() ?? [],
      pausedAgents: new Set(),
      // The extension's guard is created without a rateLimit option, so createGuard applies the default.
      rateLimit: DEFAULT_RATE_LIMIT,
      // Read when the agents section is built, so every snapshot/update carries the live allowance.
      ...(g ? { rateStateOf: (agentId: string) => ({ ...g.rateLimiter.state(agentId), at: Date.now() }) } : {}),
      // Under the window and sources of the policy in force; nothing is shown before the policy has loaded.
      ...(g ? { taintOf: (agentId: string) => this.taintOf(agentId) } : {}),
      anomalies: guard.anomalies.list(),
      recent: [],
      tally: emptyTally(),
      audit: guard.audit.status(),
      lastVerify: undefined,
      sandbox: undefined,
      vault: vaultState(guard, log),
      policy: undefined,
      forwarding: guard.forwarding?.state(),
      hooks: { checking: false, rows: [] },
    };
    this.subscribe();
    void this.loadAsync();
  }

  private subscribe(): void {
    const g = this.guard.interceptor?.guard;
    const fire = (...names: SectionName[]) => this.changed.fire(names);
    const disposeFn = (off: () => unknown): vscode.Disposable => ({ dispose: () => void off() });
    if (g) {
      this.subscriptions.push(
        disposeFn(g.queue.onChange((pending) => { this.state.approvals = pending; fire('approvals', 'counters'); })),
        disposeFn(g.agents.onChange((agents) => { this.state.agents = agents; this.refreshAgentPauses(); fire('agents', 'approvals'); })),
        disposeFn(g.killSwitch.onChange(() => { this.refreshAgentPauses(); fire('agents'); })),
        disposeFn(g.taint.onChange(() => fire('agents'))),
      );
    }
    this.subscriptions.push(
      this.guard.pause.onDidChange((pause) => { this.state.pause = pause; fire('pause'); }),
      this.guard.anomalies.onDidChange((list) => { this.state.anomalies = list; fire('anomalies', 'counters'); }),
      // An agent's operation spent some of its allowance: resend the agents section (coalesced by the host).
      this.guard.audit.onDidAppend((record) => {
        this.noteRecord(record);
        // The Overview's audit card counts entries too: it follows every append, like the Audit tab.
        fire('recent', 'counters', 'layers', ...(this.isAgent(record.agent) ? ['agents' as const] : []));
      }),
      this.guard.audit.onDidChangeStatus((status) => { this.state.audit = status; fire('layers'); }),
      this.guard.vault.onDidChange(() => { this.state.vault = vaultState(this.guard, this.log); fire('vault', 'layers'); }),
      this.guard.policy.onDidChange((policy) => { this.state.policy = policy; fire('policy', 'layers', 'agents'); }),
      ...(this.guard.forwarding ? [this.guard.forwarding.onDidChange((forwarding) => { this.state.forwarding = forwarding; fire('layers'); })] : []),
    );
  }

  private noteRecord(record: AuditRecord): void {
    tallyRecord(this.state.tally, record);
    if (this.state.audit?.state === 'open' && record.seq > this.state.audit.seq) this.state.audit = { ...this.state.audit, seq: record.seq };
    const recent = [...this.state.recent, record];
    this.state.recent = recent.length > RECENT_KEPT ? recent.slice(-RECENT_KEPT) : recent;
  }

  private taintOf(agentId: string): TaintedSession[] {
    const settings = this.state.policy?.policy.taint;
    const tracker = this.guard.interceptor?.guard.taint;
    return settings && tracker ? tracker.tainted(settings, Date.now()).filter((session) => session.agentId === agentId) : [];
  }

  private isAgent(id: string): boolean {
    return this.state.agents.some((agent) => agent.id === id);
  }

  private refreshAgentPauses(): void {
    const killSwitch = this.guard.interceptor?.guard.killSwitch;
    if (!killSwitch) return;
    const paused = this.state.agents.filter((a) => !killSwitch.globallyPaused && killSwitch.pauseState(a.id).paused).map((a) => a.id);
    this.state.pausedAgents = new Set(paused);
  }

  /** Sandbox probe, policy and the latest audit entries: slow, so never on the activation path. */
  private async loadAsync(): Promise<void> {
    await Promise.all([
      this.guard.sandbox.availability().then((sandbox) => { this.state.sandbox = sandbox; this.changed.fire(['layers']); }),
      this.guard.policy.current().then((policy) => { this.state.policy = policy; this.changed.fire(['policy', 'layers']); }),
      this.guard.audit.query({ limit: RECENT_LOADED, newestFirst: true }).then((records) => {
        const known = new Set(this.state.recent.map((r) => r.seq));
        this.state.recent = [...records.filter((r) => !known.has(r.seq)).reverse(), ...this.state.recent].slice(-RECENT_KEPT);
        this.changed.fire(['recent']);
      }),
      this.verify().then(() => undefined),
    ].map((task) => task.catch((error: unknown) => this.log.warn(`Security panel: ${error instanceof Error ? error.message : String(error)}`))));
  }

  /** Verifies the whole chain and remembers the result for the Overview tab. */
  async verify(): Promise<VerifyLike> {
    const report = await this.guard.audit.verify();
    const message = report.ok
      ? `The chain is intact: ${report.entries} entries in ${report.files} file(s).${report.warnings.length ? ` ${report.warnings.length} warning(s): ${report.warnings.map((w) => w.message).join('; ')}` : ''}`
      : `Tampering or damage found: ${report.problem?.message ?? 'unknown problem'}${report.problem ? ` (${report.problem.file}, line ${report.problem.line})` : ''}`;
    this.state.lastVerify = { ok: report.ok, entries: report.entries, message };
    this.changed.fire(['layers']);
    return this.state.lastVerify;
  }

  /**
   * Checks each agent's hook health: starts the agents' CLIs (`--version`, Codex's app-server), so
   * only when the developer asks ("Check hooks"), never on activation or a decision. Async throughout.
   */
  async checkHooks(): Promise<{ ok: boolean; message: string }> {
    const hooks = this.state.hooks ?? { checking: false, rows: [] };
    const workspace = this.guard.workspace;
    if (!workspace) return { ok: false, message: 'No workspace folder is open, so there are no hooks to check.' };
    if (hooks.checking) return { ok: false, message: 'A check is already running.' };
    this.state.hooks = { ...hooks, checking: true };
    this.changed.fire(['hooks']);
    try {
      const rows = assessHookHealth(await probeAgentFacts({ workspace, env: process.env }));
      this.state.hooks = { checking: false, checkedAt: Date.now(), rows };
      const inactive = rows.filter((row) => row.state === 'inactive' || row.state === 'unknown').length;
      // An inactive hook is a problem to fix, so it is reported in the warning style, not as success.
      return { ok: inactive === 0, message: inactive ? `${inactive} installed hook(s) will not run or could not be checked.` : 'Every installed hook will run.' };
    } catch (error) {
      const problem = `The hook check failed: ${error instanceof Error ? error.message : String(error)}`;
      this.state.hooks = { ...hooks, checking: false, problem };
      return { ok: false, message: problem };
    } finally {
      this.changed.fire(['hooks']);
    }
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changed.dispose();
  }
}

function vaultState(guard: GuardServices, log: vscode.LogOutputChannel): PanelState['vault'] {
  try {
    return { ...guard.vault.status(), secrets: guard.vault.list() };
  } catch (error) {
    log.warn(`Security panel: vault metadata unavailable (${error instanceof Error ? error.message : String(error)})`);
    return { ready: false, problem: 'The vault metadata could not be read.', secrets: [] };
  }
}
