// `npm run test:agents`: the real agent CLIs (Claude Code, Codex, Gemini CLI, Copilot CLI, pinned in
// scripts/lib/agentClis.mjs) drive `agent-guard hook` end to end, offline, against the scripted model
// server of scripts/lib/agentModel.mjs. Each case runs twice in a fresh workspace and HOME: a control
// run without the hook (the command or write must happen, or the case proves nothing), then a run
// with the hook entry "Install Agent Hooks" writes, where marker files show what really ran.
// Without VS Code the hook decides from the committed policy (src/cli/hook/fallback.ts).
// AGENT_GUARD_AGENTS=claude,codex limits the agents, AGENT_GUARD_CASES=allowed the cases (by a word of their
// name); AGENT_GUARD_TRUSTED=0 runs with the folder/project left untrusted and AGENT_GUARD_HEALTH=1 prints
// what `agent-guard hooks status` says before each hook run (checks the status against the real agent); AGENT_GUARD_HOOK_FAULT, AGENT_GUARD_HOOK_SUPERVISED and NODE_OPTIONS are passed to the hook (fault runs).
// After the cases, each agent meets a failing hook (scripts/lib/agentFaults.mjs): crashes with the guard
// and raw, bridge faults with the real hook; AGENT_GUARD_FAULTS=0 skips that, AGENT_GUARD_FAULTS=bridge
// runs the faults whose name has that word.
import { spawnSync as spawnSyncImpl } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AGENTS, AGENT_CLI_VERSIONS, ensureAgentClis } from './lib/agentClis.mjs';
import { FAULTS, makeRawCrashShim } from './lib/agentFaults.mjs';
import { startFaultBridge } from './lib/faultBridge.mjs';
import { startModelServer } from './lib/agentModel.mjs';
import { agentRunEnv, makeAgentGuardShim, runAgentCli } from './lib/agentRun.mjs';
import { run, seconds } from './lib/proc.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RUN_TIMEOUT_MS = 90_000;

/** The cases: what the model asks for, which marker shows it happened, and what the hook must do. */
const CASES = [
  { name: 'denied command does not run', tool: 'command', command: (ws) => `touch ${ws}/ran-denied; git push --force origin main`, marker: 'ran-denied', guarded: 'absent' },
  { name: 'allowed command runs', tool: 'command', command: (ws) => `touch ${ws}/ran-allowed`, marker: 'ran-allowed', guarded: 'present' },
  // Claude Code refuses writes under .husky by itself (no control run possible), .bashrc and .npmrc, so it writes package.json (ask-level for Agent Guard: denied offline).
  { name: 'write to a protected path is refused', tool: 'write', file: (ws, agent) => join(ws, agent.protectedFile ?? '.husky/pre-commit'), marker: (agent) => agent.protectedFile ?? '.husky/pre-commit', guarded: 'absent' },
];

async function main() {
  const started = Date.now();
  const bin = await ensureAgentClis();
  const installMs = Date.now() - started;
  await run('npm', ['run', '--silent', 'build'], { cwd: root, quiet: true });
  const shims = makeAgentGuardShim(join(root, 'dist', 'cli.js'));
  const model = await startModelServer();
  const wanted = (process.env.AGENT_GUARD_AGENTS ?? Object.keys(AGENTS).join(',')).split(',');
  const results = [];
  try {
    for (const name of wanted) {
      if (!AGENTS[name]) throw new Error(`unknown agent ${name}`);
      results.push(await runAgent(name, AGENTS[name], { bin, shims, model }));
    }
  } finally {
    await model.close();
    rmSync(shims, { recursive: true, force: true });
  }
  report(results, installMs, Date.now() - started);
}

async function runAgent(name, agent, context) {
  const version = AGENT_CLI_VERSIONS[Object.keys(AGENT_CLI_VERSIONS).find((pkg) => pkg.includes(name === 'claude' ? 'claude' : name))];
  console.log(`\n--- ${name} (${version}) ---`);
  const started = Date.now();
  const cases = [];
  const only = process.env.AGENT_GUARD_CASES;
  for (const testCase of CASES.filter((c) => !only || only.split(',').some((word) => c.name.includes(word)))) {
    const control = await runCase(agent, testCase, { ...context, hook: false });
    const guarded = await runCase(agent, testCase, { ...context, hook: true });
    const controlOk = control.markerPresent;
    const guardedOk = (testCase.guarded === 'present') === guarded.markerPresent;
    const ok = controlOk && guardedOk;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${testCase.name}: control ${control.markerPresent ? 'ran' : 'DID NOT RUN'} (${seconds(control.ms)}), `
      + `with hook ${guarded.markerPresent ? 'ran' : 'did not run'} (${seconds(guarded.ms)}, exit ${guarded.code})`);
    if (!ok) console.log(indent(`control output:\n${control.output}\nhook run output:\n${guarded.output}`));
    cases.push({ name: testCase.name, ok });
  }
  const faults = process.env.AGENT_GUARD_FAULTS === '0' ? [] : await runFaults(agent, context);
  return { name, version, cases, faults, ms: Date.now() - started };
}

/**
 * Each fault (scripts/lib/agentFaults.mjs) on the allowed command: with the guard the command must not
 * run (a failed case); raw, what the agent does is recorded. The allowed case's control run above
 * shows the command runs without a hook.
 */
async function runFaults(agent, context) {
  const allowed = CASES.find((c) => c.guarded === 'present');
  const only = process.env.AGENT_GUARD_FAULTS;
  const rows = [];
  for (const fault of FAULTS.filter((f) => !only || only === '1' || f.name.includes(only))) {
    const guarded = await runCase(agent, allowed, { ...context, hook: true, faultEnv: fault.guardEnv, bridgeFault: fault.bridge });
    const raw = fault.raw === undefined ? undefined : await runRaw(agent, allowed, fault, context);
    const ok = !guarded.markerPresent;
    const said = (run) => `${run.markerPresent ? 'the command RAN' : 'blocked'} (exit ${run.code}, ${seconds(run.ms)})`;
    console.log(`${ok ? 'ok  ' : 'FAIL'} hook fault, ${fault.name}: with the guard ${said(guarded)}${raw ? `, raw ${said(raw)}` : ''}`);
    if (!ok || process.env.AGENT_GUARD_FAULT_OUTPUT === '1') console.log(indent(`guarded run output:\n${guarded.output}${raw ? `\nraw run output:\n${raw.output}` : ''}`));
    rows.push({ fault: fault.name, ok, guardedRan: guarded.markerPresent, rawRan: raw?.markerPresent });
  }
  return rows;
}

/** The allowed case with `agent-guard` on PATH replaced by a stand-in that crashes as `fault.raw` says. */
async function runRaw(agent, testCase, fault, context) {
  const rawShims = makeRawCrashShim(fault);
  try {
    return await runCase(agent, testCase, { ...context, shims: rawShims, hook: true });
  } finally {
    rmSync(rawShims, { recursive: true, force: true });
  }
}

async function runCase(agent, testCase, { bin, shims, model, hook, faultEnv = {}, bridgeFault }) {
  const base = mkdtempSync(join(tmpdir(), 'ag-agents-'));
  const workspace = join(base, 'ws');
  const home = join(base, 'home');
  mkdirSync(workspace);
  mkdirSync(home);
  // A git repository, as the projects agents work in are: without VS Code the hook counts only a folder
  // with .git or a committed policy as a workspace (src/node/workspaceRoot.ts).
  spawnSyncText('git', ['init', '--quiet', workspace]);
  let bridge;
  try {
    if (bridgeFault) bridge = await startFaultBridge(bridgeFault, join(base, 'run'), workspace);
    if (hook) installHook(agent, workspace);
    agent.setup({ home, workspace, modelUrl: model.url, trusted: process.env.AGENT_GUARD_TRUSTED !== '0' });
    mkdirSync(join(workspace, '.husky')); // the write case's parent folder (some agents refuse to create one)
    const call = testCase.tool === 'command' ? agent.command(testCase.command(workspace)) : agent.write(testCase.file(workspace, agent), 'scripted: {"x": 1}');
    model.state.script = { [agent.wire]: call };
    const env = agentRunEnv(agent, {
      bin, shims, home, modelUrl: model.url,
      extra: {
        XDG_RUNTIME_DIR: join(base, 'run'),
        // The hook's warm decider (docs/hooks.md) serves the case's calls, then exits soon after (the
        // workspace is deleted; the default 10 min idle would leave one process per case behind).
        AGENT_GUARD_DECIDER_IDLE_MS: '5000',
        ...passThrough(['AGENT_GUARD_HOOK_FAULT', 'AGENT_GUARD_HOOK_SUPERVISED', 'NODE_OPTIONS']),
        ...faultEnv,
      },
    });
    if (hook && process.env.AGENT_GUARD_HEALTH === '1') printHealth(agent, workspace, env);
    const outcome = await runAgentCli(bin, agent, { cwd: workspace, env, timeoutMs: RUN_TIMEOUT_MS });
    return { ...outcome, markerPresent: existsSync(join(workspace, typeof testCase.marker === 'function' ? testCase.marker(agent) : testCase.marker)) };
  } finally {
    bridge?.stop();
    rmSync(base, { recursive: true, force: true });
  }
}

/** What `agent-guard hooks status` (this checkout's build, via the shim) says about this agent's hook, here. */
function printHealth(agent, workspace, env) {
  const result = spawnSyncImpl('agent-guard', ['hooks', 'status', '--json', '--workspace', workspace], { cwd: workspace, env, encoding: 'utf8' });
  const row = JSON.parse(result.stdout || '[]').find((r) => r.agent === agent.cli);
  console.log(`     hooks status: ${row ? `${row.state} — ${row.summary}` : `no answer (${result.stderr.trim()})`}`);
}

/** Fault runs: the injected fault, and (to see an agent meet an unguarded crash) the supervisor switched off. */
const passThrough = (names) => Object.fromEntries(names.filter((n) => process.env[n]).map((n) => [n, process.env[n]]));

let hookPlans;
/** Writes the agent's hook entry exactly as "Install Agent Hooks" plans it (src/cli/hook/install.ts). */
function installHook(agent, workspace) {
  hookPlans ??= JSON.parse(spawnSyncText(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'scripts', 'lib', 'agentHookPlans.ts'), '/WORKSPACE']));
  const plan = hookPlans.find((p) => p.agent === agent.cli);
  const file = plan.file.replace('/WORKSPACE', workspace);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, plan.text);
}

function spawnSyncText(command, args) {
  const result = spawnSyncImpl(command, args, { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr}`);
  return result.stdout;
}

const indent = (text) => text.split('\n').map((line) => `      ${line}`).join('\n');

function report(results, installMs, totalMs) {
  console.log('\n=== test:agents summary ===');
  for (const r of results) {
    const passed = r.cases.filter((c) => c.ok).length;
    const blocked = r.faults.filter((f) => f.ok).length;
    const faults = r.faults.length > 0 ? `, hook faults blocked by the guard ${blocked}/${r.faults.length}` : '';
    const ok = passed === r.cases.length && blocked === r.faults.length;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${r.name.padEnd(8)} ${r.version.padEnd(9)} ${passed}/${r.cases.length} cases (each with its control run)${faults}  ${seconds(r.ms).padStart(7)}`);
  }
  const faulted = results.filter((r) => r.faults.length > 0);
  if (faulted.length > 0) {
    console.log('\nhook fault on an allowed command (what the real agent did; raw = a crashing stand-in hook, no Agent Guard code):');
    const names = faulted[0].faults.map((f) => f.fault);
    console.log(`| agent | ${names.join(' | ')} |`);
    console.log(`|---|${names.map(() => '---|').join('')}`);
    const cell = (ran) => (ran ? 'RAN' : 'blocked');
    for (const r of faulted) console.log(`| ${r.name} ${r.version} | ${r.faults.map((f) => `guard: ${cell(f.guardedRan)}${f.rawRan === undefined ? '' : `, raw: ${cell(f.rawRan)}`}`).join(' | ')} |`);
  }
  console.log(`install/cache check ${seconds(installMs)}, total ${seconds(totalMs)}`);
  console.log('Not run here: an ask clicked in the real VS Code panel, the edited command and the audit entry need the extension\'s bridge; '
    + 'test/integration/suite/realAgents.test.ts covers them with these CLIs, but it has not yet run green, so it is skipped unless '
    + 'AGENT_GUARD_REAL_AGENTS_IT=1 is set.');
  if (results.some((r) => [...r.cases, ...r.faults].some((c) => !c.ok))) process.exit(1);
}

await main();
