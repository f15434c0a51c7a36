/**
 * The pre-tool-use hook formats of each supported agent (sources in docs/hooks.md): how to read the
 * tool call from stdin, and how to answer allow / deny / "no opinion" in that agent's own terms.
 */
import type { BridgeOperation } from '../../protocol/bridge';
import { sessionIdOf } from '../../protocol/sessionId';
import { mapToolCall } from './tools';

import type { HookAgentName } from '../../engine/hooks/health';

export type { HookAgentName };
export const HOOK_AGENTS: readonly HookAgentName[] = ['claude', 'copilot', 'codex', 'gemini'];

export interface ToolCall {
  toolName: string;
  toolInput: Record<string, unknown>;
  cwd: string;
  /** Empty when the tool is not about commands or files (the agent's own permissions apply). */
  operations: BridgeOperation[];
  /** The agent's own session id (`session_id`, or `sessionId` in VS Code and Copilot CLI camelCase input), when valid. */
  session?: string;
  /** Copilot has two shapes: VS Code agent hooks (Claude-compatible) and Copilot CLI (`toolName`/`toolArgs`). */
  variant?: 'copilot-cli';
}

export type ParsedHookInput = { ok: true; call: ToolCall } | { ok: false; reason: string };

export interface HookAnswer {
  verdict: 'allow' | 'deny' | 'defer';
  reason: string;
  /** A developer-edited command to run instead (only when the answer is allow). */
  editedCommand?: string;
}

export interface RenderedAnswer {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface HookFormat {
  agentId: string;
  agentName: string;
  parse(raw: unknown, fallbackCwd: string): ParsedHookInput;
  render(answer: HookAnswer, call?: ToolCall): RenderedAnswer;
}

const PREFIX = 'Agent Guard: ';

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function buildCall(toolName: unknown, toolInput: unknown, cwd: string, record: Record<string, unknown>): ParsedHookInput {
  if (typeof toolName !== 'string' || toolName === '') return { ok: false, reason: 'the hook input has no tool name' };
  const input = asRecord(toolInput) ?? {};
  const mapped = mapToolCall(toolName, input, cwd);
  if (!mapped.ok) return { ok: false, reason: mapped.reason };
  const session = sessionIdOf(record.session_id) ?? sessionIdOf(record.sessionId);
  return { ok: true, call: { toolName, toolInput: input, cwd, operations: mapped.operations, ...(session !== undefined ? { session } : {}) } };
}

/** Claude Code, Codex, Gemini CLI and VS Code agent hooks all send snake_case `tool_name` / `tool_input`. */
function parseSnakeCase(raw: unknown, fallbackCwd: string): ParsedHookInput {
  const record = asRecord(raw);
  if (!record) return { ok: false, reason: 'the hook input is not a JSON object' };
  const cwd = typeof record.cwd === 'string' && record.cwd !== '' ? record.cwd : fallbackCwd;
  return buildCall(record.tool_name, record.tool_input, cwd, record);
}

const json = (value: unknown): string => `${JSON.stringify(value)}\n`;
const silent: RenderedAnswer = { stdout: '', stderr: '', exitCode: 0 };

/** `hookSpecificOutput.permissionDecision`: Claude Code and VS Code agent hooks. */
function renderPermissionDecision(answer: HookAnswer, call?: ToolCall): RenderedAnswer {
  if (answer.verdict === 'defer') return silent;
  const output: Record<string, unknown> = {
    hookEventName: 'PreToolUse',
    permissionDecision: answer.verdict,
    permissionDecisionReason: PREFIX + answer.reason,
  };
  if (answer.verdict === 'allow' && answer.editedCommand !== undefined && call) {
    output.updatedInput = { ...call.toolInput, command: answer.editedCommand };
  }
  return { stdout: json({ hookSpecificOutput: output }), stderr: '', exitCode: 0 };
}

/** For agents that cannot replace the input: an edited command becomes a denial naming the approved command. */
function withoutRewrite(answer: HookAnswer): HookAnswer {
  if (answer.verdict !== 'allow' || answer.editedCommand === undefined) return answer;
  return { verdict: 'deny', reason: `the developer approved an edited command instead; run exactly: ${answer.editedCommand}` };
}

export const claudeFormat: HookFormat = {
  agentId: 'hook:claude',
  agentName: 'Claude Code',
  parse: parseSnakeCase,
  render: renderPermissionDecision,
};

export const codexFormat: HookFormat = {
  agentId: 'hook:codex',
  agentName: 'OpenAI Codex',
  parse: parseSnakeCase,
  // Codex honours `deny` in hookSpecificOutput; allowing is done by answering nothing (its own approval
  // policy still applies, which can only be stricter).
  render: (answer) => {
    const final = withoutRewrite(answer);
    return final.verdict === 'deny' ? renderPermissionDecision(final) : silent;
  },
};

export const geminiFormat: HookFormat = {
  agentId: 'hook:gemini',
  agentName: 'Gemini CLI',
  parse: parseSnakeCase,
  render: (answer) => {
    const final = withoutRewrite(answer);
    if (final.verdict === 'defer') return { stdout: json({}), stderr: '', exitCode: 0 };
    return { stdout: json(final.verdict === 'allow' ? { decision: 'allow' } : { decision: 'deny', reason: PREFIX + final.reason }), stderr: '', exitCode: 0 };
  },
};

export const copilotFormat: HookFormat = {
  agentId: 'hook:copilot',
  agentName: 'GitHub Copilot',
  parse: (raw, fallbackCwd) => {
    const record = asRecord(raw);
    if (!record || !('toolName' in record)) return parseSnakeCase(raw, fallbackCwd);
    // Copilot CLI: `toolArgs` is a JSON string of the arguments.
    let args: unknown = record.toolArgs;
    if (typeof args === 'string') {
      try {
        args = JSON.parse(args);
      } catch {
        return { ok: false, reason: 'toolArgs is not valid JSON' };
      }
    }
    const cwd = typeof record.cwd === 'string' && record.cwd !== '' ? record.cwd : fallbackCwd;
    const parsed = buildCall(record.toolName, args, cwd, record);
    return parsed.ok ? { ok: true, call: { ...parsed.call, variant: 'copilot-cli' } } : parsed;
  },
  render: (answer, call) => {
    if (!call && answer.verdict === 'deny') {
      // Input we could not read: answer in both Copilot shapes so whichever is listening sees the denial.
      const reason = PREFIX + answer.reason;
      const body = { permissionDecision: 'deny', permissionDecisionReason: reason, hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: reason } };
      return { stdout: json(body), stderr: '', exitCode: 0 };
    }
    if (call?.variant !== 'copilot-cli') return renderPermissionDecision(answer, call);
    const final = withoutRewrite(answer);
    if (final.verdict === 'defer') return silent;
    return { stdout: json({ permissionDecision: final.verdict, permissionDecisionReason: PREFIX + final.reason }), stderr: '', exitCode: 0 };
  },
};

export const HOOK_FORMATS: Record<HookAgentName, HookFormat> = {
  claude: claudeFormat,
  copilot: copilotFormat,
  codex: codexFormat,
  gemini: geminiFormat,
};
