/**
 * Issue 11 §3: files run or trusted later by package managers, builds, CI and tools ask before an
 * agent writes them; protected names match case-insensitively, under Unicode folding and look-alikes;
 * file:// URIs are decoded exactly once.
 */
import assert from 'node:assert/strict';
import type { CommandAnalyzer } from '../../../../src/engine/command/analysis';
import type { PathOp } from '../../../../src/engine/policy/schema';
import { sandboxProtection, ALL_PROTECTED_SETS } from '../../../../src/engine/path/protectedSets';
import { nodeCommandAnalyzer } from '../../../../src/node/commandAnalyzerLoader';
import { WS, evaluatorFor, fakeFs, layer } from '../evaluate/support';

const noAnalyzer: CommandAnalyzer = { analyze: () => { throw new Error('not used'); } };
const decide = (op: PathOp, path: string, layers = [] as ReturnType<typeof layer>[]) =>
  evaluatorFor(noAnalyzer, layers).checkPath({ op, path, cwd: WS, workspace: WS });

/** One file per ecosystem of the issue; each is executed or trusted by a tool later. */
const EXECUTED_LATER = [
  'package.json', 'packages/app/package.json', 'package-lock.json', 'npm-shrinkwrap.json', '.yarnrc.yml', '.yarnrc', 'yarn.lock',
  'pnpm-lock.yaml', 'pnpm-workspace.yaml', '.pnpmfile.cjs', '.pnp.cjs', 'bunfig.toml',
  'setup.py', 'pyproject.toml', 'setup.cfg', 'requirements.txt', 'requirements-dev.txt', 'tox.ini', 'noxfile.py', 'tests/conftest.py',
  '.venv/lib/python3.12/site-packages/evil.pth', 'sitecustomize.py', 'poetry.lock', 'uv.lock',
  'Cargo.toml', 'crates/x/build.rs', '.cargo/config.toml', '.cargo/config', 'rust-toolchain.toml', 'Cargo.lock',
  'go.mod', 'go.sum', 'go.work',
  'pom.xml', 'build.gradle', 'build.gradle.kts', 'settings.gradle', 'settings.gradle.kts', 'gradle/wrapper/gradle-wrapper.properties',
  '.mvn/extensions.xml', '.mvn/wrapper/maven-wrapper.properties', 'gradlew', 'buildSrc/src/main/kotlin/x.kt',
  'Makefile', 'GNUmakefile', 'rules.mk', 'CMakeLists.txt', 'cmake/x.cmake', 'meson.build', 'BUILD.bazel', 'WORKSPACE', 'MODULE.bazel', '.bazelrc', 'defs.bzl',
  '.gitlab-ci.yml', '.circleci/config.yml', 'azure-pipelines.yml', 'Jenkinsfile', '.buildkite/pipeline.yml', '.github/workflows/ci.yml',
  '.envrc', '.devcontainer/devcontainer.json', '.devcontainer.json', '.gitattributes', '.gitmodules', '.pre-commit-config.yaml',
  'Gemfile', 'composer.json', 'Directory.Build.props',
  // Loaded as code by editor extensions (ESLint, Prettier, Stylelint) as soon as a file is opened or saved.
  'eslint.config.js', 'eslint.config.mjs', 'packages/web/eslint.config.ts', '.eslintrc.js', '.eslintrc.cjs',
  'prettier.config.js', 'prettier.config.mjs', '.prettierrc.js', '.prettierrc.cjs', '.prettierrc.mts',
  'stylelint.config.js', '.stylelintrc.cjs',
  // Their data forms name code by path too (Prettier and Stylelint `plugins: ["./x.js"]`, eslintrc `parser`).
  '.eslintrc.json', '.eslintrc', '.eslintrc.yml', '.prettierrc', '.prettierrc.json', '.prettierrc.yaml', '.stylelintrc.json',
];

describe('files executed or trusted later ask before an agent writes them (balanced)', () => {
  for (const file of EXECUTED_LATER) {
    it(`write ${file}: not allowed`, () => {
      const decision = decide('write', file);
      assert.notEqual(decision.decision, 'allow', decision.reasons.join('; '));
    });
  }

  it('says why, and reading them stays allowed', () => {
    const decision = decide('write', 'package.json');
    assert.equal(decision.decision, 'ask');
    assert.match(decision.reasons.join('\n'), /run or trusted later by a package manager, a build, CI or a tool/);
    assert.ok(decision.matchedRules.some((r) => r.ruleId === 'builtin:protected-path:build.executed-later'));
    assert.equal(decide('read', 'package.json').decision, 'allow');
    assert.equal(decide('write', 'src/index.ts').decision, 'allow');
    assert.equal(decide('write', 'docs/requirements.md').decision, 'allow');
    // Files that only share a word with those configs stay ordinary.
    for (const file of ['docs/eslint-rules.md', 'src/eslint.config.test.txt', '.prettierignore', 'src/prettier.ts']) {
      assert.equal(decide('write', file).decision, 'allow', file);
    }
  });

  it('agent instructions of Copilot, Cline, Roo and Kiro ask like CLAUDE.md', () => {
    for (const file of ['.github/prompts/x.prompt.md', '.github/chatmodes/a.chatmode.md', '.clinerules', '.roo/rules/a.md', '.kiro/steering/a.md']) {
      assert.equal(decide('write', file).decision, 'ask', file);
    }
  });

  it('an admin can switch the set off in a trusted layer', () => {
    const off = [layer({ paths: { protected: { buildFiles: false } } }, 'managed')];
    assert.equal(decide('write', 'package.json', off).decision, 'allow');
    assert.notEqual(decide('write', '.github/workflows/ci.yml', off).decision, 'allow', 'other sets stay on');
  });

  it('the sandbox leaves manifests writable (package managers rewrite them) and keeps its other protection', () => {
    const protection = sandboxProtection(ALL_PROTECTED_SETS);
    assert.ok(!protection.globs.includes('**/package.json'));
    assert.ok(protection.globs.includes('**/.vscode/settings.json'));
    assert.ok(protection.placeholders.includes('.vscode/settings.json'));
  });

  it('judges command effects too: a redirect, sed -i, cp and mv onto a manifest', async () => {
    const evaluator = evaluatorFor(await nodeCommandAnalyzer());
    for (const command of ['echo "{}" > package.json', "sed -i 's/a/b/' Makefile", 'cp /tmp/x .envrc', 'mv evil.py conftest.py', 'tee -a .cargo/config.toml < /dev/null']) {
      const decision = evaluator.checkCommand({ command, cwd: WS, workspace: WS });
      assert.notEqual(decision.decision, 'allow', `${command}: ${decision.reasons.join('; ')}`);
    }
    assert.equal(evaluator.checkCommand({ command: 'echo hi > notes.txt', cwd: WS, workspace: WS }).decision, 'allow');
  });
});

describe('protected names match the way the file system resolves them', () => {
  const LOOK_ALIKES: [string, PathOp, string][] = [
    ['upper case', 'write', '.VSCODE/Settings.JSON'],
    ['upper case git hook', 'write', '.GIT/hooks/pre-commit'],
    ['upper case secret', 'read', '.ENV'],
    ['upper case manifest', 'write', 'PACKAGE.JSON'],
    ['Cyrillic а in package', 'write', 'p\u0430ckage.json'],
    ['Cyrillic е in .env', 'read', '.\u0435nv'],
    ['Greek ο in .vscode', 'write', '.vsc\u03bfde/settings.json'],
    ['fullwidth letters', 'write', '.ｖｓｃｏｄｅ/settings.json'],
    ['fullwidth solidus', 'write', '.vscode／settings.json'],
    ['zero-width space', 'write', '.vs\u200bcode/tasks.json'],
    ['zero-width joiner in a hook dir', 'write', '.git/ho\u200doks/pre-push'],
    ['soft hyphen', 'read', 'id_\u00adrsa'],
    ['NFD combining accent', 'write', 'Makefile\u0301'],
    ['BOM prefix', 'write', '\ufeff.envrc'],
  ];
  for (const [what, op, path] of LOOK_ALIKES) {
    it(`${what}: ${op} ${JSON.stringify(path)} is not allowed`, () => {
      const decision = decide(op, path);
      assert.notEqual(decision.decision, 'allow', decision.reasons.join('; '));
    });
  }

  it('ordinary non-ASCII names stay allowed', () => {
    for (const path of ['docs/café.md', 'src/naïve.ts', 'i18n/日本語.json', 'src/Σ.ts']) assert.equal(decide('write', path).decision, 'allow', path);
  });

  it('policy deny rules match case-insensitively and after folding too (tightening only)', () => {
    const denySecrets = [layer({ paths: { denied_paths: ['secrets/**'] } })];
    assert.equal(decide('read', 'SECRETS/db.txt', denySecrets).decision, 'deny');
    assert.equal(decide('read', 's\u0435crets/db.txt', denySecrets).decision, 'deny');
    const allowUpper = [layer({ paths: { rules: [{ id: 'gen', effect: 'allow', ops: ['delete'], globs: ['dist/**'] }] } })];
    assert.equal(decide('delete', 'DIST/x.js', allowUpper).decision, 'ask', 'allow rules do not widen by folding on a case-sensitive volume');
  });

  it('on a case-insensitive volume allow rules match any case (as the file system does)', () => {
    const allow = [layer({ paths: { rules: [{ id: 'gen', effect: 'allow', ops: ['delete'], globs: ['dist/**'] }] } })];
    const decision = evaluatorFor(noAnalyzer, allow, fakeFs({}, true)).checkPath({ op: 'delete', path: 'DIST/x.js', cwd: WS, workspace: WS });
    assert.equal(decision.decision, 'allow');
  });
});

describe('file:// URIs are decoded exactly once, before any check', () => {
  it('a file URI names the file it points to', () => {
    assert.equal(decide('read', `file://${WS}/.env`).decision, 'deny');
    assert.equal(decide('write', `file://${WS}/.vscode/settings.json`).decision, 'deny');
    assert.equal(decide('write', 'file:///etc/cron.d/job').decision, 'deny');
    assert.equal(decide('write', `file://localhost${WS}/src/a.ts`).decision, 'allow');
  });

  it('percent-escapes in a URI are decoded', () => {
    assert.equal(decide('write', `file://${WS}/%2Evscode/settings%2Ejson`).decision, 'deny');
    assert.equal(decide('write', `file://${WS}/src/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd`).decision, 'deny');
    assert.equal(decide('read', `FILE://${WS}/%2eenv`).decision, 'deny');
  });

  it('a double-encoded %252e is decoded once only: it names a file called %2e, not a dot', () => {
    const decision = decide('write', `file://${WS}/src/%252e%252e/%252e%252e/x`);
    assert.equal(decision.decision, 'allow', decision.reasons.join('; '));
    assert.match(decide('write', `file://${WS}/src/%252e%252e/x`).reasons.join(' '), /allowed|%2e%2e/);
  });

  it('a URI that cannot be decoded, or names another host, asks', () => {
    for (const uri of [`file://${WS}/%E0%A4%A`, `file://otherhost${WS}/x`, `file://%00${WS}/x`, `file://${WS}/a%00b`, 'file:src/a.ts']) {
      const decision = decide('write', uri);
      assert.equal(decision.decision, 'ask', uri);
      assert.match(decision.reasons.join(' '), /URI|NUL/, uri);
    }
  });

  it('plain paths keep their percent signs (bash does not decode them)', () => {
    assert.equal(decide('write', 'src/%2e%2e/x').decision, 'allow');
  });
});
