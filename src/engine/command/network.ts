/**
 * Network reach of commands, with the host where the command line names it ('' when it cannot be known,
 * e.g. a git remote name or a package registry taken from config).
 */
import { basename, operands, optionValues, spec } from './argv';
import type { AnalysisRun } from './run';
import type { ResolvedWord } from './words';

/** Host of `scheme://[user@]host[:port]/...`, `[user@]host:path` (scp style) or `user@host`. */
export function hostOf(target: string): string {
  const url = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]+\]|[^:/?#]+)/.exec(target);
  if (url) return (url[1] as string).toLowerCase();
  const scp = /^(?:[^@/:\s]+@)?([a-zA-Z0-9][a-zA-Z0-9.-]*):(?!\/\/)/.exec(target);
  if (scp) return (scp[1] as string).toLowerCase();
  const userHost = /^[^@/:\s]+@([a-zA-Z0-9][a-zA-Z0-9.-]*)$/.exec(target);
  if (userHost) return (userHost[1] as string).toLowerCase();
  return '';
}

/** A bare `example.com[/path]` as given to curl/wget without a scheme. */
function bareHost(target: string): string {
  const m = /^([a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)+|localhost|\d{1,3}(?:\.\d{1,3}){3})(?::\d+)?(?:\/|$)/.exec(target);
  return m ? (m[1] as string).toLowerCase() : '';
}

const CURL_VALUES = spec('--preproxy -o -O -d -H -X -u -A -e -F -T -x -b -c -K -m -w -E -r -U -C --output --data --data-raw --data-binary --data-ascii --data-urlencode --json --form-string --url-query --variable --expand-url --expand-data --header --request --user --user-agent --referer --form --upload-file --proxy --cookie --cookie-jar --config --max-time --write-out --cert --range --retry --connect-timeout --url --resolve --connect-to --unix-socket --abstract-unix-socket --output-dir');
const WGET_VALUES = spec('-O -o -a -P -U -e -t -T -w --output-document --output-file --directory-prefix --user-agent --header --post-data --post-file --body-data --body-file --method --tries --timeout --wait');
const SSH_VALUES = spec('-p -i -l -o -F -J -L -R -D -b -c -E -e -I -m -O -Q -S -W -w -B');
const NC_VALUES = spec('-p -s -w -i -q -x -X -e -c -I -O -T --exec --sh-exec --source --wait');

function urlTargets(run: AnalysisRun, via: string, words: readonly ResolvedWord[], index: number, sends = false): void {
  const hosts = words.map((w) => (w.dynamic ? '' : hostOf(w.value) || bareHost(w.value)));
  if (hosts.length === 0) hosts.push('');
  for (const host of hosts) {
    if (sends) run.sendingRequest(host, via, index);
    else run.effect('network', host, via, index);
  }
}

/** A method other than GET/HEAD changes state on the server (`-X DELETE`, `--method=PUT`). */
function changesState(methods: readonly ResolvedWord[]): boolean {
  return methods.some((m) => m.dynamic || !/^(GET|HEAD)$/i.test(m.value));
}

const CURL_BODY = ['-d', '--data', '--data-binary', '--data-raw', '--data-ascii', '--data-urlencode', '--json', '-F', '--form', '--form-string', '-T', '--upload-file', '--url-query', '--expand-data', '--expand-url', '--variable'];

/** Does this curl request carry data (a body, an upload, `--variable` expansions) or change state? */
function curlSends(args: readonly ResolvedWord[]): boolean {
  if (changesState(optionValues(args, ['-X', '--request']))) return true;
  return args.some((w) => w.dynamic || CURL_BODY.some((o) => w.value === o || w.value.startsWith(`${o}=`)) || /^-[a-zA-Z]*[dFT]/.test(w.value));
}

function curl(run: AnalysisRun, args: readonly ResolvedWord[], index: number): void {
  urlTargets(run, 'curl', [...operands(args, 0, CURL_VALUES), ...optionValues(args, ['--url'])], index, curlSends(args));
  // A proxy is where the request really goes (`-x evil:8080 https://allowed/…`).
  for (const proxy of optionValues(args, ['-x', '--proxy', '--preproxy'])) run.effect('network', proxy.dynamic ? '' : hostOf(proxy.value) || bareHost(proxy.value), 'curl proxy', index);
  // The request goes to a socket, or to an address other than the URL's host (`--resolve`, `--connect-to`),
  // or its URL and body are built at run time from files and environment variables (`--variable`).
  for (const option of ['--unix-socket', '--abstract-unix-socket', '--resolve', '--connect-to', '--variable', '--expand-url', '--expand-data']) {
    if (args.some((w) => w.value === option || w.value.startsWith(`${option}=`))) run.effect('network', '', `curl ${option}`, index);
  }
  for (const out of optionValues(args, ['-o', '--output'])) if (out.value !== '-') run.effect('write', out.value, 'curl', index);
  // Uploads are how secrets leave: `-d @file`, `-F x=@file`, `-T file`, `--variable name@file`.
  for (const data of optionValues(args, ['-d', '--data', '--data-binary', '--data-raw', '--data-urlencode', '--json', '-F', '--form', '--variable'])) {
    const at = /@([^;]+)/.exec(data.value);
    if (at) run.effect('read', at[1] as string, 'curl upload', index);
  }
  for (const file of optionValues(args, ['-T', '--upload-file'])) run.effect('read', file.value, 'curl upload', index);
}

function wget(run: AnalysisRun, args: readonly ResolvedWord[], index: number): void {
  const sends = changesState(optionValues(args, ['--method'])) || args.some((w) => /^--(post|body)-(data|file)(=|$)/.test(w.value));
  urlTargets(run, 'wget', operands(args, 0, WGET_VALUES), index, sends);
  for (const out of optionValues(args, ['-O', '--output-document'])) if (out.value !== '-') run.effect('write', out.value, 'wget', index);
  for (const file of optionValues(args, ['--post-file', '--body-file'])) run.effect('read', file.value, 'wget upload', index);
}

function firstOperandHost(run: AnalysisRun, via: string, args: readonly ResolvedWord[], values: ReturnType<typeof spec>, index: number): void {
  const target = operands(args, 0, values)[0];
  run.effect('network', target && !target.dynamic ? hostOf(target.value) || bareHost(target.value) || target.value : '', via, index);
}

/** scp/rsync/sftp: every `host:path` operand is remote; local operands are read (sent) or written. */
function remoteCopy(run: AnalysisRun, via: string, args: readonly ResolvedWord[], index: number): void {
  const ops = operands(args, 0, spec('-P -i -o -F -e -J -l -S --rsh --exclude --include --filter'));
  const remote = ops.filter((w) => !w.dynamic && hostOf(w.value) !== '');
  for (const w of remote) run.effect('network', hostOf(w.value), via, index);
  ops.forEach((w, i) => {
    if (remote.includes(w)) return;
    run.effect(i === ops.length - 1 && ops.length > 1 ? 'write' : 'read', w.value, via, index);
  });
}

const INSTALL_VERBS = new Set(['install', 'i', 'add', 'ci', 'update', 'up', 'upgrade', 'publish', 'download', 'fetch', 'get', 'dlx', 'create', 'init', 'outdated', 'audit']);
const REGISTRY: Record<string, string> = {
  npm: 'registry.npmjs.org', pnpm: 'registry.npmjs.org', yarn: 'registry.yarnpkg.com', bun: 'registry.npmjs.org',
  pip: 'pypi.org', pip3: 'pypi.org', pipx: 'pypi.org', uv: 'pypi.org', poetry: 'pypi.org', cargo: 'crates.io',
  go: 'proxy.golang.org', gem: 'rubygems.org', bundle: 'rubygems.org', composer: 'repo.packagist.org',
  apt: '', 'apt-get': '', brew: '', dnf: '', yum: '', apk: '',
};

function packageManager(run: AnalysisRun, program: string, args: readonly ResolvedWord[], index: number): void {
  const verb = args.find((w) => !w.value.startsWith('-'))?.value ?? '';
  const pipInstall = (program === 'python' || program === 'python3') && args[0]?.value === '-m' && /^pip3?$/.test(args[1]?.value ?? '');
  if (!INSTALL_VERBS.has(verb) && !(program === 'go' && verb === 'mod') && !pipInstall) return;
  if (program === 'npm' && (verb === 'init' || verb === 'create') && args.length < 2) return;
  const custom = optionValues(args, ['--registry', '-i', '--index-url', '--extra-index-url'])[0];
  const host = custom ? hostOf(custom.value) : (REGISTRY[pipInstall ? 'pip' : program] ?? '');
  run.effect('network', host, `${program} ${verb}`, index);
}

/** docker pull/push/run/build: host of the image reference (docker.io when it names none). */
function docker(run: AnalysisRun, args: readonly ResolvedWord[], index: number): void {
  const verb = args.find((w) => !w.value.startsWith('-'))?.value ?? '';
  if (!['pull', 'push', 'run', 'create', 'build', 'login'].includes(verb)) return;
  const rest = args.slice(args.findIndex((w) => w.value === verb) + 1);
  const image = operands(rest, 0, spec('-t -e -v -p -w -u --name --network -f --file --env --volume --publish --workdir --user --entrypoint --platform --tag --build-arg'))[0];
  const first = image?.value.split('/')[0] ?? '';
  const host = image && image.value.includes('/') && /[.:]|^localhost$/.test(first) ? first.replace(/:\d+$/, '') : 'docker.io';
  run.effect('network', verb === 'build' ? '' : host, `docker ${verb}`, index);
}

const HANDLERS: Record<string, (run: AnalysisRun, args: readonly ResolvedWord[], index: number) => void> = {
  curl, wget,
  ssh: (run, a, i) => firstOperandHost(run, 'ssh', a, SSH_VALUES, i),
  nc: (run, a, i) => firstOperandHost(run, 'nc', a, NC_VALUES, i),
  ncat: (run, a, i) => firstOperandHost(run, 'ncat', a, NC_VALUES, i),
  netcat: (run, a, i) => firstOperandHost(run, 'netcat', a, NC_VALUES, i),
  telnet: (run, a, i) => firstOperandHost(run, 'telnet', a, spec('-l -b'), i),
  ftp: (run, a, i) => firstOperandHost(run, 'ftp', a, spec('-P'), i),
  sftp: (run, a, i) => firstOperandHost(run, 'sftp', a, SSH_VALUES, i),
  scp: (run, a, i) => remoteCopy(run, 'scp', a, i),
  rsync: (run, a, i) => remoteCopy(run, 'rsync', a, i),
  socat: (run, a, i) => {
    for (const w of operands(a, 0, spec(''))) {
      const m = /^(?:tcp|udp|tcp4|tcp6|udp4|udp6|openssl|ssl|tcp-connect|tcp-listen|udp-listen)[^:]*:([^:,]*)/i.exec(w.value);
      if (m) run.effect('network', /listen/i.test(w.value) ? '' : (m[1] as string).toLowerCase(), 'socat', i);
    }
  },
  docker, podman: docker,
};

/** Programs whose output is network data (the source side of `curl … | sh`). */
export const FETCHERS = new Set(['curl', 'wget', 'nc', 'ncat', 'netcat', 'socat', 'telnet', 'ftp', 'ssh', 'fetch', 'aria2c', 'http', 'https', 'xh', 'lynx', 'w3m']);

export function networkEffects(run: AnalysisRun, program: string, argv: readonly ResolvedWord[], index: number): void {
  const handler = HANDLERS[program];
  if (handler) handler(run, argv.slice(1), index);
  else if (program in REGISTRY || program === 'python' || program === 'python3') packageManager(run, program, argv.slice(1), index);
  else if (FETCHERS.has(program)) urlTargets(run, program, operands(argv.slice(1), 0, spec('')), index);
}

/** Inline code of `python -c`, `node -e` ...: does it reach the network or start other programs? */
export function inlineCodeTraits(code: string): { network: boolean; spawns: boolean; host: string } {
  const network = /\b(socket|urllib|requests|http\.client|httpx|aiohttp|fetch\s*\(|https?\.(get|request)|net\.(connect|createConnection|Socket)|XMLHttpRequest|WebSocket|LWP|Net::HTTP|open-uri|IO::Socket|TCPSocket|curl_exec|file_get_contents\s*\(\s*['"]https?:|dns\.)/.test(code);
  const spawns = /\b(os\.system|subprocess|os\.exec|os\.spawn|os\.popen|pty\.spawn|child_process|execSync|spawnSync|exec\s*\(|system\s*\(|`|Kernel\.exec|IO\.popen|popen|shell_exec|passthru|proc_open|eval\s*\(|exec\()/.test(code);
  const url = /[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\s'"]+/.exec(code);
  return { network, spawns, host: url ? hostOf(url[0]) : '' };
}

export const INTERPRETER_CODE_FLAGS: Record<string, string[]> = {
  python: ['-c'], python3: ['-c'], python2: ['-c'], node: ['-e', '--eval', '-p', '--print'], nodejs: ['-e', '--eval', '-p', '--print'],
  deno: ['eval'], bun: ['-e', '--eval'], perl: ['-e', '-E'], ruby: ['-e'], php: ['-r'], lua: ['-e'], Rscript: ['-e'],
};

export function isInterpreter(program: string): boolean {
  return basename(program) in INTERPRETER_CODE_FLAGS || /^python3\.\d+$/.test(program);
}
