import { ownString } from '../shared/own-string.js';

/** How many values a memo keeps before it starts again. */
const KEPT = 10000;

/**
 * A test of a value alone, remembered by value: the name checks meet the same values again and
 * again ("under review" 13,752 times in a 20 MiB NDJSON export, "wished to" 11,299 times in a case
 * CSV, "Community" as a first word), each judged in a microsecond (issue 16). It keeps up to
 * 10,000 values, as copies (a value cut from a batch's text would keep that text alive), then
 * starts again.
 */
export function memoTest(test: (value: string) => boolean): (value: string) => boolean {
  const known = new Map<string, boolean>();
  return (value) => {
    let yes = known.get(value);
    if (yes === undefined) {
      yes = test(value);
      if (known.size >= KEPT) known.clear();
      known.set(ownString(value), yes);
    }
    return yes;
  };
}

/** Slots of a memoSpan table: a power of two, some times the distinct words a scan meets first. */
const SPAN_SLOTS = 8192;

/**
 * A memoTest asked of `s.slice(start, end)` without making that string: a table of one slot per
 * hash of the characters keeps the last word met there and its answer; a word not in its slot is
 * asked of `memo` (a memoTest of the same test) and takes the slot. Why: the forename-surname
 * search refuses 1.4 million capitalised phrases in a 200 MiB case CSV by their first word, and
 * each refusal cut that word and looked it up in the memo's Map (a fresh string hashed, a chain
 * of scattered entries): 3.3% of the scan's CPU at -j 1 (perf: Map lookups and string hashing
 * under notForenameSurname). Here a word met again costs a hash of its characters and a compare.
 */
export function memoSpan(memo: (value: string) => boolean): (s: string, start: number, end: number) => boolean {
  const words = new Array<string>(SPAN_SLOTS).fill('');
  // 0: a free slot; 1: the slot's word is refused by the test; 2: it passes
  const answers = new Uint8Array(SPAN_SLOTS);
  return (s, start, end) => {
    // FNV-1a over the UTF-16 code units
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    const slot = (h ^ (h >>> 15)) & (SPAN_SLOTS - 1);
    const answer = answers[slot]!;
    if (answer !== 0 && sameSpan(words[slot]!, s, start, end)) return answer === 2;
    const word = ownString(s.slice(start, end));
    const yes = memo(word);
    words[slot] = word;
    answers[slot] = yes ? 2 : 1;
    return yes;
  };
}

/** Whether `word` is `s.slice(start, end)`, compared in place. */
function sameSpan(word: string, s: string, start: number, end: number): boolean {
  if (word.length !== end - start) return false;
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) !== s.charCodeAt(start + i)) return false;
  return true;
}
