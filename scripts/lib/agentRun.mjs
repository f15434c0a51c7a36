// Running one real agent CLI (scripts/lib/agentClis.mjs) once, as `npm run test:agents` and the
// in-VS-Code agent tests (test/integration/suite/realAgents.test.ts) both do: an `agent-guard` on PATH
// that runs a given build, the environment the agent gets (private HOME, the scripted model server),
// and the run itself with stdin closed (`codex exec` otherwise waits for more input on stdin).
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A new folder holding an `agent-guard` that runs `cliJs` with `node` (what the installed hook entries call). */
export function makeAgentGuardShim(cliJs, node = process.execPath) {
  const dir = mkdtempSync(join(tmpdir(), 'ag-agents-bin-'));
  const shim = join(dir, 'agent-guard');
  // ELECTRON_RUN_AS_NODE: inside VS Code's extension host `node` may be Electron's binary.
  writeFileSync(shim, `#!/bin/sh\nELECTRON_RUN_AS_NODE=1 exec "${node}" "${cliJs}" "$@"\n`);
  chmodSync(shim, 0o755);
  return dir;
}

/**
 * The agent's environment: nothing of the caller's but PATH (shim first, then the CLIs) and what `extra`
 * adds (e.g. XDG_RUNTIME_DIR, which decides which bridge or decider the hook finds).
 */
export function agentRunEnv(agent, { bin, shims, home, modelUrl, extra = {} }) {
  return {
    PATH: `${shims}:${bin}:${process.env.PATH}`, HOME: home, TERM: 'dumb', NO_COLOR: '1',
    ...extra,
    ...agent.env({ home, modelUrl }),
  };
}

/** Runs the agent's CLI once in `cwd`; resolves with its exit code (or signal), output tail and duration. */
export function runAgentCli(bin, agent, { cwd, env, timeoutMs }) {
  const started = Date.now();
  return new Promise((done) => {
    const child = spawn(join(bin, agent.cli), agent.args(), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => { output += `\nspawn failed: ${error.message}`; });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code: code ?? signal, output: output.slice(-3000), ms: Date.now() - started });
    });
  });
}
