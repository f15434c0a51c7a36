import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHookCommand } from '../../../src/cli/hook';
import { FIXTURES, ioFor, scriptedPolicy, startGuardBridge } from './hookHarness';

interface Expected { exitCode: number; stdout: unknown }

const cases = fs.readdirSync(FIXTURES, { withFileTypes: true }).filter((d) => d.isDirectory()).flatMap((dir) =>
  fs.readdirSync(path.join(FIXTURES, dir.name)).filter((f) => f.endsWith('.input.json')).map((f) => ({
    agent: dir.name,
    name: f.replace('.input.json', ''),
    input: fs.readFileSync(path.join(FIXTURES, dir.name, f), 'utf8'),
    expected: JSON.parse(fs.readFileSync(path.join(FIXTURES, dir.name, f.replace('.input.json', '.expected.json')), 'utf8')) as { online: Expected; offline: Expected },
  })));

function assertAnswer(out: { stdout: string }, code: number, expected: Expected): void {
  assert.equal(code, expected.exitCode);
  if (expected.stdout === null) assert.equal(out.stdout, '');
  else assert.deepEqual(JSON.parse(out.stdout), expected.stdout);
}

describe('agent-guard hook on real-format fixtures', function () {
  this.timeout(20_000);
  const hook = createHookCommand({ offlineEvaluator: () => (op) => scriptedPolicy(op) });
  let runtime: string;
  beforeEach(() => { runtime = fs.mkdtempSync(path.join(os.tmpdir(), 'ag-hook-')); });
  afterEach(() => fs.rmSync(runtime, { recursive: true, force: true }));

  it('has fixtures for every agent', () => {
    assert.deepEqual([...new Set(cases.map((c) => c.agent))].sort(), ['claude', 'codex', 'copilot', 'gemini']);
    assert.ok(cases.length >= 20);
  });

  describe('with VS Code running (bridge up, developer approves asks once)', () => {
    let bridge: Awaited<ReturnType<typeof startGuardBridge>>;
    let approvals: number;
    beforeEach(async () => {
      bridge = await startGuardBridge(runtime);
      approvals = 0;
      bridge.guard.queue.onChange((pending) => {
        for (const request of pending) { approvals++; setImmediate(() => bridge.guard.queue.approveOnce(request.id)); }
      });
    });
    afterEach(() => bridge.server.close());
    for (const c of cases) {
      it(`${c.agent}/${c.name}`, async () => {
        const { io, out } = ioFor(c.input, { XDG_RUNTIME_DIR: runtime });
        assertAnswer(out, await hook([c.agent], io), c.expected.online);
        assert.equal(approvals, c.name.includes('ask') ? 1 : 0, 'only ask fixtures wait for the developer');
      });
    }

    // Taint is kept per agent session: each CLI's own session id must reach the guard with the operation.
    it('passes each agent\'s own session id to the guard; Copilot CLI\'s camelCase input names none', async () => {
      const sessionOf = (c: (typeof cases)[number]) => {
        const raw = JSON.parse(c.input) as { session_id?: unknown; sessionId?: unknown };
        return raw.session_id ?? raw.sessionId;
      };
      for (const c of cases.filter((k) => !k.name.includes('deny'))) {
        bridge.audited.length = 0;
        const { io } = ioFor(c.input, { XDG_RUNTIME_DIR: runtime });
        await hook([c.agent], io);
        const seen = bridge.audited.map((e) => e.session);
        if (seen.length === 0) continue; // a tool that is not a command or file (web fetch): nothing asked
        assert.deepEqual([...new Set(seen)], [sessionOf(c)], `${c.agent}/${c.name}`);
      }
      const named = cases.filter((c) => sessionOf(c) !== undefined).map((c) => c.agent);
      assert.deepEqual([...new Set(named)].sort(), ['claude', 'codex', 'copilot', 'gemini'], 'every CLI gives a session id in some shape');
    });
  });

  describe('with VS Code not running (committed policy, ask becomes deny)', () => {
    for (const c of cases) {
      it(`${c.agent}/${c.name}`, async () => {
        const { io, out } = ioFor(c.input, { XDG_RUNTIME_DIR: runtime });
        assertAnswer(out, await hook([c.agent], io), c.expected.offline);
      });
    }
  });
});
