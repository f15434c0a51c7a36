/**
 * A vault command expands the secret the vault injects into it: that is what the vault is for. The vault
 * hands a value only to a command line its entry allows (and the entry's wildcards never match `$`, so
 * every expansion of the secret in the line was written by whoever set up the entry), and the run's
 * output is redacted. So expanding exactly the injected names is not a secret read; any other
 * credential-named expansion in the same line, or the same line without the injection, still asks.
 */
import { strict as assert } from 'node:assert';
import { loadAnalyzer } from '../command/analyzerFixture';
import { createEvaluator, mergeLayers } from '../../../../src/engine/evaluator';
import type { CommandAnalyzer } from '../../../../src/engine/command/analysis';

const WS = '/home/dev/project';

function evaluatorFor(analyzer: CommandAnalyzer) {
  return createEvaluator({
    policy: mergeLayers([{ source: 'workspace', origin: 't.json', policy: { version: 1, template: 'balanced' }, trusted: true }]),
    analyzer, fs: { caseInsensitive: false, realpath: (p: string) => p }, env: { home: '/home/dev', vars: { HOME: '/home/dev' } },
  });
}

describe('vault commands: the injected secret may be expanded', () => {
  let analyzer: CommandAnalyzer;
  before(async () => { analyzer = await loadAnalyzer(); });
  const decide = (command: string, injectedSecrets?: string[]) =>
    evaluatorFor(analyzer).checkCommand({ command, cwd: WS, workspace: WS, ...(injectedSecrets ? { injectedSecrets } : {}) });

  it('allows expanding the injected name, and only with the injection', () => {
    for (const line of ['echo "deploying with token $DEMO_DEPLOY_TOKEN"', 'echo ${DEMO_DEPLOY_TOKEN}']) {
      assert.equal(decide(line, ['DEMO_DEPLOY_TOKEN']).decision, 'allow', line);
      assert.equal(decide(line).decision, 'ask', `${line} without injection`);
      assert.equal(decide(line, ['OTHER_TOKEN']).decision, 'ask', `${line} injecting another name`);
    }
  });

  it('still asks for any other credential read in the line', () => {
    const injected = ['DEMO_DEPLOY_TOKEN'];
    for (const line of ['echo $DEMO_DEPLOY_TOKEN $GITHUB_TOKEN', 'echo $DEMO_DEPLOY_TOKEN; export -p', 'n=DEMO_DEPLOY_TOKEN; echo ${!n}',
      'echo $DEMO_DEPLOY_TOKEN && jq -n env']) {
      const d = decide(line, injected);
      assert.notEqual(d.decision, 'allow', `${line} -> ${d.decision}`);
    }
  });

  it('waives nothing else: the rest of the line is judged as usual', () => {
    const d = decide('echo $DEMO_DEPLOY_TOKEN > /etc/passwd', ['DEMO_DEPLOY_TOKEN']);
    assert.notEqual(d.decision, 'allow', d.reasons.join('; '));
    const e = decide('rm -rf / ; echo $DEMO_DEPLOY_TOKEN', ['DEMO_DEPLOY_TOKEN']);
    assert.equal(e.decision, 'deny', e.reasons.join('; '));
  });

  it('leaves the cached analysis untouched (a later check without injection still asks)', () => {
    const evaluator = evaluatorFor(analyzer);
    const line = 'echo $DEMO_DEPLOY_TOKEN';
    assert.equal(evaluator.checkCommand({ command: line, cwd: WS, workspace: WS, injectedSecrets: ['DEMO_DEPLOY_TOKEN'] }).decision, 'allow');
    assert.equal(evaluator.checkCommand({ command: line, cwd: WS, workspace: WS }).decision, 'ask');
  });
});
