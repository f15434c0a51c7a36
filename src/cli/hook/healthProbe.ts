/**
 * Reads the facts hook health needs (health.ts) from each agent's own state: the workspace's hook
 * files, the agents' trust files in the developer's home, their versions, and, for Codex, Codex's own
 * `hooks/list` answer from `codex app-server` (Codex keys its review by a content hash, so only Codex
 * can say whether a hook was reviewed). Never writes anything. Fully asynchronous (no spawnSync): the
 * extension host runs it too, off the activation path and only when the developer asks.
 */
import { execFile, spawn } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { HOOK_AGENTS, type HookAgentName } from './formats';
import type { AgentFacts, CodexFacts, CopilotFacts, GeminiFacts, GeminiFolderTrust } from '../../engine/hooks/health';
import { geminiRuleTrust } from '../../engine/hooks/health';
import { hookCommandLine, planHookInstall } from './install';

export interface ProbeOptions {
  workspace: string;
  env: NodeJS.ProcessEnv;
  /** How long Codex may take to answer hooks/list. */
  codexTimeoutMs?: number;
}

const readJson = (file: string): unknown => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
};
const readText = (file: string): string | undefined => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
};
const real = (p: string): string => {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
};
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function home(env: NodeJS.ProcessEnv): string {
  return env.HOME ?? env.USERPROFILE ?? '';
}

/** The agent's `--version`, or undefined when it is not on PATH (or does not answer in time). */
function cliVersion(cli: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  return new Promise((done) => {
    execFile(cli, ['--version'], { env, encoding: 'utf8', timeout: 20_000 }, (error, stdout) => {
      done(error ? undefined : /(\d+\.\d+\.\d+[\w.-]*)/.exec(stdout)?.[1]?.replace(/\.$/, ''));
    });
  });
}

function hookInstalled(workspace: string): Record<HookAgentName, boolean> {
  const entries = HOOK_AGENTS.map((agent) => {
    const target = planHookInstall(agent, workspace, undefined);
    const text = target.ok ? readText(target.plan.file) : undefined;
    const plan = text === undefined ? undefined : planHookInstall(agent, workspace, text);
    return [agent, plan?.ok === true && !plan.plan.changed] as const;
  });
  return Object.fromEntries(entries) as Record<HookAgentName, boolean>;
}

export async function probeAgentFacts(options: ProbeOptions): Promise<AgentFacts> {
  const workspace = real(options.workspace);
  const installed = hookInstalled(workspace);
  const [claudeVersion, codex, gemini, copilot] = await Promise.all([
    cliVersion('claude', options.env),
    codexFacts(workspace, options, installed.codex),
    geminiFacts(workspace, options.env),
    copilotFacts(workspace, options.env),
  ]);
  return {
    workspace,
    hookInstalled: installed,
    claude: { installed: claudeVersion !== undefined, ...(claudeVersion ? { version: claudeVersion } : {}) },
    codex, gemini, copilot,
  };
}

async function codexFacts(workspace: string, options: ProbeOptions, hookInstalled: boolean): Promise<CodexFacts> {
  const version = await cliVersion('codex', options.env);
  if (version === undefined) return { installed: false };
  if (!hookInstalled) return { installed: true, version };
  const listed = await codexHooksList(workspace, options.env, options.codexTimeoutMs ?? 20_000);
  return { installed: true, version, ...(listed ? { listed } : {}) };
}

/** Asks `codex app-server` for this project's hooks and finds the Agent Guard one. */
export function codexHooksList(workspace: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<CodexFacts['listed']> {
  return new Promise((done) => {
    const child = spawn('codex', ['app-server'], { cwd: workspace, env, stdio: ['pipe', 'pipe', 'ignore'] });
    let buffered = '';
    let settled = false;
    const finish = (value: CodexFacts['listed']) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill();
      done(value);
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    child.on('error', () => finish(undefined));
    child.on('close', () => finish(undefined));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        const answer = parseHooksListLine(line, hookCommandLine('codex'));
        if (answer !== 'other') finish(answer);
      }
    });
    const send = (message: object) => child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
    send({ id: 1, method: 'initialize', params: { clientInfo: { name: 'agent-guard', version: '1' } } });
    send({ method: 'initialized' });
    send({ id: 2, method: 'hooks/list', params: { cwds: [workspace] } });
  });
}

/** One line of app-server output: the hooks/list answer (found or not, with Codex's trust status), or 'other'. */
export function parseHooksListLine(line: string, command: string): CodexFacts['listed'] | 'other' {
  let message: unknown;
  try {
    message = JSON.parse(line);
  } catch {
    return 'other';
  }
  if (!isRecord(message) || message.id !== 2) return 'other';
  if (!isRecord(message.result) || !Array.isArray(message.result.data)) return undefined;
  for (const entry of message.result.data) {
    if (!isRecord(entry) || !Array.isArray(entry.hooks)) continue;
    const ours = entry.hooks.find((hook) => isRecord(hook) && hook.command === command && hook.source === 'project');
    if (isRecord(ours)) return { found: true, trustStatus: typeof ours.trustStatus === 'string' ? ours.trustStatus : 'unknown' };
  }
  return { found: false };
}

async function geminiFacts(workspace: string, env: NodeJS.ProcessEnv): Promise<GeminiFacts> {
  const version = await cliVersion('gemini', env);
  const geminiDir = join(home(env), '.gemini');
  const trusted = readJson(join(geminiDir, 'trusted_hooks.json'));
  const seenKeys = isRecord(trusted) && Array.isArray(trusted[workspace]) ? (trusted[workspace] as unknown[]) : [];
  return {
    installed: version !== undefined, ...(version ? { version } : {}),
    folderTrust: geminiFolderTrust(workspace, env, geminiDir),
    hookSeenBefore: seenKeys.includes(`:${hookCommandLine('gemini')}`),
  };
}

function geminiFolderTrust(workspace: string, env: NodeJS.ProcessEnv, geminiDir: string): GeminiFolderTrust {
  if (env.GEMINI_RESTRICTED_MODE === 'true' || env.GEMINI_CLI_TRUST_WORKSPACE === 'false') return 'env-untrusted';
  if (env.GEMINI_CLI_TRUST_WORKSPACE === 'true') return 'env-trusted';
  const settings = readJson(join(geminiDir, 'settings.json'));
  const security = isRecord(settings) && isRecord(settings.security) ? settings.security : undefined;
  if (isRecord(security?.folderTrust) && security.folderTrust.enabled === false) return 'trust-disabled';
  const rules = readJson(env.GEMINI_CLI_TRUSTED_FOLDERS_PATH ?? join(geminiDir, 'trustedFolders.json'));
  if (!isRecord(rules)) return 'no-rule';
  const realRules = Object.fromEntries(Object.entries(rules).map(([p, level]) => [real(p), level]));
  return geminiRuleTrust(realRules, workspace, (p) => real(dirname(p)));
}

async function copilotFacts(workspace: string, env: NodeJS.ProcessEnv): Promise<CopilotFacts> {
  const version = await cliVersion('copilot', env);
  const config = readJson(join(env.COPILOT_HOME ?? join(home(env), '.copilot'), 'config.json'));
  const folders = isRecord(config) && Array.isArray(config.trusted_folders) ? config.trusted_folders : [];
  return {
    installed: version !== undefined, ...(version ? { version } : {}),
    folderTrusted: folders.some((folder) => typeof folder === 'string' && real(folder) === workspace),
    allowAllEnv: env.COPILOT_ALLOW_ALL === 'true',
  };
}
