/**
 * Lines that put the value of a credential from the environment where the agent can read it. The vault
 * exists so that an agent never sees a raw secret: a command that prints the environment, or expands a
 * variable named like a credential, must not pass as an ordinary allowed `echo`.
 * Sources: bash(1) "SHELL BUILTIN COMMANDS" (declare/typeset/export/readonly/local print variables with
 * their values when given no names, or with -p), "Parameter Expansion" (${!name} indirection, ${name@Q}),
 * awk(1) ENVIRON, jq(1) `env` and `$ENV`; GTFOBins-style environment disclosure.
 */
import { strict as assert } from 'node:assert';
import { looksLikeCredentialName } from '../../../../src/engine/command/environmentReads';
import { runCases, type Case } from './caseTable';

const SECRET = 'secret-read:ask';

const cases: Case[] = [
  // Declaration builtins that print variables and their values.
  { line: 'export', commands: [], concerns: [SECRET] },
  { line: 'export -p', commands: [], concerns: [SECRET] },
  { line: 'declare', commands: [], concerns: [SECRET] },
  { line: 'declare -x', commands: [], concerns: [SECRET] },
  { line: 'declare -p', commands: [], concerns: [SECRET] },
  { line: 'declare -p GITHUB_TOKEN', commands: [], concerns: [SECRET] },
  { line: 'typeset -px', commands: [], concerns: [SECRET] },
  { line: 'readonly', commands: [], concerns: [SECRET] },
  { line: 'ls && export -p | grep KEY', commands: ['ls', 'grep KEY'], concerns: [SECRET] },
  // Expanding a variable named like a credential, anywhere bash expands it.
  { line: 'echo $GITHUB_TOKEN', commands: ['echo $GITHUB_TOKEN'], concerns: [SECRET] },
  { line: 'echo "token: ${NPM_TOKEN}"', commands: ['echo "token: ${NPM_TOKEN}"'], concerns: [SECRET] },
  { line: 'printf %s "$AWS_SECRET_ACCESS_KEY" | base64', commands: ['printf %s "$AWS_SECRET_ACCESS_KEY"', 'base64'], concerns: [SECRET] },
  { line: 'echo ${OPENAI_API_KEY:0:8}', commands: ['echo ${OPENAI_API_KEY:0:8}'], concerns: [SECRET] },
  { line: 'echo ${DB_PASSWORD@Q}', commands: ['echo ${DB_PASSWORD@Q}'], concerns: [SECRET] },
  { line: 'cat <<< "$GH_TOKEN"', commands: ['cat'], concerns: [SECRET] },
  { line: 'x=$ANTHROPIC_API_KEY; echo $x', commands: ['echo $x'], concerns: [SECRET] },
  { line: 'curl -sH "Authorization: Bearer $GITHUB_TOKEN" https://api.github.com/user', commands: ['curl -sH "Authorization: Bearer $GITHUB_TOKEN" https://api.github.com/user'], concerns: [SECRET] },
  { line: 'cat <<EOF\n$STRIPE_SECRET_KEY\nEOF', commands: ['cat'], concerns: [SECRET] },
  // Indirection reads a variable whose name is only known at run time.
  { line: 'n=GITHUB_TOKEN; echo ${!n}', commands: ['echo ${!n}'], concerns: [SECRET] },
  // Programs that read the environment from their own program text.
  { line: `awk 'BEGIN { print ENVIRON["GITHUB_TOKEN"] }'`, commands: ['awk BEGIN { print ENVIRON["GITHUB_TOKEN"] }'], concerns: [SECRET] },
  { line: 'jq -n env', commands: ['jq -n env'], concerns: [SECRET] },
  { line: `jq -n '$ENV.GITHUB_TOKEN'`, commands: ['jq -n $ENV.GITHUB_TOKEN'], concerns: [SECRET] },

  // Not secrets: these stay free of the concern.
  { line: 'echo $HOME $PATH $PWD $USER', commands: ['echo $HOME $PATH $PWD $USER'] },
  { line: "echo '$GITHUB_TOKEN'", commands: ['echo $GITHUB_TOKEN'] },
  { line: 'echo \\$GITHUB_TOKEN', commands: ['echo $GITHUB_TOKEN'] },
  { line: 'for key in a b; do echo $key; done', commands: ['echo $key'] },
  { line: 'export NODE_ENV=production', commands: [] },
  { line: 'export GREETING="hello $USER"', commands: [] },
  { line: 'declare -a items=(a b)', commands: [] },
  { line: 'declare -f', commands: [] },
  { line: 'echo ${!GITHUB*}', commands: ['echo ${!GITHUB*}'] },
  { line: 'echo ${#items[@]}', commands: ['echo ${#items[@]}'] },
  { line: "jq '.version' package.json", commands: ['jq .version package.json'], effects: ['read:package.json'] },
  { line: `awk '{ print $1 }' notes.txt`, commands: ['awk { print $1 } notes.txt'], effects: ['read:notes.txt'] },
];

runCases('environment reads that reveal credentials', cases);

describe('looksLikeCredentialName', () => {
  const secret = ['GITHUB_TOKEN', 'PGPASSWORD', 'AWS_SECRET_ACCESS_KEY', 'AWS_ACCESS_KEY_ID', 'DB_PASS', 'REDISCLI_AUTH', 'SLACK_WEBHOOK_URL',
    'MYSQL_PWD', 'STRIPE_KEY', 'NPM_TOKEN', 'SENTRY_DSN', 'DATABASE_URL', 'GITHUB_PAT', 'OPENAI_API_KEY', 'HF_TOKEN', 'CLIENT_SECRET'];
  const plain = ['HOME', 'PATH', 'PWD', 'OLDPWD', 'USER', 'TERM', 'SHELL', 'XAUTHORITY', 'KUBECONFIG', 'TOKENIZERS_PARALLELISM', 'KEYMAP',
    'NODE_ENV', 'CI', 'BUILD_ID', 'token', 'key', 'password', 'PASSENGER_ROOT', 'SECRETARY'];
  for (const name of secret) it(`${name} is named like a credential`, () => assert.ok(looksLikeCredentialName(name)));
  for (const name of plain) it(`${name} is not`, () => assert.ok(!looksLikeCredentialName(name)));
});
