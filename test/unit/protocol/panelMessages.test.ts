import * as assert from 'node:assert/strict';
import { HostToWebviewMessage, parseHostMessage, parseResult, parseWebviewMessage } from '../../../src/protocol/panelMessages';
import { restoreUiState } from '../../../src/protocol/panelUiState';
import { buildSections } from '../../../src/protocol/panelSnapshot';
import { state } from './panelFixtures';

describe('protocol/panelMessages', () => {
  it('accepts the ready notification and every request the panel sends', () => {
    assert.deepEqual(parseWebviewMessage({ method: 'ready', params: {} }), { ok: true, message: { method: 'ready', params: {} } });
    const requests = [
      { id: 7, method: 'ping', params: { source: 'button' } },
      { id: 8, method: 'approve', params: { id: 'apr-1', scope: 'once' } },
      { id: 9, method: 'approve', params: { id: 'apr-1', scope: 'session', confirmation: 'rm' } },
      { id: 10, method: 'deny', params: { id: 'apr-1', reason: 'not now' } },
      { id: 11, method: 'editApprove', params: { id: 'apr-1', command: 'rm -r build/tmp' } },
      { id: 12, method: 'setPaused', params: { paused: true } },
      { id: 13, method: 'agentAction', params: { id: 'agent-1', action: 'approve', profile: 'read-only' } },
      { id: 14, method: 'markReviewed', params: { id: 'n1' } },
      { id: 15, method: 'vaultAction', params: { action: 'delete', id: 'NPM_TOKEN' } },
      { id: 16, method: 'auditQuery', params: { filter: { since: '15m', result: 'denied' }, page: 0, pageSize: 100 } },
      { id: 17, method: 'auditVerify', params: {} },
      { id: 18, method: 'auditExport', params: { filter: {}, format: 'csv' } },
      { id: 19, method: 'whatIf', params: { kind: 'command', text: 'git push --force' } },
      { id: 20, method: 'clearTaint', params: { id: 'hook:claude', session: 'abc123' } },
      { id: 21, method: 'clearTaint', params: { id: 'taint-a' } },
    ];
    for (const request of requests) assert.deepEqual(parseWebviewMessage(request), { ok: true, message: request }, request.method);
  });

  it('rejects unknown methods, extra fields, bad ids, bad values and non-objects with a reason', () => {
    const bad: unknown[] = [
      { method: 'runCommand', params: { command: 'rm -rf /' } },
      { method: 'ready', params: {}, extra: true },
      { method: 'ready', params: { sneaky: 1 } },
      { id: -1, method: 'ping', params: { source: 'button' } },
      { id: 1.5, method: 'ping', params: { source: 'button' } },
      { method: 'ping', params: { source: 'button' } },
      { id: 1, method: 'approve', params: { id: 'apr-1', scope: 'forever' } },
      { id: 1, method: 'approve', params: { id: '', scope: 'once' } },
      { id: 1, method: 'editApprove', params: { id: 'apr-1', command: '' } },
      { id: 1, method: 'editApprove', params: { id: 'apr-1', command: 'x'.repeat(9000) } },
      { id: 1, method: 'agentAction', params: { id: 'a', action: 'approve', profile: 'root' } },
      { id: 1, method: 'agentAction', params: { id: 'a', action: 'clearTaint' } },
      { id: 1, method: 'clearTaint', params: { id: 'a', session: 'x'.repeat(129) } },
      { id: 1, method: 'clearTaint', params: { id: 'a', session: 's', all: true } },
      { id: 1, method: 'clearTaint', params: { id: '' } },
      { id: 1, method: 'auditQuery', params: { filter: {}, page: 0, pageSize: 100_000 } },
      { id: 1, method: 'vaultAction', params: { action: 'reveal', id: 'NPM_TOKEN' } },
      'ready',
      null,
    ];
    for (const message of bad) {
      const parsed = parseWebviewMessage(message);
      assert.equal(parsed.ok, false, JSON.stringify(message));
      if (!parsed.ok) assert.ok(parsed.reason.length > 0);
    }
  });

  it('host messages: snapshot, partial update, replies; malformed ones are dropped', () => {
    const snapshot = { method: 'snapshot', params: { protocolVersion: 2, extensionVersion: '0.1.0', status: 'active', ...buildSections(state()) } };
    assert.ok(parseHostMessage(snapshot));
    assert.ok(parseHostMessage({ method: 'update', params: { status: 'paused', pause: { paused: true, reason: 'r', since: 1 } } }));
    assert.equal(HostToWebviewMessage.safeParse({ id: 1, result: { pong: true, count: 1 } }).success, true);
    assert.equal(HostToWebviewMessage.safeParse({ id: 1, error: { message: 'ping failed' } }).success, true);
    assert.equal(parseHostMessage({ method: 'snapshot', params: { status: 'active' } }), undefined, 'a partial snapshot is not a snapshot');
    assert.equal(parseHostMessage({ method: 'update', params: { approvals: [{ id: 'x' }] } }), undefined);
    assert.equal(parseHostMessage({ method: 'update', params: { protocolVersion: 2 } }), undefined);
  });

  it('results are validated per method before the webview shows them', () => {
    assert.deepEqual(parseResult('approve', { ok: true, message: 'Approved once.' }), { ok: true, message: 'Approved once.' });
    assert.equal(parseResult('approve', { ok: 'yes' }), undefined);
    assert.equal(parseResult('auditVerify', { ok: true, entries: -1, message: '' }), undefined);
    assert.ok(parseResult('auditQuery', { rows: [], page: 0, pageSize: 100, hasMore: false }));
  });

  it('UI state restores what was saved and falls back part by part on anything else', () => {
    const saved = { tab: 'audit', audit: { filter: { agent: 'agent-1', result: 'denied' }, page: 2, pageSize: 50 }, whatIf: { kind: 'read', text: '~/.ssh/id_rsa' } };
    assert.deepEqual(restoreUiState(saved), saved);
    const broken = restoreUiState({ tab: 'secrets', audit: { filter: { agent: 5 }, page: -1, pageSize: 50 }, whatIf: 'x' });
    assert.equal(broken.tab, 'overview');
    assert.deepEqual(broken.audit, { filter: {}, page: 0, pageSize: 50 });
    assert.deepEqual(broken.whatIf, { kind: 'command', text: '' });
    assert.equal(restoreUiState(undefined).tab, 'overview');
  });
});
