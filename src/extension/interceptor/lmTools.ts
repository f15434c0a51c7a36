/**
 * Guarded language-model tools for chat agents (e.g. Copilot agent mode): run a command, edit a file,
 * read a file. Every call goes through the same interceptor as the agent API, as agent `lm:chat`
 * (approved once like any agent). `prepareInvocation` shows the engine's verdict before the call; when
 * the verdict needs a human, the approval happens in Agent Guard's queue (one prompt, which cannot be
 * skipped by the chat's own "always allow" for the tool).
 */
import * as vscode from 'vscode';
import { describeInvalidInput, EditFileInputSchema, ReadFileInputSchema, type OperationResult } from '../../protocol/agentApi';
import type { Decision } from '../../engine/decision';
import type { DecisionPort, Guard, Operation } from '../../engine/interceptor';
import { toApiResult } from '../../engine/interceptor/agentApi';
import { z } from 'zod';

export const LM_AGENT_ID = 'lm:chat';
export const LM_TOOLS = { run: 'agentGuard_runCommand', edit: 'agentGuard_editFile', read: 'agentGuard_readFile' } as const;

const RunInputSchema = z.strictObject({ command: z.string().min(1).max(16_384), cwd: z.string().min(1).max(4096).optional() });

/** Validates a tool's input and turns it into an operation; types stay inside the closure. */
type ToolSpec = (input: unknown, workspace: string) => { ok: true; operation: Operation } | { ok: false; reason: string };

function spec<S extends z.ZodType>(schema: S, toOperation: (input: z.infer<S>, workspace: string) => Operation): ToolSpec {
  return (input, workspace) => {
    const parsed = schema.safeParse(input);
    return parsed.success ? { ok: true, operation: toOperation(parsed.data, workspace) } : { ok: false, reason: describeInvalidInput(parsed.error) };
  };
}

export function registerLmTools(guard: Guard, engine: DecisionPort, workspace: string): vscode.Disposable {
  if (!vscode.lm?.registerTool) return new vscode.Disposable(() => undefined);
  const tools: [string, ToolSpec][] = [
    [LM_TOOLS.run, spec(RunInputSchema, (i, ws) => ({ kind: 'command', agentId: LM_AGENT_ID, command: i.command, cwd: i.cwd ?? ws }))],
    [LM_TOOLS.edit, spec(EditFileInputSchema, (i) => ('newContent' in i
      ? { kind: 'write', agentId: LM_AGENT_ID, path: i.path, content: i.newContent }
      : { kind: 'write', agentId: LM_AGENT_ID, path: i.path, edits: i.edits }))],
    [LM_TOOLS.read, spec(ReadFileInputSchema, (i) => ({ kind: 'read', agentId: LM_AGENT_ID, path: i.path }))],
  ];
  guard.agents.register(LM_AGENT_ID, 'Chat agents (language-model tools)');
  return vscode.Disposable.from(...tools.map(([name, toolSpec]) => vscode.lm.registerTool<unknown>(name, {
    prepareInvocation: async (options) => ({ invocationMessage: await verdictMessage(toolSpec, options.input, engine, workspace) }),
    invoke: async (options) => new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(JSON.stringify(await invoke(guard, toolSpec, options.input, workspace)))]),
  })));
}

async function invoke(guard: Guard, toolSpec: ToolSpec, input: unknown, workspace: string): Promise<OperationResult> {
  const parsed = toolSpec(input, workspace);
  if (!parsed.ok) return { status: 'invalid', verdict: 'deny', risk: 'low', reason: parsed.reason };
  return toApiResult(await guard.interceptor.handle(parsed.operation));
}

/** The engine's verdict in plain words, shown in the chat before the tool runs. */
async function verdictMessage(toolSpec: ToolSpec, input: unknown, engine: DecisionPort, workspace: string): Promise<vscode.MarkdownString> {
  const parsed = toolSpec(input, workspace);
  if (!parsed.ok) return new vscode.MarkdownString('Agent Guard: invalid tool input, nothing will run.');
  const operation = parsed.operation;
  let decision: Decision;
  try {
    decision = operation.kind === 'command' ? await engine.checkCommand(operation.command, operation.cwd) : await engine.checkPath(operation.kind, operation.path);
  } catch {
    return new vscode.MarkdownString('Agent Guard: the policy could not be evaluated; the operation will be denied.');
  }
  const needsHuman = decision.decision === 'ask' || decision.risk === 'high' || decision.risk === 'critical';
  const verdict = decision.decision === 'deny' ? 'denies' : needsHuman ? 'asks you to approve (see the Agent Guard notification)' : 'allows';
  const message = new vscode.MarkdownString();
  message.appendText(`Agent Guard ${verdict} (${decision.risk} risk): `);
  message.appendText(decision.reasons.slice(0, 3).join('; '));
  return message;
}
