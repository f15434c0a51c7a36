/**
 * The spellings of a vault value that an agent could leak: raw, base64 (standard, URL-safe, with and
 * without padding), percent-encoded, hex, JSON-escaped. Uses only web globals (TextEncoder, btoa) so the
 * engine stays pure.
 */

/** Shorter values are not searched for: they would match innocent text all over the place. */
export const MIN_VAULT_VALUE_LENGTH = 6;

export interface VaultForm {
  form: string;
  encoding: 'raw' | 'base64' | 'base64url' | 'url' | 'hex' | 'json';
}

function toBase64(value: string): string {
  const bytes = new TextEncoder().encode(value);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function toHex(value: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(value)) out += byte.toString(16).padStart(2, '0');
  return out;
}

export function vaultForms(value: string): VaultForm[] {
  if (value.length < MIN_VAULT_VALUE_LENGTH) return [];
  const base64 = toBase64(value);
  const unpadded = base64.replace(/=+$/, '');
  const candidates: VaultForm[] = [
    { form: value, encoding: 'raw' },
    { form: unpadded, encoding: 'base64' },
    { form: unpadded.replace(/\+/g, '-').replace(/\//g, '_'), encoding: 'base64url' },
    { form: encodeURIComponent(value), encoding: 'url' },
    { form: toHex(value), encoding: 'hex' },
    { form: toHex(value).toUpperCase(), encoding: 'hex' },
    { form: JSON.stringify(value).slice(1, -1), encoding: 'json' },
  ];
  const seen = new Set<string>();
  return candidates.filter((candidate) => {
    if (seen.has(candidate.form)) return false;
    seen.add(candidate.form);
    return true;
  });
}
