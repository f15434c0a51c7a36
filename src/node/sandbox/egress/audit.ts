/** An egress proxy event as an audit entry: host, port and verdict; never paths, headers or bodies. */
import type { AuditEntryInput } from '../../../engine/audit/auditEntry';
import type { EgressEvent } from './proxy';

/** `task` names the sandboxed run the request came from (the task name), when known. */
export function egressAuditEntry(event: EgressEvent, task?: string): AuditEntryInput {
  const result = event.decision === 'deny' ? 'denied' : event.error !== undefined ? 'failed' : 'allowed';
  return {
    agent: 'agent-guard', operation: 'sandbox.egress', target: `${event.host}:${event.port}`, result, source: 'system', reason: event.reason,
    details: {
      method: event.method, ...(event.address !== undefined ? { address: event.address } : {}), ...(event.error !== undefined ? { error: event.error } : {}),
      ...(task !== undefined ? { task } : {}),
    },
  };
}
