// Issue 13 item 1 in the real VS Code: the real agent CLIs (pinned, from `npm run test:agents`'s cache),
// pointed at the scripted model server, call the hook "Install Agent Hooks" writes; the hook asks this
// extension over its bridge, the request waits in the panel's Approvals tab and is answered there with a
// real click. Marker files show what really ran; every case first runs without the hook (control), in a
// sibling folder, to show the command runs at all. The audit entry is read back from the log file.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { HOOK_FORMATS, type HookAgentName } from '../../../src/cli/hook/formats';
import type { AgentGuardTestHooks } from '../../../src/extension/services';
import { auditStateDir } from '../../../src/node/audit/headStore';
import { testHooks } from '../support/extension';
import { openFreshPanel } from '../support/panel';
import {
  agentVersion, checkoutRoot, installHook, loadAgentLibs, makeProject, readAuditLog, type AgentLibs, type AgentRun, type AuditLine, type ModelServer,
} from '../support/realAgents';
import { ui, uiAvailable } from '../support/ui';
import { until, workspace } from '../support/workspace';

const AGENTS: readonly HookAgentName[] = ['claude', 'codex', 'gemini', 'copilot'];
const RUN_TIMEOUT_MS = 90_000;
/**
 * Whether the hook hands an edited command back for the agent to run (Claude Code's and Copilot's
 * `updatedInput`); for Codex and Gemini CLI it denies, naming the approved command (src/cli/hook/formats.ts).
 */
const RUNS_EDITED: Record<HookAgentName, boolean> = { claude: true, copilot: true, codex: false, gemini: false };

interface Case {
  /** What the model asks to run, relative to the project: an ask for Agent Guard (rm -r inside the workspace). */
  command: string;
  /** The folder the command removes (present before each run). */
  victim: string;
  marker: string;
}

const ASK: Case = { command: 'rm -r ask-victim; echo ran >> ask-marker.txt', victim: 'ask-victim', marker: 'ask-marker.txt' };
const EDIT: Case = { command: 'rm -r edit-victim; echo original >> edit-marker.txt', victim: 'edit-victim', marker: 'edit-marker.txt' };
const EDITED_COMMAND = 'echo edited >> edit-marker.txt';

describe('real agent CLIs: an ask answered in the panel, an edited command, the audit entry', function () {
  this.timeout(240_000);
  let libs: AgentLibs;
  let bin: string;
  let hooks: AgentGuardTestHooks;
  let model: ModelServer;
  let shims: string;
  let scratch: string;
  const projects = () => join(workspace(), 'real-agents');

  before(async function () {
    if (!uiAvailable()) this.skip(); // the answer is a click in the panel (no browser under test:electron)
    // Opt-in until it has run green back to back in the real test bed (docs/testing.md).
    if (process.env.AGENT_GUARD_REAL_AGENTS_IT !== '1') this.skip();
    libs = await loadAgentLibs();
    const installed = libs.installedAgentClis();
    // Never a silent skip: scripts/integration.mjs installs the pinned CLIs before the suite starts.
    assert.ok(installed, 'the pinned agent CLIs are not in the test-bed cache (scripts/integration.mjs installs them; so does npm run test:agents)');
    bin = installed;
    hooks = await testHooks();
    for (const agent of AGENTS) {
      hooks.interceptor!.guard.agents.register(HOOK_FORMATS[agent].agentId, HOOK_FORMATS[agent].agentName);
      hooks.interceptor!.guard.agents.approve(HOOK_FORMATS[agent].agentId, 'execute');
    }
    model = await libs.startModelServer();
    shims = libs.makeAgentGuardShim(join(checkoutRoot(), 'dist', 'cli.js'));
    scratch = mkdtempSync(join(tmpdir(), 'ag-it-agents-'));
    await openFreshPanel(hooks.panel);
    await ui.webview.click('#tab-approvals');
  });

  after(async () => {
    await model?.close();
    for (const dir of [shims, scratch, projects()]) if (dir) rmSync(dir, { recursive: true, force: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  /** Runs `agent` once in a fresh project folder (with or without the hook) and a fresh HOME. */
  function runAgent(agent: HookAgentName, project: string, testCase: Case, hook: boolean): Promise<AgentRun> {
    const definition = libs.AGENTS[agent];
    makeProject(project);
    mkdirSync(join(project, testCase.victim));
    if (hook) installHook(agent, project);
    const home = mkdtempSync(join(scratch, `${agent}-home-`));
    definition.setup({ home, workspace: project, modelUrl: model.url, trusted: true });
    model.state.script = { [definition.wire]: definition.command(testCase.command) };
    // The bridge's folder comes from XDG_RUNTIME_DIR; without it, from the pointer file in this window's
    // state folder (under its HOME, publishedBridgeDir.ts). The agent gets a private HOME, so the hook is
    // told where this window's state folder is: it must look where this window serves.
    const extra = {
      ...Object.fromEntries(['XDG_RUNTIME_DIR', 'TMPDIR'].filter((name) => process.env[name]).map((name) => [name, process.env[name]])),
      AGENT_GUARD_STATE_DIR: auditStateDir(process.env),
    };
    const env = libs.agentRunEnv(definition, { bin, shims, home, modelUrl: model.url, extra });
    return libs.runAgentCli(bin, definition, { cwd: project, env, timeoutMs: RUN_TIMEOUT_MS });
  }

  const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : undefined);
  const explain = (run: AgentRun) => `exit ${run.code} after ${run.ms} ms; output:\n${run.output}`;

  /** The control run: without the hook the agent runs the command (else the guarded run proves nothing). */
  async function control(agent: HookAgentName, testCase: Case, expected: string): Promise<void> {
    const project = join(projects(), `${agent}-${testCase.victim}-control`);
    const run = await runAgent(agent, project, testCase, false);
    assert.equal(read(join(project, testCase.marker)), expected, `control: ${explain(run)}`);
    assert.equal(existsSync(join(project, testCase.victim)), false, 'control: the rm ran');
    console.log(`      control (no hook): ran, ${run.ms} ms`);
  }

  /** Starts the guarded run and waits for its request in the approval queue; returns the card's selector. */
  async function guardedUntilAsked(agent: HookAgentName, testCase: Case) {
    const project = join(projects(), `${agent}-${testCase.victim}`);
    const queue = hooks.interceptor!.guard.queue;
    const mine = () => queue.pending().filter((request) => request.agentId === `hook:${agent}`);
    const started = Date.now();
    const run = runAgent(agent, project, testCase, true);
    let finished: AgentRun | undefined;
    void run.then((outcome) => { finished = outcome; });
    await until(() => mine().length > 0 || finished !== undefined, `the ${agent} hook's request in the approval queue`, RUN_TIMEOUT_MS);
    assert.ok(!finished, `the agent ended without asking: ${finished && explain(finished)}`);
    const request = mine()[0]!;
    assert.equal(request.operation.kind === 'command' && request.operation.command, testCase.command);
    const card = `[data-approval-id="${request.id}"]`;
    await ui.webview.waitForText(`${card} .target`, testCase.marker, 10_000);
    return { project, run, card, started, pendingAfter: () => mine().length };
  }

  /** The audit entry of the decision, as the log file holds it. */
  async function auditEntry(agent: HookAgentName, target: string, approval: string): Promise<AuditLine> {
    let found: AuditLine | undefined;
    await until(() => {
      found = readAuditLog(hooks.guard.audit.dir).find((entry) => entry.agent === `hook:${agent}` && entry.target === target && entry.details?.approval === approval);
      return found !== undefined;
    }, `the audit entry of hook:${agent} "${target}" (${approval})`);
    return found!;
  }

  for (const agent of AGENTS) {
    describe(agent, () => {
      it(`${agent}: an ask approved once in the panel runs exactly once, and the log says approved`, async function () {
        console.log(`      ${agentVersion(libs, agent)}`);
        await control(agent, ASK, 'ran\n');
        const guarded = await guardedUntilAsked(agent, ASK);
        assert.equal(read(join(guarded.project, ASK.marker)), undefined, 'nothing runs while the developer decides');
        await ui.webview.click(`${guarded.card} .approve-once`);
        const run = await guarded.run;
        console.log(`      with the hook: asked, approved in the panel, ${Date.now() - guarded.started} ms in all`);
        assert.equal(read(join(guarded.project, ASK.marker)), 'ran\n', `ran exactly once: ${explain(run)}`);
        assert.equal(existsSync(join(guarded.project, ASK.victim)), false);
        assert.equal(guarded.pendingAfter(), 0, 'the agent did not ask again');
        const entry = await auditEntry(agent, ASK.command, 'approved-once');
        assert.deepEqual([entry.operation, entry.result, entry.source], ['command.run', 'approved', 'hook']);
      });

      it(`${agent}: an edited command approved in the panel ${RUNS_EDITED[agent] ? 'runs edited' : 'is denied to the agent with the approved command named'}; the original never runs`, async function () {
        await control(agent, EDIT, 'original\n');
        const guarded = await guardedUntilAsked(agent, EDIT);
        await ui.webview.fill(`${guarded.card} .edit-command`, EDITED_COMMAND);
        await ui.webview.click(`${guarded.card} .edit-approve`);
        const run = await guarded.run;
        assert.equal(read(join(guarded.project, EDIT.marker)), RUNS_EDITED[agent] ? 'edited\n' : undefined, explain(run));
        assert.equal(existsSync(join(guarded.project, EDIT.victim)), true, 'the original command did not run');
        const entry = await auditEntry(agent, EDITED_COMMAND, 'edited');
        assert.deepEqual([entry.operation, entry.result, entry.source], ['command.run', 'approved', 'hook']);
        console.log(`      with the hook: ${RUNS_EDITED[agent] ? 'the edited command ran' : 'denied, naming the approved command; nothing ran'} (${Date.now() - guarded.started} ms)`);
      });
    });
  }
});
