/** The lethal-trifecta classes and the decision raise: ask with a plain reason, never looser than policy. */
import assert from 'node:assert/strict';
import type { Decision } from '../../../../src/engine/decision';
import { classifyExposure, describeAge, raiseDecision, taintReason } from '../../../../src/engine/taint/trifecta';
import { NO_EXPOSURE, type Exposure } from '../../../../src/engine/taint/types';

const none = { credentialsRead: [], downloaded: [] };
const label = (p: string) => p.replace('/w/', '');
const exposure = (e: Partial<Exposure>): Exposure => ({ ...NO_EXPOSURE, ...e });
const allow: Decision = { decision: 'allow', risk: 'low', reasons: ['curl: allowed'], matchedRules: [], subcommands: [] };

describe('taint trifecta', () => {
  it('egress plus a credential, now or earlier in the session, is exfiltration', () => {
    assert.deepEqual(classifyExposure(exposure({ egress: ['example.com'], credentials: ['/w/.env'] }), none, label).classes, ['exfiltration']);
    const later = classifyExposure(exposure({ egress: ['example.com'] }), { ...none, credentialsRead: ['/w/.env'] }, label);
    assert.deepEqual(later.classes, ['exfiltration']);
    assert.match(later.clauses[0] ?? '', /sends data to example\.com after reading the credential file \.env/);
    assert.deepEqual(classifyExposure(exposure({ egress: ['example.com'] }), none, label).classes, [], 'egress alone is not a trifecta');
    assert.deepEqual(classifyExposure(exposure({ credentials: ['/w/.env'] }), none, label).classes, [], 'a credential read alone is not either');
  });

  it('agent settings and downloaded code', () => {
    assert.deepEqual(classifyExposure(exposure({ settings: ['/w/.claude/settings.json'] }), none, label).classes, ['agent-settings']);
    assert.deepEqual(classifyExposure(exposure({ egress: ['x.example'], pipesDownloadToShell: true }), none, label).classes, ['downloaded-code']);
    assert.deepEqual(classifyExposure(exposure({ executes: ['/w/x.sh'] }), { ...none, downloaded: ['/w/x.sh'] }, label).classes, ['downloaded-code']);
    assert.deepEqual(classifyExposure(exposure({ executes: ['/w/build.sh'] }), { ...none, downloaded: ['/w/x.sh'] }, label).classes, []);
  });

  it('says who read what, how long ago, and why it asks', () => {
    const classified = classifyExposure(exposure({ egress: ['example.com'], credentials: ['/w/.env'] }), none, label);
    const reason = taintReason([{ kind: 'flagged', label: 'docs/issue-42.md', at: 0 }], classified, 2 * 60_000);
    assert.equal(reason, 'this agent read flagged content (a possible prompt injection) from docs/issue-42.md 2 minutes ago, and it sends data to example.com with the credential file .env: a developer must approve it');
    assert.deepEqual([describeAge(1000), describeAge(40_000), describeAge(60_000), describeAge(3 * 3_600_000)], ['just now', '40 seconds ago', '1 minute ago', '3 hours ago']);
  });

  it('raises allow to ask (high risk) with the taint rule; deny stays deny', () => {
    const raise = { classes: ['exfiltration' as const], sources: [], reason: 'tainted' };
    const raised = raiseDecision(allow, raise);
    assert.deepEqual([raised.decision, raised.risk, raised.reasons], ['ask', 'high', ['tainted']]);
    assert.deepEqual(raised.matchedRules.map((r) => r.ruleId), ['builtin:taint:exfiltration']);
    const denied: Decision = { ...allow, decision: 'deny', reasons: ['no'] };
    assert.equal(raiseDecision(denied, raise), denied);
    const critical: Decision = { ...allow, decision: 'ask', risk: 'critical', reasons: ['policy asks'] };
    const kept = raiseDecision(critical, raise);
    assert.deepEqual([kept.risk, kept.reasons], ['critical', ['tainted', 'policy asks']]);
  });
});
