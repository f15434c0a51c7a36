/**
 * Lines that reveal credentials held in the environment. The vault injects secrets into the commands
 * that need them so that the agent never sees a raw value; a line that prints the environment, or that
 * expands a variable named like a credential, would hand that value to the agent (or to whatever the
 * line sends it to). Such lines are ask, whatever rule allowed the program.
 */
import type { SyntaxNode as Node } from './syntax';
import type { AnalysisRun } from './run';
import type { ResolvedWord } from './words';

/**
 * Upper-case names that hold credentials by convention: a part ending in a credential word (GITHUB_TOKEN,
 * PGPASSWORD, AWS_SECRET_ACCESS_KEY), a credential part (DB_PASS, REDISCLI_AUTH, SLACK_WEBHOOK_URL,
 * SSH_AUTH_SOCK), or a key (STRIPE_KEY, MYSQL_PWD). Lower-case names are usually the shell's own loop
 * and script variables, and PWD/OLDPWD are directories.
 */
const CREDENTIAL_ENDING = /^(?:[A-Z0-9]+_)*[A-Z0-9]*(?:TOKENS?|SECRETS?|PASSWORD|PASSWD|PASSPHRASE|APIKEY)(?:_[A-Z0-9]+)*$/;
const CREDENTIAL_PART = /^(?:[A-Z0-9]+_)*(?:PASS|CREDENTIALS?|CREDS|AUTH|COOKIES?|PAT|DSN|WEBHOOK|CONNECTION_STRING|DATABASE_URL)(?:_[A-Z0-9]+)*$/;
const KEY_NAME = /^[A-Z0-9_]+_(?:KEY(?:_ID)?|PWD)$/;

export function looksLikeCredentialName(name: string): boolean {
  return CREDENTIAL_ENDING.test(name) || CREDENTIAL_PART.test(name) || KEY_NAME.test(name);
}

/** `${!name}` reads the variable whose name `name` holds; `${!prefix*}` and `${!array[@]}` only list names. */
const EXPANSION_HEAD = /^\$\{([!#]?)([A-Za-z_][A-Za-z0-9_]*)(.?)/;

/** A `$NAME` or `${...}` node, wherever bash expands it (arguments, strings, here-docs, assignments). */
export function checkExpansion(run: AnalysisRun, node: Node): void {
  const text = node.text;
  if (node.type === 'simple_expansion') {
    const name = text.slice(1);
    if (looksLikeCredentialName(name)) secretRead(run, `expands $${name}, which is named like a credential`, -1, name);
    return;
  }
  // @P expands the value as a prompt string, which runs the command substitutions in it.
  if (text.endsWith('@P}')) run.concern('dynamic-command', 'ask', `${text} expands a value as a prompt string, which runs any command substitution in it`, -1);
  const head = EXPANSION_HEAD.exec(text);
  if (!head) return;
  const [, prefix, name = '', next] = head;
  if (prefix === '!') {
    if (next === '}') secretRead(run, `\${!${name}} reads a variable whose name is only known at run time`);
    return;
  }
  // ${#NAME} is only the length of the value.
  if (prefix === '' && looksLikeCredentialName(name)) secretRead(run, `expands \${${name}}, which is named like a credential`, -1, name);
}

const DECLARATION_FLAGS = /^[-+][A-Za-z]+$/;

/**
 * declare/typeset/export/readonly/local print variables with their values when given no names (and
 * no -f/-F, which print functions), or when given -p.
 */
export function checkDeclaration(run: AnalysisRun, node: Node): void {
  const keyword = node.children[0]?.text ?? 'declare';
  const parts = node.namedChildren;
  const flags = parts.filter((p) => p.type === 'word' && DECLARATION_FLAGS.test(p.text)).map((p) => p.text);
  const operands = parts.length - flags.length;
  const printsValues = flags.some((f) => f.startsWith('-') && f.includes('p')) || (operands === 0 && !flags.some((f) => /[fF]/.test(f)));
  if (printsValues) secretRead(run, `${[keyword, ...flags].join(' ')} prints shell variables with their values, which can include credentials`);
}

/** Option words of jq whose following word(s) are names and values, not the filter. */
const JQ_NAMED_VALUES: Readonly<Record<string, number>> = { '--arg': 2, '--argjson': 2, '--slurpfile': 2, '--rawfile': 2, '-f': 1, '--from-file': 1, '-L': 1, '--indent': 1 };
const JQ_ENV = /(^|[^A-Za-z0-9_$.])env\b|\$ENV\b/;

/** Programs whose own program text reads the environment: awk's ENVIRON, jq's `env` and `$ENV`. */
export function programEnvironmentReads(run: AnalysisRun, program: string, argv: readonly ResolvedWord[], index: number): void {
  if (/^[gmn]?awk$/.test(program)) {
    if (argv.some((w, i) => i > 0 && /\bENVIRON\b/.test(w.value))) secretRead(run, `the ${program} program reads the environment (ENVIRON), which can hold credentials`, index);
    return;
  }
  if (program !== 'jq' && program !== 'gojq') return;
  for (let i = 1; i < argv.length; i++) {
    const value = (argv[i] as ResolvedWord).value;
    const skip = JQ_NAMED_VALUES[value];
    if (skip !== undefined) { i += skip; continue; }
    if (JQ_ENV.test(value)) {
      secretRead(run, `the ${program} filter reads the environment (env / $ENV), which can hold credentials`, index);
      return;
    }
  }
}

function secretRead(run: AnalysisRun, message: string, index = -1, variable?: string): void {
  run.concern('secret-read', 'ask', `${message}; its value would reach the agent (use the vault to give a command a secret)`, index, variable);
}
