/**
 * The command analyzer: a real bash parse (tree-sitter-bash on web-tree-sitter, see
 * docs/parser-choice.md) turned into the simple commands, effects and concerns of analysis.ts.
 */
import { Language, Parser, type Tree } from 'web-tree-sitter';
import type { CommandAnalysis, CommandAnalyzer } from './analysis';
import { AnalysisRun, BoundExceeded, LIMITS, type Frame } from './run';
import { rawTreeCopier, sameTree, type RawTreeCopier } from './rawCopy';
import { copyTree, type SyntaxNode } from './syntax';
import { TreeWalker } from './walker';
import { writeThenRun } from './programs/programKnowledge';

/** The two WebAssembly modules the analyzer runs on. The engine does no I/O: callers pass the bytes. */
export interface CommandAnalyzerWasm {
  /** Bytes of `web-tree-sitter/web-tree-sitter.wasm` (the tree-sitter runtime). */
  treeSitterWasm: Uint8Array;
  /** Bytes of `tree-sitter-bash/tree-sitter-bash.wasm` (the bash grammar). */
  bashGrammarWasm: Uint8Array;
}

/** The tree-sitter runtime's Emscripten module: Parser.init fills in the options object it is given. */
let runtimeModule: object | undefined;
let runtimeReady: Promise<void> | undefined;

/** The tree-sitter runtime is a process-wide singleton; initialise it once. */
function initRuntime(treeSitterWasm: Uint8Array): Promise<void> {
  const moduleOptions = { wasmBinary: treeSitterWasm };
  runtimeReady ??= Parser.init(moduleOptions).then(() => { runtimeModule = moduleOptions; }, (error: unknown) => {
    runtimeReady = undefined;
    throw error;
  });
  return runtimeReady;
}

type TreeCopy = (tree: Tree, source: string) => SyntaxNode;

/** Lines whose trees exercise fields, aliases, errors, nesting and non-ASCII offsets. */
const COPY_SELF_TEST = [
  'FOO=1 sudo -u x env A=b bash -c "rm -rf ~/x; echo $(date)" > out.txt 2>&1 && { ls | grep é; } || exit 1',
  'for f in *.ts; do case "$f" in a*) cat <<EOF\n$f\nEOF\n;; esac; done; arr=(a b); echo ${arr[0]:-x} $((1+2))',
  'echo ) ( unbalanced \'',
];

/**
 * The fast raw copy when the runtime exposes what it needs and it copies the self-test lines exactly as
 * the public API does; otherwise the public copy. Costs a few parses once per analyzer.
 */
function chooseTreeCopy(parser: Parser): TreeCopy {
  const raw = rawTreeCopier(runtimeModule);
  if (!raw) return copyTree;
  for (const line of COPY_SELF_TEST) {
    const tree = parser.parse(line);
    if (!tree) return copyTree;
    try {
      if (!sameTree(raw.copy(tree, line), copyTree(tree, line))) return copyTree;
    } finally {
      tree.delete();
    }
  }
  return raw.copy;
}

/** Which tree copy an analyzer made by createCommandAnalyzer uses (for tests and diagnostics). */
export let treeCopyKind: 'raw' | 'public' | undefined;

/** The raw copier over the initialised runtime, for tests that compare it with the public copy. */
export function runtimeRawCopier(): RawTreeCopier | undefined {
  return rawTreeCopier(runtimeModule);
}

/**
 * Creates a command analyzer. Initialisation is async (it compiles WebAssembly, ~15 ms); after that
 * `analyze(line)` is synchronous, total (never throws: internal failures become an `unparseable`
 * concern) and bounded (LIMITS in run.ts: 16 KiB per line, tree depth, re-parse depth, work units).
 *
 * Loading the bytes: in node use `loadCommandAnalyzerWasm()` from src/node/commandAnalyzerLoader.ts,
 * which finds the .wasm files beside dist/cli.js / dist/extension.js (copied there by esbuild.mjs)
 * or in node_modules when running from sources (tsx, mocha):
 *
 *     const analyzer = await createCommandAnalyzer(await loadCommandAnalyzerWasm());
 *     const analysis = analyzer.analyze('git status && rm -rf build');
 */
export async function createCommandAnalyzer(wasm: CommandAnalyzerWasm): Promise<CommandAnalyzer> {
  await initRuntime(wasm.treeSitterWasm);
  const language = await Language.load(wasm.bashGrammarWasm);
  const parser = new Parser();
  parser.setLanguage(language);
  const copy = chooseTreeCopy(parser);
  treeCopyKind = copy === copyTree ? 'public' : 'raw';
  return { analyze: (commandLine: string) => analyzeLine(parser, copy, commandLine) };
}

function firstErrorNear(source: string, tree: { rootNode: { descendantsOfType(type: string): ({ startIndex: number } | null)[] } }): string {
  const error = tree.rootNode.descendantsOfType('ERROR')[0];
  if (!error) return '';
  const snippet = source.slice(error.startIndex, error.startIndex + 24).replace(/\s+/g, ' ');
  return snippet ? ` near "${snippet}"` : '';
}

/**
 * tree-sitter recovers from some inputs by silently dropping a token (`python3 - <<EOF` loses the `-`).
 * A line whose non-blank characters are not all covered by the tree was not fully understood.
 */
/** Coverage marks, reused from line to line: filled and read within one synchronous call. */
let coverage = new Uint8Array(1024);

/**
 * Nodes that bash ends at an unescaped line break. tree-sitter carries some of them across one
 * (`pwd >` + newline + `rm -rf dir` becomes a redirect to a file named "rm"), so a line break between
 * the children of one of them means the tree is not the command bash runs.
 */
const ENDS_AT_LINE_BREAK = new Set(['command', 'command_name', 'file_redirect', 'herestring_redirect', 'variable_assignment', 'declaration_command', 'unset_command', 'concatenation']);

function lineBreakInside(source: string, node: SyntaxNode): number {
  const children = node.children;
  for (let i = 1; i < children.length; i++) {
    const from = (children[i - 1] as SyntaxNode).endIndex;
    const to = (children[i] as SyntaxNode).startIndex;
    for (let at = source.indexOf('\n', from); at >= 0 && at < to; at = source.indexOf('\n', at + 1)) {
      if (source[at - 1] !== '\\') return at;
    }
  }
  return -1;
}

/**
 * Code bash runs that the tree does not show as code (found by the bash oracle, issue 11):
 * - a here-doc ends only at a line holding its delimiter alone; tree-sitter also ends it at
 *   `EOF; ...`, `EOF)` or `EOF # $(cmd)`, while bash keeps reading the body (and expands `$(cmd)` in it);
 * - a command substitution inside `${...}` (`${x:=\`id\`}`) that tree-sitter keeps as plain text.
 */
function unseenCode(source: string, node: SyntaxNode): string {
  if (node.type === 'heredoc_end') {
    const before = source.lastIndexOf('\n', node.startIndex - 1);
    const after = source[node.endIndex];
    if (!/^\t*$/.test(source.slice(before + 1, node.startIndex)) || (after !== undefined && after !== '\n')) {
      return `a here-document end "${source.slice(node.startIndex, node.endIndex + 12)}" that is not alone on its line (bash keeps reading)`;
    }
  }
  if (node.type === 'heredoc_redirect') {
    const start = node.children.find((c) => c.type === 'heredoc_start');
    const body = node.children.find((c) => c.type === 'heredoc_body');
    if (start && body && !/['"\\]/.test(start.text)) {
      if (hasDescendant(body, 'heredoc_redirect')) return 'a here-document inside a command substitution inside a here-document (bash reads it differently)';
      if (/`|\$\(/.test(body.text) && !hasDescendant(body, 'command_substitution')) return 'a command substitution in a here-document body';
    }
  }
  const before = source[node.startIndex - 1] ?? ' ';
  if (node.type === 'file_descriptor' && (!/^\d+$/.test(node.text) || (node.startIndex > 0 && !/[\s;|&()<>]/.test(before)))) return `a word glued to a redirection ("${source.slice(Math.max(0, node.startIndex - 8), node.endIndex + 2)}": bash keeps the digits in the word)`;
  if (node.type === 'heredoc_start' && !/^[\s;|&()<>]?$/.test(source[node.endIndex] ?? '')) return `a here-document delimiter glued to more text ("${source.slice(node.startIndex, node.endIndex + 12)}")`;
  if (node.type === 'command_substitution' && node.text.startsWith('`') && (hasDescendant(node, 'heredoc_redirect') || /[^\\]`./s.test(node.text.slice(0, -1)))) {
    return 'a here-document or another backquote inside backquotes (bash ends the substitution at the first backquote)';
  }
  if (node.type === 'case_statement') {
    const value = node.childForFieldName('value');
    const keyword = node.children.find((c) => c.type === 'in');
    if (value && keyword && source.slice(value.endIndex, keyword.startIndex).trim() !== '') return 'text between a case word and "in" (a syntax error to bash)';
    if (value && /\S/.test(source[value.startIndex - 1] ?? ' ')) return 'a case word glued to "case" (a syntax error to bash)';
  }
  if (node.type === 'case_item') {
    const pattern = node.childForFieldName('value');
    if (pattern?.type === 'extglob_pattern' && /^\)/.test(pattern.text)) return `a case pattern "${pattern.text.slice(0, 20)}" bash does not accept`;
  }
  if (node.type !== 'case_item' && node.children.some((c) => c.type === ';;' || c.type === ';&' || c.type === ';;&')) return 'a ";;" outside a case statement (a syntax error to bash)';
  if (node.type === 'file_redirect') {
    const destination = node.childForFieldName('destination');
    if (destination && /^\d+$/.test(destination.text) && /[<>]/.test(source[destination.endIndex] ?? '')) return `a redirection glued to the next one ("${node.text.slice(0, 20)}")`;
  }
  if (node.type === 'expansion' && /`|\$\(|[<>]\(/.test(node.text) && !hasDescendant(node, 'command_substitution')) {
    return `a command inside "${node.text.slice(0, 40)}"`;
  }
  return '';
}

function hasDescendant(node: SyntaxNode, type: string): boolean {
  for (const child of node.children) if (child.type === type || hasDescendant(child, type)) return true;
  return false;
}

/** Text the tree does not account for: a character no leaf covers, or a command carried over a line break. */
function skippedText(run: AnalysisRun, source: string, root: SyntaxNode): { text: string; lineBreak: boolean; unseen?: boolean } | undefined {
  if (coverage.length < source.length) coverage = new Uint8Array(source.length);
  const covered = coverage;
  covered.fill(0, 0, source.length);
  let brokenAt = -1;
  const pending: SyntaxNode[] = [root];
  for (let node = pending.pop(); node; node = pending.pop()) {
    run.tick();
    const unseen = unseenCode(source, node);
    if (unseen) return { text: unseen, lineBreak: false, unseen: true };
    if (node.children.length === 0) {
      covered.fill(1, node.startIndex, node.endIndex);
      continue;
    }
    if (brokenAt < 0 && ENDS_AT_LINE_BREAK.has(node.type)) brokenAt = lineBreakInside(source, node);
    for (const child of node.children) pending.push(child);
  }
  if (brokenAt >= 0) return { text: source.slice(Math.max(0, brokenAt - 12), brokenAt + 12), lineBreak: true };
  const gap = firstGap(source, covered);
  return gap ? { text: gap, lineBreak: false } : undefined;
}

function firstGap(source: string, covered: Uint8Array): string {
  for (let i = 0; i < source.length; i++) {
    if (covered[i]) continue;
    const ch = source[i] as string;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') continue;
    if (ch === '\\' && (source[i + 1] === '\n' || source[i + 1] === '\r')) { i++; continue; }
    return source.slice(i, i + 24);
  }
  return '';
}

function parseInto(parser: Parser, copy: TreeCopy, run: AnalysisRun, source: string, frame: Frame): void {
  if (frame.reparseDepth > LIMITS.maxReparseDepth) {
    run.concern('nested-too-deep', 'ask', `shell code nested more than ${LIMITS.maxReparseDepth} levels deep (bash -c / eval inside each other)`, -1);
    return;
  }
  if (source.length > LIMITS.maxLength) {
    run.concern('too-long', 'ask', `the command is longer than ${LIMITS.maxLength} characters`, -1);
    return;
  }
  run.parses++;
  const tree = parser.parse(source);
  if (!tree) {
    run.concern('unparseable', 'ask', 'the command could not be parsed', -1);
    return;
  }
  try {
    const root = copy(tree, source);
    if (tree.rootNode.hasError) {
      run.concern('unparseable', 'ask', `the command is not valid shell syntax${firstErrorNear(source, tree)}`, -1);
    } else {
      const skipped = skippedText(run, source, root);
      if (skipped?.lineBreak) {
        run.concern('unparseable', 'ask', `the parser carried a command or redirection over a line break (near ${JSON.stringify(skipped.text)}), where bash ends it: what runs may not be what was checked`, -1);
      } else if (skipped?.unseen) {
        run.concern('unparseable', 'ask', `bash would run code the parser does not show as a command: ${skipped.text}`, -1);
      } else if (skipped) {
        run.concern('unparseable', 'ask', `part of the command was not understood by the parser (near "${skipped.text}")`, -1);
      }
    }
    new TreeWalker(run).walk(root, frame, 0);
  } finally {
    tree.delete();
  }
}

/**
 * Control characters, zero-width and bidirectional-override characters make what the developer reads
 * differ from what bash runs.
 */
const HIDDEN_CHARACTERS = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/;

/**
 * bash keeps a carriage return inside the word it ends (`pwd >\r` writes to a file named CR, `ls\r`
 * runs a program named "ls\r"), while tree-sitter reads it as a blank: with CR LF line ends the two see
 * different commands (issue 11: `pwd >\r\nrm -rf dir` was judged as `pwd` alone). No CR is trusted.
 */
const CARRIAGE_RETURN = /\r/;

/**
 * Deepest nesting of ( { [ and backquotes in the raw text: quote-blind, so it can only over-count.
 * Backquote pairs also count as a whole, because escaped backquotes nest without looking nested and
 * a line of thousands of them cost tree-sitter ~40 ms.
 */
export function rawNesting(source: string): number {
  let depth = 0;
  let deepest = 0;
  let backquote = false;
  let backquotes = 0;
  for (let i = 0; i < source.length; i++) {
    const code = source.charCodeAt(i);
    if (code === 40 || code === 123 || code === 91) depth++;
    else if (code === 41 || code === 125 || code === 93) depth = depth > 0 ? depth - 1 : 0;
    else if (code === 96) { backquote = !backquote; backquotes++; depth += backquote ? 1 : -1; }
    if (depth > deepest) deepest = depth;
  }
  return Math.max(deepest, backquotes >> 1);
}

function analyzeLine(parser: Parser, copy: TreeCopy, commandLine: string): CommandAnalysis {
  const run = new AnalysisRun();
  const source = typeof commandLine === 'string' ? commandLine : String(commandLine);
  if (CARRIAGE_RETURN.test(source)) {
    run.concern('obfuscation', 'ask', 'the command contains a carriage return (\\r): bash keeps it as part of a word instead of ending the line, so it may run something other than what is shown', -1);
  }
  if (HIDDEN_CHARACTERS.test(source)) {
    run.concern('obfuscation', 'ask', 'the command contains invisible or control characters, so what is displayed may not be what runs', -1);
  }
  run.reparse = (code, frame) => parseInto(parser, copy, run, code, frame);
  run.lineText = source;
  if (source.length <= LIMITS.maxLength && rawNesting(source) > LIMITS.maxNesting) {
    run.concern('nested-too-deep', 'ask', `the command nests brackets, substitutions or quotes more than ${LIMITS.maxNesting} levels deep, too deep to check`, -1);
    return { source, commands: run.commands, effects: run.effects, concerns: run.concerns, workUnits: run.workUnits };
  }
  try {
    parseInto(parser, copy, run, source, { context: 'top', wrappers: [], reparseDepth: 0 });
    writeThenRun(run);
  } catch (error) {
    if (error instanceof BoundExceeded) run.concern(error.kind, 'ask', error.message, -1);
    else run.concern('unparseable', 'ask', 'the analyzer failed on this command (internal error)', -1);
  }
  return { source, commands: run.commands, effects: run.effects, concerns: run.concerns, workUnits: run.workUnits };
}
