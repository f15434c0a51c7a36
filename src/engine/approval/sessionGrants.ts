/**
 * "Approve for this session": the same agent may repeat the same operation on the same target without
 * asking again until the session ends. Grants are exact (no widening) and never cover critical risk or
 * an engine deny; the interceptor enforces both before consulting them.
 */
import { operationTarget, type Operation } from '../interceptor/operation';

export class SessionGrants {
  private readonly grants = new Set<string>();

  grant(operation: Operation): void {
    this.grants.add(keyOf(operation));
  }

  has(operation: Operation): boolean {
    return this.grants.has(keyOf(operation));
  }

  /** Forgets one agent's grants (e.g. when it is paused, rejected or its profile changes). */
  revokeAgent(agentId: string): void {
    const prefix = `${JSON.stringify(agentId)}\u0000`;
    for (const key of [...this.grants]) if (key.startsWith(prefix)) this.grants.delete(key);
  }

  clear(): void {
    this.grants.clear();
  }

  get size(): number {
    return this.grants.size;
  }
}

function keyOf(operation: Operation): string {
  const cwd = operation.kind === 'command' ? operation.cwd : '';
  return [JSON.stringify(operation.agentId), operation.kind, cwd, operationTarget(operation)].join('\u0000');
}
