/**
 * Built-in protected paths, on by default. They cover what lets an agent steal credentials, raise its
 * own permissions (editor/agent configuration, the policy file, shell start-up files), plant code that
 * runs later (git hooks, CI) or wreck the machine. Policy allow rules never override them.
 */
import type { Risk, Verdict } from '../decision';
import type { PathOp, ProtectedSets } from '../policy/schema';
import { BUILD_FILE_GLOBS } from './buildFiles';

export interface ProtectedEntry {
  id: string;
  /** Which switch in `paths.protected` controls it; `system` entries are always on. */
  set: keyof ProtectedSets | 'system';
  globs: string[];
  /** Exceptions: paths that look protected but are meant to be shared (e.g. `.env.example`). */
  except?: string[];
  verdicts: Partial<Record<PathOp, Verdict>>;
  risk: Risk;
  why: string;
  /** System directories can contain a workspace (e.g. /root/project); inside it, the workspace rules apply. */
  outsideWorkspaceOnly?: boolean;
  /** Why sandboxed commands may still write it (they are bound read-only otherwise); see `sandboxProtection`. */
  sandboxWritable?: string;
}

const READ_ASK_CHANGE_DENY = { read: 'ask', write: 'deny', delete: 'deny', execute: 'deny' } as const;
const CHANGE_DENY = { write: 'deny', delete: 'deny', execute: 'deny' } as const;
const CHANGE_ASK = { write: 'ask', delete: 'ask' } as const;

export const PROTECTED_ENTRIES: readonly ProtectedEntry[] = [
  {
    id: 'secrets.credentials', set: 'secrets', risk: 'high',
    globs: [
      '**/.env', '**/.env.*', '**/*.pem', '**/*.key', '**/*.p12', '**/*.pfx', '**/*.keystore', '**/*.jks',
      '**/id_rsa*', '**/id_dsa*', '**/id_ecdsa*', '**/id_ed25519*', '**/.ssh/**', '**/.aws/**', '**/.gnupg/**',
      '**/.netrc', '**/_netrc', '**/.git-credentials', '**/.config/git/credentials', '**/.npmrc', '**/.yarnrc.yml',
      '**/.pypirc', '**/.docker/config.json', '**/.kube/config', '**/.kube/**', '**/.config/gcloud/**',
      '**/.azure/**', '**/.config/gh/hosts.yml', '**/.terraform.d/credentials.tfrc.json', '**/.vault-token',
      '**/.cargo/credentials*', '**/.gem/credentials', '**/.m2/settings.xml', '/etc/shadow', '/etc/gshadow',
      '/etc/sudoers', '/etc/sudoers.d/**', '**/.password-store/**', '**/.local/share/keyrings/**',
    ],
    except: ['**/.env.example', '**/.env.sample', '**/.env.template', '**/.env.dist', '**/.env.defaults'],
    verdicts: { read: 'deny', write: 'ask', delete: 'ask', execute: 'deny' },
    why: 'holds credentials or keys',
  },
  {
    id: 'agent-config.settings', set: 'agentConfig', risk: 'high',
    globs: [
      '**/.vscode/settings.json', '**/.vscode/tasks.json', '**/.vscode/launch.json', '**/.vscode/mcp.json',
      '**/.vscode/extensions.json', '**/.vscode/agent-guard.json', '**/*.code-workspace', '/etc/agent-guard/**',
      '**/Code/User/settings.json', '**/Code/User/tasks.json', '**/Code/User/mcp.json', '**/Code/User/keybindings.json',
      '**/.claude/**', '**/.claude.json', '**/.mcp.json', '**/.github/hooks/**', '**/.codex/**', '**/.gemini/**',
      '**/.cursor/**', '**/.cursorrules', '**/.windsurf/**', '**/.continue/**', '**/.aider.conf.yml',
      '**/.bashrc', '**/.bash_profile', '**/.bash_login', '**/.profile', '**/.zshrc', '**/.zshenv', '**/.zprofile',
      '**/.config/fish/config.fish', '**/.config/autostart/**', '**/.config/systemd/user/**',
    ],
    verdicts: CHANGE_DENY,
    why: 'configures the editor, an agent or a shell, and changing it could raise the agent\'s own permissions or run code later',
  },
  {
    // Instructions read by agents: editing them is legitimate sometimes, but it persists prompts, so a human looks.
    id: 'agent-config.instructions', set: 'agentConfig', risk: 'medium',
    globs: [
      '**/CLAUDE.md', '**/CLAUDE.local.md', '**/AGENTS.md', '**/GEMINI.md', '**/.github/copilot-instructions.md', '**/.github/instructions/**',
      '**/.github/prompts/**', '**/.github/chatmodes/**', '**/.github/agents/**', '**/.clinerules', '**/.clinerules/**', '**/.roo/**',
      '**/.windsurfrules', '**/.kiro/**', '**/.junie/**', '**/.amazonq/**',
    ],
    verdicts: CHANGE_ASK,
    why: 'holds standing instructions for coding agents',
  },
  {
    id: 'vcs.hooks-and-config', set: 'vcsInternals', risk: 'high',
    globs: ['**/.git/hooks/**', '**/.git/config', '**/.git/info/**', '**/.husky/**', '**/.githooks/**', '**/.gitconfig', '**/.config/git/config'],
    verdicts: CHANGE_DENY,
    why: 'is a git hook or git configuration, which can run programs on the next git command',
  },
  {
    id: 'vcs.internals', set: 'vcsInternals', risk: 'medium',
    globs: ['**/.git/**', '**/.gitmodules'],
    verdicts: CHANGE_ASK,
    sandboxWritable: 'git commands (commit, fetch, checkout) write objects, refs and the index there',
    why: 'is git\'s internal data; use git commands instead',
  },
  {
    id: 'ci.workflows', set: 'ciWorkflows', risk: 'high',
    globs: [
      '**/.github/workflows/**', '**/.github/actions/**', '**/.gitlab-ci.yml', '**/.gitlab/ci/**', '**/.circleci/**',
      '**/azure-pipelines.yml', '**/Jenkinsfile', '**/.travis.yml', '**/bitbucket-pipelines.yml',
      '**/.buildkite/**', '**/.drone.yml', '**/.woodpecker.yml', '**/.woodpecker/**', '**/azure-pipelines*.yml',
      '**/.azure-pipelines/**', '**/.cirrus.yml', '**/appveyor.yml', '**/.appveyor.yml', '**/cloudbuild.yaml', '**/bitrise.yml',
    ],
    verdicts: CHANGE_ASK,
    why: 'is a CI workflow, which runs with the repository\'s secrets',
  },
  {
    // Writing one plants code for a later install, build, `cd` or container start (sources in buildFiles.ts).
    // Package managers and builds rewrite their own manifests and lockfiles, so approved commands may too.
    id: 'build.executed-later', set: 'buildFiles', risk: 'high',
    globs: [...BUILD_FILE_GLOBS],
    verdicts: { write: 'ask' },
    sandboxWritable: 'package managers and builds rewrite manifests and lockfiles (npm install, cargo update, go mod tidy)',
    why: 'is run or trusted later by a package manager, a build, CI or a tool (a manifest, lockfile, build script or hook)',
  },
  {
    id: 'system.roots', set: 'system', risk: 'critical',
    globs: ['/', '/*', '/home/*', '/Users/*', '~'],
    verdicts: { write: 'deny', delete: 'deny' },
    why: 'is a system or home root directory',
  },
  {
    id: 'system.dirs', set: 'system', risk: 'high',
    globs: ['/etc/**', '/usr/**', '/bin/**', '/sbin/**', '/lib/**', '/lib32/**', '/lib64/**', '/boot/**', '/sys/**', '/proc/**', '/dev/**', '/var/lib/**', '/opt/**', '/root/**'],
    except: ['/dev/null', '/dev/stdout', '/dev/stderr', '/dev/stdin', '/dev/tty', '/dev/zero', '/dev/random', '/dev/urandom', '/dev/fd/**', '/proc/self/fd/**'],
    verdicts: { write: 'deny', delete: 'deny' },
    why: 'belongs to the operating system',
    outsideWorkspaceOnly: true,
  },
  {
    id: 'system.all-users', set: 'system', risk: 'critical',
    globs: ['/etc/passwd', '/etc/group', '/etc/hosts', '/etc/ld.so.preload'],
    verdicts: READ_ASK_CHANGE_DENY,
    why: 'is system identity or loader configuration',
  },
];

/** Harmless device files that commands read and write all the time (`> /dev/null`). */
export const HARMLESS_DEVICES = ['/dev/null', '/dev/stdout', '/dev/stderr', '/dev/stdin', '/dev/tty', '/dev/zero', '/dev/random', '/dev/urandom', '/dev/fd/**', '/proc/self/fd/**'];

/** What the sandbox must keep read-only, derived from the same entries the engine checks paths against. */
export interface SandboxProtection {
  /** Globs of paths a sandboxed command must not change (relative ones are relative to the workspace). */
  globs: string[];
  /** Paths matching these stay writable (e.g. `.env.example`). */
  except: string[];
  /**
   * Paths (relative to a workspace or repository root) that get an empty read-only placeholder when they do
   * not exist, so a command cannot create them either: the literal paths of the entries the engine denies.
   */
  placeholders: string[];
}

const GLOB_CHARS = /[*?[\]{}()!+@\\]/;

/** `**\/a/b` and `**\/a/b/**` name the literal path `a/b` under any folder; anything with wildcards does not. */
function literalUnderAnyFolder(glob: string): string | undefined {
  if (!glob.startsWith('**/')) return undefined;
  const rest = glob.slice(3).replace(/\/\*\*$/, '');
  return rest.length > 0 && !GLOB_CHARS.test(rest) ? rest : undefined;
}

/**
 * Every enabled entry an agent may not write unasked (write verdict deny or ask) is read-only inside the
 * sandbox, except those marked `sandboxWritable`. System entries are left out: the sandbox binds the whole
 * system read-only anyway, and their globs would cover a workspace that lives under /root or /opt.
 */
export function sandboxProtection(sets: ProtectedSets): SandboxProtection {
  const entries = PROTECTED_ENTRIES.filter((entry) => entry.set !== 'system' && sets[entry.set] && entry.sandboxWritable === undefined
    && (entry.verdicts.write === 'deny' || entry.verdicts.write === 'ask'));
  const placeholders = entries.filter((entry) => entry.verdicts.write === 'deny')
    .flatMap((entry) => entry.globs.map(literalUnderAnyFolder)).filter((path): path is string => path !== undefined);
  return {
    globs: entries.flatMap((entry) => entry.globs),
    except: entries.flatMap((entry) => entry.except ?? []),
    placeholders: [...new Set(placeholders)],
  };
}

/** Every protected set on: what the sandbox assumes when the caller did not pass the effective policy's sets. */
export const ALL_PROTECTED_SETS: ProtectedSets = { secrets: true, agentConfig: true, vcsInternals: true, ciWorkflows: true, buildFiles: true };
