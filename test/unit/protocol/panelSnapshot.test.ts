import * as assert from 'node:assert/strict';
import { PANEL_PROTOCOL_VERSION, SnapshotParams, UpdateNotification } from '../../../src/protocol/panelMessages';
import {
  agentDtos, anomalyDtos, approvalDtos, buildSections, countersDto, emptyTally, secretDto, tallyRecord,
} from '../../../src/protocol/panelSnapshot';
import { layerStatuses } from '../../../src/protocol/panelLayers';
import { AgentDto } from '../../../src/protocol/panelDtos';
import { RateLimiter } from '../../../src/engine/agents/rateLimit';
import { commandRequest, record, state, writeRequest, XSS } from './panelFixtures';

describe('protocol/panelSnapshot', () => {
  it('a full snapshot built from engine state passes the schema the webview validates with', () => {
    const full = buildSections(state({
      approvals: [commandRequest('a1', 10), writeRequest('a2', 20, 'secret file body')],
      agents: [{ id: 'agent-1', name: XSS, status: 'approved', profile: 'execute', registeredAt: 1 }],
      anomalies: [{ id: 'n1', agent: 'agent-1', rule: 'loop', severity: 'warning', message: 'same command 12 times', evidence: ['npm test'], at: 5, reviewed: false }],
      recent: [record(1), record(2, { target: XSS })],
      vault: { ready: true, secrets: [{ id: 'GITHUB_TOKEN', service: 'github', label: 'CI', created: '2026-01-01', allowedCommands: ['gh *'], allowedAgents: ['*'], status: 'ok' }] },
    }));
    const parsed = SnapshotParams.safeParse({ protocolVersion: PANEL_PROTOCOL_VERSION, extensionVersion: '0.1.0', status: 'active', ...full });
    assert.equal(parsed.success, true, parsed.success ? '' : JSON.stringify(parsed.error.issues.slice(0, 3)));
    // Agent strings stay data: passed through verbatim, never escaped or interpreted here.
    assert.equal(full.agents?.[0]?.name, XSS);
    assert.equal(full.recent?.[0]?.target, XSS);
  });

  it('an update with only some sections is valid and carries nothing else', () => {
    const sections = buildSections(state({ approvals: [commandRequest('a1', 10)] }), ['approvals', 'counters']);
    assert.deepEqual(Object.keys(sections).sort(), ['approvals', 'counters']);
    assert.equal(UpdateNotification.safeParse({ method: 'update', params: sections }).success, true);
  });

  it('approvals: newest first, agent names resolved, rule shown, file content never copied', () => {
    const dtos = approvalDtos([commandRequest('old', 10), writeRequest('new', 30, 'TOP SECRET CONTENT'), commandRequest('mid', 20)],
      [{ id: 'agent-1', name: 'Coder', status: 'approved', profile: 'execute', registeredAt: 0 }]);
    assert.deepEqual(dtos.map((d) => d.id), ['new', 'mid', 'old']);
    assert.equal(dtos[0]?.agentName, 'Coder');
    assert.equal(dtos[0]?.hasDiff, true);
    assert.equal(dtos[0]?.confirmationWord, 'a.ts');
    assert.equal(dtos[0]?.suggestedRule, undefined, 'critical requests cannot be always-allowed');
    assert.equal(dtos[1]?.hasDiff, false);
    assert.equal(dtos[1]?.suggestedRule?.match, 'rm -r build');
    assert.deepEqual(dtos[1]?.rules.map((r) => r.ruleId), ['rm-recursive']);
    assert.ok(!JSON.stringify(dtos).includes('TOP SECRET CONTENT'));
  });

  it('bounds agent-supplied strings instead of rejecting the whole snapshot', () => {
    const [dto] = approvalDtos([commandRequest('a', 1, `echo ${'x'.repeat(10_000)}`)], []);
    assert.ok(dto && dto.target.length <= 4096 && dto.target.endsWith('…'));
    assert.equal(dto?.agentName, 'agent-1', 'falls back to the id when the agent is unknown');
  });

  it('vault DTOs hold metadata only, whatever extra fields the source object has', () => {
    const withValue = { id: 'NPM_TOKEN', service: 'npm', label: 'publish', created: 'now', allowedCommands: [], allowedAgents: [], value: 'npm_abcdef', status: 'ok' as const };
    const dto = secretDto(withValue);
    assert.ok(!JSON.stringify(dto).includes('npm_abcdef'));
    assert.deepEqual(Object.keys(dto).sort(), ['allowedAgents', 'allowedCommands', 'created', 'id', 'label', 'note', 'service', 'status']);
  });

  it('vault: recovered and broken entries say so, and the summary counts them', () => {
    const base = { service: '', label: '', created: 'unknown', allowedCommands: [], allowedAgents: [] };
    const secrets = [{ ...base, id: 'A', status: 'ok' as const }, { ...base, id: 'B', status: 'recovered' as const }, { ...base, id: 'C', status: 'no-value' as const }];
    const out = buildSections(state({ vault: { ready: true, secrets } }), ['vault', 'layers']);
    assert.deepEqual(out.vault?.secrets.map((s) => [s.status, s.note.split(':')[0]]), [['ok', ''], ['recovered', 'recovered'], ['no-value', 'broken']]);
    assert.match(out.vault?.detail ?? '', /3 secret\(s\).*2 need\(s\) attention/);
    assert.deepEqual(out.layers?.find((l) => l.id === 'vault')?.state, 'warning');
    const loading = buildSections(state({ vault: { ready: false, loading: true, secrets: [] } }), ['vault', 'layers']);
    assert.match(loading.vault?.detail ?? '', /Loading/);
    const broken = buildSections(state({ vault: { ready: false, problem: 'The vault index in SecretStorage is unreadable', secrets: [] } }), ['vault', 'layers']);
    assert.match(broken.layers?.find((l) => l.id === 'vault')?.detail ?? '', /unreadable/);
  });

  it('anomalies: unreviewed first, newest first within each group', () => {
    const base = { agent: 'a', rule: 'loop' as const, severity: 'info' as const, message: 'm', evidence: [] };
    const ids = anomalyDtos([
      { ...base, id: 'r-new', at: 9, reviewed: true }, { ...base, id: 'u-old', at: 1, reviewed: false }, { ...base, id: 'u-new', at: 5, reviewed: false },
    ]).map((a) => a.id);
    assert.deepEqual(ids, ['u-new', 'u-old', 'r-new']);
  });

  it('agents: paused flag and rate-limit text', () => {
    const [dto] = agentDtos({ agents: [{ id: 'x', name: 'X', status: 'pending', profile: 'read-only', registeredAt: 0 }], pausedAgents: new Set(['x']), rateLimit: { burst: 20, perSecond: 2, perHour: 2000 } });
    assert.equal(dto?.paused, true);
    assert.equal(dto?.rateLimit, 'burst 20, 2/s, 2000/h');
    assert.equal(dto?.rateState, undefined, 'no live state claimed when none is known');
  });

  it('agents: live rate-limit state from the engine, valid for the webview schema', () => {
    let now = 5_000;
    const limiter = new RateLimiter(() => now, { burst: 2, perSecond: 1, perHour: 10 });
    const agents = [{ id: 'x', name: 'X', status: 'approved' as const, profile: 'execute' as const, registeredAt: 0 }, { id: 'y', name: 'Y', status: 'approved' as const, profile: 'execute' as const, registeredAt: 0 }];
    limiter.take('x'); limiter.take('x');
    const dtos = agentDtos({ agents, pausedAgents: new Set(), rateStateOf: (id) => ({ ...limiter.state(id), at: now }) });
    assert.deepEqual(dtos[0]?.rateState, { tokensLeft: 0, burst: 2, hourlyLeft: 8, perHour: 10, nextTokenAt: 6_000, at: 5_000 });
    assert.deepEqual(dtos[1]?.rateState, { tokensLeft: 2, burst: 2, hourlyLeft: 10, perHour: 10, at: 5_000 });
    for (const dto of dtos) assert.equal(AgentDto.safeParse(dto).success, true);
    now += 1_000;
    assert.equal(agentDtos({ agents, pausedAgents: new Set(), rateStateOf: (id) => ({ ...limiter.state(id), at: now }) })[0]?.rateState?.tokensLeft, 1);
  });

  it('counters: agent operations only; asked means a developer was asked', () => {
    const tally = emptyTally();
    tallyRecord(tally, record(1, { result: 'executed' }));
    tallyRecord(tally, record(2, { result: 'approved', details: { approval: 'approved-once' } }));
    tallyRecord(tally, record(3, { result: 'rejected', details: { approval: 'denied' } }));
    tallyRecord(tally, record(4, { result: 'denied' }));
    tallyRecord(tally, record(5, { result: 'allowed', details: { approval: 'session-grant' } }));
    tallyRecord(tally, record(6, { operation: 'vault.add', result: 'vault' }));
    const counters = countersDto({ tally, approvals: [commandRequest('p', 1)], anomalies: [] });
    assert.deepEqual(counters, { operations: 5, allowed: 3, asked: 2, denied: 2, pending: 1, anomalies: 0 });
  });

  it('layers: audit forwarding shows only when configured, with entries behind and the last error', () => {
    assert.equal(layerStatuses(state({})).some((l) => l.id === 'forwarding'), false);
    const upToDate = layerStatuses(state({ forwarding: { target: 'tcp://siem:514', deliveredSeq: 9, behind: 0, stopped: false } })).find((l) => l.id === 'forwarding');
    assert.equal(upToDate?.state, 'ok');
    assert.match(upToDate?.detail ?? '', /Up to date to tcp:\/\/siem:514/);
    const behind = layerStatuses(state({ forwarding: { target: 'tcp://siem:514', deliveredSeq: 9, behind: 40, lastError: 'connect ECONNREFUSED', stopped: false } })).find((l) => l.id === 'forwarding');
    assert.equal(behind?.state, 'warning');
    assert.match(behind?.detail ?? '', /Forwarding 40 entries behind to tcp:\/\/siem:514.*Last error: connect ECONNREFUSED/);
  });

  it('layers: nothing claims ok before it is known; failures are errors in plain words', () => {
    const unknown = layerStatuses(state({ audit: { state: 'opening', dir: '/a' } }));
    assert.deepEqual(unknown.map((l) => l.state), ['unknown', 'unknown', 'ok', 'unknown']);
    const bad = layerStatuses(state({
      sandbox: { found: false, usable: false, required: true },
      audit: { state: 'unavailable', dir: '/a', reason: 'disk full' },
    }));
    assert.equal(bad[1]?.state, 'error');
    assert.match(bad[1]?.detail ?? '', /Commands are refused/);
    assert.equal(bad[3]?.state, 'error');
    assert.match(bad[3]?.detail ?? '', /disk full/);
    const tampered = layerStatuses(state({ lastVerify: { ok: false, entries: 3, message: 'line 2 was modified' } }));
    assert.equal(tampered[3]?.state, 'error');
    const good = layerStatuses(state({ lastVerify: { ok: true, entries: 3, message: 'ok' }, sandbox: { found: true, usable: true, required: false } }));
    assert.deepEqual([good[1]?.state, good[3]?.state], ['ok', 'ok']);
  });

  it('layers: the audit card counts the entries recorded so far, also after the last verification', () => {
    const open = (seq: number) => ({ state: 'open' as const, dir: '/a', seq });
    assert.match(layerStatuses(state({ audit: open(41) }))[3]?.detail ?? '', /Recording \(42 entries\); chain not verified yet/);
    const verifiedThenMore = layerStatuses(state({ audit: open(41), lastVerify: { ok: true, entries: 40, message: 'ok' } }))[3];
    assert.equal(verifiedThenMore?.state, 'ok');
    assert.match(verifiedThenMore?.detail ?? '', /Recording \(42 entries\); chain verified \(40 entries intact; 2 recorded since\)/);
  });
});
