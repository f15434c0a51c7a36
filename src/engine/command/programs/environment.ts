/**
 * Environment variables that make a shell or a program load or run code, or change which program runs
 * (issue 11, section 2), as reviewed data with the page each group was written from. Setting one by a
 * prefix (`X=… cmd`), `env X=…`, `export`/`declare`/`local`/`readonly`, or a bare assignment earlier in
 * the line is an ask (concerns.ts checkAssignments).
 */
export interface VariableGroup {
  names: readonly string[];
  /** Any variable starting with one of these (`LD_*`, `GIT_CONFIG_KEY_*`). */
  prefixes?: readonly string[];
  source: string;
}

export const CODE_LOADING_VARIABLES: readonly VariableGroup[] = [
  { names: ['PATH', 'CDPATH', 'IFS', 'SHELLOPTS', 'BASHOPTS', 'BASH_ENV', 'ENV', 'PROMPT_COMMAND', 'PS0', 'PS1', 'PS2', 'PS4', 'HISTFILE', 'BASH_LOADABLES_PATH', 'FPATH', 'ZDOTDIR', 'SHELL', 'HOME', 'TMPDIR', 'XDG_CONFIG_HOME'],
    prefixes: ['BASH_FUNC_'], source: 'https://www.gnu.org/software/bash/manual/html_node/Bash-Variables.html ; https://www.gnu.org/software/bash/manual/html_node/Bash-Startup-Files.html ; https://zsh.sourceforge.io/Intro/intro_3.html' },
  { names: ['GCONV_PATH'], prefixes: ['LD_', 'DYLD_'], source: 'https://man7.org/linux/man-pages/man8/ld.so.8.html ; https://man7.org/linux/man-pages/man3/iconv_open.3.html' },
  { names: ['GIT_SSH_COMMAND', 'GIT_SSH', 'GIT_EXTERNAL_DIFF', 'GIT_PAGER', 'GIT_EDITOR', 'GIT_SEQUENCE_EDITOR', 'GIT_ASKPASS', 'SSH_ASKPASS', 'SUDO_ASKPASS', 'GIT_EXEC_PATH',
    'GIT_TEMPLATE_DIR', 'GIT_PROXY_COMMAND', 'GIT_CONFIG', 'GIT_CONFIG_GLOBAL', 'GIT_CONFIG_SYSTEM', 'GIT_CONFIG_PARAMETERS', 'GIT_CONFIG_COUNT', 'GIT_DIR', 'GIT_WORK_TREE'],
    prefixes: ['GIT_CONFIG_KEY_', 'GIT_CONFIG_VALUE_'], source: 'https://git-scm.com/docs/git#_environment_variables ; https://git-scm.com/docs/git-config#ENVIRONMENT' },
  { names: ['NODE_OPTIONS', 'NODE_PATH', 'NODE_REPL_EXTERNAL_MODULE', 'ELECTRON_RUN_AS_NODE', 'npm_config_script_shell', 'NPM_CONFIG_SCRIPT_SHELL', 'npm_config_node_options', 'npm_config_registry'],
    prefixes: ['npm_config_', 'NPM_CONFIG_'], source: 'https://nodejs.org/api/cli.html#environment-variables ; https://docs.npmjs.com/cli/v10/using-npm/config#environment-variables ; https://www.electronjs.org/docs/latest/api/environment-variables' },
  { names: ['PYTHONPATH', 'PYTHONSTARTUP', 'PYTHONHOME', 'PYTHONINSPECT', 'PYTHONWARNINGS', 'PYTHONBREAKPOINT', 'PYTHONUSERBASE'], prefixes: ['PIP_'],
    source: 'https://docs.python.org/3/using/cmdline.html#environment-variables ; https://pip.pypa.io/en/stable/topics/configuration/#environment-variables' },
  { names: ['PERL5OPT', 'PERL5LIB', 'PERLLIB', 'PERL5DB', 'RUBYOPT', 'RUBYLIB', 'GEM_HOME', 'GEM_PATH', 'BUNDLE_GEMFILE', 'LUA_INIT', 'LUA_PATH', 'LUA_CPATH', 'PHPRC', 'PHP_INI_SCAN_DIR'],
    source: 'https://perldoc.perl.org/perlrun#ENVIRONMENT ; https://ruby-doc.org/3.3/manpages/ruby_1.html ; https://www.lua.org/manual/5.4/lua.html#7 ; https://www.php.net/manual/en/configuration.file.php' },
  { names: ['JAVA_TOOL_OPTIONS', '_JAVA_OPTIONS', 'JDK_JAVA_OPTIONS', 'MAVEN_OPTS', 'GRADLE_OPTS', 'CLASSPATH', 'DOTNET_STARTUP_HOOKS'],
    source: 'https://docs.oracle.com/en/java/javase/21/troubleshoot/environment-variables-and-system-properties.html ; https://github.com/dotnet/runtime/blob/main/docs/design/features/host-startup-hook.md' },
  { names: ['RUSTC_WRAPPER', 'RUSTC', 'RUSTDOC', 'GOFLAGS', 'GOTOOLCHAIN', 'GOPROXY', 'MAKEFLAGS', 'MFLAGS', 'CC', 'CXX'], prefixes: ['CARGO_'],
    source: 'https://doc.rust-lang.org/cargo/reference/environment-variables.html ; https://pkg.go.dev/cmd/go#hdr-Environment_variables ; https://www.gnu.org/software/make/manual/html_node/Options_002fRecursion.html' },
  // Which tools a compiler runs, extra options it takes, files it writes (dependency output).
  { names: ['GCC_EXEC_PREFIX', 'COMPILER_PATH', 'CCC_OVERRIDE_OPTIONS', 'DEPENDENCIES_OUTPUT', 'SUNPRO_DEPENDENCIES', 'JDK_JAVAC_OPTIONS'],
    source: 'https://gcc.gnu.org/onlinedocs/gcc/Environment-Variables.html ; https://clang.llvm.org/docs/UsersManual.html ; https://docs.oracle.com/en/java/javase/21/docs/specs/man/javac.html#using-jdk_javac_options-environment-variable' },
  { names: ['PAGER', 'MANPAGER', 'MANOPT', 'SYSTEMD_PAGER', 'EDITOR', 'VISUAL', 'BROWSER', 'LESSOPEN', 'LESSCLOSE', 'VIMINIT', 'EXINIT', 'MYVIMRC', 'EMACSLOADPATH'],
    source: 'https://man7.org/linux/man-pages/man1/less.1.html#INPUT_PREPROCESSOR ; https://man7.org/linux/man-pages/man1/man.1.html#ENVIRONMENT ; https://vimhelp.org/starting.txt.html#VIMINIT' },
  { names: ['GH_HOST', 'GH_REPO', 'GH_ENTERPRISE_TOKEN', 'GH_CONFIG_DIR', 'GH_PAGER', 'GH_BROWSER'], source: 'https://cli.github.com/manual/gh_help_environment' },
  // Not code, but where every request goes: a proxy on the line sends an allowed-host request to another host.
  { names: ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY', 'ftp_proxy', 'FTP_PROXY', 'no_proxy', 'NO_PROXY'],
    source: 'https://curl.se/docs/manpage.html#ENVIRONMENT ; https://www.gnu.org/software/wget/manual/html_node/Proxies.html' },
  { names: ['KUBECONFIG', 'DOCKER_HOST', 'DOCKER_CONFIG', 'AWS_CONFIG_FILE', 'WGETRC', 'CURL_HOME'],
    source: 'https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins ; https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-sourcing-external.html ; https://www.gnu.org/software/wget/manual/html_node/Wgetrc-Location.html' },
];

const NAMES = new Set(CODE_LOADING_VARIABLES.flatMap((g) => g.names));
const PREFIXES = CODE_LOADING_VARIABLES.flatMap((g) => g.prefixes ?? []);

export function loadsCode(name: string): boolean {
  return NAMES.has(name) || PREFIXES.some((prefix) => name.startsWith(prefix));
}
