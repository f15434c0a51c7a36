/**
 * Where tree-sitter-bash reads a line differently from bash itself. Each check below was found by the
 * bash oracle (test/support/bashOracle.ts, issue 11): a construct tree-sitter accepts or splits in a way
 * bash does not. A hit is reported as a plain-words reason and the caller asks; nothing here models
 * bash's reading, it only recognises where the parser's reading cannot be trusted.
 */
import type { SyntaxNode } from './syntax';

/** The first reason bash would read `node` differently from the tree, or ''. */
export function unseenCode(source: string, node: SyntaxNode): string {
  if (!CHECKED_TYPES.has(node.type)) return node.children.length === 0 ? '' : untypedReading(node, source);
  return knownUnseenCode(source, node) || keywordReading(source, node) || testReading(source, node) || redirectReading(source, node) || heredocReading(source, node) ||
    wordReading(source, node);
}

/**
 * Every node type a check below names. Any other node can only hit the two checks that look at
 * children whatever the type (untypedReading), so most nodes, leaves above all, skip the rest.
 */
const CHECKED_TYPES = new Set(['ansi_c_string', 'expansion', 'arithmetic_expansion', 'subshell', 'command', 'file_redirect', 'compound_statement',
  'function_definition', 'concatenation', 'for_statement', 'case_statement', 'case_item', 'elif_clause', 'else_clause', 'do_group', 'if_statement',
  'while_statement', 'test_command', ';', 'herestring_redirect', 'heredoc_redirect', 'heredoc_end', 'file_descriptor', 'heredoc_start', 'command_substitution']);

/** The type-blind checks of knownUnseenCode and wordReading, in the same order. */
function untypedReading(node: SyntaxNode, source: string): string {
  if (node.children.some((c) => c.type === ';;' || c.type === ';&' || c.type === ';;&')) return 'a ";;" outside a case statement (a syntax error to bash)';
  if (node.type !== 'string' && node.children.some((c) => c.type === '$' && /\s/.test(source[c.endIndex] ?? ''))) return `a "$" followed by a blank or a line break in "${node.text.slice(0, 20)}" (bash reads a plain "$" and ends the word there, the parser reads on)`;
  return '';
}

/** Where bash ends `$'...'`: the first quote not escaped by a backslash (-1 if none). */
function ansiCEnd(text: string): number {
  for (let i = 2; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === "'") return i;
  }
  return -1;
}

/** Two words with only line continuations between them: one word to bash. */
function joined(source: string, left: SyntaxNode, right: SyntaxNode): boolean {
  return /^(\\\n)*$/.test(source.slice(left.endIndex, right.startIndex));
}

/**
 * Words tree-sitter closes or opens where bash does not: `$'a\'` (the quote is escaped, bash reads
 * on), `${x%\}` or `${x/'/b}` (bash looks further for the end), `cat (true)` and `((` that is not
 * arithmetic (bash rejects both).
 */
function wordReading(source: string, node: SyntaxNode): string {
  if (node.type === 'ansi_c_string' && ansiCEnd(node.text) !== node.text.length - 1) return `an ANSI-C string "${node.text.slice(0, 20)}" whose closing quote is escaped (bash reads on past it)`;
  if (node.type === 'expansion') {
    const bare = node.text.replace(/\\[^]/g, '__').replace(/'[^']*'|"(\\[^]|[^"\\])*"/g, '');
    if (/['"]|\$\[/.test(bare) || (bare.split('`').length - 1) % 2 === 1 || !node.text.replace(/\\[^]/g, '__').endsWith('}')) return `quotes or escapes bash reads differently inside "${node.text.slice(0, 30)}"`;
  }
  if (node.type !== 'string' && node.children.some((c) => c.type === '$' && /\s/.test(source[c.endIndex] ?? ''))) return `a "$" followed by a blank or a line break in "${node.text.slice(0, 20)}" (bash reads a plain "$" and ends the word there, the parser reads on)`;
  if (node.type === 'expansion' && node.children.some((c) => (c.type === 'regex' || c.type === 'word') && c.text.includes('${'))) return `a "\${" inside "${node.text.slice(0, 30)}" that the parser does not pair (bash looks for one more "}")`;
  if (node.type === 'ansi_c_string' && node.text.includes('\\x{')) return `an escape "\\x{" in "${node.text.slice(0, 20)}" that bash decodes differently`;
  if (node.type === 'concatenation' && node.children.some((c) => c.type === '$')) return `a $"..." string glued to other text in "${node.text.slice(0, 30)}"`;
  if (node.type === 'arithmetic_expansion' && /[<>]\(|[;#\n]/.test(node.text)) return `"${node.text.slice(0, 30)}" is not plain arithmetic (bash may run it as a command substitution)`;
  if (node.type === 'subshell' && (source[node.startIndex + 1] === '(' || source[node.startIndex - 1] === '(')) return '"((" that is not arithmetic (bash reads it as the start of an arithmetic command)';
  if (node.type === 'command' || node.type === 'file_redirect') {
    const words = node.namedChildren;
    for (let i = 1; i < words.length; i++) {
      const left = words[i - 1] as SyntaxNode;
      const right = words[i] as SyntaxNode;
      const split = left.endIndex < right.startIndex || left.type.endsWith('redirect') || right.type.endsWith('redirect');
      if (split && joined(source, left, right)) return `two words joined by a line continuation ("${source.slice(left.startIndex, left.endIndex + 8)}": one word to bash)`;
    }
  }
  if (node.type === 'compound_statement' && node.children[0]?.type === '{' && !/^[ \t\n]$/.test(source[node.startIndex + 1] ?? ' ')) return `"${node.text.slice(0, 4)}": a brace glued to more text (one word to bash)`;
  if (node.type === 'function_definition') {
    const open = node.children.find((c) => c.type === '(');
    const close = node.children.find((c) => c.type === ')');
    if (open && close && lineBreakIn(source, open.startIndex, close.endIndex)) return 'a line break inside "()" of a function definition (a syntax error to bash)';
  }
  if (node.type === 'command' && node.children.some((c) => c.type === 'subshell')) return `a parenthesis inside the command "${node.text.slice(0, 30)}" (a syntax error to bash)`;
  return '';
}

/** A line break in source[from, to) that ends a command to bash (not a backslash-newline). */
function lineBreakIn(source: string, from: number, to: number): boolean {
  for (let at = source.indexOf('\n', from); at >= 0 && at < to; at = source.indexOf('\n', at + 1)) {
    if (source[at - 1] !== '\\') return true;
  }
  return false;
}

/** Constructs whose closing and joining words tree-sitter recognises anywhere; bash only where a command may start. */
const KEYWORD_PARENTS = new Set(['compound_statement', 'if_statement', 'elif_clause', 'else_clause', 'do_group', 'case_statement', 'while_statement']);
const PLACED_KEYWORDS = new Set(['esac', 'fi', 'done', '}', 'then', 'do', 'else', 'elif']);

/**
 * bash sees `fi`, `done`, `esac`, `}` ... as keywords only in command position: after `;`, `&`, a line
 * break or a closing bracket. After a redirection (`ls >&2 esac`) or a line continuation they are words.
 */
function keywordReading(source: string, node: SyntaxNode): string {
  const head = node.children[0];
  if ((node.type === 'for_statement' || node.type === 'case_statement') && head && node.children[1] && lineBreakIn(source, head.endIndex, (node.children[1] as SyntaxNode).startIndex)) {
    return `a line break after "${head.type}" (a syntax error to bash)`;
  }
  if (node.type === 'case_statement') { const misread = caseReading(source, node); if (misread) return misread; }
  if (node.type === 'case_item') return patternReading(node);
  if (node.type === 'for_statement') {
    const keyword = node.children.find((c) => c.type === 'in');
    if (node.childrenForFieldName('value').length > 0 && (!keyword || !/^[ \t\n;]/.test(source[keyword.endIndex] ?? ' '))) return 'a for loop whose "in" is glued to the next word (a syntax error to bash)';
    return '';
  }
  if (!KEYWORD_PARENTS.has(node.type)) return '';
  const children = node.children;
  for (let k = 0; k < children.length; k++) {
    const child = children[k] as SyntaxNode;
    if (child.isNamed || !PLACED_KEYWORDS.has(child.type)) continue;
    let at = child.startIndex - 1;
    while (source[at] === ' ' || source[at] === '\t') at--;
    const before = source[at];
    const previous = children[k - 1];
    const afterConstruct = previous !== undefined && (CONSTRUCTS.has(previous.type) || previous.type === ')' || previous.type === '))');
    const placed = at < 0 || (before === '\n' && source[at - 1] !== '\\') || before === ';' || before === '&' || ((before === ')' || before === '}' || before === ']') && afterConstruct);
    if (!placed) return `"${child.type}" after "${source.slice(Math.max(0, at - 12), at + 1).trim()}", where bash reads it as an ordinary word, not the end of the construct`;
    if (!DELIMITS.test(source[child.endIndex] ?? ' ')) return `"${source.slice(child.startIndex, child.endIndex + 2)}": a keyword glued to more text (one word to bash)`;
  }
  return '';
}

/** Constructs after which bash accepts a keyword without a `;` (`(ls) fi`, `[[ x ]] then`). */
const CONSTRUCTS = new Set(['compound_statement', 'subshell', 'test_command', 'if_statement', 'case_statement', 'while_statement', 'for_statement', 'c_style_for_statement', 'function_definition']);
/** What may follow a keyword or `]]` for bash to end the word there. */
const DELIMITS = /^[ \t\n;&|)<>]$/;

/** A case pattern holding `<`, `>`, `&`, `;` or a line break (`a2>&1)`): bash rejects it, tree-sitter reads a pattern. */
function patternReading(node: SyntaxNode): string {
  const close = node.children.find((c) => c.type === ')');
  if (!close) return '';
  const own = [...node.text.slice(0, close.startIndex - node.startIndex)];
  maskOpaque(node, own, node.startIndex);
  const pattern = own.join('');
  return /[<>&;\n]/.test(pattern) ? `a case pattern "${pattern.slice(0, 20)}" bash does not accept` : '';
}

/** `case WORD in` then only items: `in` glued to a pattern (`in]])`) or an operator before an item (`in & a)`) is not bash's case. */
function caseReading(source: string, node: SyntaxNode): string {
  const keyword = node.children.find((c) => c.type === 'in');
  if (keyword && !DELIMITS.test(source[keyword.endIndex] ?? ' ')) return 'a case pattern glued to "in" (bash reads it differently)';
  let afterIn = false;
  for (const child of node.children) {
    if (child.type === 'in') { afterIn = true; continue; }
    if (afterIn && child.type !== 'case_item' && child.type !== 'comment' && child.type !== 'esac') return `"${child.text.slice(0, 12)}" before a case pattern (a syntax error to bash)`;
  }
  return '';
}

/** Parts of a test whose own text does not matter here (quoted, substituted or expanded). */
const OPAQUE_IN_TEST = new Set(['string', 'raw_string', 'ansi_c_string', 'command_substitution', 'process_substitution', 'expansion', 'simple_expansion', 'arithmetic_expansion']);

function maskOpaque(node: SyntaxNode, text: string[], offset: number): void {
  for (const child of node.children) {
    if (child.startIndex - offset >= text.length) break;
    if (OPAQUE_IN_TEST.has(child.type)) text.fill('_', child.startIndex - offset, child.endIndex - offset);
    else maskOpaque(child, text, offset);
  }
}

/**
 * `[[ ... ]]` and `[ ... ]`: bash's conditional grammar differs from tree-sitter's around `<`, `>` and
 * line breaks (`[[ -n> out ]]` is a syntax error to bash; in `[ a > b ]` the `>` is a redirection), and
 * `[[[` is a command name to bash.
 */
function testReading(source: string, node: SyntaxNode): string {
  if (node.type !== 'test_command') return '';
  const text = node.text;
  const open = text.startsWith('[[') ? 2 : 1;
  if (!/^[ \t]/.test(text[open] ?? '')) return `a test "${text.slice(0, 12)}" whose bracket is glued to the next word (bash reads it as a command name)`;
  const own = [...text];
  maskOpaque(node, own, node.startIndex);
  const shown = own.join('');
  if (/(^|[^&])&(?!&)|(^|[^|])\|(?!\|)|-[A-Za-z]+[ \t]*(&&|\|\||\)|\]\]$)/.test(shown)) return `an operator bash does not accept inside the test "${text.slice(0, 30)}"`;
  if (/[<>]|\\[()]/.test(shown)) return `"<" or ">" inside the test "${text.slice(0, 30)}" (bash and the parser read them differently there)`;
  if (lineBreakIn(shown, 0, shown.length)) return `a line break inside the test "${text.slice(0, 30)}"`;
  return '';
}

/** Redirections: a comment where the target belongs, two target words glued together, `;&` outside case. */
function redirectReading(source: string, node: SyntaxNode): string {
  if (node.type === 'test_command' && !DELIMITS.test(source[node.endIndex] ?? ' ')) return `"${node.text.slice(-2)}${source.slice(node.endIndex, node.endIndex + 4)}": the end of a test glued to more text (one word to bash)`;
  if (node.type === ';' && source[node.endIndex] === '&') return '";&" outside a case statement (bash reads it as the case fall-through operator)';
  if (node.type !== 'file_redirect' && node.type !== 'herestring_redirect' && node.type !== 'heredoc_redirect') return '';
  if (node.children.some((c) => c.type === 'comment')) return `a comment where bash expects the target of "${node.text.slice(0, 12)}" (a syntax error to bash)`;
  const targets = node.namedChildren.filter((c) => c.type !== 'file_descriptor' && c.type !== 'heredoc_start' && c.type !== 'heredoc_body' && c.type !== 'heredoc_end');
  for (let i = 1; i < targets.length; i++) {
    if (joined(source, targets[i - 1] as SyntaxNode, targets[i] as SyntaxNode)) return `a redirection target glued to more text ("${node.text.slice(0, 30)}": bash reads one word)`;
  }
  const last = targets.at(-1);
  if (node.type === 'herestring_redirect' && last && /^\d+$/.test(last.text) && /[<>]/.test(source[last.endIndex] ?? '')) return `a here-string glued to the next redirection ("${node.text.slice(0, 20)}")`;
  return '';
}

/**
 * bash reads a here-document's body from the line after its operator: the delimiter must be on the
 * operator's line, and so must the rest of the command (`cat <<EOF |` + line break + `grep` feeds
 * `grep` ... as body lines, then finds the pipe without a command).
 */
function heredocReading(source: string, node: SyntaxNode): string {
  if (node.type !== 'heredoc_redirect') return '';
  const start = node.children.find((c) => c.type === 'heredoc_start');
  if (!start) return '';
  const quotes = start.text.replace(/\\[^]/g, '').replace(/'[^']*'|"[^"]*"/g, '');
  if (/['"]/.test(quotes) || lineBreakIn(source, node.startIndex, start.endIndex)) return 'a here-document delimiter split across a line break (bash reads it differently)';
  const body = node.children.find((c) => c.type === 'heredoc_body');
  const delimiter = start.text.replace(/['"\\]/g, '');
  const strip = node.children[0]?.type === '<<-';
  const end = node.children.find((c) => c.type === 'heredoc_end');
  if (end && (end.text !== quoteRemoved(start.text) || (!strip && source[end.startIndex - 1] !== '\n'))) return `a here-document end "${end.text}" that is not bash's delimiter line for "${start.text}" (bash keeps reading the body)`;
  if (body && body.text.split('\n').slice(0, -1).some((line) => (strip ? line.replace(/^\t+/, '') : line) === delimiter)) {
    return `a line "${delimiter}" inside the here-document body, where bash already ends it`;
  }
  for (const child of node.children) {
    if (child.type === 'heredoc_body' || child.type === 'heredoc_end') break;
    if (child.startIndex >= start.endIndex && lineBreakIn(source, start.endIndex, child.endIndex)) {
      return 'the command after a here-document operator goes on past the line end, where bash reads the here-document body';
    }
  }
  return '';
}

/** A here-document delimiter as bash takes it: quotes removed, a backslash escapes (inside '...' it stays). */
function quoteRemoved(word: string): string {
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const ch = word[i] as string;
    if (ch === "'") { const close = word.indexOf("'", i + 1); out += word.slice(i + 1, close < 0 ? word.length : close); i = close < 0 ? word.length : close; continue; }
    if (ch === '"') {
      for (i++; i < word.length && word[i] !== '"'; i++) out += word[i] === '\\' && '$`"\\'.includes(word[i + 1] ?? '') ? word[++i] : word[i];
      continue;
    }
    if (ch === '\\') { out += word[++i] ?? ''; continue; }
    out += ch;
  }
  return out;
}

/**
 * Code bash runs that the tree does not show as code (found by the bash oracle, issue 11):
 * - a here-doc ends only at a line holding its delimiter alone; tree-sitter also ends it at
 *   `EOF; ...`, `EOF)` or `EOF # $(cmd)`, while bash keeps reading the body (and expands `$(cmd)` in it);
 * - a command substitution inside `${...}` (`${x:=\`id\`}`) that tree-sitter keeps as plain text.
 */
function knownUnseenCode(source: string, node: SyntaxNode): string {
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

