import { strict as assert } from 'node:assert';
import { strictestHead } from '../../../../src/node/audit';

const head = (logId: string, mac: 'sha256' | 'hmac-sha256', seq: number) => ({ logId, mac, seq, hash: String(seq).padStart(64, '0') });

/** Two copies of the recorded head (SecretStorage first, the state file second): the check can only get stricter. */
describe('strictestHead', () => {
  it('is undefined when no copy holds a record, else the trusted (first) copy', () => {
    assert.equal(strictestHead([undefined, undefined]), undefined);
    assert.deepEqual(strictestHead([undefined, head('a', 'sha256', 3)]), head('a', 'sha256', 3));
  });
  it('takes a later head of the same log from either copy (a lagging copy never loosens the check)', () => {
    assert.deepEqual(strictestHead([head('a', 'sha256', 3), head('a', 'sha256', 9)]), head('a', 'sha256', 9));
    assert.deepEqual(strictestHead([head('a', 'sha256', 9), head('a', 'sha256', 3)]), head('a', 'sha256', 9));
  });
  it('keeps the first copy when the other names another log, and never takes a weaker MAC mode', () => {
    assert.deepEqual(strictestHead([head('a', 'sha256', 3), head('b', 'sha256', 9)]), head('a', 'sha256', 3));
    assert.equal(strictestHead([head('a', 'hmac-sha256', 3), head('a', 'sha256', 9)])?.mac, 'hmac-sha256');
    assert.equal(strictestHead([head('a', 'sha256', 3), head('a', 'hmac-sha256', 2)])?.mac, 'hmac-sha256');
  });
});
