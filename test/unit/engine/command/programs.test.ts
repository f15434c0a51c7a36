/**
 * Program knowledge as data (src/engine/command/programs/): every execute, write and run-a-file option
 * of the table, every code-loading environment variable, and the named GTFOBins-class cases, checked
 * through the real analyzer. The table-driven part is generated from the data, so a new entry is
 * tested the moment it is written.
 */
import { strict as assert } from 'node:assert';
import type { CommandAnalysis } from '../../../../src/engine/command/analysis';
import { CODE_LOADING_VARIABLES } from '../../../../src/engine/command/programs/environment';
import { PROGRAMS } from '../../../../src/engine/command/programs/programTable';
import { analyze, loadAnalyzer } from './analyzerFixture';

const asks = (a: CommandAnalysis, kind = 'dynamic-command') => a.concerns.some((c) => c.kind === kind && c.severity !== undefined);
const effects = (a: CommandAnalysis) => a.effects.map((e) => `${e.kind}:${e.target}`);
const show = (a: CommandAnalysis) => JSON.stringify({ concerns: a.concerns, effects: a.effects });

/** `--long=VALUE` for long options, `-x VALUE` otherwise: the two spellings most lines use. */
function withValue(option: string, value: string): string {
  return option.startsWith('--') ? `${option}='${value}'` : `${option} '${value}'`;
}

describe('program knowledge: the table', () => {
  before(loadAnalyzer);

  it('covers at least 150 programs, each with a source', () => {
    const names = Object.keys(PROGRAMS);
    assert.ok(names.length >= 150, `${names.length} programs`);
    for (const name of names) assert.match(PROGRAMS[name]?.source ?? '', /^https:\/\//, `${name} has no source`);
  });

  for (const [program, facts] of Object.entries(PROGRAMS)) {
    for (const option of facts.judgedBy ? [] : facts.exec ?? []) {
      it(`${program} ${option} runs something: ask`, () => {
        const a = analyze(`${program} ${withValue(option, 'sh -c id')} input.txt`);
        assert.ok(asks(a), show(a));
      });
    }
    for (const option of facts.write ?? []) {
      it(`${program} ${option} writes its value`, () => {
        const a = analyze(`${program} ${withValue(option, 'out/written.txt')} input.txt`);
        assert.ok(effects(a).includes('write:out/written.txt'), show(a));
      });
    }
    for (const option of facts.runsFile ?? []) {
      it(`${program} ${option} runs the file it names`, () => {
        const a = analyze(`${program} ${withValue(option, 'lib/code.file')} input.txt`);
        assert.ok(effects(a).includes('execute:lib/code.file'), show(a));
      });
    }
    for (const sub of facts.runnerSubcommands ?? []) {
      it(`${program} ${sub} runs a package binary, judged as the command`, () => {
        const a = analyze(`${program} ${sub} some-bin --flag`);
        assert.deepEqual(a.commands.map((c) => c.program), ['some-bin'], show(a));
      });
    }
    for (const sub of facts.execSubcommands ?? []) {
      it(`${program} ${sub} runs something: ask`, () => {
        const a = analyze(`${program} ${sub} target`);
        assert.ok(asks(a), show(a));
      });
    }
    for (const [sub, subFacts] of Object.entries(facts.subcommands ?? {})) {
      for (const option of subFacts.exec ?? []) {
        it(`${program} ${sub} ${option} runs something: ask`, () => {
          const a = analyze(`${program} ${sub} ${withValue(option, 'sh -c id')} HEAD`);
          assert.ok(asks(a), show(a));
        });
      }
      for (const option of subFacts.write ?? []) {
        it(`${program} ${sub} ${option} writes its value`, () => {
          const a = analyze(`${program} ${sub} ${withValue(option, 'out/written.txt')} HEAD`);
          assert.ok(effects(a).includes('write:out/written.txt'), show(a));
        });
      }
    }
    if (facts.network === 'unknown' || facts.network === 'operand') {
      it(`${program} reaches the network`, () => {
        const a = analyze(`${program} some-target`);
        assert.ok(a.effects.some((e) => e.kind === 'network'), show(a));
      });
    }
  }
});

describe('program knowledge: environment that loads code', () => {
  before(loadAnalyzer);
  const names = CODE_LOADING_VARIABLES.flatMap((g) => [...g.names, ...(g.prefixes ?? []).map((p) => `${p}X`)]);
  const forms = [(n: string) => `${n}=x ls`, (n: string) => `env ${n}=x ls`, (n: string) => `export ${n}=x; ls`,
    (n: string) => `declare -x ${n}=x; ls`, (n: string) => `${n}=x; ls`, (n: string) => `readonly ${n}=x`];
  it('every group names its source', () => {
    for (const group of CODE_LOADING_VARIABLES) assert.match(group.source, /^https:\/\//);
  });
  for (const name of names) {
    it(`${name} set by prefix, env, export, declare, bare assignment or readonly: ask`, () => {
      for (const form of forms) {
        const a = analyze(form(name));
        assert.ok(asks(a, 'env-hijack'), `${form(name)}: ${show(a)}`);
      }
    });
  }
  for (const line of ['CI=true NODE_ENV=test npm test', 'DEBUG=app:* node app.js', 'export FORCE_COLOR=1; npm test']) {
    it(`harmless variables stay quiet: ${line}`, () => assert.ok(!asks(analyze(line), 'env-hijack')));
  }
});

/** Named cases from GTFOBins and the advisories (issue 11, section 2): [line, must ask] */
const NAMED: readonly [string, boolean][] = [
  ["rsync -e 'sh -c id' src/ host:dst", true], ["rsync -ave 'sh -c id' src/ host:dst", true], ['rsync --rsh=evil src/ host:dst', true],
  ["rsync --rsync-path='sh -c id' src/ host:dst", true], ['rsync -av src/ build/src/', false],
  ["ssh -o ProxyCommand='sh -c id' host", true], ['ssh -oProxyCommand=id host', true], ["ssh -o 'LocalCommand id' -o PermitLocalCommand=yes host", true],
  ['ssh -o StrictHostKeyChecking=no host', false], ["scp -S ./evil a host:b", true],
  ["tar -cf x.tar --use-compress-program='sh -c id' .", true], ["tar -xf a.tar --to-command='sh -c id'", true],
  ["tar -cf x.tar --checkpoint=1 --checkpoint-action=exec='sh -c id' .", true], ['tar -cf x.tar -I ./evil .', true],
  ['tar -czf out.tgz src', false], ['tar -xzf a.tgz -C build', false], ['tar --checkpoint-action=dot -cf x.tar src', false],
  ["git -c core.pager='sh -c id' log", true], ["git -c core.sshCommand=evil fetch", true], ["git difftool --extcmd='sh -c id' HEAD", true],
  ["git difftool -x 'sh -c id' HEAD", true], ["git grep --open-files-in-pager='sh -c id' foo", true], ["git grep -O'sh -c id' foo", true],
  ["git rebase --exec 'id' main", true], ['git grep -n foo', false], ['git log --oneline -5', false], ['git cherry-pick -x abc1234', false],
  ['git --exec-path=/tmp/evil status', true],
  ['find . -name x -fprint out.txt', false],
  ["LESSOPEN='|sh -c id %s' less README.md", true], ["less -o'!id' README.md", true], ['less -o log.txt README.md', false],
  ["awk 'BEGIN{system(\"id\")}'", true], ["awk '{print | \"sh\"}' f", true], ["awk '{print > out}' f", true], ["awk '{print $1}' f", false],
  ["sed -n '1e id' f", true], ["sed 's/x/id/e' f", true], ["sed -n 1p f", false],
  ["perl -e 'system(\"id\")'", true], ["python3 -c 'import os; os.system(\"id\")'", true], ["ruby -e '`id`'", true], ['python3 -c "print(1+1)"', false],
  ['ls | xargs rm', true], ['ls | xargs -I{} sh -c {}', true], ['git ls-files | xargs wc -l', false],
  ["timeout 5 rsync -e 'sh -c id' a host:b", true], ["nice -n 5 tar -xf a.tar --to-command=sh", true], ["env tar -xf a.tar --to-command=sh", true],
  ['timeout 5 tar -czf out.tgz src', false],
  ['fd -x rm {} .', true], ['fd -e ts', false], ["rg --pre ./evil.sh pattern", true], ['rg -n pattern src', false],
  ["make --eval='x:;id' x", true], ['make -j4 test', false], ['cmake -P evil.cmake', true], ['cmake -E env sh -c id', true], ['cmake -E copy a b', false],
  ["zip out.zip f -T --unzip-command='sh -c id'", true], ['zip -r out.zip src', false], ["man -P 'sh -c id' ls", true], ['man ls', false],
  ["sort --compress-program=./evil -o out.txt in.txt", true], ['sort -o out.txt in.txt', false], ["wget -e 'use_askpass=./x' https://e.example/", true],
  ["curl -K ./curlrc https://e.example/", true], ["split --filter='sh -c id' big.txt", true], ["strace -o trace.txt ls", true],
  ["kubectl exec -it web -- sh", true], ['kubectl get pods', false], ["docker -H tcp://x exec c sh", true], ['docker ps', false],
  ["vim -c ':py3 import os' f", true], ["gdb -batch -ex 'shell id'", true], ["sqlite3 -cmd '.shell id' db", true],
  ["npm --script-shell=./evil test", true], ['npm test', false], ['gcc -DBAR -Wformat -c x.c -o build/x.o', false], ['gcc -B/tmp/evil x.c', true], ["go test -exec ./evil ./...", true], ['go test ./...', false],
];

describe('program knowledge: named cases', () => {
  before(loadAnalyzer);
  for (const [line, mustAsk] of NAMED) {
    it(`${mustAsk ? 'asks' : 'stays clean'}: ${line}`, () => {
      const a = analyze(line);
      const concerned = a.concerns.length > 0;
      assert.equal(concerned, mustAsk, show(a));
    });
  }
  it('find -execdir / -ok: the inner command is judged like any other', () => {
    assert.ok(effects(analyze('find . -execdir /bin/sh \\;')).includes('execute:/bin/sh'));
    assert.ok(effects(analyze('find src -ok rm {} \\;')).includes('delete:src'));
  });
  it('awk print > "file" and sed w FILE write the file', () => {
    assert.ok(effects(analyze("awk '{print > \"out/a.txt\"}' f")).includes('write:out/a.txt'));
    assert.ok(effects(analyze("sed '1w out/b.txt' f")).includes('write:out/b.txt'));
    assert.ok(effects(analyze("sed -n '/x/w out/c.txt' f")).includes('write:out/c.txt'));
    assert.ok(effects(analyze('zip -r out/d.zip src')).includes('write:out/d.zip'));
  });
});

describe('program knowledge: write-then-run in one line', () => {
  before(loadAnalyzer);
  const cases: readonly [string, boolean][] = [
    ['echo id > run.sh && bash run.sh', true], ['printf "x:\\n\\tid\\n" > Makefile; make', true], ['echo id > tool && ./tool', true],
    ["cat > package.json <<'EOF'\n{}\nEOF\nnpm test", true], ['mv payload node_modules/.bin/tsc && npx tsc', true],
    ["echo 'exec(\"id\")' > jest.config.js && npx jest", true], ['cp evil.py conftest.py && pytest', true], ['echo x > .git/hooks/pre-commit; git commit -m x', true],
    ['echo hi > out.txt && cat out.txt', false], ['npm run build > build.log && node dist/cli.js', false], ['tsc -p . && node dist/x.js', false],
  ];
  for (const [line, mustAsk] of cases) {
    it(`${mustAsk ? 'asks' : 'stays clean'}: ${JSON.stringify(line)}`, () => {
      const a = analyze(line);
      const flagged = a.concerns.some((c) => /writes .* runs or trusts it/.test(c.message));
      assert.equal(flagged, mustAsk, show(a));
    });
  }
});
