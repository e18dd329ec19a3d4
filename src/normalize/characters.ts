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

/** Code points below 0x80 and in these ranges are tried one by one at load; the rest count as folding. */
const TRIED: ReadonlyArray<readonly [number, number]> = [
  [0x80, 0x2ff],
  [0x2000, 0x20ff],
];

/**
 * A regex character class (source) holding every UTF-16 code unit that may stand for a character
 * foldCharacters changes: exactly those in TRIED that fold, and every other non-ASCII code unit
 * (surrogates included). Why: text with only `£`, `é` or `€` beyond ASCII (common in UK records)
 * then skips the normalisation stage as plain ASCII text does; a superset, never a miss.
 */
export const MAY_FOLD_CLASS = ((): string => {
  const hex = (c: number): string => `\\u${c.toString(16).padStart(4, '0')}`;
  let out = '';
  let start = -1; // the first code unit of the run of folding ones being read
  const read = (c: number, folds: boolean): void => {
    if (folds && start === -1) start = c;
    if (!folds && start !== -1) {
      out += start === c - 1 ? hex(start) : `${hex(start)}-${hex(c - 1)}`;
      start = -1;
    }
  };
  let next = 0x80;
  for (const [lo, hi] of TRIED) {
    if (next < lo) read(next, true);
    for (let c = lo; c <= hi; c++) read(c, replacement(c) !== null);
    next = hi + 1;
  }
  read(next, true);
  return `[${out}${hex(start)}-\\uffff]`;
})();

const MAY_FOLD = new RegExp(MAY_FOLD_CLASS);
/**
 * Characters beyond ASCII that never fold and fill UK records (`£450`, `€20`, `20°C`, `café`) and
 * web pages (a footer's `© 2024`, in each page of a site: it sent every one through MAY_FOLD),
 * each with its UTF-8 length less one (the bytes it adds to the text's UTF-8 length).
 */
const KEPT: ReadonlyArray<readonly [string, number]> = ['£', '€', '°', 'é', '©']
  .filter((c) => replacement(c.codePointAt(0)!) === null)
  .map((c) => [c, Buffer.byteLength(c) - 1] as const);

/**
 * False when foldCharacters cannot change the text. Every code unit beyond ASCII adds at least one
 * byte to the UTF-8 length; when KEPT's characters, counted with native scans, add all of them,
 * there is no other (2 ms on 20 MiB of records, against 25 for the regex).
 */
export function mayFold(text: string): boolean {
  let extra = Buffer.byteLength(text) - text.length;
  if (extra === 0) return false;
  for (const [ch, bytes] of KEPT) {
    for (let i = text.indexOf(ch); i !== -1; i = text.indexOf(ch, i + 1)) extra -= bytes;
    if (extra === 0) return false;
  }
  return MAY_FOLD.test(text);
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
