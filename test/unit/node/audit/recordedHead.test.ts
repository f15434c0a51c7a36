import { strict as assert } from 'node:assert';
import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { CliIo } from '../../../../src/cli/io';
import { runCli } from '../../../../src/cli/main';
import { sealRecord, type AuditRecord } from '../../../../src/engine/audit';
import { auditHeadFile, fileHeadStore, openAuditLog } from '../../../../src/node/audit';

/** Real files and the real CLI: the log's id, MAC mode and head live in a user-only state file outside it. */
describe('audit head recorded outside the log', function () {
  this.timeout(20_000);
  let root: string;
  let env: NodeJS.ProcessEnv;
  let dir: string;
  const key = 'k'.repeat(32);

  async function cli(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string }> {
    let out = '';
    const io: CliIo = { stdin: Readable.from(['']), write: (t) => { out += t; }, error: (t) => { out += t; }, env: { ...env, ...extraEnv }, cwd: root };
    return { code: await runCli(args, io), out };
  }
  async function writeLog(entries: number, withKey?: string, into = dir): Promise<void> {
    const headStore = fileHeadStore(await auditHeadFile(into, env));
    let clock = Date.UTC(2026, 0, 1);
    const opened = await openAuditLog(into, { now: () => (clock += 1000), headStore, ...(withKey ? { key: withKey } : {}) });
    for (let i = 0; i < entries; i++) await opened.log.append({ agent: 'claude', operation: 'command.run', target: `t${i}`, result: 'allowed', source: 'api' });
    await opened.close();
  }
  const logFile = () => join(dir, 'audit-000001.jsonl');
  const open = async (withKey?: string) => {
    const opened = await openAuditLog(dir, { now: Date.now, headStore: fileHeadStore(await auditHeadFile(dir, env)), ...(withKey ? { key: withKey } : {}) });
    await opened.close();
  };

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'ag-head-'));
    env = { AGENT_GUARD_STATE_DIR: join(root, 'state') };
    dir = join(root, 'audit');
  });
  afterEach(async () => { await rm(root, { recursive: true, force: true }); });

  it('keeps the head current in a 0600 file in a 0700 directory; an intact log verifies ok against it', async () => {
    await writeLog(4);
    const file = await auditHeadFile(dir, env);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.equal((await stat(join(root, 'state'))).mode & 0o777, 0o700);
    assert.deepEqual(await readdir(join(root, 'state')), [file.split('/').pop()], 'no temp files left');
    const head = JSON.parse(await readFile(file, 'utf8')) as { seq: number; mac: string };
    assert.equal(head.seq, 4);
    assert.equal(head.mac, 'sha256');
    const verified = await cli(['audit', 'verify', dir]);
    assert.equal(verified.code, 0, verified.out);
    await open();
    await writeLog(2);
    assert.equal((JSON.parse(await readFile(file, 'utf8')) as { seq: number }).seq, 6, 'a resumed log keeps recording');
  });

  it('a log created with an HMAC key and rewritten keyless is a downgrade: verify fails without the key, open refuses', async () => {
    await writeLog(3, key);
    let prevHash = '';
    const lines = (await readFile(logFile(), 'utf8')).trimEnd().split('\n').map((line, index) => {
      const { hash: _old, ...record } = JSON.parse(line) as AuditRecord;
      if (index === 0) record.details = { ...record.details, mac: 'sha256' };
      else record.prevHash = prevHash;
      const sealed = sealRecord(record);
      prevHash = sealed.record.hash;
      return sealed.line;
    });
    await writeFile(logFile(), `${lines.join('\n')}\n`);
    const verified = await cli(['audit', 'verify', dir]);
    assert.equal(verified.code, 3, verified.out);
    assert.match(verified.out, /downgraded: the log was created with hmac-sha256 but its anchor now says sha256/);
    await assert.rejects(open(), /created with hmac-sha256 but its anchor now says sha256/);
    await assert.rejects(open(key), /opened with an HMAC key but its anchor says sha256/);
  });

  it('tail truncation fails verify without --head, and open refuses', async () => {
    await writeLog(5);
    const lines = (await readFile(logFile(), 'utf8')).trimEnd().split('\n');
    await writeFile(logFile(), `${lines.slice(0, -2).join('\n')}\n`);
    const verified = await cli(['audit', 'verify', dir]);
    assert.equal(verified.code, 3, verified.out);
    assert.match(verified.out, /log ends at seq 3 but the recorded head is seq 5: entries were cut from the end/);
    await assert.rejects(open(), /cut from the end/);
  });

  it('a whole rewrite (another chain in its place, or the log deleted) fails verify and open', async () => {
    await writeLog(3);
    const other = join(root, 'other');
    await writeLog(6, undefined, other);
    await rm(dir, { recursive: true });
    await cp(other, dir, { recursive: true });
    const replaced = await cli(['audit', 'verify', dir]);
    assert.equal(replaced.code, 3, replaced.out);
    assert.match(replaced.out, /replaced: the log id is .* but the recorded log is/);
    await assert.rejects(open(), /the whole log was replaced/);
    for (const name of await readdir(dir)) if (name.endsWith('.jsonl')) await rm(join(dir, name));
    const deleted = await cli(['audit', 'verify', dir]);
    assert.equal(deleted.code, 3, deleted.out);
    assert.match(deleted.out, /no audit entries found, but a log .* up to seq 3 was recorded here: it was deleted/);
    await assert.rejects(open(), /is gone; if you deleted it on purpose/);
  });

  it('a same-id rewrite with the same length differs at the recorded head', async () => {
    await writeLog(3);
    let prevHash = '';
    const lines = (await readFile(logFile(), 'utf8')).trimEnd().split('\n').map((line, index) => {
      const { hash: _old, ...record } = JSON.parse(line) as AuditRecord;
      if (index > 0) record.prevHash = prevHash;
      if (record.target === 't1') record.target = 'innocent';
      const sealed = sealRecord(record);
      prevHash = sealed.record.hash;
      return sealed.line;
    });
    await writeFile(logFile(), `${lines.join('\n')}\n`);
    const verified = await cli(['audit', 'verify', dir]);
    assert.equal(verified.code, 3, verified.out);
    assert.match(verified.out, /entry seq 3 differs from the recorded head/);
  });

  it('refuses a state file others may write', async () => {
    await writeLog(1);
    const { chmod } = await import('node:fs/promises');
    await chmod(await auditHeadFile(dir, env), 0o666);
    const verified = await cli(['audit', 'verify', dir]);
    assert.equal(verified.code, 3);
    assert.match(verified.out, /writable by other users/);
  });
});
