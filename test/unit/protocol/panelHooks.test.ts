import * as assert from 'node:assert/strict';
import { PANEL_PROTOCOL_VERSION, SnapshotParams, UpdateNotification } from '../../../src/protocol/panelMessages';
import { buildSections, hooksDto } from '../../../src/protocol/panelSnapshot';
import { HooksDto } from '../../../src/protocol/panelDtos';
import { assessHookHealth, type AgentFacts } from '../../../src/engine/hooks/health';
import { state, XSS } from './panelFixtures';

const facts: AgentFacts = {
  workspace: '/repo',
  hookInstalled: { claude: true, codex: false, gemini: false, copilot: true },
  claude: { installed: true, version: '2.1.300' },
  codex: { installed: false },
  gemini: { installed: false, folderTrust: 'no-rule', hookSeenBefore: false },
  copilot: { installed: true, version: '1.0.102', folderTrusted: false, allowAllEnv: false },
};

describe('protocol/panel hooks section', () => {
  it('carries one active and one inactive hook, with the fix, through the snapshot schema', () => {
    const rows = assessHookHealth(facts);
    const full = buildSections(state({ hooks: { checking: false, checkedAt: 5, rows } }));
    const parsed = SnapshotParams.safeParse({ protocolVersion: PANEL_PROTOCOL_VERSION, extensionVersion: '0.1.0', status: 'active', ...full });
    assert.ok(parsed.success, parsed.success ? '' : parsed.error.message);
    const byAgent = Object.fromEntries(parsed.data.hooks.rows.map((row) => [row.agent, row]));
    assert.equal(byAgent.claude?.state, 'active');
    assert.equal(byAgent.copilot?.state, 'inactive');
    assert.equal(byAgent.copilot?.fix, 'cd /repo && copilot   (choose to trust the folder)');
    assert.equal(byAgent.codex?.state, 'not-installed');
  });

  it('an unchecked window sends an empty, valid hooks section (no probe on activation)', () => {
    const sections = buildSections(state({}), ['hooks']);
    assert.deepEqual(sections.hooks, { checking: false, rows: [] });
    assert.ok(UpdateNotification.safeParse({ method: 'update', params: sections }).success);
  });

  it('bounds long text instead of rejecting the section, and keeps it text (no markup interpreted)', () => {
    const [claude] = assessHookHealth(facts);
    const dto = hooksDto({ checking: false, rows: [{ ...claude!, summary: `${XSS}${'x'.repeat(10_000)}`, version: 'v'.repeat(1000) }] });
    assert.ok(HooksDto.safeParse(dto).success);
    assert.ok(dto.rows[0]!.summary.length <= 4096 && dto.rows[0]!.summary.startsWith(XSS));
    assert.ok(dto.rows[0]!.version!.length <= 256);
  });
});
