/**
 * Static evaluation of shell words. A word is resolved to the literal string bash would pass when that
 * is knowable without running anything (quotes removed, backslashes and ANSI-C escapes decoded); any
 * expansion makes the word `dynamic` and keeps its source text instead, so nothing is guessed.
 */
import type { SyntaxNode as Node } from './syntax';

export interface ResolvedWord {
  /** The literal value, or the source text when dynamic. */
  value: string;
  /** Depends on an expansion the analyzer cannot evaluate ($VAR, $(...), `...`, $((...))). */
  dynamic: boolean;
  /** Contains unquoted glob characters (* ? [) that the shell would expand against the file system. */
  glob: boolean;
  /** Contains `{a,b}` / `{1..3}` brace expansion that would turn one word into several. */
  brace: boolean;
  /** Used ANSI-C `$'...'` quoting (legitimate in arguments, an obfuscation sign in the command name). */
  ansiC: boolean;
  /** References IFS, the classic way to smuggle separators past string-based filters. */
  ifs: boolean;
}

const SUBSTITUTIONS = new Set(['command_substitution', 'process_substitution', 'arithmetic_expansion']);
const EXPANSIONS = new Set(['simple_expansion', 'expansion']);

function emptyWord(value: string): ResolvedWord {
  return { value, dynamic: false, glob: false, brace: false, ansiC: false, ifs: false };
}

function merge(parts: ResolvedWord[], sourceText: string): ResolvedWord {
  const merged = emptyWord('');
  for (const part of parts) {
    merged.value += part.value;
    merged.dynamic ||= part.dynamic;
    merged.glob ||= part.glob;
    merged.brace ||= part.brace;
    merged.ansiC ||= part.ansiC;
    merged.ifs ||= part.ifs;
  }
  if (merged.dynamic) merged.value = sourceText;
  return merged;
}

/**
 * An unquoted word: `\x` is x, and unescaped glob / brace characters are noted. The value is built
 * from slices between escapes (usually the whole text), not a character at a time: per-character
 * concatenation makes rope strings that every later regexp test has to flatten again.
 */
/** `{` ... `,` or `..` ... `}` with no other brace between: the shape bash brace-expands. */
const BRACE_GROUP = /\{[^{}]*(,|\.\.)[^{}]*\}/;

function resolveBareWord(text: string): ResolvedWord {
  const word = emptyWord('');
  let braceOpen = false;
  let value = '';
  let copiedUpTo = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '\\') {
      value += text.slice(copiedUpTo, i);
      const next = text[i + 1];
      if (next !== undefined && next !== '\n') value += next;
      i++;
      copiedUpTo = i + 1;
      continue;
    }
    if (ch === '*' || ch === '?' || ch === '[') word.glob = true;
    if (ch === '{') braceOpen = true;
  }
  // An escaped brace or comma (`x{,a\}`) is no brace expansion to bash.
  word.brace = braceOpen && BRACE_GROUP.test(text.replace(/\\[^]/g, '__'));
  word.value = copiedUpTo === 0 ? text : value + text.slice(copiedUpTo);
  // `{a\,b,c}`: the escape decides where bash splits, which the unescaped value no longer shows.
  if (word.brace && copiedUpTo > 0) return { ...word, value: text, dynamic: true };
  return word;
}

/** Inside double quotes only \$ \` \" \\ and \newline are escapes. */
function unescapeDoubleQuoted(text: string): string {
  return text.replace(/\\([$`"\\\n])/g, (_m, ch: string) => (ch === '\n' ? '' : ch));
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v',
  '\\': '\\', "'": "'", '"': '"', '?': '?',
};

/** Decodes the body of `$'...'` the way bash does (hex, octal, unicode and letter escapes). */
export function decodeAnsiC(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}|[0-7]{1,3}|c.|.)/gs, (_m, esc: string) => {
    const head = esc[0] as string;
    // bash keeps `\x`, `\u`, `\U` without digits and a final `\c` as written.
    if (esc === 'x' || esc === 'u' || esc === 'U' || esc === 'c') return `\\${esc}`;
    if (head === 'x' || head === 'u' || head === 'U') {
      const code = parseInt(esc.slice(1), 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    if (/[0-7]/.test(head)) return String.fromCharCode(parseInt(esc, 8) & 0xff);
    if (head === 'c') return String.fromCharCode((esc.charCodeAt(1) & 0x1f));
    return SIMPLE_ESCAPES[head] ?? `\\${esc}`;
  });
}

function resolveString(node: Node): ResolvedWord {
  const parts = node.namedChildren.filter((child) => child.type !== 'string_content');
  const dynamic = parts.some((child) => EXPANSIONS.has(child.type) || SUBSTITUTIONS.has(child.type));
  const ifs = parts.some((child) => /\bIFS\b/.test(child.text));
  const inner = node.text.replace(/^\$?"/, '').replace(/"$/, '');
  const word = emptyWord(dynamic ? node.text : unescapeDoubleQuoted(inner));
  word.dynamic = dynamic;
  word.ifs = ifs;
  return word;
}

/** Resolves one word node (command name, argument, redirect target, assignment value). */
export function resolveWord(node: Node): ResolvedWord {
  switch (node.type) {
    case 'word':
    case 'number':
    case 'variable_name':
    case 'extglob_pattern':
    case 'regex':
    case 'test_operator':
      return node.type === 'word' ? resolveBareWord(node.text) : emptyWord(node.text);
    case 'raw_string':
      return emptyWord(node.text.slice(1, -1));
    case 'ansi_c_string':
      return { ...emptyWord(decodeAnsiC(node.text.slice(2, -1))), ansiC: true };
    case 'string':
    case 'translated_string':
      return resolveString(node.type === 'translated_string' ? (node.namedChildren[0] ?? node) : node);
    case 'concatenation': {
      const merged = merge(node.children.map(resolveWord), node.text);
      // tree-sitter splits `src/{a,b}` into several bare words; the braces only show on the whole,
      // and only unquoted, unescaped braces and commas count (`x{,.ba\}` is one word to bash).
      const bare = node.children.map((c) => (c.type === 'word' ? c.text.replace(/\\[^]/g, '__') : c.type === 'brace_expression' ? c.text : '_'.repeat(c.text.length))).join('');
      merged.brace = !merged.dynamic && BRACE_GROUP.test(bare);
      // Quotes or escapes beside a brace group can change where bash splits it: not expanded here.
      if (merged.brace && node.children.some((c) => (c.type === 'word' ? c.text.includes('\\') : c.type !== 'brace_expression'))) {
        return { ...merged, value: node.text, dynamic: true };
      }
      return merged;
    }
    case 'brace_expression':
      return { ...emptyWord(node.text), brace: true };
    case 'simple_expansion':
    case 'expansion':
      return { ...emptyWord(node.text), dynamic: true, ifs: /\bIFS\b/.test(node.text) };
    default:
      // Substitutions, arrays, anything unexpected: not statically known.
      return { ...emptyWord(node.text), dynamic: true };
  }
}
