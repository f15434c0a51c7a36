/** Policy loading: every problem is reported with file and JSON path; templates are valid. */
import assert from 'node:assert/strict';
import { parsePolicyText, validatePolicy } from '../../../../src/engine/policy/load';
import { TEMPLATES } from '../../../../src/engine/policy/templates';

const FILE = '/ws/.vscode/agent-guard.json';

interface BadCase { name: string; policy: unknown; location: string; message: RegExp }

const BAD: BadCase[] = [
  { name: 'missing version', policy: {}, location: '$.version', message: /expected 1|Invalid input/i },
  { name: 'wrong version', policy: { version: 2 }, location: '$.version', message: /1/ },
  { name: 'unknown top-level key', policy: { version: 1, comands: {} }, location: '$', message: /comands/ },
  { name: 'bad approval mode', policy: { version: 1, approvalMode: 'sometimes' }, location: '$.approvalMode', message: /always|smart|never/ },
  { name: 'bad template', policy: { version: 1, template: 'lax' }, location: '$.template', message: /strict/ },
  { name: 'rule without id', policy: { version: 1, commands: { rules: [{ effect: 'allow', command: 'ls' }] } }, location: '$.commands.rules[0].id', message: /./ },
  { name: 'rule with bad effect', policy: { version: 1, commands: { rules: [{ id: 'a', effect: 'maybe', command: 'ls' }] } }, location: '$.commands.rules[0].effect', message: /allow/ },
  { name: 'rule id with spaces', policy: { version: 1, commands: { rules: [{ id: 'a b', effect: 'allow', command: 'ls' }] } }, location: '$.commands.rules[0].id', message: /letters/ },
  { name: 'duplicate rule ids', policy: { version: 1, commands: { rules: [{ id: 'a', effect: 'allow', command: 'ls' }, { id: 'a', effect: 'deny', command: 'rm' }] } }, location: '$.commands.rules[1].id', message: /duplicate/ },
  { name: 'pattern with shell operator', policy: { version: 1, commands: { rules: [{ id: 'a', effect: 'allow', command: 'ls | sh' }] } }, location: '$.commands.rules[0].command', message: /shell operators/ },
  { name: 'pattern in a list', policy: { version: 1, commands: { rules: [{ id: 'a', effect: 'deny', command: ['rm', '-rf'] }] } }, location: '$.commands.rules[0].command[1]', message: /program name/ },
  { name: 'match example fails', policy: { version: 1, commands: { rules: [{ id: 't', effect: 'allow', command: 'npm run test*', match: ['npm run test:unit', 'npm run build'] }] } }, location: '$.commands.rules[0].match[1]', message: /does not match its example "npm run build"/ },
  { name: 'notMatch example matches', policy: { version: 1, commands: { rules: [{ id: 'g', effect: 'allow', command: 'git log', notMatch: ['git log --oneline'] }] } }, location: '$.commands.rules[0].notMatch[0]', message: /listed under notMatch/ },
  { name: 'allow pattern is anchored', policy: { version: 1, commands: { rules: [{ id: 'g', effect: 'allow', command: 'git log', match: ['git push origin log'] }] } }, location: '$.commands.rules[0].match[0]', message: /does not match/ },
  { name: 'example is not a simple command', policy: { version: 1, commands: { rules: [{ id: 'g', effect: 'deny', command: 'rm', match: ['ls && rm'] }] } }, location: '$.commands.rules[0].match[0]', message: /not a simple command/ },
  { name: 'bad path op', policy: { version: 1, paths: { rules: [{ id: 'p', effect: 'deny', ops: ['rename'], globs: ['x'] }] } }, location: '$.paths.rules[0].ops[0]', message: /read/ },
  { name: 'glob that matches everything', policy: { version: 1, paths: { allowed_paths: ['**'] } }, location: '$.paths.allowed_paths[0]', message: /matches everything/ },
  { name: 'root glob', policy: { version: 1, paths: { rules: [{ id: 'p', effect: 'allow', ops: ['write'], globs: ['src/**', '/**'] }] } }, location: '$.paths.rules[0].globs[1]', message: /matches everything/ },
  { name: 'bare * host', policy: { version: 1, network: { allowedHosts: ['*'] } }, location: '$.network.allowedHosts[0]', message: /too broad/ },
  { name: '*.com host', policy: { version: 1, network: { allowedHosts: ['ok.example.org', '*.com'] } }, location: '$.network.allowedHosts[1]', message: /too broad/ },
  { name: '*.co.uk host', policy: { version: 1, network: { allowedHosts: ['*.co.uk'] } }, location: '$.network.allowedHosts[0]', message: /too broad/ },
  { name: '*.github.io host', policy: { version: 1, network: { allowedHosts: ['*.github.io'] } }, location: '$.network.allowedHosts[0]', message: /too broad/ },
  { name: 'URL instead of host', policy: { version: 1, network: { allowedHosts: ['https://github.com'] } }, location: '$.network.allowedHosts[0]', message: /not a host name/ },
  { name: 'secret name', policy: { version: 1, secrets: [{ name: 'my-token', commands: ['npm publish'] }] }, location: '$.secrets[0].name', message: /environment-variable/ },
  { name: 'sandbox limit type', policy: { version: 1, sandbox: { limits: { memoryMb: 'lots' } } }, location: '$.sandbox.limits.memoryMb', message: /number/ },
  { name: 'rate limit zero', policy: { version: 1, rateLimits: { commands: { burst: 0, perHour: 10 } } }, location: '$.rateLimits.commands.burst', message: />=1|too small/i },
  { name: 'agent profile', policy: { version: 1, agents: { profiles: { bot: 'root' } } }, location: '$.agents.profiles.bot', message: /read-only/ },
  { name: 'notUnderstood allow', policy: { version: 1, commands: { notUnderstood: 'allow' } }, location: '$.commands.notUnderstood', message: /ask|deny/ },
];

describe('policy loading', () => {
  for (const row of BAD) {
    it(`reports ${row.name} at ${row.location}`, () => {
      const result = validatePolicy(row.policy, FILE);
      assert.equal(result.policy, undefined, 'a policy with problems is never returned');
      const problem = result.problems.find((p) => p.location === row.location);
      assert.ok(problem, `no problem at ${row.location}: ${JSON.stringify(result.problems)}`);
      assert.equal(problem.file, FILE);
      assert.match(problem.message, row.message);
    });
  }

  it('reports every problem, not just the first', () => {
    const result = validatePolicy({ version: 1, approvalMode: 'x', network: { allowedHosts: ['*'] }, commands: { rules: [{ id: 'a', effect: 'nope', command: 'ls' }] } }, FILE);
    assert.ok(result.problems.length >= 2);
  });

  it('reports semantic problems together', () => {
    const result = validatePolicy({ version: 1, network: { allowedHosts: ['*', '*.com'] }, paths: { denied_paths: ['**'] } }, FILE);
    assert.deepEqual(result.problems.map((p) => p.location).sort(), ['$.network.allowedHosts[0]', '$.network.allowedHosts[1]', '$.paths.denied_paths[0]']);
  });

  it('gives line and column for JSON syntax errors', () => {
    const result = parsePolicyText('{\n  "version": 1,\n  "approvalMode": smart\n}', FILE);
    assert.equal(result.problems.length, 1);
    assert.match(result.problems[0]?.location ?? '', /^line 3, column \d+$/);
    assert.match(result.problems[0]?.message ?? '', /not valid JSON/);
  });

  it('accepts a full, valid policy with passing examples', () => {
    const result = validatePolicy({
      version: 1, template: 'balanced', approvalMode: 'smart',
      commands: { rules: [
        { id: 'tests', effect: 'allow', command: 'npm run test*', match: ['npm run test', 'npm run test:unit -- --grep x'], notMatch: ['npm run build', 'npm test'] },
        { id: 'no-force', effect: 'deny', command: ['git push --force', 'git push -f'], match: ['git push origin main --force', 'git push -f', 'git -C x push -f origin'], notMatch: ['git push origin main'] },
        { id: 'rmrf', effect: 'ask', command: 'rm -rf', match: ['rm -fr build', 'rm -r -f build', 'rm -rf'], notMatch: ['rm build', 'rm -r build'] },
      ] },
      paths: { allowed_paths: ['/usr/include/**'], denied_paths: ['secrets/**'], rules: [{ id: 'gen', effect: 'ask', ops: ['write'], globs: ['src/generated/**'] }] },
      network: { allowedHosts: ['*.example.com', 'api.internal.test'] },
      secrets: [{ name: 'NPM_TOKEN', commands: ['npm publish'] }],
      sandbox: { required: true, network: 'none', limits: { memoryMb: 512 } },
    }, FILE);
    assert.deepEqual(result.problems, []);
    assert.ok(result.policy);
  });

  for (const [name, template] of Object.entries(TEMPLATES)) {
    it(`the ${name} template is itself a valid policy`, () => {
      assert.deepEqual(validatePolicy(JSON.parse(JSON.stringify(template)), name).problems, []);
    });
  }
});
