import { Rewrite, type Rewritten } from './rewrite.js';

/**
 * Characters that hide inside a value and are dropped: zero-width space, non-joiner and joiner,
 * word joiner, byte-order mark, soft hyphen. Why: they are invisible on screen, so
 * `AB12\u200B3456C` reads as a NINO to a person, but breaks a pattern in two.
 */
const DROP = new Set([0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0x00ad]);
/**
 * Typographic quotes and dashes as their ASCII kin. Why: word processors and CMSs turn `O'Neill`
 * into `O’Neill` and `07700-900123` into `07700–900123`; NFKC keeps both as they are.
 */
const ASCII: ReadonlyMap<number, string> = new Map([
  ...[0x2018, 0x2019, 0x201a, 0x201b, 0x2032].map((c) => [c, "'"] as const),
  ...[0x201c, 0x201d, 0x201e, 0x201f, 0x2033].map((c) => [c, '"'] as const),
  ...[0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xfe58, 0xfe63].map((c) => [c, '-'] as const),
]);
const NON_ASCII = /[^\x00-\x7f]/;
/** What each non-ASCII character becomes (null: unchanged), computed once per character. */
const cache = new Map<number, string | null>();

function replacement(cp: number): string | null {
  let r = cache.get(cp);
  if (r !== undefined) return r;
  if (DROP.has(cp)) r = '';
  else {
    const ch = String.fromCodePoint(cp);
    // Why NFKC (Unicode UAX #15): compatibility forms read as their plain kin: full-width digits
    // and letters (０７７００ → 07700), no-break and narrow no-break spaces (U+00A0, U+202F) and
    // the other typographic spaces as a space, ligatures and superscripts as letters and digits
    const n = ASCII.get(cp) ?? ch.normalize('NFKC');
    r = n === ch ? null : n;
  }
  if (cache.size < 65536) cache.set(cp, r);
  return r;
}

/** Folds non-ASCII characters to what a reader sees (see DROP, ASCII and NFKC above). */
export function foldCharacters(text: string): Rewritten | undefined {
  if (!NON_ASCII.test(text)) return undefined;
  let rw: Rewrite | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const r = replacement(cp);
    if (r !== null) {
      rw ??= new Rewrite(text);
      rw.copy(rw.end, i);
      rw.put(r, i);
      rw.skipTo(i + width);
    }
    i += width - 1;
  }
  return rw?.finish();
}
