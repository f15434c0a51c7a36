// What the .vsix may hold: an explicit allow-list of its files (nothing else: no tests, no source maps,
// no sources), the files it must hold (the policy schema package.json's jsonValidation points at), and no
// secret in any text file (Agent Guard's own outbound scanner). Reads the zip itself (stored and deflated
// entries), so it needs no unzip binary.
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { tsImport } from 'tsx/esm/api';

/** Every path the package may contain; `*` stands for one path segment part (no `/`). */
const ALLOWED = [
  'extension.vsixmanifest', '[Content_Types].xml',
  'extension/package.json', 'extension/readme.md', 'extension/changelog.md', 'extension/LICENSE.txt',
  'extension/schemas/agent-guard-policy.schema.json',
  'extension/dist/extension.js', 'extension/dist/cli.js', 'extension/dist/cli-main.js', 'extension/dist/webview.js',
  'extension/dist/web-tree-sitter.wasm', 'extension/dist/tree-sitter-bash.wasm',
  'extension/media/*.css', 'extension/media/*.svg',
  'extension/media/codicons/codicon.css', 'extension/media/codicons/codicon.ttf',
  'extension/media/codicons/LICENSE', 'extension/media/codicons/LICENSE-CODE',
  'extension/docs/screenshots/panel-*.png',
];

const REQUIRED = [
  'extension/package.json', 'extension/readme.md', 'extension/changelog.md', 'extension/schemas/agent-guard-policy.schema.json',
  'extension/dist/extension.js', 'extension/dist/cli.js', 'extension/dist/cli-main.js', 'extension/dist/webview.js',
  'extension/dist/web-tree-sitter.wasm', 'extension/dist/tree-sitter-bash.wasm',
];

const BINARY = /\.(wasm|png|ttf)$/;

function globRegExp(glob) {
  return new RegExp(`^${glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
}
const allowed = ALLOWED.map(globRegExp);

/** The entries of a zip file: name and a function returning its bytes. */
export function zipEntries(bytes) {
  let end = bytes.length - 22;
  while (end >= 0 && bytes.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip file (no end of central directory)');
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    if (bytes.readUInt32LE(at) !== 0x02014b50) throw new Error(`damaged central directory at entry ${i}`);
    const method = bytes.readUInt16LE(at + 10);
    const compressedSize = bytes.readUInt32LE(at + 20);
    const nameLength = bytes.readUInt16LE(at + 28);
    const skip = nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
    const local = bytes.readUInt32LE(at + 42);
    const name = bytes.toString('utf8', at + 46, at + 46 + nameLength);
    const read = () => {
      const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
      const data = bytes.subarray(start, start + compressedSize);
      if (method === 0) return data;
      if (method === 8) return inflateRawSync(data);
      throw new Error(`${name}: unsupported zip compression method ${method}`);
    };
    entries.push({ name, read });
    at += 46 + skip;
  }
  return entries;
}

/** Problems with the package at `vsixPath`, in plain words; empty when it is as it should be. */
export async function checkPackageContents(vsixPath) {
  const { scanOutbound } = await tsImport('../../src/engine/sanitizer/index.ts', import.meta.url);
  const entries = zipEntries(readFileSync(vsixPath));
  const names = new Set(entries.map((entry) => entry.name));
  const problems = [];
  for (const entry of entries) {
    if (!allowed.some((pattern) => pattern.test(entry.name))) problems.push(`not on the allow-list: ${entry.name}`);
    if (BINARY.test(entry.name)) continue;
    const secrets = scanOutbound(entry.read().toString('utf8')).filter((finding) => finding.severity === 'high' || finding.severity === 'critical');
    for (const finding of secrets) problems.push(`${entry.name}: looks like a secret (${finding.kind}) at offset ${finding.start}`);
  }
  for (const name of REQUIRED) if (!names.has(name)) problems.push(`missing: ${name}`);
  return problems;
}
