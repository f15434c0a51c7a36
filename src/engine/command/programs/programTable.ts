/**
 * What ordinary programs do through their flags, as reviewed data (issue 11, section 2): options and
 * sub-commands that EXECUTE another program or load code, options whose value is a file the program
 * WRITES, and how the program reaches the NETWORK. Every entry names the page it was written from.
 * `programKnowledge.ts` applies the table; the special cases that need real parsing (find -exec, git
 * config keys, sed/awk programs, shell strings, interpreter one-liners) live in their own modules and
 * are named in `judgedBy`, so the table stays the single list of what each program can do.
 *
 * Option spelling: `--long` matches `--long VALUE` and `--long=VALUE`; a single-letter `-x` matches
 * `-x VALUE`, `-xVALUE` and `-x` inside a bundle of short flags (`-avx`); any other `-word` matches
 * `-word VALUE` and `-word=VALUE`.
 */
export interface SubcommandFacts {
  exec?: readonly string[];
  write?: readonly string[];
}

/**
 * How an interpreter runs a script file (`node app.js`, `python3 -u gen.py`): the shape balanced allows
 * (templates.ts dev.scripts), judged as executing the file. Any other option before the script may load
 * code, open a debugger port or read the program from elsewhere, so it puts the line back to ask.
 */
export interface ScriptFacts {
  /** What a script's name ends with; the allow patterns of dev.scripts use the same endings. */
  names: RegExp;
  /** Options that may come before the script and change neither what runs nor what it can reach. */
  harmless: readonly string[];
  /** Mode words that come before the script (`tsx watch FILE`). */
  modes?: readonly string[];
  /** Options under which the file is not run as a script, judged by their own rules (`node --check`, `node --test`). */
  otherModes?: readonly string[];
}

/**
 * A cluster or daemon client whose endpoint and credentials come from the user's own configuration
 * (`~/.kube/config`, outside the workspace), like a git remote from `.git/config`: no network effect,
 * unless an option on the line names another endpoint, credentials or config file.
 */
export interface ConfiguredEndpoint {
  overrides: readonly string[];
}

/**
 * A compiler run on the project's sources (`gcc -Wall -c main.c -o build/main.o`, `javac Main.java`):
 * balanced allows it (templates.ts dev.compile) only when every option is one of these, so no plugin,
 * tool prefix, response file or classpath outside the analyzer's view takes part. Operands are read.
 */
export interface CompilerFacts {
  /** One option word that neither loads code, picks the tools to run, nor reads options from a file. */
  options: RegExp;
  /** Options whose value is the next word (`-o FILE`, `-x c`, `-I dir`). */
  valued: readonly string[];
}

export interface ProgramFacts {
  /** Compilers: the option words allowed in the shape balanced allows. */
  compiler?: CompilerFacts;
  /** The program runs a script file given as its first operand (interpreters). */
  script?: ScriptFacts;
  /** `network: 'configured'`: the options that point the program somewhere else. */
  endpoint?: ConfiguredEndpoint;
  /** Options whose presence or value makes the program run another program or load code. */
  exec?: readonly string[];
  /** Options whose value is a file of code the program runs (`make -f`, `node -r`): an execute effect. */
  runsFile?: readonly string[];
  /** The program runs the command given as its operands (`strace cmd`), which is not judged here. */
  runsOperands?: boolean;
  /** Options that run code only for some values (`ssh -o ProxyCommand=…`, `cmake -E env …`). */
  execWhen?: Readonly<Record<string, RegExp>>;
  /** Sub-commands (first operand) that run another program, a container or code. */
  execSubcommands?: readonly string[];
  /** Sub-commands that run a package's binary: peeled by wrappers.ts, the binary is judged as the command. */
  runnerSubcommands?: readonly string[];
  /** Options that are only dangerous under one sub-command (`git grep -O`, `git difftool -x`). */
  subcommands?: Readonly<Record<string, SubcommandFacts>>;
  /** Options whose value is a file the program writes. */
  write?: readonly string[];
  /**
   * `operand`: the last operand is the host; `unknown`: it talks to hosts it does not name; `forge`: the
   * forge's API host unless `--hostname HOST` / `-R HOST/OWNER/REPO` names another; `configured`: the
   * endpoint of the user's own configuration (see ConfiguredEndpoint).
   */
  network?: 'operand' | 'unknown' | 'handled' | 'forge' | 'configured';
  /** For `forge`: the API host used when the line names none. */
  defaultHost?: string;
  /** Single-dash options are whole words, not getopt bundles (`gcc -DBAR` is not `-D -B -A -R`). */
  noBundles?: boolean;
  /** Global options that take a value, skipped when looking for the sub-command. */
  globalValues?: readonly string[];
  /** The module that judges what this program runs, when the table only documents it. */
  judgedBy?: string;
  /** Man page, GTFOBins page, vendor doc or advisory the entry was written from. */
  source: string;
}

/**
 * Options that point a program at another project directory (or its manifest), whose own code and
 * configuration it then runs, like a `cd` there would: judged as executing that path.
 */
const PROJECT_DIR = {
  git: ['--git-dir', '--work-tree', '-C'], npm: ['--prefix', '-C'], pnpm: ['-C', '--dir'], yarn: ['--cwd'], bun: ['--cwd'], go: ['-C'],
  mvn: ['-f', '--file'], gradle: ['-p', '--project-dir'], tsc: ['-p', '--project'], pytest: ['--rootdir', '-c', '--config-file', '--confcutdir'],
} as const;

const G = (name: string): string => `https://gtfobins.github.io/gtfobins/${name}/`;
const M = (name: string, section = 1): string => `https://man7.org/linux/man-pages/man${section}/${name}.${section}.html`;
const READS = (source: string): ProgramFacts => ({ source });
const LESS_META = /[!|$`;&<>()*?[\]{}~\\'"\s]/;

const GIT_SUBCOMMANDS: Record<string, SubcommandFacts> = {
  grep: { exec: ['-O', '--open-files-in-pager'] },
  difftool: { exec: ['-x', '--extcmd'] },
  rebase: { exec: ['-x', '--exec'] },
  'filter-branch': { exec: ['--tree-filter', '--index-filter', '--msg-filter', '--commit-filter', '--env-filter', '--parent-filter', '--tag-name-filter'] },
  clone: { exec: ['-u', '--upload-pack', '--template'] },
  fetch: { exec: ['--upload-pack'] }, pull: { exec: ['--upload-pack'] }, 'ls-remote': { exec: ['--upload-pack'] },
  push: { exec: ['--receive-pack', '--exec'] }, archive: { exec: ['--exec'], write: ['-o', '--output'] },
  'send-pack': { exec: ['--receive-pack', '--exec'] }, 'fetch-pack': { exec: ['--upload-pack', '--exec'] },
  'format-patch': { write: ['-o', '--output-directory', '--output'] },
  diff: { write: ['--output'] }, log: { write: ['--output'] }, show: { write: ['--output'] },
};

const TAR: ProgramFacts = {
  exec: ['--to-command', '--use-compress-program', '-I', '--info-script', '-F', '--new-volume-script', '--rsh-command', '--rmt-command'],
  execWhen: { '--checkpoint-action': /^(exec|shell)/ },
  source: `${G('tar')} ; https://www.gnu.org/software/tar/manual/html_node/Option-Summary.html`,
};
const AWK = { judgedBy: 'embedded.ts awkProgram, programKnowledge.ts awkProgramWrites', source: `${G('awk')} ; https://www.gnu.org/software/gawk/manual/html_node/Redirection.html` };
const FD: ProgramFacts = { exec: ['-x', '--exec', '-X', '--exec-batch'], source: 'https://github.com/sharkdp/fd#command-execution' };
const SSH_EXEC = /^(ProxyCommand|LocalCommand|PermitLocalCommand|KnownHostsCommand|RemoteCommand|Match)\b/i;
const SSH: ProgramFacts = { exec: ['-F'], execWhen: { '-o': SSH_EXEC }, write: ['-E'], network: 'handled', source: `${G('ssh')} ; https://man.openbsd.org/ssh_config` };
const SCP: ProgramFacts = { exec: ['-S', '-F'], execWhen: { '-o': SSH_EXEC }, network: 'handled', source: `${G('scp')} ; https://man.openbsd.org/scp` };
const EDITOR = (source: string): ProgramFacts => ({ exec: ['-c', '--cmd'], runsFile: ['-S', '-u'], source });
/** -f options that only change code generation or diagnostics (not -fplugin, -fpass-plugin, -fuse-ld, or any that names a file). */
const CC_F = 'PIC|pic|PIE|pie|no-[a-z0-9-]+|openmp|exceptions|rtti|color-diagnostics|diagnostics-color(=\\w+)?|sanitize=[a-z,-]+|stack-protector(-\\w+)?|visibility=\\w+|omit-frame-pointer|common|wrapv|strict-aliasing|lto(=\\w+)?|max-errors=\\d+|syntax-only|permissive|unroll-loops|fast-math|short-enums|coroutines|concepts|signed-char|unsigned-char|asynchronous-unwind-tables|builtin|inline-functions|ms-extensions|cxx-exceptions|modules';
const CC_OPTIONS = new RegExp(`^-(c|S|E|v|w|s|pipe|pthread|shared|static|rdynamic|pedantic|pedantic-errors|ansi|M|MM|MD|MMD|MP|x|o|I|D|U|L|MT|MQ|isystem|iquote|g[0-9a-z]*|O[0-3sgz]?|Ofast|std=[\\w+]+|[IDUL][^=@]*|D\\w+=[^@]*|l[\\w+.-]+|W[\\w=+-]*|m(?!llvm)[\\w=.-]+|f(${CC_F}))$`);
const CC_VALUED = ['-o', '-x', '-I', '-D', '-U', '-L', '-MT', '-MQ', '-isystem', '-iquote'];
const COMPILER = (source: string): ProgramFacts => ({ exec: ['-wrapper', '-fplugin', '-B', '-specs', '--specs'], write: ['-o'], noBundles: true, compiler: { options: CC_OPTIONS, valued: CC_VALUED }, source });
/** javac: not -cp/-classpath/-processorpath (annotation processors load from them), -J, -Xplugin, @argfiles. */
const JAVAC_OPTIONS = /^-(d|g|g:[a-z,]+|Xlint(:[\w,-]+)?|source|target|-release|encoding|nowarn|verbose|deprecation|parameters|Werror|Xdiags:\w+|Xmaxerrs|Xmaxwarns|proc:none|implicit:(none|class))$/;
/**
 * Options that only change output buffering, warnings or source maps. Not `--inspect*` (a debugger port
 * anyone who can reach it drives), `--env-file` (reads secrets), `-i` (reads code from stdin afterwards),
 * `-m` (a module from anywhere on sys.path), `-X`/`-W` (some values write files or load code).
 */
const NODE_SCRIPT: ScriptFacts = { names: /\.[cm]?js$/, otherModes: ['--check', '-c', '--test'], harmless: ['--watch', '--enable-source-maps', '--no-warnings', '--trace-warnings', '--trace-uncaught', '--no-deprecation', '--trace-deprecation', '--throw-deprecation'] };
const PYTHON_SCRIPT: ScriptFacts = { names: /\.py$/, harmless: ['-u', '-B', '-O', '-OO', '-s', '-E', '-I', '-P', '-q', '-b', '-bb'] };
const TS_NAMES = /\.[cm]?[jt]sx?$/;
const KUBE_OVERRIDES = ['-s', '--server', '--kubeconfig', '--token', '--username', '--password', '--as', '--as-group', '--as-uid', '--cluster', '--user',
  '--certificate-authority', '--client-certificate', '--client-key', '--insecure-skip-tls-verify', '--tls-server-name', '--cache-dir', '--log-file', '--log-dir', '--raw'];
const HELM_OVERRIDES = ['--kube-apiserver', '--kube-token', '--kubeconfig', '--kube-as-user', '--kube-as-group', '--kube-ca-file', '--kube-insecure-skip-tls-verify',
  '--kube-tls-server-name', '--registry-config', '--repository-config', '--repository-cache', '--burst-limit'];
const CLANG: ProgramFacts = { exec: ['-fplugin', '-Xclang', '-B'], write: ['-o'], noBundles: true, compiler: { options: CC_OPTIONS, valued: CC_VALUED },
  source: 'https://clang.llvm.org/docs/ClangCommandLineReference.html ; https://clang.llvm.org/docs/UsersManual.html#configuration-files' };
const PIP: ProgramFacts = { network: 'handled', source: `${G('pip')} ; https://pip.pypa.io/en/stable/cli/pip_install/` };

export const PROGRAMS: Readonly<Record<string, ProgramFacts>> = {
  // version control and forges
  git: { exec: ['--exec-path', '--upload-pack', '--receive-pack'], runsFile: PROJECT_DIR.git, subcommands: GIT_SUBCOMMANDS, globalValues: ['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--config-env', '--super-prefix'],
    network: 'handled', source: 'https://git-scm.com/docs/git ; https://git-scm.com/docs/git-config' },
  gh: { execSubcommands: ['extension', 'alias', 'codespace'], network: 'forge', defaultHost: 'api.github.com', source: 'https://cli.github.com/manual/gh_extension ; https://cli.github.com/manual/gh_alias_set' },
  glab: { network: 'unknown', source: 'https://gitlab.com/gitlab-org/cli/-/tree/main/docs' },
  hg: { exec: ['--config', '-e', '--ssh', '--remotecmd'], network: 'handled', source: 'https://www.mercurial-scm.org/doc/hg.1.html' },
  svn: { exec: ['--config-option', '--diff-cmd', '--diff3-cmd', '--editor-cmd'], network: 'unknown', source: 'https://svnbook.red-bean.com/en/1.7/svn.ref.svn.html' },
  // search and listing
  grep: READS(M('grep')), egrep: READS(M('grep')), fgrep: READS(M('grep')), zgrep: READS(M('zgrep')),
  rg: { exec: ['--pre'], source: 'https://github.com/BurntSushi/ripgrep/blob/master/GUIDE.md#preprocessor' },
  ag: READS('https://github.com/ggreer/the_silver_searcher'), ack: { exec: ['--pager'], source: 'https://beyondgrep.com/documentation/' },
  find: { exec: ['-exec', '-execdir', '-ok', '-okdir'], write: ['-fprint', '-fprint0', '-fprintf', '-fls'], judgedBy: 'commands.ts findExecs', source: `${G('find')} ; ${M('find')}` },
  fd: FD, fdfind: FD, locate: READS(M('locate')), ls: READS(M('ls')), tree: { write: ['-o'], source: 'https://linux.die.net/man/1/tree' },
  du: READS(M('du')), df: READS(M('df')), stat: READS(M('stat')), file: READS(G('file')), wc: READS(M('wc')),
  realpath: READS(M('realpath')), readlink: READS(M('readlink')), basename: READS(M('basename')), dirname: READS(M('dirname')), pwd: READS(M('pwd')),
  // text processing
  sed: { judgedBy: 'fileEffects.ts sedScriptEffects (e, s///e, w FILE)', source: `${G('sed')} ; https://www.gnu.org/software/sed/manual/sed.html#Extended-Commands` },
  awk: AWK, gawk: AWK, mawk: AWK, nawk: AWK,
  cut: READS(G('cut')), sort: { write: ['-o', '--output'], exec: ['--compress-program'], source: `${G('sort')} ; ${M('sort')}` },
  uniq: READS(G('uniq')), tr: READS(M('tr')), head: READS(G('head')), tail: READS(G('tail')), cat: READS(G('cat')), bat: { exec: ['--pager'], source: 'https://github.com/sharkdp/bat#customization' },
  tac: READS(G('tac')), nl: READS(G('nl')), paste: READS(G('paste')), column: READS(G('column')), fold: READS(G('fold')), fmt: READS(G('fmt')),
  expand: READS(G('expand')), comm: READS(G('comm')), diff: READS(G('diff')), cmp: READS(G('cmp')), join: READS(G('join')), rev: READS(G('rev')),
  od: READS(G('od')), xxd: READS(G('xxd')), hexdump: READS(G('hexdump')), strings: READS(G('strings')),
  base64: { write: ['-o', '--output'], source: `${G('base64')} ; https://keith.github.io/xcode-man-pages/base64.1.html` }, base32: READS(G('base32')),
  split: { exec: ['--filter'], source: `${G('split')} ; ${M('split')}` }, csplit: { write: ['-f', '--prefix'], source: G('csplit') }, iconv: READS(G('iconv')),
  jq: READS(G('jq')), yq: READS('https://mikefarah.gitbook.io/yq/usage/options'),
  tee: READS(G('tee')), patch: { write: ['-o', '--output'], source: M('patch') }, ed: { source: G('ed') }, echo: READS(M('echo')), printf: READS(M('printf')),
  md5sum: READS(M('md5sum')), sha256sum: READS(M('sha256sum')), sha1sum: READS(M('sha1sum')), cksum: READS(M('cksum')),
  // pagers and documentation
  // less expands file names through the shell (lessecho), so a log-file name with metacharacters runs it.
  less: { write: ['-o', '-O', '--log-file', '--LOG-FILE'], execWhen: { '-o': LESS_META, '-O': LESS_META, '--log-file': LESS_META, '--LOG-FILE': LESS_META },
    judgedBy: 'templates.ts ask.shell-escapes (less +cmd)', source: `${G('less')} ; ${M('less')} ; ${M('lessecho')}` },
  more: { judgedBy: 'templates.ts ask.shell-escapes (more +cmd)', source: G('more') }, most: READS('https://www.jedsoft.org/most/'),
  man: { exec: ['-P', '--pager', '-H', '--html', '--browser'], source: `${G('man')} ; ${M('man')}` },
  info: READS('https://www.gnu.org/software/texinfo/manual/info-stnd/'),
  // archives
  tar: TAR, gtar: TAR, bsdtar: TAR,
  zip: { exec: ['-TT', '--unzip-command'], write: ['-O', '--output-file'], source: G('zip') }, unzip: READS(G('unzip')),
  gzip: READS(G('gzip')), gunzip: READS(M('gzip')), zcat: READS(M('gzip')), bzip2: READS(G('bzip2')), xz: READS(G('xz')), zstd: READS('https://facebook.github.io/zstd/zstd_manual.html'),
  '7z': READS(G('7z')), cpio: { exec: ['--rsh-command'], source: G('cpio') }, ar: READS(G('ar')),
  // package managers and runners
  npm: { exec: ['--script-shell', '-c', '--call', '--node-options', '--userconfig', '--globalconfig'], runsFile: PROJECT_DIR.npm, execSubcommands: ['explore', 'rebuild'], runnerSubcommands: ['exec', 'x'], network: 'handled', source: 'https://docs.npmjs.com/cli/v10/using-npm/config ; https://docs.npmjs.com/cli/v10/commands/npm-exec' },
  npx: { exec: ['-c', '--call'], network: 'handled', judgedBy: 'wrappers.ts packageRunnerStart', source: 'https://docs.npmjs.com/cli/v10/commands/npx' },
  pnpm: { runsFile: PROJECT_DIR.pnpm, execSubcommands: ['create'], runnerSubcommands: ['dlx', 'exec'], network: 'handled', source: 'https://pnpm.io/cli/dlx ; https://pnpm.io/cli/exec' },
  pnpx: { network: 'handled', source: 'https://pnpm.io/cli/dlx' },
  yarn: { runsFile: PROJECT_DIR.yarn, execSubcommands: ['create'], runnerSubcommands: ['dlx', 'exec'], network: 'handled', source: 'https://yarnpkg.com/cli/dlx ; https://yarnpkg.com/cli/exec' },
  bun: { exec: ['-e', '--eval', '-p', '--print'], runsFile: ['-r', '--preload', ...PROJECT_DIR.bun], execSubcommands: ['create'], runnerSubcommands: ['x'], network: 'handled', source: 'https://bun.sh/docs/cli/run' },
  bunx: { network: 'handled', source: 'https://bun.sh/docs/cli/bunx' },
  deno: { exec: ['--allow-run', '-A', '--allow-all'], execSubcommands: ['eval'], network: 'handled', source: 'https://docs.deno.com/runtime/fundamentals/security/' },
  pip: PIP, pip3: PIP,
  pipx: { runnerSubcommands: ['run'], network: 'handled', source: 'https://pipx.pypa.io/stable/docs/' },
  uv: { execSubcommands: ['tool'], network: 'handled', source: 'https://docs.astral.sh/uv/reference/cli/' }, uvx: { network: 'handled', source: 'https://docs.astral.sh/uv/guides/tools/' },
  poetry: { network: 'handled', source: 'https://python-poetry.org/docs/cli/' }, conda: { network: 'handled', source: 'https://docs.conda.io/projects/conda/en/stable/commands/' },
  gem: { network: 'handled', source: G('gem') }, bundle: { network: 'handled', source: G('bundle') }, bundler: { network: 'handled', source: G('bundler') },
  composer: { execSubcommands: ['exec', 'run-script'], network: 'handled', source: G('composer') },
  // `--manifest-path` picks the package whose build.rs and dependencies are built and run.
  cargo: { exec: ['--config'], runsFile: ['--manifest-path'], write: ['--target-dir', '--artifact-dir'], network: 'handled', source: 'https://doc.rust-lang.org/cargo/reference/config.html#command-line-overrides ; https://doc.rust-lang.org/cargo/commands/cargo-build.html#manifest-options' },
  go: { exec: ['-exec', '-toolexec', '-overlay'], runsFile: PROJECT_DIR.go, noBundles: true, network: 'handled', source: 'https://pkg.go.dev/cmd/go#hdr-Compile_and_run_Go_program' },
  mvn: { runsFile: PROJECT_DIR.mvn, source: 'https://maven.apache.org/ref/current/maven-embedder/cli.html' },
  gradle: { runsFile: ['-I', '--init-script', '-b', '--build-file', '-c', '--settings-file', ...PROJECT_DIR.gradle], source: 'https://docs.gradle.org/current/userguide/init_scripts.html' },
  dotnet: READS('https://learn.microsoft.com/dotnet/core/tools/'),
  apt: { exec: ['-o'], source: G('apt') }, 'apt-get': { exec: ['-o', '-c', '--config-file'], network: 'unknown', source: G('apt-get') }, dpkg: { exec: ['--force-script-chrootless'], source: G('dpkg') },
  brew: { network: 'unknown', source: 'https://docs.brew.sh/Manpage' },
  // interpreters and runtimes: inline code is judged by its traits (network.ts inlineCodeTraits)
  node: { exec: ['-e', '--eval', '-p', '--print'], runsFile: ['-r', '--require', '--import', '--loader', '--experimental-loader'], script: NODE_SCRIPT, judgedBy: 'commands.ts interpreterCode', source: `${G('node')} ; https://nodejs.org/api/cli.html` },
  python: { exec: ['-c'], script: PYTHON_SCRIPT, judgedBy: 'commands.ts interpreterCode', source: `${G('python')} ; https://docs.python.org/3/using/cmdline.html` },
  python3: { exec: ['-c'], script: PYTHON_SCRIPT, judgedBy: 'commands.ts interpreterCode', source: `${G('python')} ; https://docs.python.org/3/using/cmdline.html` },
  // tsx and ts-node pass node's own options through (`tsx --inspect`), so only the script shape is allowed.
  tsx: { script: { names: TS_NAMES, harmless: [], modes: ['watch'] }, source: 'https://tsx.is/usage ; https://tsx.is/watch-mode ; https://tsx.is/node-enhancement' },
  'ts-node': { exec: ['-e', '--eval', '-p', '--print'], runsFile: ['-r', '--require'], script: { names: TS_NAMES, harmless: [] }, source: 'https://typestrong.org/ts-node/docs/options' },
  ruby: { exec: ['-e'], judgedBy: 'commands.ts interpreterCode', source: G('ruby') },
  perl: { exec: ['-e', '-E'], judgedBy: 'commands.ts interpreterCode', source: `${G('perl')} ; https://perldoc.perl.org/perlrun` },
  php: { exec: ['-r', '-B', '-R', '-E', '-F'], source: G('php') }, lua: { exec: ['-e', '-l'], source: G('lua') },
  tclsh: READS(G('tclsh')), wish: READS(G('wish')), expect: { exec: ['-c'], source: G('expect') }, Rscript: { exec: ['-e'], source: G('rscript') },
  java: { exec: ['-javaagent', '-agentpath', '-agentlib'], noBundles: true, source: 'https://docs.oracle.com/en/java/javase/21/docs/specs/man/java.html' },
  jshell: READS(G('jshell')), irb: READS(G('irb')), pdb: READS(G('pdb')),
  // build tools
  make: { exec: ['--eval', '-E'], runsFile: ['-f', '--file', '--makefile'], source: `${G('make')} ; https://www.gnu.org/software/make/manual/html_node/Options-Summary.html` },
  // `cmake -P` is script mode: a general interpreter (execute_process), not a build of the project.
  cmake: { exec: ['-P'], noBundles: true, runsFile: ['-C', '--toolchain'], execWhen: { '-E': /^(env|time|chdir)$/ }, source: 'https://cmake.org/cmake/help/latest/manual/cmake.1.html#run-a-script ; https://cmake.org/cmake/help/latest/manual/cmake.1.html#run-a-command-line-tool' },
  ctest: { runsFile: ['-S', '--script'], noBundles: true, source: 'https://cmake.org/cmake/help/latest/manual/ctest.1.html' },
  ninja: READS('https://ninja-build.org/manual.html'), meson: READS('https://mesonbuild.com/Commands.html'),
  gcc: COMPILER(G('gcc')), 'g++': COMPILER(G('gcc')), cc: COMPILER(G('gcc')), 'c++': COMPILER(G('gcc')),
  clang: CLANG, 'clang++': CLANG,
  rustc: { write: ['-o', '--out-dir'], noBundles: true, source: 'https://doc.rust-lang.org/rustc/command-line-arguments.html' }, javac: { write: ['-d'], exec: ['-processor', '-processorpath', '-J'], noBundles: true,
    compiler: { options: JAVAC_OPTIONS, valued: ['-d', '-source', '-target', '--release', '-encoding', '-Xmaxerrs', '-Xmaxwarns'] }, source: 'https://docs.oracle.com/en/java/javase/21/docs/specs/man/javac.html' },
  tsc: { runsFile: PROJECT_DIR.tsc, source: 'https://www.typescriptlang.org/docs/handbook/compiler-options.html' }, esbuild: READS('https://esbuild.github.io/api/'),
  eslint: { exec: ['--rulesdir', '--resolve-plugins-relative-to', '--plugin'], runsFile: ['-c', '--config'], source: 'https://eslint.org/docs/latest/use/command-line-interface' },
  prettier: { exec: ['--plugin'], runsFile: ['--config'], source: 'https://prettier.io/docs/cli' }, jest: { exec: ['--testRunner'], runsFile: ['--config', '-c', '--setupFiles'], source: 'https://jestjs.io/docs/cli' },
  mocha: { exec: ['--ui'], runsFile: ['--require', '-r', '--config'], source: 'https://mochajs.org/#command-line-usage' }, vitest: { runsFile: ['--config', '-c'], source: 'https://vitest.dev/guide/cli' },
  rspec: { runsFile: ['-r', '--require'], source: 'https://rspec.info/features/3-12/rspec-core/command-line/require-option/' },
  rake: { exec: ['-e', '--execute', '-p', '--execute-print', '-E', '--execute-continue'], runsFile: ['-f', '--rakefile', '-r', '--require', '-R', '--rakelibdir'], source: 'https://ruby.github.io/rake/doc/command_line_usage_rdoc.html' },
  // pytest also runs the conftest.py files of the test paths it is given: testRunners.ts pytestPaths.
  pytest: { exec: ['-p'], runsFile: PROJECT_DIR.pytest, source: 'https://docs.pytest.org/en/stable/reference/reference.html#command-line-flags' },
  // `mapfile -C CODE` evaluates CODE every -c lines (bash(1) SHELL BUILTIN COMMANDS, mapfile).
  mapfile: { exec: ['-C'], source: 'https://www.gnu.org/software/bash/manual/bash.html#index-mapfile' },
  readarray: { exec: ['-C'], source: 'https://www.gnu.org/software/bash/manual/bash.html#index-readarray' },
  // containers and clusters
  docker: { exec: ['--privileged', '--pid', '--cap-add', '--security-opt', '--device'], execSubcommands: ['exec', 'run', 'create', 'start', 'attach', 'cp', 'build', 'plugin'],
    globalValues: ['-H', '--host', '-c', '--context', '--config', '-l', '--log-level'], network: 'handled', source: `${G('docker')} ; https://docs.docker.com/reference/cli/docker/` },
  podman: { exec: ['--privileged'], execSubcommands: ['exec', 'run', 'create', 'start', 'attach', 'cp', 'build'], network: 'handled', source: 'https://docs.podman.io/en/latest/Commands.html' },
  // The cluster is the one the user's kubeconfig names; a kubeconfig's `exec` credential plugin runs a
  // command, so `--kubeconfig FILE` (and KUBECONFIG, environment.ts) is an unknown endpoint.
  kubectl: { execSubcommands: ['exec', 'run', 'debug', 'attach', 'cp', 'apply', 'create', 'replace', 'patch', 'delete', 'port-forward', 'proxy', 'plugin', 'edit'], network: 'configured',
    endpoint: { overrides: KUBE_OVERRIDES }, globalValues: ['-n', '--namespace', '--context', '--kubeconfig', '--cluster', '-s', '--server', '--user'],
    source: 'https://kubernetes.io/docs/reference/kubectl/ ; https://kubernetes.io/docs/reference/kubectl/generated/kubectl_options/ ; https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins' },
  helm: { exec: ['--post-renderer'], execSubcommands: ['plugin', 'install', 'upgrade'], network: 'configured', endpoint: { overrides: HELM_OVERRIDES },
    source: 'https://helm.sh/docs/topics/advanced/#post-rendering ; https://helm.sh/docs/helm/helm/' },
  // network clients
  curl: { write: ['-o', '--output', '-c', '--cookie-jar', '-D', '--dump-header', '--trace', '--trace-ascii', '--stderr', '--libcurl', '--etag-save', '--hsts', '--alt-svc'], exec: ['-K', '--config'], network: 'handled', source: `${G('curl')} ; https://curl.se/docs/manpage.html` },
  wget: { write: ['-O', '--output-document', '-o', '--output-file', '-a', '--append-output', '--save-cookies'], exec: ['-e', '--execute', '--use-askpass', '--config'], network: 'handled', source: `${G('wget')} ; https://www.gnu.org/software/wget/manual/wget.html` },
  ssh: SSH, scp: SCP, sftp: SCP,
  rsync: { exec: ['-e', '--rsh', '--rsync-path'], write: ['--log-file', '--write-batch', '--only-write-batch'], network: 'handled', source: `${G('rsync')} ; https://download.samba.org/pub/rsync/rsync.1` },
  nc: { exec: ['-e', '-c'], network: 'handled', source: G('nc') }, netcat: { exec: ['-e', '-c'], network: 'handled', source: G('nc') },
  ncat: { exec: ['-e', '--exec', '-c', '--sh-exec', '--lua-exec'], network: 'handled', source: 'https://nmap.org/ncat/guide/ncat-exec.html' },
  socat: { network: 'handled', judgedBy: 'templates.ts dev.remote', source: G('socat') }, telnet: { network: 'handled', source: G('telnet') }, ftp: { network: 'handled', source: G('ftp') },
  aria2c: { exec: ['--on-download-complete', '--on-download-start', '--on-download-error', '--on-download-stop', '--on-bt-download-complete', '--on-download-pause'], network: 'unknown', source: G('aria2c') },
  http: { network: 'handled', source: 'https://httpie.io/docs/cli' }, openssl: { exec: ['-engine'], network: 'unknown', source: G('openssl') },
  ping: { network: 'operand', source: M('ping', 8) }, dig: { network: 'unknown', source: 'https://linux.die.net/man/1/dig' }, nslookup: { network: 'unknown', source: G('nslookup') },
  whois: { network: 'unknown', source: G('whois') }, host: { network: 'unknown', source: 'https://linux.die.net/man/1/host' }, traceroute: { network: 'operand', source: M('traceroute', 8) },
  aws: { network: 'unknown', source: 'https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-sourcing-external.html' },
  gcloud: { network: 'unknown', source: 'https://cloud.google.com/sdk/gcloud/reference' }, az: { network: 'unknown', source: 'https://learn.microsoft.com/cli/azure/reference-index' },
  // wrappers and process tools: peeled by wrappers.ts / commands.ts, then the inner command is judged
  env: { exec: ['-S', '--split-string'], judgedBy: 'commands.ts peelEnv', source: `${G('env')} ; ${M('env')}` },
  xargs: { judgedBy: 'commands.ts peel (xargs), MUTATING', source: G('xargs') }, timeout: { judgedBy: 'wrappers.ts', source: G('timeout') },
  nice: { judgedBy: 'wrappers.ts', source: G('nice') }, nohup: { judgedBy: 'wrappers.ts', source: G('nohup') }, watch: { judgedBy: 'embedded.ts watch', source: G('watch') },
  time: { write: ['-o', '--output'], judgedBy: 'wrappers.ts', source: G('time') },
  strace: { write: ['-o', '--output'], runsOperands: true, source: G('strace') }, ltrace: { write: ['-o', '--output'], runsOperands: true, source: G('ltrace') },
  gdb: { exec: ['-ex', '--eval-command', '-x', '--command', '-ix', '-iex', '--init-command', '--init-eval-command'], source: G('gdb') },
  lldb: { exec: ['-o', '--one-line', '-s', '--source', '-O', '--one-line-before-file'], source: 'https://lldb.llvm.org/man/lldb.html' },
  valgrind: { exec: ['--db-command'], runsOperands: true, source: G('valgrind') }, perf: { exec: ['-s', '--script'], source: G('perf') }, stdbuf: { judgedBy: 'wrappers.ts', source: G('stdbuf') },
  setsid: { judgedBy: 'wrappers.ts', source: G('setsid') }, flock: { exec: ['-c', '--command'], judgedBy: 'wrappers.ts', source: G('flock') },
  ionice: { judgedBy: 'wrappers.ts', source: G('ionice') }, taskset: { judgedBy: 'wrappers.ts', source: G('taskset') },
  script: { exec: ['-c', '--command'], judgedBy: 'embedded.ts', source: G('script') }, busybox: { judgedBy: 'commands.ts SHELLS', source: G('busybox') },
  sudo: { judgedBy: 'wrappers.ts isPrivileged', source: G('sudo') }, su: { exec: ['-c', '--command'], judgedBy: 'commands.ts SU_LIKE', source: G('su') },
  doas: { judgedBy: 'wrappers.ts isPrivileged', source: G('doas') }, pkexec: { judgedBy: 'wrappers.ts isPrivileged', source: G('pkexec') },
  tmux: { execSubcommands: ['new', 'new-session', 'new-window', 'send-keys', 'run-shell', 'split-window', 'respawn-pane', 'source-file'], runsFile: ['-f'], source: 'https://man7.org/linux/man-pages/man1/tmux.1.html' },
  screen: { exec: ['-X', '-c'], source: G('screen') },
  crontab: { judgedBy: 'templates.ts dev.process', source: G('crontab') }, at: { judgedBy: 'templates.ts dev.process', source: G('at') },
  'systemd-run': { runsOperands: true, source: 'https://www.freedesktop.org/software/systemd/man/latest/systemd-run.html' },
  unshare: { judgedBy: 'wrappers.ts', source: G('unshare') }, nsenter: { judgedBy: 'wrappers.ts', source: G('nsenter') }, chroot: { judgedBy: 'wrappers.ts', source: G('chroot') },
  capsh: { exec: ['--'], source: G('capsh') }, ps: READS(M('ps')), top: READS(G('top')), uptime: READS(M('uptime')), nproc: READS(M('nproc')),
  // editors
  vim: EDITOR(G('vim')), vi: EDITOR(G('vi')), nvim: { ...EDITOR(G('nvim')), exec: ['-c', '--cmd', '-l'] }, ex: EDITOR(G('ex')), view: EDITOR(G('view')),
  emacs: { exec: ['--eval', '-f', '--funcall'], runsFile: ['-l', '--load', '--script'], source: G('emacs') }, nano: { exec: ['-s', '--speller'], source: G('nano') },
  code: { exec: ['--install-extension', '--extensions-dir', '--user-data-dir'], source: 'https://code.visualstudio.com/docs/editor/command-line' },
  // file operations (operands judged by fileEffects.ts)
  cp: READS(G('cp')), mv: READS(G('mv')), install: READS(G('install')), ln: READS(G('ln')), rm: READS(M('rm')), mkdir: READS(M('mkdir')), touch: READS(M('touch')),
  dd: READS(G('dd')), truncate: READS(M('truncate')), shred: READS(M('shred')), chmod: READS(G('chmod')), chown: READS(G('chown')), tic: { write: ['-o'], source: M('tic') },
  // databases
  sqlite3: { exec: ['-cmd'], runsFile: ['-init'], source: `${G('sqlite3')} ; https://sqlite.org/cli.html#dot_commands` },
  psql: { exec: ['-c', '--command', '-f', '--file'], write: ['-o', '--output', '-L', '--log-file'], network: 'unknown', source: G('psql') },
  mysql: { exec: ['-e', '--execute', '--init-command'], network: 'unknown', source: G('mysql') }, 'redis-cli': { network: 'unknown', source: 'https://redis.io/docs/latest/develop/tools/cli/' },
};

export function programFacts(program: string): ProgramFacts | undefined {
  return Object.prototype.hasOwnProperty.call(PROGRAMS, program) ? PROGRAMS[program] : undefined;
}
