/**
 * The labelled outbound corpus: texts an agent might emit that leak a secret (with the detector expected
 * to catch each) and ordinary texts that must stay clean. Shared by the unit tests and the secretlint
 * comparison (bench/secretlint-compare.ts). Tokens are generated, never real.
 */
import { ALNUM, randomFrom, reseed, tokens } from './fakeTokens';


reseed(20261123);
const t = tokens;
const BEGIN = '-----BEGIN ';
const END = '-----END ';

/** Texts an agent might emit that leak a secret, with the detector expected to catch each. */
export const LEAK_TEXTS: Array<[string, string]> = [
  [`export AWS_ACCESS_KEY_ID=${t.awsKeyId()}`, 'aws-access-key-id'],
  [`aws_secret_access_key = ${t.awsSecret()}`, 'aws-secret-access-key'],
  [`const maps = new Client({ key: "${t.gcpKey()}" });`, 'gcp-api-key'],
  [`git remote set-url origin https://x:${t.github()}@github.com/acme/app.git`, 'github-token'],
  [`GITHUB_TOKEN=${t.github()} gh release create v1.2.0`, 'github-token'],
  [`token: ${t.githubFine()}`, 'github-fine-grained-token'],
  [`curl --header "PRIVATE-TOKEN: ${t.gitlab()}" https://gitlab.example.com/api/v4/projects`, 'gitlab-token'],
  [`SLACK_BOT_TOKEN="${t.slack()}"`, 'slack-token'],
  [`stripe.api_key = '${t.stripe()}'`, 'stripe-key'],
  [`OPENAI_API_KEY=${t.openai()}`, 'openai-key'],
  [`client = Anthropic(api_key="${t.anthropic()}")`, 'anthropic-key'],
  [`//registry.npmjs.org/:_authToken=${t.npm()}`, 'npm-token'],
  [`Authorization: Bearer ${t.jwt()}`, 'jwt'],
  [`DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=${t.azureKey()};EndpointSuffix=core.windows.net`, 'azure-storage-key'],
  [`sg.setApiKey("${t.sendgrid()}")`, 'sendgrid-key'],
  [`HF_TOKEN=${t.huggingface()}`, 'huggingface-token'],
  [`${BEGIN}RSA PRIVATE KEY-----\n${t.privateKeyBody()}\n${END}RSA PRIVATE KEY-----`, 'private-key'],
  [`${BEGIN}OPENSSH PRIVATE KEY-----\n${t.privateKeyBody()}\n${END}OPENSSH PRIVATE KEY-----`, 'private-key'],
  [`DATABASE_URL=postgres://app:${t.password()}@db.internal:5432/app`, 'connection-string-password'],
  [`mongodb+srv://admin:${randomFrom(ALNUM, 16)}@cluster0.mongodb.net/test`, 'connection-string-password'],
  [`Server=tcp:acme.database.windows.net;Database=app;User ID=svc;Password=${randomFrom(ALNUM, 20)};`, 'password-in-connection-string'],
  [`DB_PASSWORD=${randomFrom(ALNUM, 24)}`, 'secret-assignment'],
  [`"client_secret": "${randomFrom(ALNUM, 32)}"`, 'secret-assignment'],
  [`api_key: ${randomFrom(ALNUM, 40)}`, 'secret-assignment'],
  [`const signingKey = '${randomFrom(ALNUM + '+/', 44)}';`, 'secret-assignment'],
  [`SESSION_SECRET := ${randomFrom(ALNUM, 30)}`, 'secret-assignment'],
  [`AUTH=${randomFrom(ALNUM, 28)}`, 'secret-assignment'],
  [`-H "Authorization: Bearer ${randomFrom(ALNUM, 40)}"`, 'bearer-token'],
  [`redis://:${randomFrom(ALNUM, 20)}@cache.internal:6379/0`, 'connection-string-password'],
  [`echo '${t.awsKeyId()}' | pbcopy`, 'aws-access-key-id'],
  [`config.set('apiToken', "${t.stripe()}")`, 'stripe-key'],
  [`amqp://guest:${randomFrom(ALNUM, 14)}@rabbit.internal:5672/`, 'connection-string-password'],
  [`{"type": "service_account", "private_key": "${BEGIN}PRIVATE KEY-----\\n${randomFrom(ALNUM, 64)}\\n${END}PRIVATE KEY-----\\n"}`, 'private-key'],
];

/** Ordinary agent output that must stay clean: code, docs, placeholders, hashes, identifiers. */
export const CLEAN_SECRET_TEXTS: string[] = [
  'npm install --save-dev typescript@5.9.3',
  'const token = scanner.nextToken();',
  'tokenValue = scanMinimumNumberOfHexDigits(4, false);',
  'export AWS_REGION=eu-west-1',
  'DATABASE_URL=postgres://user:password@localhost:5432/app',
  'postgres://${DB_USER}:${DB_PASSWORD}@db:5432/app',
  'mysql://root:<password>@127.0.0.1:3306/test',
  'API_KEY=your_api_key',
  'OPENAI_API_KEY=${OPENAI_API_KEY}',
  'const apiKey = process.env.OPENAI_API_KEY;',
  'password: ********',
  'secret = os.environ["APP_SECRET"]',
  'git commit -m "Rotate the Stripe key and document where tokens live"',
  'integrity sha512-Qm9vYmFyYmF6cXV4cXV1eGZvb2JhcmJhenF1eHF1dXhmb29iYXI=',
  'commit 3f6c1a9e2b7d4c8f0a1e5d6b7c8d9e0f1a2b3c4d',
  'resolved "https://registry.npmjs.org/minimatch/-/minimatch-10.2.6.tgz"',
  'See https://docs.github.com/en/authentication for how tokens are scoped.',
  'The header is `Authorization: Bearer <token>`.',
  'const previousToken = getTokenAtPosition(sourceFile, position);',
  'if (passwordInput.value.length < 12) showError("too short");',
  'function verifyJwt(token: string): Claims { return decode(token); }',
  '# Generate a key with: ssh-keygen -t ed25519 -C "you@example.com"',
  'aws s3 cp build/ s3://acme-static/ --recursive',
  'uuid: 9b2e4f6a-3c1d-4e8b-a7f2-5d6c9e0b1a43',
  'password_hash = bcrypt.hashpw(password, bcrypt.gensalt())',
  'SECRET_NAME=prod/api/credentials',
  'const AUTH_HEADER = "authorization";',
  'docker run -e POSTGRES_PASSWORD=example postgres:16',
  'kubectl create secret generic app --from-file=./secrets.env',
  'https://user@example.com:8443/path?query=1',
  'ghp_ prefixes mark classic personal access tokens',
  'color: #a3f2c1; background: #0b1e2d;',
  '[author-npm-url]: https://www.npmjs.com/~tunnckocore',
  'AZURE_AUTHORITY_HOST=https://login.partner.microsoftonline.cn',
  'push({marker:n,length:0,token:t.tokens.length-1,end:-1,open:s})',
  'const password = result.groups?.password;',
  'export const oauth2AuthenticationPolicyName = "oauth2AuthenticationPolicy";',
  "assert.equal(serialize(components), 'uri://foo:bar@example.com')",
  '// Example) ' + ['AKIA', 'IOSFODNN7', 'EXAMPLE'].join(''),
  "const myURL = new URL('https://abc:xyz@example.com');",
  'submitPassword: SIGN_IN_V2_SUBMIT_PASSWORD,',
  ' * @param privateKey - the private key (string should contain ' + BEGIN + 'PRIVATE KEY----- ... ' + END + 'PRIVATE KEY----- )',
  'e[r-1].token===n.token-1&&e[n.end+1]',
];

