/**
 * Turns policy text into a validated PolicyFile, reporting every problem with its file and JSON path.
 * Beyond the schema, it checks what only makes sense as a whole: patterns compile, rule examples
 * behave as the admin claims, rule ids are unique, hosts are not over-broad.
 */
import { minimatch } from 'minimatch';
import { compilePattern, patternMatches, shapeArgv, splitWords, programName } from './commandPattern';
import { firstJsonErrorOffset, lineAndColumn } from './jsonLocation';
import { policySchema, type CommandRule, type PolicyFile } from './schema';

export interface PolicyProblem {
  file: string;
  /** JSON path such as `$.commands.rules[3].match[0]`, or `line 4, column 7` for syntax errors. */
  location: string;
  message: string;
}

export interface LoadResult {
  /** Present only when there are no problems: a policy with any error is never used. */
  policy?: PolicyFile;
  problems: PolicyProblem[];
}

export function jsonPath(segments: readonly PropertyKey[]): string {
  let out = '$';
  for (const segment of segments) out += typeof segment === 'number' ? `[${segment}]` : `.${String(segment)}`;
  return out;
}

function syntaxLocation(text: string): string {
  const offset = firstJsonErrorOffset(text);
  return offset === undefined ? '$' : lineAndColumn(text, offset);
}

/**
 * V8's JSON.parse message, minus what the location already says and the copy of the input it quotes
 * (which may hold line breaks and would break a one-line problem report).
 */
export function plainJsonError(message: string): string {
  const plain = message
    .replace(/, (?:\.\.\.)?".*" is not valid JSON$/s, '')
    .replace(/ in JSON at position \d+(?: \(line \d+ column \d+\))?/, '')
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
    .trim();
  return plain.length > 0 ? plain : 'syntax error';
}

export function parsePolicyText(text: string, file: string): LoadResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { problems: [{ file, location: syntaxLocation(text), message: `not valid JSON: ${plainJsonError(message)}` }] };
  }
  return validatePolicy(data, file);
}

export function validatePolicy(data: unknown, file: string): LoadResult {
  const parsed = policySchema.safeParse(data);
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((issue) => ({ file, location: jsonPath(issue.path), message: issueMessage(issue) })),
    };
  }
  const problems = semanticProblems(parsed.data, file);
  return problems.length > 0 ? { problems } : { policy: parsed.data, problems };
}

/** zod's message, except its bare "Invalid input" for a value that fits none of a union's forms. */
function issueMessage(issue: { code: string; message: string }): string {
  return issue.code === 'invalid_union' && issue.message === 'Invalid input' ? 'does not have any of the allowed forms (see the schema)' : issue.message;
}

function semanticProblems(policy: PolicyFile, file: string): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const report = (segments: PropertyKey[], message: string) => problems.push({ file, location: jsonPath(segments), message });
  const seen = new Set<string>();
  policy.commands?.rules?.forEach((rule, index) => {
    const at: PropertyKey[] = ['commands', 'rules', index];
    if (seen.has(rule.id)) report([...at, 'id'], `duplicate rule id "${rule.id}"`);
    seen.add(rule.id);
    checkCommandRule(rule, (tail, message) => report([...at, ...tail], message));
  });
  policy.paths?.rules?.forEach((rule, index) => {
    if (seen.has(rule.id)) report(['paths', 'rules', index, 'id'], `duplicate rule id "${rule.id}"`);
    seen.add(rule.id);
    rule.globs.forEach((glob, g) => checkGlob(glob, (message) => report(['paths', 'rules', index, 'globs', g], message)));
  });
  for (const key of ['allowed_paths', 'denied_paths'] as const) {
    policy.paths?.[key]?.forEach((glob, g) => checkGlob(glob, (message) => report(['paths', key, g], message)));
  }
  for (const key of ['allowedHosts', 'deniedHosts'] as const) {
    policy.network?.[key]?.forEach((host, h) => {
      const problem = hostProblem(host, key === 'allowedHosts');
      if (problem) report(['network', key, h], problem);
    });
  }
  policy.secrets?.forEach((grant, s) => grant.commands.forEach((pattern, c) => {
    const compiled = compilePattern(pattern);
    if (typeof compiled === 'string') report(['secrets', s, 'commands', c], compiled);
  }));
  return problems;
}

function checkCommandRule(rule: CommandRule, report: (tail: PropertyKey[], message: string) => void): void {
  const patterns = (Array.isArray(rule.command) ? rule.command : [rule.command]).map(compilePattern);
  const compiled = patterns.filter((p) => typeof p !== 'string');
  patterns.forEach((p, i) => {
    if (typeof p === 'string') report(Array.isArray(rule.command) ? ['command', i] : ['command'], p);
  });
  if (compiled.length !== patterns.length) return;
  const anchored = rule.effect === 'allow';
  const matches = (example: string): boolean | undefined => {
    const words = splitWords(example);
    if (!words || words.length === 0) return undefined;
    const shape = shapeArgv(programName(words[0] ?? ''), words);
    return compiled.some((p) => patternMatches(p, shape, anchored));
  };
  rule.match?.forEach((example, i) => {
    const result = matches(example);
    if (result === undefined) report(['match', i], `example "${example}" is not a simple command`);
    else if (!result) report(['match', i], `rule "${rule.id}" does not match its example "${example}"`);
  });
  rule.notMatch?.forEach((example, i) => {
    if (matches(example) === true) report(['notMatch', i], `rule "${rule.id}" matches "${example}", listed under notMatch`);
  });
}

function checkGlob(glob: string, report: (message: string) => void): void {
  if (minimatch.makeRe(glob, { dot: true }) === false) report(`"${glob}" is not a valid glob`);
  if (/^\*{1,2}$|^\/\*{0,2}$/.test(glob)) report(`"${glob}" matches everything; name the directories instead`);
}

/** Multi-label public suffixes commonly abused as `*.co.uk`; a full public-suffix list is out of scope. */
const BROAD_SUFFIXES = new Set(['co.uk', 'org.uk', 'ac.uk', 'com.au', 'net.au', 'co.jp', 'com.br', 'co.in', 'com.cn', 'github.io', 'herokuapp.com', 'vercel.app', 'netlify.app', 'pages.dev', 'workers.dev', 'ngrok.io', 'ngrok-free.app', 'amazonaws.com', 'cloudfront.net', 'azurewebsites.net', 'appspot.com', 'firebaseapp.com', 'web.app', 'repl.co', 'glitch.me', 'trycloudflare.com']);

export function hostProblem(host: string, allowList: boolean): string | undefined {
  const lower = host.toLowerCase();
  if (lower === '*' || lower === '*.*') return `"${host}" is too broad: it allows every host`;
  if (!/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(lower)) return `"${host}" is not a host name or a "*.domain" wildcard`;
  if (!allowList || !lower.startsWith('*.')) return undefined;
  const suffix = lower.slice(2);
  if (!suffix.includes('.') || BROAD_SUFFIXES.has(suffix)) {
    return `"${host}" is too broad: anyone can register a host under it`;
  }
  return undefined;
}
