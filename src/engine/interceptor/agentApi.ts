/**
 * The implementation behind the public agent API (src/protocol/agentApi.ts): validates every input on
 * arrival, turns it into an Operation, runs it through the interceptor and reports the result in the
 * API's terms. Invalid input is answered with status `invalid` and never reaches the interceptor.
 * The VS Code adapter returns this object from `activate()`.
 */
import type { z } from 'zod';
import {
  AGENT_API_VERSION, AgentIdSchema, CreateFileInputSchema, DeleteFileInputSchema, EditFileInputSchema, ReadFileInputSchema,
  RegisterAgentInputSchema, RunCommandInputSchema, describeInvalidInput,
  type AgentGuardApi, type OperationResult, type RegisterAgentResult,
} from '../../protocol/agentApi';
import type { Guard } from './index';
import type { Operation } from './operation';
import type { InterceptResult } from './ports';

type GuardParts = Pick<Guard, 'agents' | 'interceptor'>;

export function createAgentApi(guard: GuardParts): AgentGuardApi {
  const run = <S extends z.ZodType>(schema: S, toOperation: (agentId: string, input: z.infer<S>) => Operation) =>
    async (agentId: unknown, input: unknown): Promise<OperationResult> => {
      const id = AgentIdSchema.safeParse(agentId);
      if (!id.success) return invalid(describeInvalidInput(id.error));
      const parsed = schema.safeParse(input);
      if (!parsed.success) return invalid(describeInvalidInput(parsed.error));
      return toApiResult(await guard.interceptor.handle(toOperation(id.data, parsed.data)));
    };
  return {
    version: AGENT_API_VERSION,
    registerAgent: async (input) => registerAgent(guard, input),
    runCommand: run(RunCommandInputSchema, (agentId, i) => ({ kind: 'command', agentId, command: i.command, cwd: i.cwd, secrets: i.secrets, timeoutMs: i.timeoutMs })),
    editFile: run(EditFileInputSchema, (agentId, i) => ('newContent' in i
      ? { kind: 'write', agentId, path: i.path, content: i.newContent }
      : { kind: 'write', agentId, path: i.path, edits: i.edits })),
    readFile: run(ReadFileInputSchema, (agentId, i) => ({ kind: 'read', agentId, path: i.path })),
    deleteFile: run(DeleteFileInputSchema, (agentId, i) => ({ kind: 'delete', agentId, path: i.path })),
    createFile: run(CreateFileInputSchema, (agentId, i) => ({ kind: 'create', agentId, path: i.path, content: i.content })),
  };
}

function registerAgent(guard: GuardParts, input: unknown): RegisterAgentResult {
  const parsed = RegisterAgentInputSchema.safeParse(input);
  // Registration has no decision to return; bad input is a programming error of the caller.
  if (!parsed.success) throw new TypeError(describeInvalidInput(parsed.error).replace('nothing was executed', 'nothing was registered'));
  const agent = guard.agents.register(parsed.data.id, parsed.data.name);
  return { id: agent.id, status: agent.status, profile: agent.profile };
}

function invalid(reason: string): OperationResult {
  return { status: 'invalid', verdict: 'deny', risk: 'low', reason };
}

export function toApiResult(result: InterceptResult): OperationResult {
  const status = result.verdict === 'deny' ? 'denied' : result.outcome?.error !== undefined ? 'failed' : 'executed';
  return {
    status,
    verdict: result.verdict,
    risk: result.risk,
    reason: result.reason,
    ...(result.retryAfterMs !== undefined ? { retryAfterMs: result.retryAfterMs } : {}),
    ...(result.command !== undefined ? { command: result.command } : {}),
    ...(result.outcome !== undefined ? { outcome: { ...result.outcome } } : {}),
  };
}
