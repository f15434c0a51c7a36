/**
 * Hook health: whether each agent's installed Agent Guard hook will actually run, from facts read out
 * of that agent's own state (src/cli/hook/healthProbe.ts reads them). Pure: no file system, no processes;
 * shared by `agent-guard hooks status` and the Security panel's Agents tab.
 *
 * Facts behind each rule, read from the packages' own code and checked by runs (docs/hooks.md):
 * - Codex 0.171: project hooks load only when the project is trusted (`[projects."<dir>"] trust_level`),
 *   and each one runs only once reviewed (its hash in `[hooks.state."<key>"] trusted_hash`); Codex's
 *   own `hooks/list` (app-server) reports `trustStatus`. A skipped hook is skipped without a word.
 * - Gemini CLI 0.61: project hooks run only in a trusted folder (`trustedFolders.json`, longest rule
 *   wins, no rule = untrusted); `security.folderTrust.enabled: false` in the user settings trusts every
 *   folder. Hook trust (`trusted_hooks.json`) only prints a warning on first sight, then trusts the hook.
 * - Copilot CLI 1.0.102: repository hooks are deferred unless the folder is in `trusted_folders`
 *   (`$COPILOT_HOME/config.json`, default ~/.copilot) or `COPILOT_ALLOW_ALL=true`.
 * - Claude Code: always runs project hooks; `onFailure: "block"` (2.1.295+) makes a crashed hook block.
 */
/** The agents whose pre-tool-use hook Agent Guard installs (src/cli/hook/formats.ts re-exports this). */
export type HookAgentName = 'claude' | 'copilot' | 'codex' | 'gemini';

export type HookHealthState = 'active' | 'inactive' | 'not-installed' | 'unknown';

export interface HookHealth {
  agent: HookAgentName;
  agentName: string;
  installed: boolean;
  /** The agent CLI's version, when it is on PATH. */
  version?: string;
  state: HookHealthState;
  /** One line: what the developer needs to know. */
  summary: string;
  /** A crash of the hook process lets the tool run in this agent (version-specific; docs/hooks.md). */
  failOpenOnCrash?: string;
  /** One command that fixes an inactive hook (the developer runs it; Agent Guard never edits trust). */
  fix?: string;
}

export const CLAUDE_ON_FAILURE_SINCE = '2.1.295';

export interface ClaudeFacts { installed: boolean; version?: string }
export interface CodexFacts {
  installed: boolean;
  version?: string;
  /** Codex's own report (`hooks/list`): undefined when Codex could not be asked. */
  listed?: { found: false } | { found: true; trustStatus: string };
}
export type GeminiFolderTrust = 'trusted' | 'untrusted' | 'no-rule' | 'trust-disabled' | 'env-trusted' | 'env-untrusted';
export interface GeminiFacts { installed: boolean; version?: string; folderTrust: GeminiFolderTrust; hookSeenBefore: boolean }
export interface CopilotFacts { installed: boolean; version?: string; folderTrusted: boolean; allowAllEnv: boolean }

export interface AgentFacts {
  workspace: string;
  /** Which agents' settings files carry the Agent Guard hook entry. */
  hookInstalled: Record<HookAgentName, boolean>;
  claude: ClaudeFacts;
  codex: CodexFacts;
  gemini: GeminiFacts;
  copilot: CopilotFacts;
}

/** Numeric dotted-version comparison; a version it cannot read compares as older (fail closed). */
export function versionAtLeast(version: string | undefined, minimum: string): boolean {
  const parse = (v: string) => /^(\d+)\.(\d+)\.(\d+)/.exec(v.trim())?.slice(1).map(Number);
  const have = version === undefined ? undefined : parse(version);
  const need = parse(minimum);
  if (!have || !need) return false;
  for (let i = 0; i < 3; i += 1) {
    if ((have[i] ?? 0) !== (need[i] ?? 0)) return (have[i] ?? 0) > (need[i] ?? 0);
  }
  return true;
}

const quote = (dir: string) => (/^[\w@%+=:,./-]+$/.test(dir) ? dir : `'${dir.replace(/'/g, `'\\''`)}'`);

export function assessHookHealth(facts: AgentFacts): HookHealth[] {
  return [claudeHealth(facts), codexHealth(facts), geminiHealth(facts), copilotHealth(facts)];
}

function notInstalled(agent: HookAgentName, agentName: string, version: string | undefined): HookHealth {
  return { agent, agentName, installed: false, ...(version ? { version } : {}), state: 'not-installed', summary: 'no Agent Guard hook in this workspace', fix: 'VS Code: run "Agent Guard: Install Agent Hooks"' };
}

function claudeHealth({ hookInstalled, claude }: AgentFacts): HookHealth {
  const base = { agent: 'claude' as const, agentName: 'Claude Code', ...(claude.version ? { version: claude.version } : {}) };
  if (!hookInstalled.claude) return notInstalled('claude', base.agentName, claude.version);
  if (!claude.installed) return { ...base, installed: true, state: 'unknown', summary: 'hook installed; `claude` is not on PATH, so its version (and onFailure support) is unknown' };
  if (versionAtLeast(claude.version, CLAUDE_ON_FAILURE_SINCE)) return { ...base, installed: true, state: 'active', summary: `hook runs on every tool call; a crashed hook blocks (onFailure, ${CLAUDE_ON_FAILURE_SINCE}+)` };
  return {
    ...base, installed: true, state: 'active',
    summary: `hook runs, but Claude Code ${claude.version ?? '?'} ignores onFailure: a crashed hook lets the tool run`,
    failOpenOnCrash: `Claude Code before ${CLAUDE_ON_FAILURE_SINCE} ignores "onFailure": "block"`,
    fix: 'npm install -g @anthropic-ai/claude-code@latest',
  };
}

function codexHealth({ hookInstalled, codex, workspace }: AgentFacts): HookHealth {
  const base = { agent: 'codex' as const, agentName: 'Codex', ...(codex.version ? { version: codex.version } : {}), failOpenOnCrash: 'Codex runs the tool when a hook crashes' };
  if (!hookInstalled.codex) return notInstalled('codex', base.agentName, codex.version);
  const openCodex = `cd ${quote(workspace)} && codex`;
  if (!codex.installed || codex.listed === undefined) return { ...base, installed: true, state: 'unknown', summary: 'hook installed; Codex could not be asked whether it will run it (is `codex` on PATH?)' };
  if (!codex.listed.found) {
    return { ...base, installed: true, state: 'inactive', summary: 'Codex skips this project\'s hooks without a word: the project is not trusted', fix: `${openCodex}   (trust the project, then review its hooks)` };
  }
  if (codex.listed.trustStatus === 'trusted' || codex.listed.trustStatus === 'managed') {
    return { ...base, installed: true, state: 'active', summary: 'project trusted and hook reviewed: Codex runs it' };
  }
  return { ...base, installed: true, state: 'inactive', summary: `Codex skips the hook without a word: it was not reviewed (status "${codex.listed.trustStatus}"; a changed hooks.json needs a new review)`, fix: `${openCodex}   (review the hook when Codex asks)` };
}

function geminiHealth({ hookInstalled, gemini, workspace }: AgentFacts): HookHealth {
  const base = { agent: 'gemini' as const, agentName: 'Gemini CLI', ...(gemini.version ? { version: gemini.version } : {}), failOpenOnCrash: 'Gemini CLI warns and runs the tool when a hook crashes' };
  if (!hookInstalled.gemini) return notInstalled('gemini', base.agentName, gemini.version);
  const seen = gemini.hookSeenBefore ? '' : '; Gemini will warn about the new project hook on its first run';
  switch (gemini.folderTrust) {
    case 'trusted': case 'trust-disabled': case 'env-trusted':
      return { ...base, installed: true, state: 'active', summary: `${gemini.folderTrust === 'trusted' ? 'folder trusted' : gemini.folderTrust === 'env-trusted' ? 'GEMINI_CLI_TRUST_WORKSPACE=true' : 'folder trust is off in the user settings'}: Gemini runs the hook${seen}` };
    case 'env-untrusted':
      return { ...base, installed: true, state: 'inactive', summary: 'GEMINI_CLI_TRUST_WORKSPACE=false or GEMINI_RESTRICTED_MODE=true: Gemini ignores project hooks', fix: 'unset GEMINI_CLI_TRUST_WORKSPACE GEMINI_RESTRICTED_MODE' };
    case 'untrusted': case 'no-rule':
      return { ...base, installed: true, state: 'inactive', summary: `the folder is ${gemini.folderTrust === 'untrusted' ? 'marked "do not trust"' : 'not trusted'}: Gemini ignores project hooks`, fix: `cd ${quote(workspace)} && gemini   (choose "Trust folder")` };
  }
}

function copilotHealth({ hookInstalled, copilot, workspace }: AgentFacts): HookHealth {
  const base = { agent: 'copilot' as const, agentName: 'Copilot CLI', ...(copilot.version ? { version: copilot.version } : {}) };
  if (!hookInstalled.copilot) return notInstalled('copilot', base.agentName, copilot.version);
  if (copilot.folderTrusted || copilot.allowAllEnv) return { ...base, installed: true, state: 'active', summary: `${copilot.folderTrusted ? 'folder trusted' : 'COPILOT_ALLOW_ALL=true'}: Copilot runs the hook; a crashed hook blocks` };
  return { ...base, installed: true, state: 'inactive', summary: 'the folder is not trusted: Copilot defers the repository\'s hooks', fix: `cd ${quote(workspace)} && copilot   (choose to trust the folder)` };
}

/** Gemini's folder-trust rule match (its trustedFolders.ts): the longest matching rule wins. Paths already real and normalised. */
export function geminiRuleTrust(rules: Record<string, unknown>, workspace: string, parentOf: (p: string) => string): 'trusted' | 'untrusted' | 'no-rule' {
  let longest = -1;
  let level: unknown;
  for (const [rulePath, trust] of Object.entries(rules)) {
    const effective = trust === 'TRUST_PARENT' ? parentOf(rulePath) : rulePath;
    const inside = workspace === effective || workspace.startsWith(effective.endsWith('/') ? effective : `${effective}/`);
    if (inside && rulePath.length > longest) {
      longest = rulePath.length;
      level = trust;
    }
  }
  if (level === 'DO_NOT_TRUST') return 'untrusted';
  if (level === 'TRUST_FOLDER' || level === 'TRUST_PARENT') return 'trusted';
  return 'no-rule';
}
