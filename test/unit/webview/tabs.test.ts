import * as assert from 'node:assert/strict';
import { applyUpdate, neighbourTab } from '../../../src/webview/tabs';
import { PANEL_PROTOCOL_VERSION, type Snapshot } from '../../../src/protocol/panelMessages';
import { buildSections } from '../../../src/protocol/panelSnapshot';
import { commandRequest, state } from '../protocol/panelFixtures';

describe('webview/tabs', () => {
  it('arrow keys, Home and End move through the tab list and wrap around', () => {
    assert.equal(neighbourTab('overview', 'ArrowRight'), 'approvals');
    assert.equal(neighbourTab('policy', 'ArrowRight'), 'overview');
    assert.equal(neighbourTab('overview', 'ArrowLeft'), 'policy');
    assert.equal(neighbourTab('audit', 'Home'), 'overview');
    assert.equal(neighbourTab('agents', 'End'), 'policy');
    assert.equal(neighbourTab('agents', 'a'), undefined);
  });

  it('an update replaces only the sections it carries', () => {
    const snapshot = { protocolVersion: PANEL_PROTOCOL_VERSION, extensionVersion: 'x', status: 'active', ...buildSections(state()) } as Snapshot;
    const approvals = buildSections(state({ approvals: [commandRequest('a1', 1)] }), ['approvals']).approvals!;
    const next = applyUpdate(snapshot, { approvals });
    assert.deepEqual(next.approvals.map((a) => a.id), ['a1']);
    assert.equal(next.layers, snapshot.layers);
    assert.equal(snapshot.approvals.length, 0, 'the previous snapshot is not mutated');
  });
});
