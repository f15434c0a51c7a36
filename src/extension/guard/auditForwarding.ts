/**
 * Wires live audit forwarding (src/node/audit/forwarder.ts) to the effective policy: a forwarder runs
 * while the policy names a collector (managed layer, else user settings), is replaced when the target
 * changes, is kicked after every append, and reports its state (target, entries behind, last error) to
 * the panel. It reads the log from disk, so it never sits on the decision path.
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { AuditForward } from '../../engine/policy/schema';
import { describeTarget, SyslogForwarder, type ForwardState } from '../../node/audit/forwarder';
import type { GuardAudit, GuardForwarding, GuardPolicy } from './guardServices';

export interface AuditForwarding extends GuardForwarding, vscode.Disposable {}

export function createAuditForwarding(audit: GuardAudit, policy: GuardPolicy, log: vscode.LogOutputChannel): AuditForwarding {
  const changed = new vscode.EventEmitter<ForwardState | undefined>();
  let forwarder: SyslogForwarder | undefined;
  let lastError: string | undefined;

  const follow = (forward: AuditForward | undefined) => {
    const wanted = forward ? describeTarget(forward) : undefined;
    if (wanted === forwarder?.state.target) return;
    void forwarder?.stop();
    forwarder = undefined;
    if (forward) {
      forwarder = new SyslogForwarder({
        dir: audit.dir, target: forward, cursorFile: join(audit.dir, 'forward.cursor.json'), hostname: hostname(),
        onState: (state) => {
          if (state.lastError && state.lastError !== lastError) log.warn(`audit forwarding: ${state.lastError}`);
          lastError = state.lastError;
          changed.fire(state);
        },
      });
      forwarder.start();
      log.info(`audit forwarding to ${wanted}`);
    }
    changed.fire(forwarder?.state);
  };

  const subscriptions = [
    policy.onDidChange((snapshot) => follow(snapshot.policy.audit.forward)),
    audit.onDidAppend((record) => forwarder?.kick(record.seq)),
  ];
  // After activation, like the policy's own warm-up: activate() never waits for a policy load.
  const first = setTimeout(() => void policy.current().then((snapshot) => follow(snapshot.policy.audit.forward), () => undefined), 0);
  return {
    state: () => forwarder?.state,
    onDidChange: changed.event,
    dispose: () => {
      clearTimeout(first);
      for (const subscription of subscriptions) subscription.dispose();
      void forwarder?.stop();
      changed.dispose();
    },
  };
}
