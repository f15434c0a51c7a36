/**
 * Reads bash's canonical form (the output of `bash --pretty-print`) into the simple commands and
 * redirect targets it contains, recursing into `$(...)`, backquotes, `<(...)`/`>(...)` and unquoted
 * here-doc bodies. Canonical text is regular (one space between words, redirects after the words,
 * keywords in fixed places), so this is a reader of bash's own output, not a second shell parser.
 */
export interface BashWord {
  /** Source text of the word, as bash printed it. */
  raw: string;
  /** The value after quote removal; undefined when the word has expansions (not statically known). */
  value: string | undefined;
  /** Unquoted brace expansion (`{a,b}`, `{1..3}`): one word becomes several. */
  brace: boolean;
}

export interface BashCommand { words: BashWord[] }

export interface BashCommands {
  commands: BashCommand[];
  /**
   * bash 5.2 re-prints a here-doc inside `$( )` or `<( )` (quoted or not) without the separator after it
   * (`ls ; grep x` comes out as `ls grep x`), so the canonical text of such a line does not show bash's parse.
   */
  reprintUnreliable?: boolean;
  /** File redirect targets with a static name (descriptor duplications excluded). */
  redirects: string[];
}

const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', '{', '}', '!', 'time', 'esac', 'coproc', '-p']);
const OPERATORS = ['&>>', ';;&', '<<<', '<<-', '&&', '||', ';;', ';&', '|&', '>>', '<<', '>&', '<&', '&>', '>|', '<>', ';', '&', '|', '(', ')', '<', '>', '\n'];
const REDIRECTS = new Set(['>>', '<<<', '<<', '<<-', '>&', '<&', '&>', '&>>', '>|', '<>', '<', '>']);

interface Token { op?: string; word?: string; fd?: boolean }

/** Index just past the construct opened at `at` (`(`, `{`, quote or backquote), respecting nesting and quotes. */
function skipNested(text: string, at: number, open: string, close: string): number {
  let depth = 0;
  // `case ... in a) ...;; esac` inside $( ): a pattern's `)` closes nothing.
  let cases = 0;
  let patternNext = false;
  // Only the `in` right after `case WORD` starts the patterns (not `for i in` or `< in` inside an item).
  let awaitingIn = false;
  for (let i = at; i < text.length; i++) {
    const ch = text[i] as string;
    // `;;` ends a case item even glued to a word (`> out;;` in verbatim here-document text).
    if (open === '(' && (ch === ';' || (/[a-z]/.test(ch) && !/[\w$]/.test(text[i - 1] ?? ' ')))) {
      const word = /^(case|in|esac|;;&|;;|;&)(?=[\s;)]|$)/.exec(text.slice(i, i + 5))?.[1];
      if (word === 'case') { cases++; awaitingIn = true; }
      else if (word === 'in' && awaitingIn) { patternNext = true; awaitingIn = false; }
      else if (word === 'esac' && cases > 0) { cases--; patternNext = false; }
      else if (word?.startsWith(';') && cases > 0) patternNext = true;
      if (word) { i += word.length - 1; continue; }
    }
    if (patternNext && ch === ')') { patternNext = false; continue; }
    // A here-doc inside $( ): its body is text up to the delimiter line, parentheses included.
    if (open === '(' && ch === '<' && text[i + 1] === '<' && text[i + 2] !== '<' && text[i - 1] !== '<') {
      const head = /^<<-?[ \t]*((?:'[^']*'|"[^"]*"|\\.|[^\s;&|()<>])+)/.exec(text.slice(i));
      const lineEnd = text.indexOf('\n', i);
      if (head && lineEnd > 0) {
        const delimiter = (head[1] as string).replace(/['"\\]/g, '');
        let at = lineEnd + 1;
        for (;;) {
          const end = text.indexOf('\n', at);
          const line = text.slice(at, end < 0 ? text.length : end);
          if (line.replace(/^\t+/, '') === delimiter || end < 0) { at = end < 0 ? text.length : end; break; }
          at = end + 1;
        }
        // Scan the rest of the here-doc's own line normally, then jump over the body.
        const rest = skipNested(`(${text.slice(i + head[0].length, lineEnd)}`, 0, '(', ')');
        if (rest <= lineEnd - i - head[0].length) return i + head[0].length + rest - 1;
        i = at - 1;
        continue;
      }
    }
    if (ch === '\\') { i++; continue; }
    if (ch === '$' && text[i + 1] === "'" && open !== '"') { i = ansiCEnd(text, i + 2) - 1; continue; }
    if (ch === "'" && open !== '"') { const end = text.indexOf("'", i + 1); i = end < 0 ? text.length : end; continue; }
    if (ch === '"' && i > at && open !== '"') { i = skipNested(text, i, '"', '"') - 1; continue; }
    if (ch === '`' && i > at) { i = skipBackquote(text, i) - 1; continue; }
    if (ch === '$' && text[i + 1] === '$') { i++; continue; }
    if (ch === '$' && (text[i + 1] === '(' || text[i + 1] === '{')) { i = skipNested(text, i + 1, text[i + 1] as string, text[i + 1] === '(' ? ')' : '}') - 1; continue; }
    if (open === '"' && ch === '"' && i > at) return i + 1;
    if (open === '"') continue;
    if (ch === open) depth++;
    else if (ch === close && --depth === 0) return i + 1;
  }
  return text.length;
}

function ansiCEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === "'") return i + 1;
  }
  return text.length;
}

function skipBackquote(text: string, at: number): number {
  for (let i = at + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '`') return i + 1;
  }
  return text.length;
}

/** Shell code nested in a word: `$(...)` and `<(...)` bodies, backquote bodies (unescaped one level). */
/** `processSubstitutions: false` in here-doc bodies, where `<(` is plain text. */
/** `literalQuotes` in here-doc bodies too, where `'` and `"` are plain text (`'$(x)'` runs x). */
function nestedCode(raw: string, out: string[], processSubstitutions = true, literalQuotes = false): void {
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i] as string;
    if (ch === '\\') { i++; continue; }
    // `$$` is the shell's PID: in `"$$(x)"` the `(` is plain text, not a substitution.
    if (ch === '$' && raw[i + 1] === '$') { i++; continue; }
    if (ch === '$' && raw[i + 1] === "'" && !literalQuotes && !insideDoubleQuotes(raw, i)) { i = ansiCEnd(raw, i + 2) - 1; continue; }
    if (ch === "'" && !literalQuotes) {
      // Single quotes are literal outside double quotes; inside "..." a ' is an ordinary character.
      if (!insideDoubleQuotes(raw, i)) { const end = raw.indexOf("'", i + 1); i = end < 0 ? raw.length : end; }
      continue;
    }
    const processSubstitution = processSubstitutions && (ch === '<' || ch === '>') && !insideDoubleQuotes(raw, i);
    if ((ch === '$' || processSubstitution) && raw[i + 1] === '(' && raw[i + 2] !== '(') {
      const end = skipNested(raw, i + 1, '(', ')');
      out.push(raw.slice(i + 2, end - 1));
      i = end - 1;
    } else if (ch === '`') {
      const end = skipBackquote(raw, i);
      out.push(raw.slice(i + 1, end - 1).replace(/\\([$`\\])/g, '$1'));
      i = end - 1;
    }
  }
}

function insideDoubleQuotes(raw: string, at: number): boolean {
  let inside = false;
  for (let i = 0; i < at; i++) {
    if (raw[i] === '\\') i++;
    else if (raw[i] === "'" && !inside) { const end = raw.indexOf("'", i + 1); i = end < 0 ? raw.length : end; }
    else if (raw[i] === '"') inside = !inside;
  }
  return inside;
}

/** Quote removal for a word without expansions; undefined when anything would expand. */
export function staticValue(raw: string): string | undefined {
  let value = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i] as string;
    if (ch === '\\') { value += raw[i + 1] ?? ''; i++; continue; }
    if (ch === "'") { let end = raw.indexOf("'", i + 1); if (end < 0) end = raw.length; value += raw.slice(i + 1, end); i = end; continue; }
    if (ch === '"') {
      for (i++; i < raw.length && raw[i] !== '"'; i++) {
        const c = raw[i] as string;
        if (c === '$' || c === '`') return undefined;
        if (c === '\\' && '$`"\\\n'.includes(raw[i + 1] ?? '')) { value += raw[i + 1]; i++; } else value += c;
      }
      continue;
    }
    if (ch === '$' || ch === '`') return undefined;
    if ((ch === '<' || ch === '>') && raw[i + 1] === '(') return undefined;
    value += ch;
  }
  return value;
}

function hasBrace(raw: string): boolean {
  const bare = raw.replace(/\\./g, '').replace(/'[^']*'/g, '').replace(/"(\\.|[^"])*"/g, '');
  return /\{[^{}]*(,|\.\.)[^{}]*\}/.test(bare);
}

/** Splits canonical text into words and operators; here-doc bodies are handed to `onHeredoc`. */
function tokenize(text: string, nested: string[]): Token[] {
  const tokens: Token[] = [];
  const pendingHeredocs: { delimiter: string; strip: boolean; expands: boolean }[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === ' ' || ch === '\t') { i++; continue; }
    if (ch === '\\' && text[i + 1] === '\n') { i += 2; continue; }
    if (ch === '#' ) { while (i < text.length && text[i] !== '\n') i++; continue; }
    if (ch === '\n' && pendingHeredocs.length) {
      i++;
      for (const doc of pendingHeredocs.splice(0)) {
        const bodyLines: string[] = [];
        while (i < text.length) {
          const end = text.indexOf('\n', i);
          const line = text.slice(i, end < 0 ? text.length : end);
          i = end < 0 ? text.length : end + 1;
          if ((doc.strip ? line.replace(/^\t+/, '') : line) === doc.delimiter) break;
          bodyLines.push(line);
        }
        // The body's own text keeps its backslashes: `\\$` and `\\`` are escapes there, but inside a `$( )`
        // of the body the code is read as it stands (`$(ls \\; x)` runs ls with the arguments `;` and `x`).
        if (doc.expands) nestedCode(bodyLines.join('\n'), nested, false, true);
      }
      tokens.push({ op: '\n' });
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i) && !(o === '(' && text[i + 1] === '(' && tokens.at(-1)?.op !== undefined && false));
    if (op && !((op === '<' || op === '>') && text[i + 1] === '(')) {
      tokens.push({ op });
      i += op.length;
      if (op === '<<' || op === '<<-') {
        while (text[i] === ' ') i++;
        const start = i;
        i = wordEnd(text, i);
        const raw = text.slice(start, i);
        pendingHeredocs.push({ delimiter: staticValue(raw.replace(/[$`]/g, '')) ?? raw, strip: op === '<<-', expands: !/['"\\]/.test(raw) });
        tokens.push({ word: raw });
      }
      continue;
    }
    const start = i;
    i = wordEnd(text, i);
    const raw = text.slice(start, i);
    // `2>` / `{fd}>`: a descriptor glued to the redirect operator.
    const fd = /^(\d+|\{[A-Za-z_][A-Za-z0-9_]*\})$/.test(raw) && (text[i] === '>' || text[i] === '<');
    tokens.push({ word: raw, fd });
  }
  return tokens;
}

function wordEnd(text: string, i: number): number {
  while (i < text.length) {
    const ch = text[i] as string;
    if (' \t\n;&|()'.includes(ch)) {
      // `a=(x y)` keeps its array in the word.
      if (ch === '(' && text[i - 1] === '=') { i = skipNested(text, i, '(', ')'); continue; }
      break;
    }
    if ((ch === '<' || ch === '>') ) {
      if (text[i + 1] === '(') { i = skipNested(text, i + 1, '(', ')'); continue; }
      break;
    }
    if (ch === '\\') { i += 2; continue; }
    // `$'...'` ends at the first quote no backslash escapes (`$'a\\'b'` is one string).
    if (ch === '$' && text[i + 1] === "'") { i = ansiCEnd(text, i + 2); continue; }
    if (ch === "'") { const end = text.indexOf("'", i + 1); i = end < 0 ? text.length : end + 1; continue; }
    if (ch === '"') { i = skipNested(text, i, '"', '"'); continue; }
    if (ch === '`') { i = skipBackquote(text, i); continue; }
    if (ch === '$' && (text[i + 1] === '(' || text[i + 1] === '{')) { i = skipNested(text, i + 1, text[i + 1] as string, text[i + 1] === '(' ? ')' : '}'); continue; }
    if (ch === '$' && text[i + 1] === '[') { i = skipNested(text, i + 1, '[', ']'); continue; }
    i++;
  }
  return i;
}

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/;

/** The simple commands and static redirect targets in canonical bash text, nested code included. */
export function readCanonical(text: string, depth = 0): BashCommands {
  const result: BashCommands = { commands: [], redirects: [] };
  if (depth > 50) return result;
  if (/[$<>]\([^]*(?<!<)<<-?[ \t]*['"A-Za-z_\\]/.test(text)) result.reprintUnreliable = true;
  const nested: string[] = [];
  const tokens = tokenize(text, nested);
  let words: BashWord[] = [];
  let commandStart = true;
  /** What the next words are: a command, the words of `for x in ...`, `case WORD in` or case patterns. */
  let mode: 'command' | 'skip-to-end' | 'case-head' | 'pattern' | 'arith' | 'cond' = 'command';
  const caseStack: number[] = [];
  const finish = (): void => {
    if (words.length) result.commands.push({ words });
    words = [];
    commandStart = true;
  };
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t] as Token;
    // In `(( ... ))` a `<(` is a comparison, not a process substitution (bash runs no command there).
    const arithmetic = mode === 'arith' || (commandStart && token.word?.startsWith('(('));
    if (token.word !== undefined) nestedCode(token.word, nested, !arithmetic);
    if (mode === 'arith') { if (token.word?.endsWith('))') || token.op === ')' && tokens[t + 1]?.op === ')') { mode = 'command'; if (token.op) t++; } continue; }
    if (mode === 'cond') { if (token.word === ']]') mode = 'command'; continue; }
    if (mode === 'skip-to-end') { if (token.op === ';' || token.op === '\n') mode = 'command'; continue; }
    if (mode === 'case-head') { if (token.word === 'in') { mode = 'pattern'; caseStack.push(1); } continue; }
    if (mode === 'pattern') {
      if (token.word === 'esac') { caseStack.pop(); mode = 'command'; continue; }
      if (token.op === ')') { mode = 'command'; commandStart = true; }
      continue;
    }
    if (token.op !== undefined) {
      if (REDIRECTS.has(token.op)) {
        const target = tokens[t + 1]?.word;
        t++;
        if (target === undefined || token.op.startsWith('<<')) continue;
        nestedCode(target, nested);
        const value = staticValue(target);
        const duplication = (token.op === '>&' || token.op === '<&') && /^(\d+-?|-)$/.test(value ?? '');
        if (value !== undefined && !duplication) result.redirects.push(value);
        continue;
      }
      if ((token.op === ';;' || token.op === ';&' || token.op === ';;&') && caseStack.length) { finish(); mode = 'pattern'; continue; }
      if (token.op === '(' && tokens[t + 1]?.op === ')' && words.length === 1) { words = []; commandStart = true; t++; continue; } // function name ()
      if (token.op === '(' && tokens[t + 1]?.op === '(' && commandStart) { mode = 'arith'; t++; continue; }
      finish();
      continue;
    }
    const raw = token.word as string;
    if (token.fd) continue;
    if (commandStart) {
      if (raw === 'function') continue;
      if (KEYWORDS.has(raw)) continue;
      if (raw === 'for' || raw === 'select') { mode = 'skip-to-end'; continue; }
      if (raw === 'case') { mode = 'case-head'; continue; }
      if (raw === '[[') { mode = 'cond'; continue; }
      if (raw.startsWith('((')) { if (!raw.endsWith('))')) mode = 'arith'; continue; }
      if (ASSIGNMENT.test(raw)) continue;
    }
    commandStart = false;
    words.push({ raw, value: staticValue(raw), brace: hasBrace(raw) });
  }
  finish();
  for (const code of nested) {
    const inner = readCanonical(code, depth + 1);
    result.commands.push(...inner.commands);
    result.redirects.push(...inner.redirects);
  }
  return result;
}
