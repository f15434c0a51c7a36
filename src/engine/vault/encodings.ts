/**
 * The encoded spellings of a secret value that output redaction must also catch. Pure: no Buffer, so the
 * engine stays usable anywhere; the byte handling is small enough to write out.
 */

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Encoded forms shorter than this are not redacted: they would match innocent text all over the output. */
export const MIN_ENCODED_FORM_LENGTH = 8;

export function utf8Bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Standard base64 without padding (padding depends on the length only, and the core is what leaks). */
export function base64NoPad(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i] ?? 0;
    const b1 = bytes[i + 1] ?? 0;
    const b2 = bytes[i + 2] ?? 0;
    const triple = (b0 << 16) | (b1 << 8) | b2;
    const chars = Math.ceil(((Math.min(3, bytes.length - i)) * 8) / 6);
    for (let c = 0; c < chars; c++) out += BASE64_ALPHABET[(triple >> (18 - 6 * c)) & 63];
  }
  return out;
}

export function toBase64Url(base64: string): string {
  return base64.replace(/\+/g, '-').replace(/\//g, '_');
}

export function hex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/**
 * The base64 characters that depend only on the secret's bytes, for each of the three alignments the
 * secret can have inside a longer encoded payload (e.g. `Authorization: Basic base64(user:secret)`).
 * Characters that mix bits of the neighbouring bytes are dropped, since they vary with the context.
 */
export function base64Cores(bytes: Uint8Array): string[] {
  const cores: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const padded = new Uint8Array(offset + bytes.length);
    padded.set(bytes, offset);
    const encoded = base64NoPad(padded);
    const first = Math.ceil((8 * offset) / 6);
    const end = Math.floor((8 * (offset + bytes.length)) / 6);
    if (end > first) cores.push(encoded.slice(first, end));
  }
  return cores;
}

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding. */
export function base32NoPad(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let buffer = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return bits > 0 ? out + BASE32_ALPHABET[(buffer << (5 - bits)) & 31] : out;
}

/** As base64Cores, for base32's five alignments (a 5-byte group is 8 characters). */
export function base32Cores(bytes: Uint8Array): string[] {
  const cores: string[] = [];
  for (let offset = 0; offset < 5; offset++) {
    const padded = new Uint8Array(offset + bytes.length);
    padded.set(bytes, offset);
    const encoded = base32NoPad(padded);
    const first = Math.ceil((8 * offset) / 5);
    const end = Math.floor((8 * (offset + bytes.length)) / 5);
    if (end > first) cores.push(encoded.slice(first, end));
  }
  return cores;
}

/**
 * The encoded spellings that tools wrap over several lines (`xxd -p` every 60 characters, `base64`
 * every 76, `base32` every 76, or any `-w N`): the redactor matches these with a line break allowed
 * between any two characters.
 */
export function wrappableForms(value: string): string[] {
  const bytes = utf8Bytes(value);
  const forms = new Set<string>();
  for (const core of base64Cores(bytes)) {
    forms.add(core);
    forms.add(toBase64Url(core));
  }
  for (const core of base32Cores(bytes)) forms.add(core);
  const hexLower = hex(bytes);
  forms.add(hexLower);
  forms.add(hexLower.toUpperCase());
  return [...forms].filter((form) => form.length >= MIN_ENCODED_FORM_LENGTH);
}

/** Every spelling of `value` to redact: the value itself always, encoded forms when long enough. */
export function redactionForms(value: string): string[] {
  const bytes = utf8Bytes(value);
  const encoded = new Set<string>();
  for (const core of base64Cores(bytes)) {
    encoded.add(core);
    encoded.add(toBase64Url(core));
  }
  const uriEncoded = encodeURIComponent(value);
  encoded.add(uriEncoded);
  encoded.add(uriEncoded.replace(/%20/g, '+'));
  encoded.add(JSON.stringify(value).slice(1, -1)); // JSON-escaped, as in a serialised log line
  const hexLower = hex(bytes);
  encoded.add(hexLower);
  encoded.add(hexLower.toUpperCase());
  const forms = new Set<string>([value]);
  for (const form of encoded) if (form.length >= MIN_ENCODED_FORM_LENGTH) forms.add(form);
  return [...forms].filter((form) => form.length > 0);
}
