/** Where the audit trail is forwarded, and the policy fingerprint every entry carries (issue 16). */
import { strict as assert } from 'node:assert';
import { policyFingerprint } from '../../../../src/engine/policy/fingerprint';
import { validatePolicy } from '../../../../src/engine/policy/load';
import { mergeLayers, type PolicyLayer } from '../../../../src/engine/policy/merge';
import type { AuditForward, PolicyFile } from '../../../../src/engine/policy/schema';

const collector = (host: string): AuditForward => ({ transport: 'tcp', host, port: 514 });
const layer = (source: PolicyLayer['source'], policy: Omit<PolicyFile, 'version'>, trusted = true): PolicyLayer =>
  ({ source, origin: source, policy: { version: 1, ...policy }, trusted });

describe('policy: audit forwarding and fingerprint', () => {
  it('the managed layer decides where the audit trail goes, then the user; a workspace never does', () => {
    assert.deepEqual(mergeLayers([layer('workspace', { audit: { forward: collector('evil.example') } })]).audit, {});
    const user = mergeLayers([layer('user', { audit: { forward: collector('siem.user') } }), layer('workspace', { audit: { forward: collector('evil.example') } })]);
    assert.deepEqual(user.audit, { forward: collector('siem.user'), forwardFrom: 'user' });
    const managed = mergeLayers([layer('user', { audit: { forward: collector('siem.user') } }), layer('managed', { audit: { forward: collector('siem.corp') } })]);
    assert.deepEqual(managed.audit, { forward: collector('siem.corp'), forwardFrom: 'managed' });
    // A managed file others could write is not the organisation's word.
    assert.deepEqual(mergeLayers([layer('managed', { audit: { forward: collector('siem.corp') } }, false)]).audit, {});
  });

  it('validates the forwarding section', () => {
    assert.equal(validatePolicy({ version: 1, audit: { forward: { transport: 'tls', host: 'siem.corp', port: 6514, caFile: '/etc/ssl/ca.pem' } } }, 'p').problems.length, 0);
    const bad = validatePolicy({ version: 1, audit: { forward: { transport: 'tcp', host: 'siem', port: 70000, certFile: '/c.pem' } } }, 'p').problems.map((p) => `${p.location}: ${p.message}`);
    assert.ok(bad.some((p) => p.startsWith('$.audit.forward.port')), bad.join('\n'));
    assert.ok(bad.some((p) => /certFile and keyFile go together|need transport "tls"/.test(p)), bad.join('\n'));
  });

  it('the fingerprint is stable, ignores where the layers came from, and changes with any rule', () => {
    const a = mergeLayers([layer('workspace', { commands: { rules: [{ id: 't', effect: 'allow', command: 'npm test' }] } })]);
    const sameElsewhere = mergeLayers([{ ...layer('workspace', { commands: { rules: [{ command: 'npm test', effect: 'allow', id: 't' }] } }), origin: '/other/machine/.vscode/agent-guard.json' }]);
    assert.match(policyFingerprint(a), /^sha256:[0-9a-f]{32}$/);
    assert.equal(policyFingerprint(a), policyFingerprint(sameElsewhere));
    const other = mergeLayers([layer('workspace', { commands: { rules: [{ id: 't', effect: 'ask', command: 'npm test' }] } })]);
    assert.notEqual(policyFingerprint(a), policyFingerprint(other));
    assert.notEqual(policyFingerprint(mergeLayers([])), policyFingerprint(mergeLayers([layer('user', { template: 'strict' })])));
  });
});
