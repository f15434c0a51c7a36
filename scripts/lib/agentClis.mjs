// The four agent CLIs the hook is tested with, at pinned versions, installed with npm into the test-bed
// cache (${XDG_CACHE_HOME:-~/.cache}/agent-guard/agent-clis-<versions>), never into the project's
// node_modules; a completion stamp marks a finished install (as code-server and wine's node are cached).
// Each agent's definition says how to point it at the scripted model server offline (facts from the
// packages' own files and runs on this machine; docs/hooks.md) and how its tools are called.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheRoot } from './codeServer.mjs';
import { withDirectoryLock } from './lock.mjs';
import { run } from './proc.mjs';

export const AGENT_CLI_VERSIONS = {
  '@anthropic-ai/claude-code': '2.1.332',
  '@openai/codex': '0.171.0',
  '@google/gemini-cli': '0.61.0',
  '@github/copilot': '1.0.102',
};

const specs = () => Object.entries(AGENT_CLI_VERSIONS).map(([name, version]) => `${name}@${version}`).join(' ');
const cliDir = () => join(cacheRoot(), `agent-clis-${createHash('sha256').update(specs()).digest('hex').slice(0, 12)}`);
const stampFile = () => join(cliDir(), '.agent-guard-complete.json');
const expectedStamp = () => ({ clis: specs(), platform: `${process.platform}-${process.arch}` });

function isInstalled() {
  try {
    return JSON.stringify(JSON.parse(readFileSync(stampFile(), 'utf8'))) === JSON.stringify(expectedStamp());
  } catch {
    return false;
  }
}

/** The folder holding the pinned CLIs' bins when a complete install is there (nothing is installed here). */
export function installedAgentClis() {
  return isInstalled() ? join(cliDir(), 'node_modules', '.bin') : undefined;
}

/** Installs the pinned CLIs unless a complete install is there. Returns the folder holding their bins. */
export async function ensureAgentClis() {
  const bin = join(cliDir(), 'node_modules', '.bin');
  if (isInstalled()) return bin;
  mkdirSync(cacheRoot(), { recursive: true });
  await withDirectoryLock(`${cliDir()}.lock`, async () => {
    if (isInstalled()) return;
    console.log(`Installing ${specs()} into ${cliDir()} (first run only)`);
    rmSync(cliDir(), { recursive: true, force: true });
    mkdirSync(cliDir(), { recursive: true });
    writeFileSync(join(cliDir(), 'package.json'), JSON.stringify({ name: 'agent-guard-agent-clis', private: true }));
    // Exact versions (--save-exact) from the registry; audit/fund off to keep the cold run short.
    await run('npm', ['install', '--no-audit', '--no-fund', '--save-exact', '--loglevel=error', ...specs().split(' ')], { cwd: cliDir() });
    for (const name of ['claude', 'codex', 'gemini', 'copilot']) {
      if (!existsSync(join(bin, name))) throw new Error(`the ${name} CLI was installed but ${join(bin, name)} is missing`);
    }
    writeFileSync(stampFile(), JSON.stringify(expectedStamp()));
  });
  return bin;
}

const PROMPT = 'Do the task.';

/**
 * Per agent: the CLI, its offline setup (env + files in a private HOME), and the tool calls the model
 * makes for "run this command" and "write this file". `home` is a fresh folder per run.
 */
export const AGENTS = {
  claude: {
    cli: 'claude',
    args: () => ['-p', PROMPT, '--output-format', 'json', '--permission-mode', 'acceptEdits', '--allowedTools', 'Bash,Write', '--model', 'claude-sonnet-4-5'],
    env: ({ modelUrl }) => ({ ANTHROPIC_BASE_URL: modelUrl, ANTHROPIC_API_KEY: 'x', CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1' }),
    setup: () => undefined,
    wire: 'anthropic',
    command: (command) => ({ name: 'Bash', input: { command, description: 'scripted command' } }),
    write: (file, content) => ({ name: 'Write', input: { file_path: file, content } }),
    editsCommands: true,
    protectedFile: 'package.json',
  },
  codex: {
    cli: 'codex',
    // Project hooks run only once the hooks were reviewed (trusted) in the TUI; headless, this flag
    // stands in for that review. Without it the installed hook is skipped without a word.
    args: () => ['exec', '--skip-git-repo-check', '--dangerously-bypass-approvals-and-sandbox', '--dangerously-bypass-hook-trust', PROMPT],
    env: ({ home }) => ({ CODEX_HOME: join(home, '.codex'), SCRIPTED_KEY: 'x' }),
    setup: ({ home, workspace, modelUrl, trusted }) => {
      mkdirSync(join(home, '.codex'), { recursive: true });
      writeFileSync(join(home, '.codex', 'config.toml'), [
        'model = "scripted"', 'model_provider = "scripted"',
        '[model_providers.scripted]', 'name = "scripted"', `base_url = "${modelUrl}/v1"`, 'wire_api = "responses"', 'env_key = "SCRIPTED_KEY"',
        ...(trusted ? [`[projects."${workspace}"]`, 'trust_level = "trusted"'] : []), ''].join('\n'));
    },
    wire: 'responses',
    command: (command) => ({ name: 'exec_command', input: { cmd: command } }),
    // Codex 0.171 with a custom provider offers no apply_patch tool ("unsupported custom tool call"), so
    // its file write is the shell's: exec_command with a redirect, which the engine checks as a write.
    write: (file, content) => ({ name: 'exec_command', input: { cmd: `printf '%s' '${content}' > ${file}` } }),
    editsCommands: false,
  },
  gemini: {
    cli: 'gemini',
    args: () => ['-m', 'gemini-2.5-flash', '--yolo', '-p', PROMPT],
    env: ({ modelUrl }) => ({ GOOGLE_GEMINI_BASE_URL: modelUrl, GEMINI_API_KEY: 'x' }),
    setup: ({ home, workspace, trusted }) => {
      mkdirSync(join(home, '.gemini'), { recursive: true });
      writeFileSync(join(home, '.gemini', 'settings.json'), JSON.stringify({ security: { auth: { selectedType: 'gemini-api-key' } } }));
      if (trusted) writeFileSync(join(home, '.gemini', 'trustedFolders.json'), JSON.stringify({ [workspace]: 'TRUST_FOLDER' }));
    },
    wire: 'gemini',
    command: (command) => ({ name: 'run_shell_command', input: { command } }),
    write: (file, content) => ({ name: 'write_file', input: { file_path: file, content } }),
    editsCommands: false,
  },
  copilot: {
    cli: 'copilot',
    args: () => ['-p', PROMPT, '--allow-all-tools'],
    env: ({ modelUrl }) => ({ COPILOT_OFFLINE: 'true', COPILOT_PROVIDER_BASE_URL: modelUrl, COPILOT_PROVIDER_TYPE: 'anthropic', COPILOT_PROVIDER_API_KEY: 'x', COPILOT_MODEL: 'claude-sonnet-4.5' }),
    setup: ({ home, workspace, trusted }) => {
      mkdirSync(join(home, '.copilot'), { recursive: true });
      if (trusted) writeFileSync(join(home, '.copilot', 'config.json'), JSON.stringify({ trusted_folders: [workspace] }));
    },
    wire: 'anthropic',
    command: (command) => ({ name: 'bash', input: { command, description: 'scripted command' } }),
    write: (file, content) => ({ name: 'create', input: { path: file, file_text: content } }),
    editsCommands: false,
  },
};
