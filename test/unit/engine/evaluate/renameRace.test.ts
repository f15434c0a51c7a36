/**
 * Issue 11 §3, rename races: `mv dir other && echo x > other/link/file`, where dir/link is a symlink
 * out of the workspace, was allowed: each word was resolved against the file system as it is before
 * the line runs, but the rename moves what later words resolve to. A line that moves, renames, links
 * or recursively copies something and later writes under (or enters) one of those names asks.
 */
import assert from 'node:assert/strict';
import type { CommandAnalyzer } from '../../../../src/engine/command/analysis';
import { nodeCommandAnalyzer } from '../../../../src/node/commandAnalyzerLoader';
import { WS, evaluatorFor, fakeFs } from './support';

describe('rename races (issue 11 §3)', () => {
  let analyzer: CommandAnalyzer;
  before(async () => { analyzer = await nodeCommandAnalyzer(); });
  const judge = (command: string) =>
    evaluatorFor(analyzer, [], fakeFs({ [`${WS}/dir/link`]: '/etc/cron.d' })).checkCommand({ command, cwd: WS, workspace: WS });

  const RACES = [
    'mv dir other && echo x > other/link/file',
    'mv dir other; echo x > other/link/file',
    'mv -T dir other && echo x > other/link/file',
    'mv -t other dir && echo x > other/dir/link/file',
    'mv --target-directory=other dir && echo x > other/dir/link/file',
    'rename dir other dir && echo x > other/link/file',
    'git mv dir other && echo x > other/link/file',
    'ln -sfn /etc/cron.d out && echo x > out/job',
    'ln -s /etc/cron.d out; cp payload out/job',
    'ln -s /etc/cron.d/job out && echo x > out',
    'cp -r dir other && echo x > other/link/file',
    'cp -a dir other && tee other/link/file < payload',
    'mv dir other && cd other/link && echo x > file',
    'mv dir other && pushd other && echo x > link/file',
    'mv dir other && cd other && echo x > link/file',
    'mv dir other && touch other/link/file',
    'mv dir other && rm -rf other/link/x',
    // Reads too: the moved or copied symlink reads outside the workspace under its new, unresolvable name.
    'mv dir other && cat other/link/job',
    'cp -r dir other && cat other/link/job',
    'mv -t other dir && head other/dir/link/job',
    'ln -sfn dir/link out && cat out/job',
  ];
  for (const line of RACES) {
    it(`asks: ${line}`, () => {
      const decision = judge(line);
      assert.notEqual(decision.decision, 'allow', decision.reasons.join('; '));
    });
  }

  it('says why, in plain words', () => {
    assert.match(judge('mv dir other && echo x > other/link/file').reasons.join(' '), /moves or links dir, other, then writes under it/);
  });

  const BENIGN = [
    'mv a.txt b.txt',
    'mv build/out.js dist/out.js && echo done > log.txt',
    'ln -s a.js lib/b.js && ls',
    'cp -r src backup',
    'echo x > notes.txt && mv notes.txt docs/notes.txt',
  ];
  for (const line of BENIGN) {
    it(`still allowed: ${line}`, () => {
      assert.equal(judge(line).decision, 'allow', judge(line).reasons.join('; '));
    });
  }
});
