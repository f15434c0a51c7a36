/**
 * Walks a tree-sitter-bash syntax tree and hands every simple command to `handleArgv`, keeping track of
 * the construct it sits in and of data flowing into shells (pipes, here-docs, substitutions).
 */
import type { SyntaxNode as Node } from './syntax';
import type { CommandContext } from './analysis';
import { expandBraces } from './braces';
import { handleArgv, SHELLS, type Assignment } from './commands';
import { checkAssignments, checkDeferredCode } from './concerns';
import { checkDeclaration, checkExpansion } from './environmentReads';
import { redirectEffect } from './fileEffects';
import { inlineCodeTraits } from './network';
import { BoundExceeded, LIMITS, type AnalysisRun, type Frame } from './run';
import { resolveWord, type ResolvedWord } from './words';

/** Constructs whose commands run in a child shell (or later, for functions): a `cd` inside stays inside. */
const CHILD_SHELLS = new Set(['subshell', 'command_substitution', 'process_substitution', 'function_definition']);

const CONTEXT_OF: Record<string, CommandContext> = {
  subshell: 'subshell', command_substitution: 'command-substitution', process_substitution: 'process-substitution',
  function_definition: 'function-body', for_statement: 'loop', c_style_for_statement: 'loop', while_statement: 'loop',
  if_statement: 'conditional', case_statement: 'conditional', test_command: 'conditional',
};

interface Range { from: number; to: number }

/** Builtins that set a variable named by a word, and constructs that hide what runs. */
const ASSIGNING = /(^|[^A-Za-z0-9_])(read|mapfile|readarray|printf|declare|typeset|local|export|readonly|getopts|eval|source|let|unset|select|coproc|trap|alias|bash|sh|zsh|dash|ksh)([^A-Za-z0-9_]|$)|\$'|\(\(|(^|[^A-Za-z0-9_])\.\s/;

/** Can anything in the line give `name` a value other than the loop's (an assignment, read, eval …)? */
function mayAssign(line: string, name: string): boolean {
  if (ASSIGNING.test(line)) return true;
  const at = line.indexOf(`${name}=`);
  return at >= 0 || line.includes(`${name}+=`) || line.includes(`${name}[`) || (line.match(new RegExp(`\\bfor\\s+${name}\\b`, 'g'))?.length ?? 0) > 1;
}

/** Most commands run no code words; they share one empty map. */
const NO_CODE_WORDS: ReadonlyMap<number, number> = new Map();

export class TreeWalker {
  constructor(private readonly run: AnalysisRun) {}

  /** `background`: the node is followed by `&`, so it runs in a child shell. */
  walk(node: Node, frame: Frame, depth: number, background = false): void {
    this.run.tick();
    if (depth > LIMITS.maxTreeDepth) throw new BoundExceeded('nested-too-deep', 'the line is nested too deeply to analyze');
    const type = node.type;
    const inner = CONTEXT_OF[type];
    const here = inner ? { ...frame, context: inner } : frame;
    if (CHILD_SHELLS.has(type) || background) {
      this.run.inChildShell(() => this.dispatch(node, here, depth));
    } else {
      this.dispatch(node, here, depth);
    }
  }

  private dispatch(node: Node, here: Frame, depth: number): void {
    switch (node.type) {
      case 'command': this.command(node, here, depth, []); return;
      case 'pipeline': this.stages(node.namedChildren, here, depth, ''); return;
      case 'redirected_statement': this.redirected(node, here, depth); return;
      case 'variable_assignment': this.bareAssignment(node, here, depth); return;
      case 'for_statement': this.forLoop(node, here, depth); return;
      case 'comment': return;
      // A redirection not attached to a simple command (`$(> file)`, `f() { ...; } > file`): bash still opens the file.
      case 'file_redirect': this.redirect(node, here, depth, -1); return;
      case 'simple_expansion': case 'expansion': checkExpansion(this.run, node); break;
      case 'declaration_command': checkDeclaration(this.run, node); break;
      default: break;
    }
    this.walkChildren(node, here, depth);
  }

  private walkChildren(node: Node, here: Frame, depth: number): void {
    const children = node.children;
    for (let i = 0; i < children.length; i++) {
      const child = children[i] as Node;
      if (!child.isNamed) continue;
      const background = children[i + 1]?.type === '&';
      const context = background && here.context === 'top' ? { ...here, context: 'background' as const } : here;
      this.walk(child, context, depth + 1, background);
    }
  }

  /**
   * `for NAME in WORDS; do BODY; done`: while the body is walked, `"$NAME"` in a path stands for each
   * static word (see AnalysisRun.loopValues). Anything that could give NAME another value keeps it unknown.
   */
  private forLoop(node: Node, frame: Frame, depth: number): void {
    const name = node.childForFieldName('variable')?.text ?? '';
    const values = node.childrenForFieldName('value').map(resolveWord);
    const bindable = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && values.length > 0 && frame.reparseDepth === 0 &&
      !this.run.loopValues.has(name) && values.every((w) => !w.dynamic && !w.brace && !/^[-*?[]/.test(w.value)) && !mayAssign(this.run.lineText, name);
    if (!bindable) {
      this.dispatchChildren(node, frame, depth);
      return;
    }
    this.run.loopValues.set(name, values.map((w) => w.value));
    try {
      this.dispatchChildren(node, frame, depth);
    } finally {
      this.run.loopValues.delete(name);
    }
  }

  private dispatchChildren(node: Node, here: Frame, depth: number): void {
    for (const child of node.namedChildren) this.walk(child, here, depth + 1);
  }

  /** `NAME=value` on its own or after export/declare/local/readonly. */
  private bareAssignment(node: Node, frame: Frame, depth: number): void {
    const name = node.childForFieldName('name')?.text ?? '';
    checkAssignments(this.run, [{ name, value: '', dynamic: false }], -1);
    const valueNode = node.childForFieldName('value');
    const values = valueNode?.type === 'array' ? valueNode.namedChildren : valueNode ? [valueNode] : [];
    for (const value of values) {
      const word = resolveWord(value);
      if (!word.dynamic) checkDeferredCode(this.run, name, word.value, -1);
    }
    for (const child of node.namedChildren) this.walk(child, frame, depth + 1);
  }

  private assignments(node: Node): Assignment[] {
    return node.namedChildren.filter((c) => c.type === 'variable_assignment').map((c) => {
      const valueNode = c.childForFieldName('value');
      const value = valueNode ? resolveWord(valueNode) : undefined;
      return { name: c.childForFieldName('name')?.text ?? '', value: value?.value ?? '', dynamic: value?.dynamic ?? false };
    });
  }

  /** One simple command; `extraRedirects` come from an enclosing redirected_statement. Returns its range. */
  private command(node: Node, frame: Frame, depth: number, extraRedirects: Node[]): Range {
    const from = this.run.commands.length;
    const nameNode = node.childForFieldName('name');
    // `$"text"` (locale translation) comes as an anonymous `$` followed by the string: one word.
    const args = node.childrenForFieldName('argument').filter((a, i, all) => a.isNamed || a.type !== '$' || all[i + 1]?.startIndex !== a.endIndex);
    const redirects = [...node.childrenForFieldName('redirect'), ...extraRedirects];
    // `rm >/dev/null -rf /x`: tree-sitter files `-rf` and `/x` as more destinations of the redirect;
    // bash passes every word after the target to the command.
    // A number right before the next redirect is that redirect's descriptor (`>& x 0>&1`), not a word.
    const spilled = redirects.flatMap((r) => (r.type === 'file_redirect' ? r.childrenForFieldName('destination').slice(1) : []))
      .filter((w) => !(w.type === 'number' && redirects.some((r) => r.startIndex === w.endIndex)));
    const named = nameNode ? [nameNode.namedChildren[0] ?? nameNode, ...args] : [];
    const rawNodes = spilled.length === 0 ? named : [...named, ...spilled].sort((a, b) => a.startIndex - b.startIndex);
    // Two words with nothing between them are one word to bash: the parser split it differently.
    if (rawNodes.some((w, i) => i > 0 && (rawNodes[i - 1] as Node).endIndex === w.startIndex)) {
      this.run.concern('unparseable', 'ask', `the words of "${node.text.slice(0, 40)}" could not be separated reliably`, -1);
    }
    const wordNodes: Node[] = [];
    const words: ResolvedWord[] = [];
    for (const wordNode of rawNodes) this.expand(wordNode, wordNodes, words);
    const assignments = this.assignments(node);
    if (!nameNode && rawNodes.length === 0) {
      checkAssignments(this.run, assignments, -1);
      for (const child of node.namedChildren) this.walk(child, frame, depth + 1);
      return { from, to: this.run.commands.length };
    }
    const result = handleArgv(this.run, { words, assignments, text: node.text, frame });
    const codeIds = result.codeWords.length === 0 ? NO_CODE_WORDS : new Map(result.codeWords.map((i) => [wordNodes[i]?.id ?? -1, i]));
    for (const child of [...node.namedChildren, ...spilled]) {
      if (redirects.some((r) => r.id === child.id)) continue;
      const start = this.run.commands.length;
      // Prefix assignments were judged with the command; only their values can still hide commands.
      if (child.type === 'variable_assignment') for (const part of child.namedChildren) this.walk(part, frame, depth + 1);
      else this.walk(child, frame, depth + 1);
      const codeWord = codeIds.get(child.id);
      if (codeWord !== undefined) this.checkCodeSource({ from: start, to: this.run.commands.length }, child.text, words[codeWord]);
    }
    for (const redirect of redirects) this.redirect(redirect, frame, depth, result.index, true);
    return { from, to: this.run.commands.length };
  }

  /** A word as bash passes it on (appended to nodes/words): brace expansion turns one static word into several. */
  private expand(node: Node, nodes: Node[], words: ResolvedWord[]): void {
    // An unquoted `$(…)` is split and globbed again by bash: its words are unknown, whatever prints them
    // (a listing under ROOT yields `/etc/…` when a name holds a blank; substitutionSplitting.test.ts).
    const word = resolveWord(node);
    const values = word.brace && !word.dynamic ? expandBraces(word.value) : undefined;
    if (word.brace && !word.dynamic && !values) {
      this.run.concern('obfuscation', 'ask', `brace expansion of ${word.value.slice(0, 40)} produces too many words to check`, -1);
    }
    if (!values) {
      nodes.push(node);
      words.push(word);
      return;
    }
    for (const value of values) {
      nodes.push(node);
      words.push({ ...word, value });
    }
  }

  /** Code that a shell runs came out of a substitution: network or decoded payloads are denied. */
  private checkCodeSource(range: Range, text: string, word: ResolvedWord | undefined): void {
    const fetcher = this.run.anyTrait(range.from, range.to, 'fetches');
    const decoder = this.run.anyTrait(range.from, range.to, 'decodes');
    if (fetcher) this.run.concern('pipe-to-shell', 'deny', `runs code downloaded by ${fetcher.program} as a shell script`, -1);
    else if (decoder) this.run.concern('decode-to-shell', 'deny', `runs code decoded by ${decoder.program} as a shell script`, -1);
    else if (word?.dynamic) this.run.concern('dynamic-command', 'ask', `runs code that is only known at run time (${text.slice(0, 60)})`, -1);
  }

  /** `wordsTaken`: the words after the target were judged as the command's arguments (see command()). */
  private redirect(node: Node, frame: Frame, depth: number, index: number, wordsTaken = false): void {
    if (!wordsTaken && node.childrenForFieldName('destination').length > 1) {
      this.run.concern('unparseable', 'ask', `words follow the redirection target in "${node.text.slice(0, 40)}", which bash does not accept here`, -1);
    }
    if (node.type === 'herestring_redirect') {
      const content = node.namedChildren.find((c) => c.type !== 'file_descriptor');
      const start = this.run.commands.length;
      for (const child of node.namedChildren) this.walk(child, frame, depth + 1);
      if (content && index >= 0 && this.run.traits[index]?.runsStdin) this.feedShell(index, resolveWord(content), { from: start, to: this.run.commands.length }, frame);
      return;
    }
    if (node.type === 'heredoc_redirect') return;
    const destination = node.childForFieldName('destination');
    const operator = node.children.find((c) => !c.isNamed)?.type ?? '>';
    if (destination) {
      const target = resolveWord(destination).value;
      redirectEffect(this.run, operator, target, index);
      this.walk(destination, frame, depth + 1);
      this.networkRedirect(target, index);
    }
  }

  /** bash opens a socket for `/dev/tcp/HOST/PORT`; a shell wired to one is a reverse shell. */
  private networkRedirect(target: string, index: number): void {
    const socket = /^\/dev\/(tcp|udp)\/([^/]+)\//.exec(target);
    if (!socket) return;
    this.run.effect('network', (socket[2] as string).toLowerCase(), `redirect ${target.slice(0, 8)}`, index);
    const traits = this.run.traits[index];
    if (!traits) return;
    traits.fetches = true;
    if (traits.runsStdin) this.run.concern('pipe-to-shell', 'deny', `connects ${this.run.commands[index]?.program ?? 'a shell'} to the network through ${target}`, index);
  }

  /** Text arriving on the standard input of a shell: analyze it when static, judge its source otherwise. */
  private feedShell(index: number, content: ResolvedWord, source: Range, frame: Frame): void {
    const shell = this.run.commands[index]?.program ?? 'shell';
    if (!content.dynamic && !SHELLS.has(shell)) {
      this.judgeInlineCode(shell, content.value, index);
      return;
    }
    if (!content.dynamic) {
      this.run.reparse(content.value, { context: 'shell-string', wrappers: [...frame.wrappers, shell], reparseDepth: frame.reparseDepth + 1 });
      return;
    }
    this.checkCodeSource(source, content.value, content);
  }

  /** Code for an interpreter (python, node ...) arriving on stdin: judged like `python -c CODE`. */
  private judgeInlineCode(program: string, code: string, index: number): void {
    const traits = inlineCodeTraits(code);
    if (traits.network) this.run.effect('network', traits.host, `${program} stdin`, index);
    if (traits.spawns) this.run.concern('dynamic-command', 'ask', `the ${program} code on standard input starts other programs the analyzer cannot see`, index);
  }

  private redirected(node: Node, frame: Frame, depth: number): void {
    const body = node.childForFieldName('body');
    const redirects = node.childrenForFieldName('redirect');
    const heredoc = redirects.find((r) => r.type === 'heredoc_redirect');
    const heredocText = heredoc?.namedChildren.find((c) => c.type === 'heredoc_body')?.text ?? '';
    const continuation = heredoc?.namedChildren.find((c) => c.type === 'pipeline');
    const stages = body ? [body, ...(continuation ? continuation.namedChildren : [])] : [];
    // `cat <<EOF > file`: the file redirect is nested inside the here-doc redirect.
    const others = [...redirects.filter((r) => r.type !== 'heredoc_redirect'), ...(heredoc?.childrenForFieldName('redirect') ?? [])];
    const first = this.stages(stages, frame, depth, heredocText, others);
    if (!body) for (const r of others) this.redirect(r, frame, depth, -1);
    if (heredoc) {
      if (heredocText && first >= 0 && this.run.traits[first]?.runsStdin && stages.length === 1) {
        this.feedShell(first, { value: heredocText, dynamic: false, glob: false, brace: false, ansiC: false, ifs: false }, { from: 0, to: 0 }, frame);
      }
      for (const child of heredoc.namedChildren) {
        if (child.type !== 'pipeline' && !others.some((r) => r.id === child.id)) this.walk(child, frame, depth + 1);
      }
    }
  }

  /** Pipeline stages; returns the index of the first command of the first stage (-1 if none). */
  private stages(stages: Node[], frame: Frame, depth: number, heredocText: string, firstRedirects: Node[] = []): number {
    const pipeline = stages.length > 1;
    const stageFrame: Frame = pipeline && frame.context === 'top' ? { ...frame, context: 'pipeline' } : frame;
    const ranges: Range[] = stages.map((stage, i) => {
      if (!pipeline) return this.stage(stage, stageFrame, depth, firstRedirects);
      let range: Range = { from: 0, to: 0 };
      this.run.inChildShell(() => { range = this.stage(stage, stageFrame, depth, i === 0 ? firstRedirects : []); });
      return range;
    });
    for (let k = 1; k < ranges.length; k++) this.checkPipeIntoShell(ranges, k, heredocText, frame);
    const firstRange = ranges[0];
    return firstRange && firstRange.from < firstRange.to ? firstRange.from : -1;
  }

  /** One stage of a pipeline (or a lone statement with redirects); returns the commands it produced. */
  private stage(stage: Node, stageFrame: Frame, depth: number, extra: Node[]): Range {
    if (stage.type === 'command') return this.command(stage, stageFrame, depth + 1, extra);
    const from = this.run.commands.length;
    this.walk(stage, stageFrame, depth + 1);
    for (const r of extra) this.redirect(r, stageFrame, depth, from < this.run.commands.length ? from : -1);
    return { from, to: this.run.commands.length };
  }

  private checkPipeIntoShell(ranges: Range[], k: number, heredocText: string, frame: Frame): void {
    const stage = ranges[k] as Range;
    const shell = this.run.anyTrait(stage.from, stage.to, 'runsStdin');
    if (!shell) return;
    const upstream = { from: (ranges[0] as Range).from, to: stage.from };
    const fetcher = this.run.anyTrait(upstream.from, upstream.to, 'fetches');
    const decoder = this.run.anyTrait(upstream.from, upstream.to, 'decodes');
    if (fetcher) this.run.concern('pipe-to-shell', 'deny', `pipes data from ${fetcher.program} (the network) into ${shell.program}, which runs it as code`, -1);
    else if (decoder) this.run.concern('decode-to-shell', 'deny', `pipes a payload decoded by ${decoder.program} into ${shell.program}, which runs it as code`, -1);
    else this.run.concern('pipe-to-shell', 'ask', `pipes generated text into ${shell.program}, which runs it as code`, -1);
    if (!SHELLS.has(shell.program)) {
      if (k === 1 && heredocText) this.judgeInlineCode(shell.program, heredocText, -1);
      return;
    }
    const wrappers = [...frame.wrappers, shell.program];
    const reparseFrame: Frame = { context: 'shell-string', wrappers, reparseDepth: frame.reparseDepth + 1 };
    if (k === 1 && heredocText) this.run.reparse(heredocText, reparseFrame);
    const source = this.run.commands[upstream.to - 1];
    // `echo -e` decodes escapes itself; its raw text is not what the shell receives.
    const plainEcho = source?.program === 'echo' && !source.argv.some((a) => /^-[nE]*e/.test(a));
    if (k === 1 && source && !source.dynamic && plainEcho) this.run.reparse(source.argv.slice(1).filter((a) => !/^-[neE]+$/.test(a)).join(' '), reparseFrame);
  }
}
