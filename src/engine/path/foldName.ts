/**
 * How a name may be spelled so that it reads (or resolves) like a protected one: other case (macOS and
 * Windows volumes ignore it, and when unsure we assume they might), Unicode compatibility forms
 * (fullwidth `．ｖｓｃｏｄｅ`, `／`), combining marks (NFD `Makefile\u0301`), invisible characters
 * (zero-width space/joiner, soft hyphen, BOM) and the Cyrillic/Greek letters that look like Latin ones
 * (after Unicode's confusables.txt, restricted to the letters file names use). The folded form is only
 * ever used to find *more* restrictions (deny rules and protected sets), never to allow.
 */
const INVISIBLE = /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]/g;

const LOOK_ALIKE: Readonly<Record<string, string>> = {
  // Cyrillic
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x', і: 'i', ї: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ԛ: 'q', ԝ: 'w', һ: 'h', ӏ: 'l',
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', У: 'Y', Х: 'X', І: 'I', Ј: 'J', Ѕ: 'S',
  // Greek
  α: 'a', β: 'b', ε: 'e', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', γ: 'y',
  Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Υ: 'Y', Χ: 'X',
  // Latin look-alikes outside ASCII
  ı: 'i', ɡ: 'g', ȷ: 'j', ℓ: 'l', '\u2024': '.', '\u2215': '/', '\u2044': '/', '\u29f8': '/',
};

const PLAIN_ASCII = /^[\x00-\x7f]*$/;

/** The name as the look-alikes above would read it; plain ASCII comes back unchanged (the common case). */
export function foldName(path: string): string {
  if (PLAIN_ASCII.test(path)) return path;
  return path
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(INVISIBLE, '')
    .replace(/[^\x00-\x7f]/gu, (c) => LOOK_ALIKE[c] ?? c)
    .normalize('NFC');
}
