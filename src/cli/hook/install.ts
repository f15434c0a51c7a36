/**
 * Plans the hook entry each agent needs to call `agent-guard hook <agent>` before its tools run, as
 * a change to that agent's project settings file. Pure: the caller shows the change and writes it.
 * Existing settings are preserved; an entry that is already there is not added twice; a file that is
 * not plain JSON is never rewritten (the plan carries the snippet to add by hand instead).
 */
import * as path from 'node:path';
import type { HookAgentName } from './formats';

export interface HookInstallPlan {
  agent: HookAgentName;
  /** Absolute path of the settings file to write. */
  file: string;
  before: string | undefined;
  after: string;
  changed: boolean;
}

export type PlanResult = { ok: true; plan: HookInstallPlan } | { ok: false; reason: string; snippet: string };

/**
 * The timeout written into each agent's hook entry: long enough for a developer to answer an approval.
 * An agent that kills a hook at its timeout decides by its own rules (Claude Code lets the tool run),
 * so the hook itself gives up earlier, with a denial: see HOOK_WAIT_MS.
 */
export const HOOK_TIMEOUT_SECONDS = 600;
/** How long the hook waits for the extension's answer: a margin below the agent's own timeout. */
export const HOOK_WAIT_MS = (HOOK_TIMEOUT_SECONDS - 30) * 1000;
const WAIT_SECONDS = HOOK_TIMEOUT_SECONDS;

interface AgentLayout {
  file: string;
  event: string;
  /** The entry to add under hooks[event]. */
  entry: (command: string) => Record<string, unknown>;
}

const LAYOUTS: Record<HookAgentName, AgentLayout> = {
  claude: {
    file: path.join('.claude', 'settings.json'),
    event: 'PreToolUse',
    // onFailure "block" (Claude Code 2.1.295+): a hook that crashes or times out blocks the tool call
    // instead of letting it through.
    entry: (command) => ({ matcher: 'Bash|Write|Edit|MultiEdit|NotebookEdit|Read|Glob|Grep', hooks: [{ type: 'command', command, timeout: WAIT_SECONDS, onFailure: 'block' }] }),
  },
  codex: {
    file: path.join('.codex', 'hooks.json'),
    event: 'PreToolUse',
    entry: (command) => ({ matcher: 'Bash|apply_patch', hooks: [{ type: 'command', command, timeout: WAIT_SECONDS }] }),
  },
  gemini: {
    file: path.join('.gemini', 'settings.json'),
    event: 'BeforeTool',
    // Gemini CLI hook timeouts are in milliseconds.
    entry: (command) => ({ matcher: 'run_shell_command|write_file|replace|read_file|read_many_files', hooks: [{ type: 'command', command, timeout: WAIT_SECONDS * 1000 }] }),
  },
  copilot: {
    file: path.join('.github', 'hooks', 'agent-guard.json'),
    event: 'PreToolUse',
    entry: (command) => ({ type: 'command', command, timeout: WAIT_SECONDS }),
  },
};

/**
 * Where the agent itself lets the tool run when the hook process fails (crash, kill, timeout), by the
 * versions the test bed ran (docs/hooks.md): said at install time, since Agent Guard cannot prevent it.
 */
export const FAIL_OPEN_ON_HOOK_FAILURE: Partial<Record<HookAgentName, string>> = {
  codex: 'Codex (0.171.0 tested) runs the tool when the hook fails, and skips the hook without a word until the project is trusted and the hook reviewed',
  gemini: 'Gemini CLI (0.61.0 tested) warns and runs the tool when the hook fails, and ignores project hooks in an untrusted folder',
  claude: 'Claude Code before 2.1.295 ignores "onFailure": "block" and runs the tool when the hook fails (2.1.332 tested: blocked)',
};

export function hookCommandLine(agent: HookAgentName, executable = 'agent-guard'): string {
  return `${executable} hook ${agent}`;
}

export function planHookInstall(agent: HookAgentName, workspace: string, currentText: string | undefined, executable = 'agent-guard'): PlanResult {
  const layout = LAYOUTS[agent];
  const command = hookCommandLine(agent, executable);
  const entry = layout.entry(command);
  const snippet = JSON.stringify({ hooks: { [layout.event]: [entry] } }, null, 2);
  const file = path.join(workspace, layout.file);
  let settings: Record<string, unknown> = {};
  if (currentText !== undefined && currentText.trim() !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(currentText);
    } catch {
      return { ok: false, reason: `${layout.file} is not plain JSON (comments?), so Agent Guard will not rewrite it; add the entry by hand`, snippet };
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ok: false, reason: `${layout.file} is not a JSON object`, snippet };
    settings = parsed as Record<string, unknown>;
  }
  const hooks = settings.hooks ?? {};
  if (typeof hooks !== 'object' || hooks === null || Array.isArray(hooks)) return { ok: false, reason: `"hooks" in ${layout.file} is not an object`, snippet };
  const list = (hooks as Record<string, unknown>)[layout.event] ?? [];
  if (!Array.isArray(list)) return { ok: false, reason: `"hooks.${layout.event}" in ${layout.file} is not a list`, snippet };
  if (JSON.stringify(list).includes(JSON.stringify(command))) {
    return { ok: true, plan: { agent, file, before: currentText, after: currentText ?? '', changed: false } };
  }
  const next = { ...settings, hooks: { ...(hooks as Record<string, unknown>), [layout.event]: [...list, entry] } };
  return { ok: true, plan: { agent, file, before: currentText, after: `${JSON.stringify(next, null, 2)}\n`, changed: true } };
}
