import * as assert from 'node:assert/strict';
import { mkdtemp, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { auditHeadSecretKey } from '../../../src/extension/guard/auditHeadSecrets';
import type { AuditSessionResult } from '../../../src/extension/guard/auditTestCommands';
import { auditHeadFile, fileHeadStore, parseRecordedHead, verifyAuditPath } from '../../../src/node/audit';
import { testHooks } from '../support/extension';
import { ui, uiAvailable } from '../support/ui';

// Issue 12 item 6 in the real VS Code: the audit log's id, MAC mode and head are kept in SecretStorage
// (and the CLI's state file) and checked whenever a log is opened. A process of the same user can
// rewrite the log AND the state file so that the CLI alone sees nothing wrong; the SecretStorage copy
// still catches it, and the developer is told in an error notification.
const session = (dir: string, entries: number) =>
  vscode.commands.executeCommand<AuditSessionResult>('agentGuard.test.audit.session', dir, entries);

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('audit head kept outside the log (SecretStorage + state file)', function () {
  this.timeout(60_000);
  let root: string;
  let dir: string;
  const logFile = () => join(dir, 'audit-000001.jsonl');

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'ag-it-head-'));
    dir = join(root, 'audit');
  });
  afterEach(async () => {
    const { secrets } = await testHooks();
    await secrets.delete(auditHeadSecretKey(dir));
    await unlink(await auditHeadFile(dir)).catch(() => undefined);
    await rm(root, { recursive: true, force: true });
  });

  it("the window's own audit log records its head in SecretStorage and in the state file", async () => {
    const { guard, secrets } = await testHooks();
    const record = await guard.audit.append({ agent: 'it-audit', operation: 'command.run', target: 'head check', result: 'allowed', source: 'api' });
    const inSecrets = await until(async () => {
      const head = parseRecordedHead((await secrets.get(auditHeadSecretKey(guard.audit.dir))) ?? '');
      return head && head.seq >= record.seq ? head : undefined;
    }, 'the head in SecretStorage');
    assert.equal(inSecrets.mac, 'sha256');
    const inFile = await until(async () => {
      const head = await fileHeadStore(await auditHeadFile(guard.audit.dir)).read();
      return head && head.seq >= record.seq ? head : undefined;
    }, 'the head in the state file');
    assert.equal(inFile.logId, inSecrets.logId);
  });

  it('a tail cut together with a matching state file is refused on open, with an error notification', async () => {
    const first = await session(dir, 4);
    assert.deepEqual(first, { state: 'open', seq: 4 });
    // The attacker: drop the last two entries and make the state file agree with the shorter log.
    const lines = (await readFile(logFile(), 'utf8')).trimEnd().split('\n').slice(0, -2);
    await writeFile(logFile(), `${lines.join('\n')}\n`);
    const last = JSON.parse(lines[lines.length - 1] ?? '{}') as { seq: number; hash: string };
    const stateFile = await auditHeadFile(dir);
    const recorded = JSON.parse(await readFile(stateFile, 'utf8')) as Record<string, unknown>;
    await writeFile(stateFile, JSON.stringify({ ...recorded, seq: last.seq, hash: last.hash }), { mode: 0o600 });
    const fileOnly = await verifyAuditPath(dir, { recordedHead: (await fileHeadStore(stateFile).read())! });
    assert.equal(fileOnly.ok, true, 'the state file alone no longer shows the cut (the attacker rewrote it)');

    if (uiAvailable()) await vscode.commands.executeCommand('notifications.clearAll');
    const reopened = await session(dir, 0);
    assert.equal(reopened.state, 'unavailable');
    assert.match(reopened.reason ?? '', /log ends at seq 2 but the recorded head is seq 4: entries were cut from the end/);
    if (!uiAvailable()) return;
    const toast = await ui.workbench.text('.notification-toast:has-text("audit log is unavailable")', 15_000);
    assert.match(toast, /cut from the end/);
  });

  it('a log replaced wholesale by another valid chain, with the state file deleted, is refused on open', async () => {
    assert.equal((await session(dir, 3)).state, 'open');
    const other = join(root, 'other');
    assert.equal((await session(other, 5)).state, 'open');
    const { secrets } = await testHooks();
    await secrets.delete(auditHeadSecretKey(other));
    // The attacker: the other log (valid on its own) takes this one's place, and the state file goes.
    await rm(dir, { recursive: true });
    await rename(other, dir);
    await unlink(await auditHeadFile(dir));
    await unlink(await auditHeadFile(other)).catch(() => undefined);
    assert.equal((await verifyAuditPath(dir)).ok, true, 'the replacement verifies on its own');
    const reopened = await session(dir, 0);
    assert.equal(reopened.state, 'unavailable');
    assert.match(reopened.reason ?? '', /the whole log was replaced/);
  });
});
