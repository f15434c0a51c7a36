/**
 * Table-driven checks for the analyzer. Each case states exactly which commands run (argv joined by
 * spaces), and optionally their contexts/wrappers, the effects (`kind:target`, exact set) and the
 * concerns (`kind:severity`, exact set; an omitted list means the line must raise none).
 */
import { strict as assert } from 'node:assert';
import { analyze, loadAnalyzer } from './analyzerFixture';

export interface Case {
  line: string;
  /** Every simple command found, in order, as argv joined by single spaces. */
  commands: string[];
  contexts?: string[];
  /** Wrappers per command, joined by '+', in command order. */
  wrappers?: string[];
  /** Exact set of effects as `kind:target`. Unchecked when omitted. */
  effects?: string[];
  /** Effects that must be among the effects (when the full set is not the point of the case). */
  someEffects?: string[];
  /** Exact set of concerns as `kind:severity`; [] when omitted. */
  concerns?: string[];
  /** Assignment names per command, joined by ','. */
  assignments?: string[];
  dynamic?: boolean[];
}

const unique = (items: string[]) => [...new Set(items)].sort();

export function runCases(title: string, cases: readonly Case[]): void {
  describe(title, () => {
    before(loadAnalyzer);
    for (const c of cases) {
      it(JSON.stringify(c.line), () => {
        const result = analyze(c.line);
        const where = `\n${JSON.stringify(result, null, 1)}`;
        assert.deepEqual(result.commands.map((cmd) => cmd.argv.join(' ')), c.commands, `commands${where}`);
        if (c.contexts) assert.deepEqual(result.commands.map((cmd) => cmd.context), c.contexts, `contexts${where}`);
        if (c.wrappers) assert.deepEqual(result.commands.map((cmd) => cmd.wrappers.join('+')), c.wrappers, `wrappers${where}`);
        if (c.assignments) assert.deepEqual(result.commands.map((cmd) => cmd.assignments.map((a) => a.name).join(',')), c.assignments, `assignments${where}`);
        if (c.dynamic) assert.deepEqual(result.commands.map((cmd) => cmd.dynamic), c.dynamic, `dynamic${where}`);
        const effects = unique(result.effects.map((e) => `${e.kind}:${e.target}`));
        if (c.effects) assert.deepEqual(effects, unique(c.effects), `effects${where}`);
        for (const e of c.someEffects ?? []) assert.ok(effects.includes(e), `missing effect ${e}${where}`);
        const concerns = unique(result.concerns.map((k) => `${k.kind}:${k.severity}`));
        assert.deepEqual(concerns, unique(c.concerns ?? []), `concerns${where}`);
        for (const cmd of result.commands) {
          if (cmd.program) assert.equal(cmd.program, cmd.argv[0]?.split('/').pop(), `program of ${cmd.text}`);
        }
      });
    }
  });
}
