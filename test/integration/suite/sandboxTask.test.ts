import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { SandboxTaskOutcome, SandboxTaskRequest } from '../../../src/extension/sandbox';
import { activateAgentGuard } from '../support/extension';
import { workspace } from '../support/workspace';

// Sandboxed commands run as real VS Code tasks (CustomExecution + Pseudoterminal) under real bubblewrap.
type RunOptions = { cancelAfterMs?: number; secretNames?: string[]; use?: { command: string; agent: string } };
const runTask = (request: Omit<SandboxTaskRequest, 'workspace'>, options: RunOptions = {}) =>
  vscode.commands.executeCommand<SandboxTaskOutcome>('agentGuard.test.sandbox.run', { workspace: workspace(), ...request }, options);

function processesMatching(marker: string): number[] {
  return readdirSync('/proc').filter((e) => /^\d+$/.test(e) && Number(e) !== process.pid).filter((e) => {
    try {
      return readFileSync(`/proc/${e}/cmdline`, 'utf8').split('\0').join(' ').includes(marker);
    } catch {
      return false;
    }
  }).map(Number);
}

describe('sandboxed tasks in a real VS Code', () => {
  before(() => activateAgentGuard());

  it('runs a command as a task and returns exit code, output and timing', async () => {
    const { result, terminalText } = await runTask({ name: 'echo', command: 'echo hello-from-task; exit 4' });
    assert.deepEqual([result.exitCode, result.sandboxed, result.stdout], [4, true, 'hello-from-task\n']);
    assert.ok(result.durationMs > 0);
    assert.match(terminalText, /hello-from-task/);
    assert.match(terminalText, /exit code 4, \d+ ms, in the sandbox/);
  });

  it('runs the same task name twice in a row, and two at once, each to completion', async () => {
    const first = await runTask({ name: 'same-name', command: 'echo one' });
    const second = await runTask({ name: 'same-name', command: 'echo two' });
    const [a, b] = await Promise.all([runTask({ name: 'same-name', command: 'echo three' }), runTask({ name: 'same-name', command: 'echo four' })]);
    assert.deepEqual([first, second, a, b].map((o) => o.result.stdout), ['one\n', 'two\n', 'three\n', 'four\n']);
  });

  it('cannot reach a TCP listener outside the sandbox', async () => {
    let connections = 0;
    const server = createServer((s) => { connections++; s.end(); });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as { port: number }).port;
      const { result } = await runTask({ name: 'net', argv: ['/bin/bash', '-c', `exec 3<>/dev/tcp/127.0.0.1/${port}`] });
      assert.notEqual(result.exitCode, 0);
      assert.equal(connections, 0);
    } finally {
      server.close();
    }
  });

  it('writes the workspace but not outside it, and cannot read the home directory', async () => {
    const homeDir = join(homedir(), `.agent-guard-it-${randomBytes(6).toString('hex')}`);
    mkdirSync(homeDir);
    writeFileSync(join(homeDir, 'credentials'), 'home-content');
    try {
      const { result } = await runTask({ name: 'fs', command:
        `echo ok > made-in-task.txt; (echo x > ${homeDir}/planted) 2>/dev/null && echo PLANTED; cat ${homeDir}/credentials 2>/dev/null; ` +
        '(echo x > /etc/agent-guard-it) 2>/dev/null && echo WROTE-ETC; true' });
      assert.equal(result.stdout, '');
      assert.ok(existsSync(join(workspace(), 'made-in-task.txt')));
      assert.ok(!existsSync(join(homeDir, 'planted')));
    } finally {
      rmSync(homeDir, { recursive: true, force: true });
    }
  });

  it('is killed at its memory, time and process limits', async () => {
    const memory = await runTask({ name: 'mem', command: 'tail /dev/zero', limits: { memoryBytes: 64 * 1024 ** 2, timeoutMs: 20_000 } });
    assert.equal(memory.result.killedBy, 'memory', memory.result.notes.join(' '));
    const time = await runTask({ name: 'time', command: 'sleep 600', limits: { timeoutMs: 500 } });
    assert.equal(time.result.killedBy, 'timeout');
    assert.match(time.terminalText, /stopped \(timeout limit\)/);
    const bomb = await runTask({ name: 'bomb', command: 'b(){ b | b & }; b; sleep 60', limits: { maxProcesses: 32, timeoutMs: 20_000 } });
    assert.equal(bomb.result.killedBy, 'pids', bomb.result.notes.join(' '));
  });

  it('injects a vault secret that works inside and is redacted in captured output and the terminal', async () => {
    const name = `IT_SANDBOX_${randomBytes(3).toString('hex').toUpperCase()}`;
    const value = `canary-${randomBytes(12).toString('hex')}`;
    writeFileSync(join(workspace(), 'expected-secret'), value);
    const command = `test "$${name}" = "$(cat expected-secret)" && echo "got:$${name}" && printf %s "$${name}" | base64`;
    // The wildcard never matches $, && or |, so a command using the variable is allowed by spelling it out.
    await vscode.commands.executeCommand('agentGuard.test.vault.run', 'add', [name, 'test', value, command, 'it-agent']);
    try {
      const { result, terminalText } = await runTask({ name: 'secret', command }, { secretNames: [name], use: { command, agent: 'it-agent' } });
      assert.equal(result.exitCode, 0, 'the secret did not arrive inside intact');
      const b64 = Buffer.from(value).toString('base64').replace(/=+$/, '');
      for (const [where, text] of [['stdout', result.stdout], ['terminal', terminalText]] as const) {
        assert.ok(!text.includes(value) && !text.includes(b64), `the secret leaked into the ${where}`);
        assert.ok(text.includes(`got:[REDACTED:${name}]`), `no redaction marker in the ${where}`);
      }
      const refused = await runTask({ name: 'secret-refused', command: 'env' }, { secretNames: [name], use: { command: 'env', agent: 'it-agent' } });
      assert.match(refused.result.refused ?? '', /not allowed for the command/);
    } finally {
      rmSync(join(workspace(), 'expected-secret'), { force: true });
      await vscode.commands.executeCommand('agentGuard.test.vault.run', 'delete', [name, true]);
    }
  });

  it('cancellation kills the whole process tree', async () => {
    const marker = String(700000 + Math.floor(Math.random() * 99999));
    const { result } = await runTask({ name: 'cancel', command: `sleep ${marker} & (sleep ${marker} &); wait` }, { cancelAfterMs: 800 });
    assert.equal(result.killedBy, 'cancel');
    assert.deepEqual(processesMatching(`sleep ${marker}`), []);
  });
});
