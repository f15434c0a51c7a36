/**
 * The webview's requests, applied by calling the engines. Every answer is a result with plain words;
 * a refusal from an engine (already answered, wrong confirmation word...) is passed on, never thrown.
 */
import * as vscode from 'vscode';
import type { ActionResult, AuditFilter, PanelParams, PanelRequestResults } from '../../protocol/panelMessages';
import { auditQueryFromFilter, toCsv } from '../../protocol/panelAudit';
import { auditEntryFromTaintClear } from '../../engine/audit/adapters';
import { auditRowDto, decisionDto } from '../../protocol/panelSnapshot';
import type { GuardServices } from '../guard/guardServices';
import type { PanelStateStore } from './panelState';
import { showProposedDiff } from './proposedDiff';

type Handlers = { [M in keyof PanelParams]: (params: PanelParams[M]) => PanelRequestResults[M] | Promise<PanelRequestResults[M]> };

const done = (message: string): ActionResult => ({ ok: true, message });
const refused = (message: string): ActionResult => ({ ok: false, message });
const fromResolve = (result: { ok: true } | { ok: false; reason: string }, success: string): ActionResult =>
  result.ok ? done(success) : refused(result.reason);

export function createPanelHandlers(guard: GuardServices, store: PanelStateStore, log: vscode.LogOutputChannel): Handlers {
  let pings = 0;
  const g = () => guard.interceptor?.guard;
  const noGuard = refused('No workspace folder is open, so no agent requests exist.');
  return {
    ping: () => ({ pong: true, count: ++pings }),
    approve: ({ id, scope, confirmation }) => {
      const queue = g()?.queue;
      if (!queue) return noGuard;
      if (scope === 'once') return fromResolve(queue.approveOnce(id, confirmation), 'Approved once.');
      if (scope === 'session') return fromResolve(queue.approveForSession(id, confirmation), 'Approved for this session.');
      // The writer shows the rule and target first and says plainly when no rule could be written.
      if (guard.policyWriter) return guard.policyWriter.alwaysAllow(queue, id).then(({ ok, message }) => ({ ok, message }));
      return fromResolve(queue.alwaysAllow(id), 'Approved for this request only; no rule was written (no policy writer in this window).');
    },
    deny: ({ id, reason }) => (g() ? fromResolve(g()!.queue.deny(id, reason), 'Denied.') : noGuard),
    editApprove: ({ id, command, confirmation }) =>
      g() ? fromResolve(g()!.queue.editAndApprove(id, command, confirmation), 'Approved the edited command (checked against the policy again).') : noGuard,
    showDiff: async ({ id }) => {
      const request = g()?.queue.get(id);
      if (!request) return refused(`Request ${id} is not pending.`);
      return showProposedDiff(request);
    },
    setPaused: ({ paused, reason }) => {
      if (paused) {
        guard.pause.pause(reason?.trim() || 'paused from the Security panel');
        return done('Paused: every agent operation is denied until you resume.');
      }
      return guard.pause.resume('developer (Security panel)') ? done('Resumed.') : refused('Agent Guard was not paused.');
    },
    agentAction: ({ id, action, profile }) => agentAction(guard, id, action, profile),
    clearTaint: ({ id, session }) => clearTaint(guard, id, session),
    checkHooks: () => store.checkHooks(),
    markReviewed: ({ id }) => (guard.anomalies.markReviewed(id, 'developer') ? done('Marked reviewed.') : refused(`No anomaly ${id}.`)),
    vaultAction: async ({ action, id }) => {
      if (action === 'add') await guard.vault.add();
      else if (action === 'rotate') await guard.vault.rotate();
      else if (action === 'edit') await guard.vault.edit();
      else {
        if (!id) return refused('Choose a secret to delete.');
        const result = await guard.vault.remove(id);
        return result.ok ? done(`Deleted ${id}.`) : refused(result.reason);
      }
      return done('Done.');
    },
    auditQuery: async ({ filter, page, pageSize }) => {
      const parsed = auditQueryFromFilter(filter, Date.now());
      if (!parsed.ok) return { rows: [], page, pageSize, hasMore: false, message: parsed.message };
      // One extra row tells whether a next page exists without counting the whole log.
      const records = await guard.audit.query({ ...parsed.query, limit: (page + 1) * pageSize + 1 });
      const rows = records.slice(page * pageSize, (page + 1) * pageSize).map(auditRowDto);
      return { rows, page, pageSize, hasMore: records.length > (page + 1) * pageSize };
    },
    auditVerify: async () => store.verify(),
    auditExport: async ({ filter, format }) => exportAudit(guard, filter, format, log),
    whatIf: async ({ kind, text }) => {
      if (kind === 'create') return { ok: false, message: 'Choose read, write or delete for a path, or command.' };
      const decision = kind === 'command' ? await guard.policy.checkCommand(text, guard.workspace) : await guard.policy.checkPath(kind, text);
      return { ok: true, message: `${decision.decision.toUpperCase()} (${decision.risk} risk)`, decision: decisionDto(decision) };
    },
  };
}

function agentAction(guard: GuardServices, id: string, action: PanelParams['agentAction']['action'], profile: PanelParams['agentAction']['profile']): ActionResult {
  const g = guard.interceptor?.guard;
  if (!g) return refused('No workspace folder is open, so no agents are connected.');
  if (!g.agents.get(id)) return refused(`No agent ${id}.`);
  switch (action) {
    case 'approve': g.agents.approve(id, profile); return done(`Approved ${id}${profile ? ` as ${profile}` : ''}.`);
    case 'reject': g.agents.reject(id); return done(`Rejected ${id}.`);
    case 'setProfile':
      if (!profile) return refused('Choose a profile.');
      g.agents.setProfile(id, profile);
      return done(`${id} now has the ${profile} profile.`);
    case 'pause': g.killSwitch.pauseAgent(id, 'paused from the Security panel'); return done(`Paused ${id}.`);
    case 'resume': g.killSwitch.resumeAgent(id); return done(`Resumed ${id}.`);
  }
}

/**
 * "Clear taint" loosens a protection, so it is audited first: when the entry cannot be written, the
 * taint stays (the same rule as every agent operation, which the audit gate denies without a log).
 */
async function clearTaint(guard: GuardServices, id: string, session: string | undefined): Promise<ActionResult> {
  const g = guard.interceptor?.guard;
  if (!g) return refused('No workspace folder is open, so no agents are connected.');
  const which = session !== undefined ? `session ${session} of ${id}` : id;
  const now = Date.now();
  const settings = (await guard.policy.current()).policy.taint;
  const current = g.taint.tainted(settings, now).find((s) => s.agentId === id && s.session === session);
  if (!current) return refused(`${which} has read nothing untrusted recently.`);
  try {
    await guard.audit.append(auditEntryFromTaintClear(current, now));
  } catch {
    return refused(`The taint of ${which} was not cleared: the audit log cannot be written.`);
  }
  g.taint.clear(session !== undefined ? { agentId: id, session } : { agentId: id });
  return done(`${which} is no longer treated as tainted.`);
}

const EXPORT_LIMIT = 1_000_000;

async function exportAudit(guard: GuardServices, filter: AuditFilter, format: 'jsonl' | 'csv', log: vscode.LogOutputChannel): Promise<ActionResult> {
  const parsed = auditQueryFromFilter(filter, Date.now());
  if (!parsed.ok) return refused(parsed.message);
  const target = await vscode.window.showSaveDialog({ filters: format === 'csv' ? { CSV: ['csv'] } : { 'JSON Lines': ['jsonl'] }, saveLabel: 'Export audit log' });
  if (!target) return refused('Export cancelled.');
  const records = await guard.audit.query({ ...parsed.query, newestFirst: false, limit: EXPORT_LIMIT });
  const text = format === 'csv' ? toCsv(records) : records.map((r) => JSON.stringify(r)).join('\n') + (records.length ? '\n' : '');
  await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
  log.info(`Security panel: exported ${records.length} audit entries`);
  return done(`Exported ${records.length} entries to ${target.fsPath}.`);
}
