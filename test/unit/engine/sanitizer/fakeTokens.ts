/**
 * Builds fake credentials that match provider formats, from a seeded generator, so the corpus never
 * holds anything that was ever a live secret (and no literal token sits in git for scanners to flag).
 */
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
export const ALNUM = UPPER + LOWER + DIGITS;
export const HEX = '0123456789abcdef';
export const B32 = UPPER + '234567';
export const URLSAFE = ALNUM + '-_';

let state = 0x2545f491;
export function reseed(seed: number): void {
  state = seed >>> 0 || 1;
}

function nextRandom(): number {
  // xorshift32: deterministic, good enough to look random to an entropy check.
  state ^= state << 13;
  state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5;
  state >>>= 0;
  return state;
}

export function randomFrom(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[nextRandom() % alphabet.length];
  return out;
}

/** A fake token: literal prefix (split so the source never holds the joined form) + random body. */
export function fake(prefixParts: string[], alphabet: string, length: number): string {
  return prefixParts.join('') + randomFrom(alphabet, length);
}

export const tokens = {
  awsKeyId: (): string => fake(['AK', 'IA'], B32, 16),
  awsSecret: (): string => randomFrom(ALNUM + '/+', 40),
  gcpKey: (): string => fake(['AI', 'za'], URLSAFE, 35),
  github: (): string => fake(['gh', 'p_'], ALNUM, 36),
  githubFine: (): string => fake(['github', '_pat_'], ALNUM + '_', 82),
  gitlab: (): string => fake(['gl', 'pat-'], URLSAFE, 20),
  slack: (): string => fake(['xo', 'xb-'], DIGITS, 12) + '-' + randomFrom(DIGITS, 13) + '-' + randomFrom(ALNUM, 24),
  stripe: (): string => fake(['sk', '_live_'], ALNUM, 24),
  openai: (): string => fake(['sk', '-proj-'], URLSAFE, 120),
  anthropic: (): string => fake(['sk-', 'ant-api03-'], URLSAFE, 93),
  npm: (): string => fake(['np', 'm_'], ALNUM, 36),
  jwt: (): string => 'ey' + 'J' + randomFrom(URLSAFE, 30) + '.ey' + 'J' + randomFrom(URLSAFE, 60) + '.' + randomFrom(URLSAFE, 43),
  azureKey: (): string => randomFrom(ALNUM + '+/', 86) + '==',
  sendgrid: (): string => fake(['S', 'G.'], URLSAFE, 22) + '.' + randomFrom(URLSAFE, 43),
  huggingface: (): string => fake(['h', 'f_'], UPPER + LOWER, 34),
  privateKeyBody: (): string => Array.from({ length: 6 }, () => randomFrom(ALNUM + '+/', 64)).join('\n'),
  password: (): string => randomFrom(ALNUM + '!#%^*', 18),
};
