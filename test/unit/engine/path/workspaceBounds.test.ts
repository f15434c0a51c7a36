/**
 * Issue 11 §3: whoever builds the request (the bridge from VS Code's folders, `check`, the offline
 * hook), the engine refuses a workspace that is `/` or the home folder, and a command that starts
 * outside the workspace: the bridge passes the agent's cwd through, so `"cwd": "/"` reached it as is.
 */
import assert from 'node:assert/strict';
import type { CommandAnalyzer } from '../../../../src/engine/command/analysis';
import { nodeCommandAnalyzer } from '../../../../src/node/commandAnalyzerLoader';
import { ENV, WS, evaluatorFor, fakeFs } from '../evaluate/support';

describe('workspace bounds (issue 11 §3)', () => {
  let analyzer: CommandAnalyzer;
  before(async () => { analyzer = await nodeCommandAnalyzer(); });

  it('a workspace of / or the home folder: every command and path asks, with the reason', () => {
    const evaluator = evaluatorFor(analyzer);
    for (const [workspace, why] of [['/', /root of the file system/], [ENV.home, /home folder/], [`${ENV.home}/`, /home folder/], ['/home/dev/../dev', /home folder/]] as const) {
      for (const command of ['ls', 'echo x > /etc/cron.d/x', 'cp x /usr/local/bin/x']) {
        const decision = evaluator.checkCommand({ command, cwd: '/', workspace });
        assert.notEqual(decision.decision, 'allow', `${workspace}: ${command}`);
        assert.match(decision.reasons.join(' '), why);
      }
      for (const path of ['/usr/local/bin/x', '/etc/cron.d/x', `${ENV.home}/notes.txt`]) {
        assert.notEqual(evaluator.checkPath({ op: 'write', path, cwd: '/', workspace }).decision, 'allow', `${workspace}: ${path}`);
      }
    }
  });

  it('case-insensitive volumes compare the home folder without case', () => {
    const evaluator = evaluatorFor(analyzer, [], fakeFs({}, true));
    assert.equal(evaluator.checkCommand({ command: 'ls', cwd: '/HOME/Dev', workspace: '/HOME/Dev' }).decision, 'ask');
  });

  it('a command starting outside the workspace asks; inside (and a sub-folder) it is judged as before', () => {
    const evaluator = evaluatorFor(analyzer);
    for (const cwd of ['/', '/tmp/evil', '/home/dev/project-other', `${WS}/../other`]) {
      const decision = evaluator.checkCommand({ command: 'make', cwd, workspace: WS });
      assert.equal(decision.decision, 'ask', cwd);
      assert.match(decision.reasons.join(' '), /outside the workspace/);
    }
    assert.equal(evaluator.checkCommand({ command: 'ls', cwd: WS, workspace: WS }).decision, 'allow');
    assert.equal(evaluator.checkCommand({ command: 'ls', cwd: `${WS}/src/deep`, workspace: WS }).decision, 'allow');
  });

  it('a cwd that cannot be determined exactly asks', () => {
    const evaluator = evaluatorFor(analyzer);
    assert.equal(evaluator.checkCommand({ command: 'ls', cwd: '$UNSET/x', workspace: WS }).decision, 'ask');
  });
});
