/**
 * "Always allow", for real: shows the developer the exact rule and where it would go, then writes it
 * into the workspace policy file (edited minimally) or the user policy setting, audits the change and
 * approves the waiting request. The rule only adds an allow; deny/ask rules of every layer and the
 * built-in protections still win (layers are strictest-wins). When the rule cannot be written, the
 * request is approved for this time only and the developer is told that no rule was written.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { ApprovalQueue, ApprovalRequest } from '../../engine/approval/queue';
import type { AuditEntryInput } from '../../engine/audit/auditEntry';
import { addRuleToPolicyText, addRuleToPolicyValue, buildAlwaysAllowRule, newPolicyText, type PlannedRule, type RuleResult } from '../../engine/policy/addRule';
import { WORKSPACE_POLICY } from '../../node/policyFiles';
import type { PolicySnapshot } from './guardServices';

export type AlwaysAllowTarget = 'workspace' | 'user';
/** `ok`: the request was approved; `ruleWritten`: a rule is now in a policy layer. */
export interface AlwaysAllowOutcome { ok: boolean; ruleWritten: boolean; message: string }

export interface PolicyWriter {
  /** Confirms, writes and approves request `id`; never throws. `ok: false` when nothing was approved. */
  alwaysAllow(queue: ApprovalQueue, id: string): Promise<AlwaysAllowOutcome>;
  /** Test mode only (throws otherwise): answer the next confirmation with this choice instead of a modal. */
  answerNextConfirmationForTests(choice: AlwaysAllowTarget | 'cancel'): void;
}

export interface PolicyWriterOptions {
  workspace: string | undefined;
  log: vscode.LogOutputChannel;
  audit: (entry: AuditEntryInput) => void;
  /** Fires after the policy service reloaded; the request is approved once the new rule is in effect. */
  onPolicyReloaded: vscode.Event<PolicySnapshot>;
  /** Lets the watchers know this write is Agent Guard's own (the policy file is a protected file). */
  noteWrite?: (file: string) => void;
  testMode: boolean;
}

const WORKSPACE_BUTTON = 'Add to workspace policy';
const USER_BUTTON = 'Add to my user policy';
/** Wait this long at most for the reload, so the agent's next identical request already meets the rule. */
const RELOAD_WAIT_MS = 3000;

function developerName(): string {
  try {
    return userInfo().username || 'the developer';
  } catch {
    return 'the developer';
  }
}

export function createPolicyWriter(options: PolicyWriterOptions): PolicyWriter {
  const queuedChoices: (AlwaysAllowTarget | 'cancel')[] = [];
  const policyFile = options.workspace ? join(options.workspace, WORKSPACE_POLICY) : undefined;

  const confirm = async (request: ApprovalRequest, planned: PlannedRule): Promise<AlwaysAllowTarget | undefined> => {
    const offerWorkspace = policyFile !== undefined && vscode.workspace.isTrusted;
    const detail = [
      `Rule: ${JSON.stringify(planned.rule, null, 1).replace(/\n\s*/g, ' ')}`,
      '',
      ...(offerWorkspace ? [`Workspace policy: ${WORKSPACE_POLICY} (everyone who opens this folder with Agent Guard).`] : []),
      'Your user policy: the setting agentGuard.policy (only you, in every workspace).',
      ...(policyFile !== undefined && !offerWorkspace ? ['This workspace is not trusted, so allow rules in its policy file are ignored: only your user policy is offered.'] : []),
      'Deny and ask rules of every policy layer and the built-in protections still win over this rule.',
    ].join('\n');
    if (options.testMode && queuedChoices.length > 0) {
      const choice = queuedChoices.shift();
      if (choice === 'workspace' && !offerWorkspace) return undefined;
      return choice === 'cancel' ? undefined : choice;
    }
    const buttons = offerWorkspace ? [WORKSPACE_BUTTON, USER_BUTTON] : [USER_BUTTON];
    const choice = await vscode.window.showInformationMessage(`Always allow for ${request.agentId}: ${planned.rule.description ?? ''}`, { modal: true, detail }, ...buttons);
    return choice === WORKSPACE_BUTTON ? 'workspace' : choice === USER_BUTTON ? 'user' : undefined;
  };

  const writeWorkspace = async (planned: PlannedRule): Promise<RuleResult<{ rule: PlannedRule; where: string }>> => {
    if (!policyFile) return { ok: false, reason: 'no workspace folder is open' };
    let text: string | undefined;
    try {
      text = await readFile(policyFile, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return { ok: false, reason: `${WORKSPACE_POLICY} could not be read (${(error as Error).message})` };
    }
    const edited = text === undefined ? { ok: true as const, value: { text: newPolicyText(planned), rule: planned } } : addRuleToPolicyText(text, planned, WORKSPACE_POLICY);
    if (!edited.ok) return edited;
    try {
      options.noteWrite?.(dirname(policyFile));
      options.noteWrite?.(policyFile);
      await mkdir(dirname(policyFile), { recursive: true });
      await writeFile(policyFile, edited.value.text, { encoding: 'utf8', flag: text === undefined ? 'wx' : 'w' });
    } catch (error) {
      return { ok: false, reason: `${WORKSPACE_POLICY} could not be written (${(error as Error).message})` };
    }
    return { ok: true, value: { rule: edited.value.rule, where: WORKSPACE_POLICY } };
  };

  const writeUser = async (planned: PlannedRule): Promise<RuleResult<{ rule: PlannedRule; where: string }>> => {
    const config = vscode.workspace.getConfiguration('agentGuard');
    const added = addRuleToPolicyValue(config.inspect<unknown>('policy')?.globalValue, planned);
    if (!added.ok) return added;
    try {
      await config.update('policy', added.value.policy, vscode.ConfigurationTarget.Global);
    } catch (error) {
      return { ok: false, reason: `the user setting agentGuard.policy could not be written (${(error as Error).message})` };
    }
    return { ok: true, value: { rule: added.value.rule, where: 'your user policy (agentGuard.policy)' } };
  };

  const approveOnly = (queue: ApprovalQueue, id: string, why: string): AlwaysAllowOutcome => {
    const approved = queue.alwaysAllow(id);
    if (!approved.ok) return { ok: false, ruleWritten: false, message: approved.reason };
    options.log.warn(`always allow: no rule written (${why})`);
    return { ok: true, ruleWritten: false, message: `Approved for this request only. No rule was written: ${why}.` };
  };

  return {
    answerNextConfirmationForTests: (choice) => {
      if (!options.testMode) throw new Error('only available when the extension runs in test mode');
      queuedChoices.push(choice);
    },
    alwaysAllow: async (queue, id) => {
      const request = queue.get(id);
      if (!request?.suggestedRule) {
        // Not pending, or critical (no rule is ever suggested): the queue's refusal says which.
        const refused = queue.alwaysAllow(id);
        return { ok: false, ruleWritten: false, message: refused.ok ? 'Approved; no rule was written.' : refused.reason };
      }
      const planned = buildAlwaysAllowRule(request.suggestedRule, { agentId: request.agentId, who: developerName(), at: Date.now() });
      if (!planned.ok) return approveOnly(queue, id, planned.reason);
      const target = await confirm(request, planned.value);
      if (!target) return { ok: false, ruleWritten: false, message: 'Cancelled: nothing was approved and no rule was written.' };
      if (!queue.get(id)) return { ok: false, ruleWritten: false, message: `Request ${id} is no longer pending (answered elsewhere or expired); no rule was written.` };
      const reloaded = waitForReload(options.onPolicyReloaded);
      const written = target === 'workspace' ? await writeWorkspace(planned.value) : await writeUser(planned.value);
      if (!written.ok) {
        reloaded.cancel();
        return approveOnly(queue, id, written.reason);
      }
      const rule = written.value.rule.rule;
      options.audit({
        agent: 'agent-guard', operation: 'policy.always-allow', target: written.value.where, result: 'policy-changed', source: 'ui',
        reason: `rule ${rule.id} added by ${developerName()} for agent ${request.agentId}: ${rule.description ?? ''}`,
        details: { ruleId: rule.id, target, requestId: id },
      });
      options.log.info(`always allow: rule ${rule.id} written to ${written.value.where}`);
      await reloaded.done;
      const approved = queue.alwaysAllow(id);
      const ruleText = 'command' in rule ? `\`${rule.command}\`` : rule.globs.join(', ');
      if (!approved.ok) return { ok: false, ruleWritten: true, message: `Rule ${rule.id} (${ruleText}) was written to ${written.value.where}, but this request was no longer pending: ${approved.reason}` };
      return { ok: true, ruleWritten: true, message: `Approved. Rule ${rule.id} (${ruleText}) was added to ${written.value.where}.` };
    },
  };
}

function waitForReload(event: vscode.Event<PolicySnapshot>): { done: Promise<void>; cancel(): void } {
  let cancel = () => undefined as void;
  const done = new Promise<void>((resolve) => {
    const timer = setTimeout(finish, RELOAD_WAIT_MS);
    const subscription = event(() => finish());
    function finish() {
      clearTimeout(timer);
      subscription.dispose();
      resolve();
    }
    cancel = finish;
  });
  return { done, cancel };
}
