import { ownString } from '../shared/own-string.js';

/** Slots of the table of names (a power of two). */
export const SLOTS = 1024;
/** Names longer than this are sliced each time (no element or common attribute name is). */
const MAX_LENGTH = 24;
const names: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);

/**
 * The name at `src[from, to)` in lower case, as `src.slice(from, to).toLowerCase()` gives it: the
 * same string each time for an ASCII name the table holds (the first name of each hash slot). Why:
 * a tag or attribute name sliced afresh was a new string to allocate and lower-case, then to hash
 * at each of the set and map lookups it went to (issue 16); an interned string's hash is kept. The
 * slot is hashed from the length and three characters (first, middle, last), not from every one:
 * the comparison with the name in the slot reads them all anyway (issue 16).
 */
export function tagName(src: string, from: number, to: number): string {
  const len = to - from;
  if (len <= 0 || len > MAX_LENGTH) return src.slice(from, to).toLowerCase();
  const slot = slotOf(src, from, to);
  const known = names[slot];
  if (known !== undefined && known.length === len && sameLower(known, src, from)) return known;
  const name = src.slice(from, to).toLowerCase();
  // toLowerCase beyond ASCII is Unicode's (it may change the length): such a name is not kept
  if (known === undefined && isAscii(src, from, to)) names[slot] = ownString(name);
  return name;
}

/**
 * The slot of the name at `src[from, to)` (1 to MAX_LENGTH characters), the same in any case.
 * (| 0x20 lower-cases an ASCII letter; what it does to other characters only moves the slot)
 */
function slotOf(src: string, from: number, to: number): number {
  const len = to - from;
  const h = Math.imul(Math.imul(Math.imul(len, 31) + (src.charCodeAt(from) | 0x20), 31) + (src.charCodeAt(from + (len >> 1)) | 0x20), 31) + (src.charCodeAt(to - 1) | 0x20);
  return (h ^ (h >>> 10)) & (SLOTS - 1);
}

/**
 * The slot of `name` in the table when the table holds it (as tagName gives it), else -1: a key
 * for what callers keep about the names tagName gives, found without hashing the string (html-elements.ts).
 */
export function keptSlot(name: string): number {
  const len = name.length;
  if (len === 0 || len > MAX_LENGTH) return -1;
  const slot = slotOf(name, 0, len);
  return names[slot] === name ? slot : -1;
}

/** Whether `src[from, to)` is all ASCII. */
function isAscii(src: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (src.charCodeAt(i) > 127) return false;
  return true;
}

/** Whether `src` from `from` holds `name` (lower case, ASCII) in any case. */
function sameLower(name: string, src: string, from: number): boolean {
  for (let i = 0; i < name.length; i++) {
    let c = src.charCodeAt(from + i);
    if (c >= 65 && c <= 90) c |= 32;
    if (c !== name.charCodeAt(i)) return false;
  }
  return true;
}
