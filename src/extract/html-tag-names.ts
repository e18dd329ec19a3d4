import { ownString } from '../shared/own-string.js';

/** Slots of the table of names (a power of two). */
const SLOTS = 1024;
/** Names longer than this are sliced each time (no element or common attribute name is). */
const MAX_LENGTH = 24;
const names: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);

/**
 * The name at `src[from, to)` in lower case, as `src.slice(from, to).toLowerCase()` gives it: the
 * same string each time for an ASCII name the table holds (the first name of each hash slot). Why:
 * a tag or attribute name sliced afresh was a new string to allocate and lower-case, then to hash
 * at each of the set and map lookups it went to (issue 16); an interned string's hash is kept.
 */
export function tagName(src: string, from: number, to: number): string {
  const len = to - from;
  if (len <= 0 || len > MAX_LENGTH) return src.slice(from, to).toLowerCase();
  let h = len;
  for (let i = from; i < to; i++) {
    let c = src.charCodeAt(i);
    // toLowerCase beyond ASCII is Unicode's (it may change the length): left to it
    if (c > 127) return src.slice(from, to).toLowerCase();
    if (c >= 65 && c <= 90) c |= 32;
    h = (Math.imul(h, 31) + c) | 0;
  }
  const slot = (h ^ (h >>> 10)) & (SLOTS - 1);
  const known = names[slot];
  if (known !== undefined && known.length === len && sameLower(known, src, from)) return known;
  const name = src.slice(from, to).toLowerCase();
  if (known === undefined) names[slot] = ownString(name);
  return name;
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
