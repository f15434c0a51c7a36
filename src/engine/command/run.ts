/**
 * The mutable state of one `analyze()` call: what was found so far, plus the work counters that keep
 * every call bounded whatever the input (a hostile line cannot make the analyzer loop or recurse forever).
 */
import type { CommandContext, Concern, ConcernKind, Effect, EffectKind, SimpleCommand } from './analysis';

export const LIMITS = {
  /** Longer lines are not parsed at all; agents do not need 16 KiB one-liners. */
  maxLength: 16 * 1024,
  /**
   * Brackets and backquotes open at once, counted on the raw text before parsing: tree-sitter's own
   * parse of 3,000 nested `$(` took up to 3.4 s (issue 11); past this the answer is ask at once.
   */
  maxNesting: 32,
  /** Syntax-tree nesting deeper than this is refused rather than walked. */
  maxTreeDepth: 200,
  /** `bash -c "bash -c '...'"` and eval re-parsing stop at this many levels. */
  maxReparseDepth: 6,
  /** Total syntax nodes visited per line, across all re-parses. */
  maxWorkUnits: 200_000,
  /** Simple commands reported per line. */
  maxCommands: 256,
};

/** Facts about an emitted command that the pipeline and substitution checks need. */
export interface CommandTraits {
  /** Downloads or receives data from the network (curl, wget, nc ...). */
  fetches: boolean;
  /** Decodes an encoded payload (base64 -d, xxd -r, printf '\x..' ...). */
  decodes: boolean;
  /** Runs whatever arrives on standard input as code (`sh`, `bash -s`, `python -` ...). */
  runsStdin: boolean;
}

/** Where a piece of source is being analyzed from. */
export interface Frame {
  context: CommandContext;
  /** Wrappers already peeled off by an enclosing construct (e.g. `sudo bash -c '...'`). */
  wrappers: string[];
  /** How many re-parses (shell strings, eval, here-docs) led here. */
  reparseDepth: number;
}

/** Thrown inside the walk when a bound is hit; the analyzer turns it into a concern. */
export class BoundExceeded extends Error {
  constructor(readonly kind: 'too-long' | 'nested-too-deep', message: string) {
    super(message);
  }
}

export class AnalysisRun {
  readonly commands: SimpleCommand[] = [];
  readonly traits: CommandTraits[] = [];
  readonly effects: Effect[] = [];
  readonly concerns: Concern[] = [];
  workUnits = 0;
  parses = 0;
  private readonly concernKeys = new Set<string>();

  /** Re-parses a string of shell code found inside the line (set by the analyzer; avoids an import cycle). */
  reparse: (source: string, frame: Frame) => void = () => undefined;

  /** Counts one unit of work and aborts the analysis (into a concern) when the budget is spent. */
  tick(): void {
    if (++this.workUnits > LIMITS.maxWorkUnits) throw new BoundExceeded('too-long', 'the line is too complex to analyze completely');
  }

  emit(command: SimpleCommand, traits: CommandTraits): number {
    if (this.commands.length >= LIMITS.maxCommands) throw new BoundExceeded('too-long', `the line runs more than ${LIMITS.maxCommands} commands`);
    this.commands.push(command);
    this.traits.push(traits);
    return this.commands.length - 1;
  }

  /**
   * Directory set by an earlier `cd` in the same shell (`cd .. && rm -rf app` deletes `../app`):
   * '' when none, null when it is only known at run time.
   */
  cwd: string | null = '';

  changeDirectory(target: string | null): void {
    if (target === null) this.cwd = null;
    else if (target.startsWith('/') || target.startsWith('~') || this.cwd === '') this.cwd = target;
    else if (this.cwd !== null) this.cwd = `${this.cwd}/${target}`;
  }

  /** Runs `walk` in a child shell (subshell, pipeline stage, `bash -c`): its `cd` does not leak out. */
  inChildShell(walk: () => void): void {
    const saved = this.cwd;
    try {
      walk();
    } finally {
      this.cwd = saved;
    }
  }

  /**
   * Placeholders filled in at run time: `find ROOT -exec rm {} ;` (the files found under ROOT) and
   * `xargs -I TOKEN` (input lines, unknown: roots null).
   */
  placeholder: { token: string; roots: string[] | null } | undefined;

  /** The top-level line, for checks that need all of it (loop variables never reassigned anywhere). */
  lineText = '';

  /**
   * `for f in a b src/*.ts; do … "$f" …; done`: the static words each loop variable takes. Only set
   * while walking the loop body, and only when nothing in the line can assign the variable otherwise.
   */
  readonly loopValues = new Map<string, readonly string[]>();

  /** `"$f"`, `"${f}"`, `"build/$f.bak"`: a double-quoted path built from loop variables, one per value. */
  private loopTargets(target: string): string[] | undefined {
    const m = /^"([^"$`\\]*)\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))([^"$`\\]*)"$/.exec(target);
    const values = m ? this.loopValues.get((m[2] ?? m[3]) as string) : undefined;
    if (!m || !values) return undefined;
    return values.map((value) => `${m[1] as string}${value}${m[4] as string}`);
  }

  effect(kind: EffectKind, target: string, via: string, commandIndex: number): void {
    const fromLoop = this.loopValues.size > 0 && kind !== 'network' ? this.loopTargets(target) : undefined;
    if (fromLoop) {
      for (const value of fromLoop) this.effect(kind, value, via, commandIndex);
      return;
    }
    // `<(cmd)` / `>(cmd)` is a pipe, not a path; the commands inside are analyzed on their own.
    if (kind !== 'network' && /^[<>]\(/.test(target)) return;
    const placeholder = this.placeholder;
    if (kind !== 'network' && placeholder && target.includes(placeholder.token)) {
      if (placeholder.roots) {
        for (const root of placeholder.roots) this.pushEffect(kind, target.split(placeholder.token).join(root), via, commandIndex);
        return;
      }
      this.concern('dynamic-command', 'ask', `${via} works on paths that xargs fills in from its input`, commandIndex);
    }
    this.pushEffect(kind, target, via, commandIndex);
  }

  private pushEffect(kind: EffectKind, target: string, via: string, commandIndex: number): void {
    this.effects.push({ kind, target: kind === 'network' ? target : this.afterCd(target, commandIndex), via, commandIndex });
  }

  /** A request that sends data or changes state (a body, an upload, a method other than GET/HEAD). */
  sendingRequest(host: string, via: string, commandIndex: number): void {
    this.effects.push({ kind: 'network', target: host, via, commandIndex, sends: true });
  }

  private afterCd(target: string, commandIndex: number): string {
    if (this.cwd === '' || target === '' || target.startsWith('/') || target.startsWith('~')) return target;
    if (this.cwd === null) {
      this.concern('unknown-construct', 'ask', 'a relative path follows a cd to a directory only known at run time', commandIndex);
      return target;
    }
    return target === '.' ? this.cwd : `${this.cwd}/${target}`;
  }

  concern(kind: ConcernKind, severity: 'ask' | 'deny', message: string, commandIndex: number, variable?: string): void {
    const key = `${kind}|${severity}|${message}|${commandIndex}`;
    if (this.concernKeys.has(key)) return;
    this.concernKeys.add(key);
    this.concerns.push(variable === undefined ? { kind, severity, message, commandIndex } : { kind, severity, message, commandIndex, variable });
  }

  /** Commands emitted in [from, to) that have the given trait. */
  anyTrait(from: number, to: number, trait: keyof CommandTraits): SimpleCommand | undefined {
    for (let i = from; i < to; i++) if (this.traits[i]?.[trait]) return this.commands[i];
    return undefined;
  }
}
