import { LetterRegExp } from '../shared/letter-regexp.js';

// The words right before and after a candidate name, read by walking the characters from it. The
// name checks ask for them on every candidate (tens of thousands in a 10 MB export): a regex
// anchored at the end (`(…)[ \t]+$`) is tried from every position of the text before, where a
// backward walk reads only the words it returns.

/** A word as the lists hold it: lower case, without a possessive 's or the punctuation around it. */
export const bare = (w: string): string => {
  // most words start and end with an ASCII letter and have no apostrophe before their last letter:
  // then there is nothing to strip, and the two regexes (a sizeable share of the name checks) are skipped
  const n = w.length;
  if (n > 1 && isAsciiLetter(w.charCodeAt(0)) && isAsciiLetter(w.charCodeAt(n - 1)) && !isApostrophe(w.charCodeAt(n - 2))) return w.toLowerCase();
  const lower = w.toLowerCase().replace(/['’]s$/, '');
  return lower.replace(EDGES.for(lower), '');
};
/** What is not a letter at either end of a word. */
const EDGES = new LetterRegExp('^[^\\p{L}]+|[^\\p{L}]+$', 'gu', /^[^A-Za-z]+|[^A-Za-z]+$/g);
const isAsciiLetter = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
const isApostrophe = (c: number): boolean => c === 39 || c === 0x2019;

/** How far before a candidate the checks look (characters). */
const REACH = 60;

const isLetter = (c: number, ch: string): boolean =>
  c < 128 ? (c >= 97 && c <= 122) || (c >= 65 && c <= 90) : /\p{L}/u.test(ch);
/** A character of a word: a letter, or a dot, apostrophe or hyphen inside or after one ("St.", "O'Neill", "Mary-Jane"). */
const isWordChar = (c: number, ch: string): boolean => c === 46 || c === 39 || c === 45 || c === 0x2019 || isLetter(c, ch);
const isBlank = (c: number): boolean => c === 32 || c === 9;

/**
 * The words that end right before `start`, each followed by spaces or tabs only, nearest last, at
 * most `max`, reading no further back than 60 characters. A word starts at its first letter; one
 * with a non-letter before its first letter ("-abc", "(abc") ends the run.
 */
function wordsEndingAt(text: string, start: number, max: number): string[] {
  const from = Math.max(0, start - REACH);
  const out: string[] = [];
  let i = start;
  while (out.length < max) {
    let j = i;
    while (j > from && isBlank(text.charCodeAt(j - 1))) j--;
    if (j === i) break;
    let k = j;
    while (k > from && isWordChar(text.charCodeAt(k - 1), text[k - 1]!)) k--;
    let first = k;
    while (first < j && !isLetter(text.charCodeAt(first), text[first]!)) first++;
    if (first === j) break;
    out.unshift(text.slice(first, j));
    if (first !== k) break;
    i = k;
  }
  return out;
}

/** The word right before `start` when only spaces separate them (no punctuation, no line break). */
export function prevWord(text: string, start: number): string | undefined {
  return wordsEndingAt(text, start, 1)[0];
}

/** The words right before `start`, nearest last (up to three), without trailing dots. */
export function wordsBefore(text: string, start: number): string[] {
  const ws = wordsEndingAt(text, start, 3);
  for (let i = 0; i < ws.length; i++) if (ws[i]!.endsWith('.')) ws[i] = ws[i]!.slice(0, -1);
  return ws;
}

const NEXT_WORD = new LetterRegExp("^[ \\t]+([\\p{L}][\\p{L}'’-]*)", 'u', /^[ \t]+([A-Za-z][A-Za-z'-]*)/);

/** The word right after `end` when only spaces separate them (no punctuation, no line break). */
export function nextWord(text: string, end: number): string | undefined {
  const m = NEXT_WORD.exec(text.slice(end, end + REACH));
  return m?.[1];
}

/**
 * The run of letters that ends right before `end`, with at most a colon or comma and then spaces
 * between them ("Victim: ", "reported by "), lower-cased; undefined when none.
 */
export function labelWordBefore(text: string, end: number): string | undefined {
  let j = end;
  while (j > 0 && isBlank(text.charCodeAt(j - 1))) j--;
  if (j === end) return undefined;
  const c = text.charCodeAt(j - 1);
  if (c === 58 || c === 44) j--;
  let k = j;
  while (k > 0 && isLetter(text.charCodeAt(k - 1), text[k - 1]!)) k--;
  return k === j ? undefined : text.slice(k, j).toLowerCase();
}

/** True when a colon ends the text before `end`, spaces aside ("Name: "). */
export function colonBefore(text: string, end: number): boolean {
  let j = end;
  while (j > 0 && isBlank(text.charCodeAt(j - 1))) j--;
  return text.charCodeAt(j - 1) === 58;
}
