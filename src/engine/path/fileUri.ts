/**
 * Tool calls may name files as `file://` URIs (editors, LSP, MCP). They are decoded exactly once,
 * before any check: `%2e` is a dot, `%252e` is a file named `%2e` (decoding twice would let an
 * encoded `..` walk out after the check). Plain paths are not decoded: bash never decodes them.
 */
export type DecodedPath = { ok: true; path: string } | { ok: false; reason: string };

const FILE_SCHEME = /^file:/i;

export function decodeFileUri(raw: string): DecodedPath {
  if (!FILE_SCHEME.test(raw)) return { ok: true, path: raw };
  const rest = raw.slice('file:'.length);
  if (!rest.startsWith('//')) return { ok: false, reason: 'the file URI has no // authority, so which file it names is unclear' };
  const slash = rest.indexOf('/', 2);
  const host = slash < 0 ? rest.slice(2) : rest.slice(2, slash);
  if (host !== '' && host.toLowerCase() !== 'localhost') return { ok: false, reason: `the file URI names another host (${host}), not this machine` };
  let path: string;
  try {
    path = decodeURIComponent(slash < 0 ? '/' : rest.slice(slash));
  } catch {
    return { ok: false, reason: 'the file URI has a percent-escape that does not decode' };
  }
  if (path.includes('\0')) return { ok: false, reason: 'the file URI decodes to a path with a NUL byte' };
  return { ok: true, path };
}
