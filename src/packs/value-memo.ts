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
