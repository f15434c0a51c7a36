import * as assert from 'node:assert/strict';
import { HostToWebviewMessage, parseWebviewMessage } from '../../../src/protocol/panelMessages';

describe('protocol/panelMessages', () => {
  it('accepts the ready notification and a ping request', () => {
    assert.deepEqual(parseWebviewMessage({ method: 'ready', params: {} }), { ok: true, message: { method: 'ready', params: {} } });
    const ping = { id: 7, method: 'ping', params: { source: 'button' } };
    assert.deepEqual(parseWebviewMessage(ping), { ok: true, message: ping });
  });

  it('rejects unknown methods, extra fields, bad ids and non-objects with a reason', () => {
    const bad: unknown[] = [
      { method: 'runCommand', params: { command: 'rm -rf /' } },
      { method: 'ready', params: {}, extra: true },
      { method: 'ready', params: { sneaky: 1 } },
      { id: -1, method: 'ping', params: { source: 'button' } },
      { id: 1.5, method: 'ping', params: { source: 'button' } },
      { method: 'ping', params: { source: 'button' } },
      'ready',
      null,
    ];
    for (const message of bad) {
      const parsed = parseWebviewMessage(message);
      assert.equal(parsed.ok, false, JSON.stringify(message));
      if (!parsed.ok) assert.ok(parsed.reason.length > 0);
    }
  });

  it('host messages: a snapshot notification, a result reply and an error reply', () => {
    const snapshot = { method: 'snapshot', params: { protocolVersion: 1, extensionVersion: '0.1.0', status: 'active' } };
    assert.equal(HostToWebviewMessage.safeParse(snapshot).success, true);
    assert.equal(HostToWebviewMessage.safeParse({ id: 1, result: { pong: true, count: 1 } }).success, true);
    assert.equal(HostToWebviewMessage.safeParse({ id: 1, error: { message: 'ping failed' } }).success, true);
    assert.equal(HostToWebviewMessage.safeParse({ method: 'snapshot', params: { status: 'active' } }).success, false);
  });
});
