/**
 * The three shipped templates. `balanced` is the default: everyday read-only and build/test tools are
 * allowed without a prompt (over-asking trains people to click "allow"), anything that publishes,
 * rewrites history, escalates privileges or reaches unknown hosts asks, and catastrophic commands are
 * denied. Paths and hosts touched by allowed programs are still checked separately.
 */
import { TAINT_SOURCE_KINDS } from '../taint/types';
import type { CommandRule, PolicyFile, TemplateName } from './schema';

type Risk = NonNullable<CommandRule['risk']>;
const rule = (effect: CommandRule['effect'], risk: Risk) =>
  (id: string, command: string | string[], description: string): CommandRule => ({ id, effect, command, risk, description });
const allow = rule('allow', 'low');
const ask = rule('ask', 'medium');
const askHigh = rule('ask', 'high');
/** A tightening rule minus exact forms that are known to be harmless (docs/policy.md, "Shapes allowed"). */
const unless = (base: CommandRule, forms: string[]): CommandRule => ({ ...base, unless: forms });

/**
 * Installs that only reproduce what the project's own manifest and lockfile name (no package named on
 * the line): the same code `npm test` runs anyway, and the manifests are protected build files.
 */
const LOCKED_INSTALLS = ['npm ci', 'npm install', 'npm i', 'pnpm install', 'pnpm i', 'yarn', 'yarn install', 'bun install',
  'pip install -r requirements.txt', 'pip3 install -r requirements.txt', 'pip install -e .', 'pip3 install -e .',
  'python -m pip install -r requirements.txt', 'python3 -m pip install -r requirements.txt', 'poetry install', 'uv sync', 'bundle install'];
/** Environment variables that hold no secret: printing one by name is a harmless read. */
const PLAIN_VARIABLES = ['HOME', 'USER', 'LOGNAME', 'SHELL', 'PATH', 'PWD', 'LANG', 'TERM', 'EDITOR', 'NODE_ENV', 'VIRTUAL_ENV', 'JAVA_HOME', 'GOPATH', 'CI', 'HOSTNAME', 'TMPDIR'];
/** Read-only `git config` forms: reading what `git remote -v` and `git log` already show. */
const GIT_CONFIG_READS = ['git config --get *', 'git config --get-all *', 'git config --get-regexp *', 'git config --list', 'git config -l',
  'git config --list --show-origin', 'git config --show-origin --list', 'git config --list --show-scope', 'git config --global --get *',
  'git config --local --get *', 'git config --global --list', 'git config --local --list', 'git config user.name', 'git config user.email',
  'git config --global user.name', 'git config --global user.email'];
/** History-safe forms: create a branch from HEAD, unstage, replay commits (none discards uncommitted work). */
const GIT_HISTORY_SAFE = ['git checkout -b *', 'git restore --staged **', 'git cherry-pick **'];
const deny = rule('deny', 'critical');
/**
 * A script file run by its interpreter (`node app.js`, `python3 gen.py`, `npx tsx src/x.ts`). The
 * analyzer judges the file as executed and asks for any other option before it (programTable.ts
 * ScriptFacts), so these patterns only ever allow the plain shape.
 */
const SCRIPT_RUNS = ['node *.js', 'node *.mjs', 'node *.cjs', 'python *.py', 'python3 *.py',
  ...['ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs'].flatMap((ext) => [`tsx *.${ext}`, `ts-node *.${ext}`]), 'tsx watch *'];
/** Read-only sub-commands against the cluster the user's own kubeconfig names (programTable.ts ConfiguredEndpoint). */
const CLUSTER_READS = ['kubectl get', 'kubectl describe', 'kubectl logs', 'kubectl top', 'kubectl version', 'kubectl api-resources', 'kubectl api-versions',
  'kubectl explain', 'kubectl events', 'kubectl config current-context', 'kubectl config get-contexts', 'kubectl rollout status', 'kubectl rollout history',
  'helm list', 'helm ls', 'helm status', 'helm history', 'helm version'];

/** Tools that only read or print: allowed even under `strict`. */
const READ_ONLY_RULES: CommandRule[] = [
  allow('read.list', ['ls', 'll', 'tree', 'pwd', 'du', 'df', 'stat', 'file', 'realpath', 'readlink', 'basename', 'dirname'], 'lists or describes files'),
  allow('read.view', ['cat', 'head', 'tail', 'less', 'more', 'wc', 'nl', 'bat', 'od', 'hexdump', 'xxd', 'strings', 'base64', 'base32', 'man', 'info', 'apropos', 'whatis'], 'prints file contents'),
  allow('read.search', ['grep', 'egrep', 'fgrep', 'rg', 'ag', 'ack', 'fd', 'find', 'locate'], 'searches files'),
  allow('read.text', ['sort', 'uniq', 'cut', 'tr', 'column', 'diff', 'cmp', 'comm', 'jq', 'yq', 'echo', 'printf', 'tac', 'rev', 'fold', 'fmt', 'paste', 'join', 'expand'], 'transforms text on stdout'),
  allow('read.shell', ['cd', 'true', 'false', 'test', '[', 'sleep', 'which', 'whereis', 'type', 'date', 'whoami', 'id', 'uname', 'hostname', 'cal', 'seq', 'md5sum', 'sha256sum', 'sha1sum', 'cksum',
    'command -v', 'command -V', 'uptime', 'nproc', 'yes', 'expr', 'help', 'jobs', 'exit', 'read', 'mapfile', 'readarray', 'watch',
    'set -e $$', 'set -u $$', 'set -x $$', 'set -eu $$', 'set -ex $$', 'set -eux $$', 'set -euo pipefail $$', 'set -eo pipefail $$', 'set -o pipefail $$', 'set +e $$', 'set +x $$'], 'shell built-ins and system facts'),
  allow('read.process', ['ps $$', 'ps aux $$', 'ps ax $$', 'ps -ef $$', 'ps -e $$', 'ps -A $$', 'history $$', 'trap - *', 'trap -p $$', 'trap -l $$'], 'lists processes or shell state'),
  allow('read.env-names', PLAIN_VARIABLES.map((name) => `printenv ${name} $$`), 'prints one environment variable that holds no secret'),
  allow('read.git-config', GIT_CONFIG_READS.map((form) => form.replace(/ \*$/, '')), 'reads the repository configuration'),
  allow('read.git', ['git status', 'git diff', 'git log', 'git show', 'git blame', 'git branch', 'git rev-parse', 'git ls-files', 'git grep', 'git describe', 'git shortlog', 'git reflog', 'git stash list', 'git remote', 'git tag', 'git --version', 'git help', 'git cat-file', 'git ls-tree', 'git merge-base', 'git rev-list', 'git check-ignore', 'git count-objects'], 'reads the repository'),
  // Exact words only (`$$`): `python3 -c CODE --version` runs CODE, `node -v -e CODE` must not ride on -v.
  allow('read.versions', ['node --version $$', 'node -v $$', 'npm --version $$', 'npm -v $$', 'npx --version $$', 'yarn --version $$', 'pnpm --version $$', 'python --version $$', 'python3 --version $$', 'python -V $$', 'python3 -V $$', 'pip --version $$', 'pip3 --version $$', 'go version $$', 'rustc --version $$', 'cargo --version $$', 'java -version $$', 'java --version $$', 'tsc --version $$', 'deno --version $$', 'bun --version $$', 'docker --version $$', 'make --version $$', 'code --version $$', 'perl -v $$', 'perl --version $$', 'php -v $$', 'php --version $$', 'ruby -v $$', 'ruby --version $$', 'gcc --version $$', 'clang --version $$', 'javac -version $$', 'javac --version $$'], 'prints a tool version'),
  allow('read.packages', ['npm ls', 'npm list', 'npm outdated', 'npm view', 'npm why', 'npm explain', 'npm config list', 'npm help', 'npm doctor $$', 'npm fund', 'npm cache verify $$', 'pnpm ls', 'pip list', 'pip show', 'pip3 list', 'pip3 show', 'pip freeze', 'go list', 'go env', 'cargo tree', 'cargo metadata', 'yarn why', 'yarn list', 'pnpm list', 'pnpm why'], 'inspects installed packages'),
];

/** Patterns of every read-only rule, used for the read-only agent profile. */
export const READ_ONLY_COMMANDS: readonly string[] = READ_ONLY_RULES.flatMap((r) => (Array.isArray(r.command) ? r.command : [r.command]));

/** Everyday build, test and edit tools: allowed under balanced and trusted-automation. */
const DEV_RULES: CommandRule[] = [
  allow('dev.npm', ['npm test', 'npm t', 'npm run test*', 'npm run lint*', 'npm run build*', 'npm run typecheck*', 'npm run check*', 'npm run format*', 'npm run compile*', 'npm run watch*', 'npm run bench*', 'npm run dev', 'npm run $', 'npm audit', 'npm pack --dry-run', 'npm start'], 'runs the project scripts'),
  allow('dev.yarn-pnpm', ['yarn test*', 'yarn lint*', 'yarn build*', 'yarn run test*', 'yarn run build*', 'yarn run lint*', 'pnpm test*', 'pnpm lint*', 'pnpm build*', 'pnpm run test*', 'pnpm run build*', 'pnpm run lint*', 'bun test*', 'bun run test*', 'bun run build*', 'bun run lint*'], 'runs the project scripts'),
  allow('dev.install-locked', LOCKED_INSTALLS.map((form) => `${form} $$`), 'installs what the project manifest and lockfile name'),
  allow('dev.js-tools', ['node --test', 'node --check', 'tsc', 'eslint', 'prettier', 'jest', 'vitest', 'mocha', 'esbuild', 'vite build', 'webpack', 'rollup', 'biome', 'stylelint'], 'compiles, lints or tests JavaScript/TypeScript'),
  allow('dev.python', ['pytest', 'python -m pytest', 'python3 -m pytest', 'python -m unittest', 'python3 -m unittest', 'mypy', 'ruff', 'flake8', 'black', 'isort', 'pylint'], 'tests or lints Python'),
  allow('dev.go-rust', ['go build', 'go test', 'go vet', 'go fmt', 'gofmt', 'cargo build', 'cargo test', 'cargo check', 'cargo clippy', 'cargo fmt', 'rustfmt', 'go generate'], 'builds or tests Go/Rust'),
  allow('dev.build', ['make $', 'make all $', 'make clean $', 'ctest', 'make test*', 'make build*', 'make lint*', 'make check*', 'make fmt', 'make format', 'cmake', 'ninja', 'gradle test', 'gradle build', './gradlew test', './gradlew build', 'mvn test', 'mvn package', 'mvn verify', 'dotnet build', 'dotnet test'], 'runs the build'),
  allow('dev.files', ['mkdir', 'touch', 'cp', 'mv', 'ln', 'chmod', 'dd', 'truncate', 'install', 'tar', 'gzip', 'gunzip', 'zip', 'unzip', 'sed', 'awk', 'tee', 'xargs', 'export', 'unset', 'mktemp'], 'edits files (the paths are checked separately)'),
  allow('dev.git-local', ['git add', 'git commit', 'git switch', 'git stash', 'git fetch', 'git pull', 'git merge', 'git worktree list', 'git init', 'git mv', 'git checkout -b', 'git restore --staged', 'git cherry-pick'], 'everyday local git'),
  allow('dev.fetch', ['curl', 'wget', 'http', 'https'], 'fetches a URL (the host is checked separately)'),
  allow('dev.gh-read', ['gh pr list', 'gh pr view', 'gh pr checks', 'gh pr diff', 'gh pr status', 'gh issue list', 'gh issue view', 'gh issue status', 'gh run list', 'gh run view', 'gh repo view', 'gh release list', 'gh release view', 'gh workflow list', 'gh status', 'gh auth status'], 'reads from GitHub (the host is checked separately)'),
  allow('dev.docker-read', ['docker ps', 'docker images', 'docker logs', 'docker inspect', 'docker compose ps', 'docker compose logs'], 'inspects containers'),
  allow('dev.scripts', SCRIPT_RUNS, 'runs a script file (the file is checked separately, as executed)'),
  allow('dev.runners', ['rspec', 'rake $', 'rake test', 'rake spec'], 'runs the project tests or its default build task'),
  allow('dev.compile', ['gcc', 'g++', 'cc', 'c++', 'clang', 'clang++', 'javac'], 'compiles sources (options, sources and outputs are checked separately)'),
  allow('dev.cluster-read', CLUSTER_READS, 'reads the state of the cluster your kubeconfig names'),
  allow('dev.net-probe', ['ping'], 'checks that a host answers (the host is checked separately)'),
];

/** Ask/deny rules that tighten allowed tools; part of every template so no allow rule can skip them. */
const ASK_RULES: CommandRule[] = [
  // Like `npm run deploy` / `make deploy` (not allowed by name): such scripts act with your credentials beyond the workspace.
  ask('ask.release-scripts', ['node', 'python', 'python3', 'tsx', 'ts-node'].flatMap((p) => ['*release*', '*deploy*', '*publish*', '*upload*'].map((n) => `${p} ${n}`)),
    'runs a script whose name says it releases, deploys, publishes or uploads'),
  ask('ask.rm', ['rm', 'rmdir', 'unlink', 'find -delete'], 'removes files'),
  ask('ask.shell-escapes', ['less +*', 'more +*', 'make -C', 'make --directory'], 'runs commands the analyzer cannot see, or runs a build outside the current directory'),
  ask('ask.writes-via-flags', ['find -fprint', 'find -fprintf', 'find -fls', 'sort -o', 'sort --output', 'tree -o', 'git diff --output', 'git log --output', 'git format-patch'], 'writes files through an option'),
  unless(ask('dev.git-history', ['git checkout', 'git rebase', 'git cherry-pick', 'git revert', 'git restore', 'git branch -d', 'git branch -D', 'git tag -d', 'git stash drop', 'git stash clear'], 'may discard work or rewrite history'), GIT_HISTORY_SAFE),
  unless(askHigh('dev.git-destroy', ['git reset --hard', 'git clean', 'git push', 'git remote add', 'git remote set-url', 'git config', 'git submodule', 'git filter-branch', 'git update-ref', 'git gc --prune', 'git reflog expire', 'git reflog delete'], 'publishes, rewrites or reconfigures the repository'), GIT_CONFIG_READS),
  unless(askHigh('dev.install', ['npm install', 'npm i', 'npm ci', 'npm add', 'npm update', 'npm uninstall', 'npm exec', 'npm init', 'npm link', 'yarn add', 'yarn install', 'yarn $', 'pnpm add', 'pnpm install', 'pnpm i', 'pip install', 'pip3 install', 'pip uninstall', 'cargo install', 'go install', 'go get', 'gem install', 'brew install', 'apt', 'apt-get', 'dnf', 'yum', 'bun install', 'bun add', 'poetry install', 'poetry add', 'uv sync', 'uv add', 'uv pip', 'bundle install', 'bundle add', 'python -m pip', 'python3 -m pip'], 'installs packages that may run install scripts'), LOCKED_INSTALLS),
  askHigh('dev.publish', ['npm publish', 'npm unpublish', 'npm deprecate', 'npm token', 'npm login', 'npm adduser', 'yarn publish', 'pnpm publish', 'cargo publish', 'twine upload', 'gh release', 'vsce publish', 'docker push', 'docker login'], 'publishes or handles credentials'),
  askHigh('dev.remote', ['ssh', 'scp', 'sftp', 'nc', 'ncat', 'netcat', 'socat', 'telnet', 'ftp', 'rsync'], 'opens a remote connection'),
  unless(askHigh('dev.env-dump', ['env', 'printenv', 'declare -p', 'export -p'], 'may print secrets from the environment'), PLAIN_VARIABLES.map((name) => `printenv ${name}`)),
  askHigh('dev.process', ['kill', 'pkill', 'killall', 'crontab', 'systemctl', 'service', 'launchctl', 'at'], 'controls processes or scheduled jobs'),
  askHigh('dev.system-clock', ['date -s', 'date --set', 'timedatectl', 'hwclock'], 'sets the system clock'),
  ask('dev.containers', ['docker run', 'docker exec', 'docker build', 'docker compose up', 'docker rm', 'docker rmi', 'docker system prune', 'podman'], 'runs or changes containers'),
];

/** Never useful to an agent, catastrophic when wrong. */
const DANGER_RULES: CommandRule[] = [
  deny('danger.disk', ['mkfs*', 'fdisk', 'sfdisk', 'parted', 'wipefs', 'dd of=/dev/*', 'mkswap', 'swapoff'], 'rewrites disks or partitions'),
  deny('danger.power', ['shutdown', 'reboot', 'halt', 'poweroff', 'init 0', 'init 6', 'systemctl poweroff', 'systemctl reboot'], 'stops the machine'),
  deny('danger.force-push', ['git push --force', 'git push -f', 'git push --force-with-lease', 'git push --mirror', 'git push --delete', 'git push +*', 'git push :*'], 'overwrites or deletes remote history'),
  deny('danger.perms', ['chmod -R 777', 'chmod 777 /', 'setfacl'], 'opens permissions widely'),
  deny('danger.history', ['history -c', 'shred'], 'destroys evidence or data'),
];

const STRICT: PolicyFile = {
  version: 1,
  template: 'strict',
  approvalMode: 'smart',
  risk: { askAtOrAbove: 'medium', denyAtOrAbove: 'critical' },
  commands: { rules: [...READ_ONLY_RULES, ...ASK_RULES, ...DANGER_RULES], unknownPrograms: 'ask', notUnderstood: 'deny' },
  paths: {
    insideWorkspace: { read: 'allow', write: 'ask', delete: 'ask', execute: 'ask' },
    outsideWorkspace: { read: 'ask', write: 'deny', delete: 'deny', execute: 'deny' },
    protected: { secrets: true, agentConfig: true, vcsInternals: true, ciWorkflows: true, buildFiles: true },
  },
  network: { allowedHosts: [], unknownHosts: 'ask', loopbackReads: 'ask' },
  agents: { defaultProfile: 'execute' },
  sandbox: { required: true, network: 'none', limits: { memoryMb: 1024, cpuSeconds: 120, processes: 128, fileSizeMb: 256, timeoutSeconds: 300, outputBytes: 1048576 } },
  rateLimits: { commands: { burst: 10, perHour: 300 }, fileWrites: { burst: 20, perHour: 600 }, network: { burst: 5, perHour: 60 } },
  taint: { enabled: true, windowMinutes: 240, sources: [...TAINT_SOURCE_KINDS] },
};

const COMMON_HOSTS = ['registry.npmjs.org', 'registry.yarnpkg.com', 'github.com', '*.github.com', '*.githubusercontent.com', 'pypi.org', 'files.pythonhosted.org', 'proxy.golang.org', 'sum.golang.org', 'crates.io', 'static.crates.io', 'index.crates.io', 'rubygems.org', 'index.rubygems.org'];

const BALANCED: PolicyFile = {
  version: 1,
  template: 'balanced',
  approvalMode: 'smart',
  risk: { askAtOrAbove: 'high' },
  commands: { rules: [...READ_ONLY_RULES, ...DEV_RULES, ...ASK_RULES, ...DANGER_RULES], unknownPrograms: 'ask', notUnderstood: 'ask' },
  paths: {
    insideWorkspace: { read: 'allow', write: 'allow', delete: 'ask', execute: 'allow' },
    outsideWorkspace: { read: 'ask', write: 'ask', delete: 'deny', execute: 'ask' },
    protected: { secrets: true, agentConfig: true, vcsInternals: true, ciWorkflows: true, buildFiles: true },
  },
  network: { allowedHosts: COMMON_HOSTS, unknownHosts: 'ask', loopbackReads: 'allow' },
  agents: { defaultProfile: 'execute' },
  sandbox: { required: false, network: 'allowlist', limits: { memoryMb: 4096, cpuSeconds: 600, processes: 512, fileSizeMb: 1024, timeoutSeconds: 900, outputBytes: 4194304 } },
  rateLimits: { commands: { burst: 30, perHour: 1200 }, fileWrites: { burst: 60, perHour: 3000 }, network: { burst: 10, perHour: 300 } },
  taint: { enabled: true, windowMinutes: 60, sources: [...TAINT_SOURCE_KINDS] },
};

const TRUSTED_AUTOMATION: PolicyFile = {
  version: 1,
  template: 'trusted-automation',
  approvalMode: 'never',
  risk: { askAtOrAbove: 'critical' },
  commands: { rules: [...READ_ONLY_RULES, ...DEV_RULES, ...ASK_RULES, ...DANGER_RULES], unknownPrograms: 'ask', notUnderstood: 'ask' },
  paths: {
    insideWorkspace: { read: 'allow', write: 'allow', delete: 'allow', execute: 'allow' },
    outsideWorkspace: { read: 'ask', write: 'ask', delete: 'deny', execute: 'ask' },
    protected: { secrets: true, agentConfig: true, vcsInternals: true, ciWorkflows: true, buildFiles: true },
  },
  network: { allowedHosts: COMMON_HOSTS, unknownHosts: 'ask', loopbackReads: 'allow' },
  agents: { defaultProfile: 'execute' },
  sandbox: { required: true, network: 'allowlist', limits: { memoryMb: 4096, cpuSeconds: 1800, processes: 1024, fileSizeMb: 2048, timeoutSeconds: 3600, outputBytes: 8388608 } },
  rateLimits: { commands: { burst: 60, perHour: 5000 }, fileWrites: { burst: 200, perHour: 20000 }, network: { burst: 30, perHour: 2000 } },
  taint: { enabled: true, windowMinutes: 60, sources: [...TAINT_SOURCE_KINDS] },
};

/** Frozen all the way down: merged policies share these objects, and a stray mutation must not change every evaluator. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

export const TEMPLATES: Readonly<Record<TemplateName, PolicyFile>> = deepFreeze({
  strict: STRICT,
  balanced: BALANCED,
  'trusted-automation': TRUSTED_AUTOMATION,
});

export const DEFAULT_TEMPLATE: TemplateName = 'balanced';

/** Accepts the CLI's short name `trusted` as well as the schema name. */
export function templateByName(name: string): PolicyFile | undefined {
  if (name === 'trusted') return TEMPLATES['trusted-automation'];
  return (TEMPLATES as Record<string, PolicyFile>)[name];
}
