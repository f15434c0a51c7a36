import { strict as assert } from 'node:assert';
import { blockedAddressReason } from '../../../../src/node/sandbox/egress/addresses';
import { compileHostRules } from '../../../../src/node/sandbox/egress/hosts';
import { parseAuthority } from '../../../../src/node/sandbox/egress/proxy';
import { parseSocksRequest } from '../../../../src/node/sandbox/egress/socks';
import { egressAuditEntry } from '../../../../src/node/sandbox/egress/audit';
import { auditEntryInputSchema } from '../../../../src/engine/audit/auditEntry';

describe('node/sandbox/egress rules', () => {
  it('refuses every non-public address, IPv4 forms inside IPv6 included', () => {
    const blocked = ['127.0.0.1', '127.8.9.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1',
      '0.0.0.0', '224.0.0.1', '255.255.255.255', '198.18.0.1', '::1', '::', 'fe80::1', 'fd00::1', 'fc00::1', 'ff02::1', '::ffff:127.0.0.1',
      '::ffff:7f00:1', '::ffff:169.254.169.254', '64:ff9b::a00:1', '2002:c0a8:101::1', '::127.0.0.1', 'not-an-ip'];
    for (const address of blocked) assert.ok(blockedAddressReason(address), `${address} must be refused`);
    for (const address of ['93.184.216.34', '203.0.113.6', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8']) {
      assert.equal(blockedAddressReason(address), undefined, `${address} is public`);
    }
  });

  it('matches exact names and *.suffix (not the suffix itself), denied first, raw IPs only when listed', () => {
    const judge = compileHostRules({ allowedHosts: ['registry.npmjs.org', '*.github.com', '203.0.113.9', '*.com'], deniedHosts: ['gist.github.com'] });
    const table: Array<[string, 'allow' | 'deny']> = [
      ['registry.npmjs.org', 'allow'], ['REGISTRY.npmjs.org.', 'allow'], ['api.github.com', 'allow'], ['github.com', 'deny'],
      ['gist.github.com', 'deny'], ['evilgithub.com', 'deny'], ['example.com', 'deny'], ['203.0.113.9', 'allow'], ['203.0.113.8', 'deny'],
      ['registry.npmjs.org.evil.example', 'deny'], ['bad host', 'deny'], ['', 'deny'],
    ];
    for (const [host, decision] of table) assert.equal(judge(host).decision, decision, host);
  });

  it('parses CONNECT targets, IPv6 in brackets, and rejects malformed ones', () => {
    assert.deepEqual(parseAuthority('Example.COM:443'), { host: 'example.com', port: 443 });
    assert.deepEqual(parseAuthority('[::1]:8443'), { host: '::1', port: 8443 });
    for (const bad of ['example.com', 'example.com:0', 'example.com:70000', ':443', 'a:b:443', '']) assert.equal(parseAuthority(bad), undefined, bad);
  });

  it('audits host, port and verdict as a valid entry: denied, allowed, or failed after an allow', () => {
    const denied = egressAuditEntry({ host: 'evil.example', port: 443, method: 'CONNECT', decision: 'deny', reason: 'not in the allowed hosts' }, 'Agent Guard: a #1');
    assert.deepEqual([denied.operation, denied.target, denied.result, denied.details?.task], ['sandbox.egress', 'evil.example:443', 'denied', 'Agent Guard: a #1']);
    const failed = egressAuditEntry({ host: 'a.example', port: 80, method: 'GET', decision: 'allow', reason: 'allowed by a.example', address: '203.0.113.1', error: 'ECONNREFUSED' });
    assert.equal(failed.result, 'failed');
    assert.equal(egressAuditEntry({ host: 'a.example', port: 80, method: 'GET', decision: 'allow', reason: 'allowed by a.example' }).result, 'allowed');
    for (const entry of [denied, failed]) assert.ok(auditEntryInputSchema.safeParse(entry).success);
  });

  it('parses SOCKS5 CONNECT requests by name, IPv4 and IPv6, waits for partial ones, refuses other commands', () => {
    const name = Buffer.concat([Buffer.from([5, 1, 0, 3, 11]), Buffer.from('Example.COM'), Buffer.from([1, 187])]);
    assert.deepEqual(parseSocksRequest(name), { host: 'example.com', port: 443, length: name.length });
    assert.equal(parseSocksRequest(name.subarray(0, name.length - 1)), undefined);
    assert.deepEqual(parseSocksRequest(Buffer.from([5, 1, 0, 1, 203, 0, 113, 2, 0, 80])), { host: '203.0.113.2', port: 80, length: 10 });
    const v6 = Buffer.concat([Buffer.from([5, 1, 0, 4]), Buffer.from('00000000000000000000000000000001', 'hex'), Buffer.from([0, 22])]);
    assert.equal((parseSocksRequest(v6) as { host: string }).host, '0000:0000:0000:0000:0000:0000:0000:0001');
    assert.deepEqual(parseSocksRequest(Buffer.from([5, 2, 0, 1, 1, 2, 3, 4, 0, 80])), { error: 7 });
    assert.deepEqual(parseSocksRequest(Buffer.from([5, 1, 0, 9, 1, 2, 3, 4, 0, 80])), { error: 8 });
  });
});
