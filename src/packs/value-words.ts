// The words of a value as the name checks read them (people.ts), found without a regex.
import { isSpaceCode } from '../shared/js-space.js';

/** A character of `/[\s,]/`: a comma, or what JavaScript's `\s` takes for white space. */
function isSeparator(c: number): boolean {
  return c === 44 || isSpaceCode(c);
}

/**
 * The words of a value, split at white space and commas (`s.split(/[\s,]+/).filter(Boolean)`),
 * read by hand: the split and the filter made two arrays and a regex run each time, and the name
 * forms split every value they judge (issue 16).
 */
export function words(s: string): string[] {
  const out: string[] = [];
  const n = s.length;
  let i = 0;
  while (i < n) {
    while (i < n && isSeparator(s.charCodeAt(i))) i++;
    if (i === n) break;
    const start = i;
    while (i < n && !isSeparator(s.charCodeAt(i))) i++;
    out.push(s.slice(start, i));
  }
  return out;
}

/** Where the first of `words(s)` starts (s.length when it has none): `/[^\s,]+/` searched by hand. */
export function firstWordStart(s: string): number {
  const n = s.length;
  let i = 0;
  while (i < n && isSeparator(s.charCodeAt(i))) i++;
  return i;
}

/** Where the word that starts at `from` ends: the next separator, or the end of `s`. */
export function wordEnd(s: string, from: number): number {
  const n = s.length;
  let i = from;
  while (i < n && !isSeparator(s.charCodeAt(i))) i++;
  return i;
}

/**
 * Whether a word of the value starts as a clan surname does (O', O’, Mc, Mac, Fitz):
 * `/(?:^|[\s,])(?:O['’]|Mc|Mac|Fitz)/.test(s)` read by hand. The forename-surname validator asks
 * it of every capitalised phrase its regex finds, and V8 cannot scan for the regex's first
 * character when one branch is `^`: it tried both at every position (issue 16).
 */
export function hasClanWord(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    if (i > 0 && !isSeparator(s.charCodeAt(i - 1))) continue;
    const c = s.charCodeAt(i);
    if (c === 0x4f) {
      const next = s.charCodeAt(i + 1);
      if (next === 0x27 || next === 0x2019) return true;
    } else if (c === 0x4d) {
      if (s.startsWith('Mc', i) || s.startsWith('Mac', i)) return true;
    } else if (c === 0x46 && s.startsWith('Fitz', i)) return true;
  }
  return false;
}
