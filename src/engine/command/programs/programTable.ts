/**
 * What ordinary programs do through their flags, as reviewed data: options that EXECUTE another
 * program, options whose value is a file the program WRITES, and whether the program reaches the
 * NETWORK. Each entry names its source. The engine consults this table (`programKnowledge.ts`) on top
 * of the special cases that need parsing (find -exec, git, sed/awk programs, shell strings).
 * Option names: `--long` also matches `--long=value`; a single-letter `-x` also matches `-xvalue`.
 */
export interface ProgramFacts {
  /** Options whose value (or presence) makes the program run another command or load code. */
  execOptions?: readonly string[];
  /** Sub-commands (first operand) that run another command or load code. */
  execSubcommands?: readonly string[];
  /** Options whose value is a file the program writes. */
  writeOptions?: readonly string[];
  /** The program talks to other hosts in normal use. */
  network?: boolean;
  /** Man page, GTFOBins page or advisory the entry was written from. */
  source: string;
}

const G = (name: string): string => `https://gtfobins.github.io/gtfobins/${name}/`;
const M = (name: string, section = 1): string => `https://man7.org/linux/man-pages/man${section}/${name}.${section}.html`;
const READ_ONLY = (source: string): ProgramFacts => ({ source });

export const PROGRAMS: Readonly<Record<string, ProgramFacts>> = {
  // version control and forges
  git: { execOptions: ['--upload-pack', '--receive-pack', '--extcmd', '--open-files-in-pager'], writeOptions: ['--output', '--output-directory'], network: true, source: 'https://git-scm.com/docs/git' },
  gh: { execSubcommands: ['extension', 'alias'], network: true, source: 'https://cli.github.com/manual/' },
  glab: { network: true, source: 'https://gitlab.com/gitlab-org/cli' },
  hg: { execOptions: ['--config', '-e', '--ssh'], network: true, source: 'https://www.mercurial-scm.org/doc/hg.1.html' },
  svn: { execOptions: ['--config-option', '--diff-cmd', '--editor-cmd'], network: true, source: 'https://svnbook.red-bean.com/' },
  // search and listing
  grep: READ_ONLY(M('grep')), egrep: READ_ONLY(M('grep')), fgrep: READ_ONLY(M('grep')),
  rg: { execOptions: ['--pre'], source: 'https://github.com/BurntSushi/ripgrep/blob/master/doc/rg.1.txt.tpl' },
  ag: READ_ONLY('https://github.com/ggreer/the_silver_searcher'),
  ack: { execOptions: ['--pager'], source: 'https://beyondgrep.com/documentation/' },
  find: { execOptions: ['-exec', '-execdir', '-ok', '-okdir'], writeOptions: ['-fprint', '-fprint0', '-fprintf', '-fls'], source: G('find') },
  fd: { execOptions: ['-x', '--exec', '-X', '--exec-batch'], source: 'https://github.com/sharkdp/fd#command-execution' },
  fdfind: { execOptions: ['-x', '--exec', '-X', '--exec-batch'], source: 'https://github.com/sharkdp/fd#command-execution' },
  locate: READ_ONLY(M('locate')), ls: READ_ONLY(M('ls')), tree: { writeOptions: ['-o'], source: 'https://linux.die.net/man/1/tree' },
  du: READ_ONLY(M('du')), df: READ_ONLY(M('df')), stat: READ_ONLY(M('stat')), file: READ_ONLY(G('file')), wc: READ_ONLY(M('wc')),
  // text processing
  sed: { source: G('sed') },
  awk: { source: G('awk') }, gawk: { source: G('gawk') }, mawk: { source: G('mawk') }, nawk: { source: G('nawk') },
  cut: READ_ONLY(G('cut')), sort: { writeOptions: ['-o', '--output'], execOptions: ['--compress-program'], source: M('sort') },
  uniq: READ_ONLY(G('uniq')), tr: READ_ONLY(M('tr')), head: READ_ONLY(G('head')), tail: READ_ONLY(G('tail')), cat: READ_ONLY(G('cat')),
  tac: READ_ONLY(G('tac')), nl: READ_ONLY(G('nl')), paste: READ_ONLY(G('paste')), column: READ_ONLY(G('column')), fold: READ_ONLY(G('fold')),
  expand: READ_ONLY(G('expand')), comm: READ_ONLY(G('comm')), diff: READ_ONLY(G('diff')), cmp: READ_ONLY(G('cmp')), join: READ_ONLY(G('join')),
  od: READ_ONLY(G('od')), xxd: READ_ONLY(G('xxd')), hexdump: READ_ONLY(G('hexdump')), strings: READ_ONLY(G('strings')), base64: { writeOptions: ['-o', '--output'], source: G('base64') },
  split: { source: G('split') }, csplit: { writeOptions: ['-f', '--prefix'], source: G('csplit') }, iconv: READ_ONLY(G('iconv')),
  jq: { source: G('jq') }, yq: { source: 'https://mikefarah.gitbook.io/yq/usage/options' },
  tee: { source: G('tee') }, patch: { writeOptions: ['-o', '--output'], source: M('patch') }, ed: { source: G('ed') },
  // pagers and documentation
  less: { writeOptions: ['-o', '-O', '--log-file', '--LOG-FILE'], source: G('less') },
  more: { source: G('more') }, most: { source: 'https://www.jedsoft.org/most/' },
  man: { execOptions: ['-P', '--pager', '-H', '--html', '--browser'], source: M('man') }, info: READ_ONLY('https://www.gnu.org/software/texinfo/manual/info-stnd/'),
  // archives
  tar: { execOptions: ['--to-command', '--use-compress-program', '-I', '--info-script', '-F', '--new-volume-script', '--rsh-command', '--rmt-command', '--checkpoint-action'], source: G('tar') },
  zip: { execOptions: ['-TT', '--unzip-command'], source: G('zip') }, unzip: { source: G('unzip') },
  gzip: READ_ONLY(G('gzip')), gunzip: READ_ONLY(M('gzip')), bzip2: READ_ONLY(G('bzip2')), xz: READ_ONLY(G('xz')), zstd: READ_ONLY('https://facebook.github.io/zstd/zstd_manual.html'),
  '7z': READ_ONLY(G('7z')), cpio: { source: G('cpio') }, ar: READ_ONLY(G('ar')),
  // package managers and runners
  npm: { execOptions: ['--script-shell', '-c', '--call'], execSubcommands: ['exec', 'x', 'explore', 'rebuild'], network: true, source: 'https://docs.npmjs.com/cli/commands' },
  npx: { execOptions: ['-c', '--call'], network: true, source: 'https://docs.npmjs.com/cli/commands/npx' },
  pnpm: { execSubcommands: ['dlx', 'exec', 'create'], network: true, source: 'https://pnpm.io/cli/dlx' },
  pnpx: { network: true, source: 'https://pnpm.io/cli/dlx' },
  yarn: { execSubcommands: ['dlx', 'exec', 'create'], network: true, source: 'https://yarnpkg.com/cli/dlx' },
  bun: { execOptions: ['-e', '--eval', '-p', '--print'], execSubcommands: ['x', 'create'], network: true, source: 'https://bun.sh/docs/cli/run' },
  bunx: { network: true, source: 'https://bun.sh/docs/cli/bunx' },
  deno: { execOptions: ['--allow-run', '-A', '--allow-all'], execSubcommands: ['eval'], network: true, source: 'https://docs.deno.com/runtime/reference/cli/' },
  pip: { execOptions: ['--index-url', '-i', '--extra-index-url'], network: true, source: G('pip') }, pip3: { execOptions: ['--index-url', '-i', '--extra-index-url'], network: true, source: G('pip') },
  pipx: { execSubcommands: ['run'], network: true, source: 'https://pipx.pypa.io/stable/docs/' },
  uv: { execSubcommands: ['tool'], network: true, source: 'https://docs.astral.sh/uv/reference/cli/' }, uvx: { network: true, source: 'https://docs.astral.sh/uv/guides/tools/' },
  poetry: { network: true, source: 'https://python-poetry.org/docs/cli/' }, conda: { network: true, source: 'https://docs.conda.io/' },
  gem: { network: true, source: G('gem') }, bundle: { network: true, source: G('bundle') }, bundler: { network: true, source: G('bundler') },
  composer: { execSubcommands: ['exec'], network: true, source: G('composer') },
  cargo: { execOptions: ['--config'], network: true, source: 'https://doc.rust-lang.org/cargo/commands/' },
  go: { execOptions: ['-exec', '-toolexec'], network: true, source: 'https://pkg.go.dev/cmd/go' },
  mvn: { network: true, source: 'https://maven.apache.org/ref/current/maven-embedder/cli.html' }, gradle: { execOptions: ['-I', '--init-script'], network: true, source: 'https://docs.gradle.org/current/userguide/command_line_interface.html' },
  dotnet: { network: true, source: 'https://learn.microsoft.com/dotnet/core/tools/' },
  apt: { source: G('apt') }, 'apt-get': { execOptions: ['-o'], network: true, source: G('apt-get') }, dpkg: { source: G('dpkg') },
  brew: { network: true, source: 'https://docs.brew.sh/Manpage' },
  // interpreters and runtimes
  node: { execOptions: ['-e', '--eval', '-p', '--print', '-r', '--require', '--import', '--loader', '--experimental-loader'], source: G('node') },
  python: { execOptions: ['-c'], source: G('python') }, python3: { execOptions: ['-c'], source: G('python') },
  ruby: { execOptions: ['-e', '-r'], source: G('ruby') }, perl: { execOptions: ['-e', '-E', '-M', '-m'], source: G('perl') },
  php: { execOptions: ['-r', '-B', '-R', '-E', '-S'], source: G('php') }, lua: { execOptions: ['-e', '-l'], source: G('lua') },
  tclsh: { source: G('tclsh') }, expect: { execOptions: ['-c'], source: G('expect') }, Rscript: { execOptions: ['-e'], source: G('rscript') },
  java: { execOptions: ['-javaagent', '-agentpath', '-agentlib'], source: 'https://docs.oracle.com/en/java/javase/21/docs/specs/man/java.html' },
  jshell: { source: G('jshell') }, irb: { source: G('irb') }, pdb: { source: G('pdb') },
  // build tools
  make: { execOptions: ['--eval', '-E'], source: G('make') },
  cmake: { execOptions: ['-P', '-E'], source: 'https://cmake.org/cmake/help/latest/manual/cmake.1.html' },
  ninja: READ_ONLY('https://ninja-build.org/manual.html'), meson: READ_ONLY('https://mesonbuild.com/Commands.html'),
  gcc: { writeOptions: ['-o'], execOptions: ['-wrapper', '-fplugin'], source: G('gcc') }, 'g++': { writeOptions: ['-o'], execOptions: ['-wrapper', '-fplugin'], source: G('gcc') },
  cc: { writeOptions: ['-o'], source: G('gcc') }, clang: { writeOptions: ['-o'], execOptions: ['-fplugin', '-Xclang'], source: 'https://clang.llvm.org/docs/ClangCommandLineReference.html' },
  tsc: READ_ONLY('https://www.typescriptlang.org/docs/handbook/compiler-options.html'), esbuild: READ_ONLY('https://esbuild.github.io/api/'),
  eslint: { execOptions: ['--rulesdir', '--resolve-plugins-relative-to'], source: 'https://eslint.org/docs/latest/use/command-line-interface' },
  prettier: { execOptions: ['--plugin'], source: 'https://prettier.io/docs/cli' }, jest: { source: 'https://jestjs.io/docs/cli' },
  mocha: { execOptions: ['--require', '-r'], source: 'https://mochajs.org/#command-line-usage' }, vitest: READ_ONLY('https://vitest.dev/guide/cli'),
  pytest: { source: 'https://docs.pytest.org/en/stable/reference/reference.html#command-line-flags' },
  // containers and clusters
  docker: { execOptions: ['--privileged', '--pid', '--cap-add'], execSubcommands: ['exec', 'run'], network: true, source: G('docker') },
  podman: { execOptions: ['--privileged'], execSubcommands: ['exec', 'run'], network: true, source: 'https://docs.podman.io/en/latest/Commands.html' },
  kubectl: { execSubcommands: ['exec', 'run', 'debug', 'attach', 'cp', 'apply', 'delete', 'port-forward', 'proxy'], network: true, source: 'https://kubernetes.io/docs/reference/kubectl/' },
  helm: { execOptions: ['--post-renderer'], network: true, source: 'https://helm.sh/docs/helm/' },
  // network clients
  curl: { writeOptions: ['-o', '--output', '-c', '--cookie-jar', '-D', '--dump-header', '--trace', '--trace-ascii', '--stderr'], network: true, source: G('curl') },
  wget: { writeOptions: ['-O', '--output-document', '-o', '--output-file', '-a', '--append-output'], execOptions: ['-e', '--execute', '--use-askpass'], network: true, source: G('wget') },
  ssh: { execOptions: ['-F'], writeOptions: ['-E'], network: true, source: G('ssh') },
  scp: { execOptions: ['-S', '-F'], network: true, source: G('scp') }, sftp: { execOptions: ['-S', '-F'], network: true, source: G('sftp') },
  rsync: { execOptions: ['-e', '--rsh', '--rsync-path'], writeOptions: ['--log-file', '--write-batch', '--only-write-batch'], network: true, source: G('rsync') },
  nc: { execOptions: ['-e', '-c'], network: true, source: G('nc') }, ncat: { execOptions: ['-e', '--exec', '-c', '--sh-exec', '--lua-exec'], network: true, source: M('ncat') },
  socat: { network: true, source: G('socat') }, telnet: { network: true, source: G('telnet') }, ftp: { network: true, source: G('ftp') },
  aria2c: { execOptions: ['--on-download-complete', '--on-download-start', '--on-download-error', '--on-bt-download-complete'], network: true, source: G('aria2c') },
  http: { network: true, source: 'https://httpie.io/docs/cli' }, openssl: { execOptions: ['-engine'], network: true, source: G('openssl') },
  ping: { network: true, source: M('ping', 8) }, dig: { network: true, source: 'https://linux.die.net/man/1/dig' }, nslookup: { network: true, source: G('nslookup') },
  whois: { network: true, source: G('whois') }, aws: { network: true, source: 'https://docs.aws.amazon.com/cli/latest/reference/' },
  gcloud: { network: true, source: 'https://cloud.google.com/sdk/gcloud/reference' }, az: { network: true, source: 'https://learn.microsoft.com/cli/azure/reference-index' },
  // wrappers and process tools
  env: { execOptions: ['-S', '--split-string'], source: G('env') }, xargs: { source: G('xargs') }, timeout: { source: G('timeout') },
  nice: { source: G('nice') }, nohup: { source: G('nohup') }, watch: { source: G('watch') }, time: { writeOptions: ['-o', '--output'], source: G('time') },
  strace: { writeOptions: ['-o', '--output'], source: G('strace') }, ltrace: { writeOptions: ['-o', '--output'], source: G('ltrace') },
  gdb: { execOptions: ['-ex', '--eval-command', '-x', '--command', '-ix', '-iex'], source: G('gdb') }, lldb: { execOptions: ['-o', '--one-line', '-s', '--source'], source: 'https://lldb.llvm.org/man/lldb.html' },
  valgrind: { source: G('valgrind') }, perf: { source: G('perf') }, stdbuf: { source: G('stdbuf') }, setsid: { source: G('setsid') },
  flock: { execOptions: ['-c', '--command'], source: G('flock') }, ionice: { source: G('ionice') }, taskset: { source: G('taskset') },
  script: { execOptions: ['-c', '--command'], source: G('script') }, busybox: { source: G('busybox') }, sudo: { source: G('sudo') },
  su: { execOptions: ['-c', '--command'], source: G('su') }, doas: { source: G('doas') }, pkexec: { source: G('pkexec') },
  tmux: { source: 'https://man7.org/linux/man-pages/man1/tmux.1.html' }, screen: { source: G('screen') },
  crontab: { source: G('crontab') }, at: { source: G('at') }, 'systemd-run': { source: 'https://www.freedesktop.org/software/systemd/man/latest/systemd-run.html' },
  unshare: { source: G('unshare') }, nsenter: { source: G('nsenter') }, chroot: { source: G('chroot') }, capsh: { source: G('capsh') },
  // editors
  vim: { execOptions: ['-c', '--cmd', '-S'], source: G('vim') }, vi: { execOptions: ['-c', '--cmd', '-S'], source: G('vi') },
  nvim: { execOptions: ['-c', '--cmd', '-S', '-l'], source: G('nvim') }, ex: { execOptions: ['-c'], source: G('ex') },
  emacs: { execOptions: ['--eval', '-l', '--load', '-f', '--funcall'], source: G('emacs') }, nano: { execOptions: ['-s', '--speller'], source: G('nano') },
  code: { execOptions: ['--install-extension'], source: 'https://code.visualstudio.com/docs/editor/command-line' },
  // file operations
  cp: { source: G('cp') }, mv: { source: G('mv') }, install: { source: G('install') }, ln: { source: G('ln') }, rm: READ_ONLY(M('rm')),
  dd: { source: G('dd') }, truncate: READ_ONLY(M('truncate')), shred: READ_ONLY(M('shred')), chmod: READ_ONLY(G('chmod')), chown: READ_ONLY(G('chown')),
  mkdir: READ_ONLY(M('mkdir')), touch: READ_ONLY(M('touch')), tic: { writeOptions: ['-o'], source: M('tic') },
  // databases
  sqlite3: { execOptions: ['-cmd'], source: G('sqlite3') }, psql: { execOptions: ['-c', '--command', '-f', '--file'], network: true, source: G('psql') },
  mysql: { execOptions: ['-e', '--execute'], network: true, source: G('mysql') }, 'redis-cli': { network: true, source: 'https://redis.io/docs/latest/develop/tools/cli/' },
};

export function programFacts(program: string): ProgramFacts | undefined {
  return Object.prototype.hasOwnProperty.call(PROGRAMS, program) ? PROGRAMS[program] : undefined;
}
