/**
 * Path classes the detector cares about. Separators are normalised to '/' before matching, so Windows
 * paths match too. These mirror (but do not replace) the permission engine's protected paths: the engine
 * decides, the detector notices patterns of behaviour around them.
 */

/** Credentials and system secrets: reading them is suspicious, writing them more so. */
const DANGEROUS = [
  /(?:^|\/)\.ssh(?:\/|$)/i, /(?:^|\/)id_(?:rsa|dsa|ecdsa|ed25519)(?:\.pub)?$/i, /(?:^|\/)\.aws\/(?:credentials|config)$/i,
  /(?:^|\/)\.gnupg(?:\/|$)/i, /^\/etc\/(?:shadow|gshadow|sudoers|master\.passwd)/, /(?:^|\/)\.netrc$/i, /(?:^|\/)\.docker\/config\.json$/i,
  /(?:^|\/)\.kube\/config$/i, /(?:^|\/)\.config\/gcloud(?:\/|$)/i, /(?:^|\/)\.azure(?:\/|$)/i, /\/proc\/(?:self|\d+)\/environ$/,
  /(?:^|\/)(?:Cookies|Login Data)$/, /(?:^|\/)Library\/Keychains(?:\/|$)/, /(?:^|\/)\.password-store(?:\/|$)/,
];

/** Secret-holding project files: not dangerous to read on their own, but they arm the exfiltration rule. */
const SECRET_FILES = [/(?:^|\/)\.env(?:\.[\w-]+)?$/i, /(?:^|\/)\.npmrc$/i, /(?:^|\/)\.pypirc$/i, /\.(?:pem|key|p12|pfx|keystore|jks)$/i, /(?:^|\/)secrets?\.(?:json|ya?ml|toml)$/i];

/** Files that control the agent itself or what runs automatically: touching them is self-modification. */
const SELF_MODIFYING = [
  /(?:^|\/)\.agent-guard(?:\/|$)/i, /(?:^|\/)agent-guard\.(?:policy\.)?(?:json|ya?ml)$/i,
  /(?:^|\/)\.vscode\/(?:settings|tasks|launch|extensions)\.json$/i, /(?:^|\/)[^/]+\.code-workspace$/i,
  /(?:^|\/)\.git\/(?:hooks\/|config$)/, /(?:^|\/)\.husky\//, /(?:^|\/)\.pre-commit-config\.ya?ml$/,
  /(?:^|\/)\.claude\/(?:settings(?:\.local)?\.json|hooks\/|commands\/)/i, /(?:^|\/)(?:CLAUDE|AGENTS|GEMINI)\.md$/,
  /(?:^|\/)\.github\/(?:copilot-instructions\.md|workflows\/)/i, /(?:^|\/)\.cursor\/rules/i, /(?:^|\/)\.codex\//i, /(?:^|\/)\.gemini\/settings\.json$/i,
];

const normalise = (path: string): string => path.replace(/\\/g, '/');

export function isDangerousPath(path: string): boolean {
  const p = normalise(path);
  return DANGEROUS.some((r) => r.test(p));
}

export function isSecretFile(path: string): boolean {
  const p = normalise(path);
  return SECRET_FILES.some((r) => r.test(p));
}

export function isSelfModifyingPath(path: string): boolean {
  const p = normalise(path);
  return SELF_MODIFYING.some((r) => r.test(p));
}

/** Path-like words of a command line, to apply the same classes to `cat ~/.ssh/id_rsa` and friends. */
export function pathsInCommand(command: string): string[] {
  return command.split(/[\s;|&<>()'"`=]+/).filter((word) => word.includes('/') || word.includes('\\') || word.startsWith('.'));
}

/** Host of a URL-ish target, lower-cased, for network events that did not name one. */
export function hostOf(target: string): string | undefined {
  const match = /^[a-z][a-z0-9+.-]{0,20}:\/\/(?:[^@/\s]{0,200}@)?(\[[0-9a-f:.]{2,45}\]|[^:/\s?#]{1,253})/i.exec(target.trim());
  return match?.[1]?.toLowerCase();
}
