import { prejudged, stickyAtStarts } from './name-starts.js';
import { valueGroupOf } from './match-value.js';
import type { CompiledRule } from '../types.js';

/** Judges a candidate a rule's search found (detect.ts's patterns): true when it is reported. */
export type Consider = (rule: CompiledRule, at: number, index: number, value: string, groups: Record<string, string> | undefined, fi: number) => boolean;

/**
 * Runs rule `r` (its place among `rules`) over `s`, which starts at `offset` of a batch's joined
 * text (field boundaries at `starts`), in field `fi` or later, and hands each candidate to `consider`.
 */
export type RuleSearch = (r: number, s: string, offset: number, fi: number, starts: Int32Array, consider: Consider) => void;

/** The field boundaries of no text, and a judge never asked: what the searchers' first runs are given. */
const NO_STARTS = new Int32Array(2);
const considerNothing: Consider = () => false;

/** The search of `rules` (each rule's `at` its place in the ruleset, which its gate values are kept by). */
export function ruleSearch(rules: readonly CompiledRule[], at: readonly number[]): RuleSearch {
  // what each rule's search runs: the regex, or sticky at the places its matches can start
  // (name-starts.ts), passing over the matches its validator surely refuses (prejudged)
  const searchers: Pick<RegExp, 'exec' | 'lastIndex'>[] = rules.map((r) => prejudged(r, stickyAtStarts(r.re) ?? r.re));
  const search: RuleSearch = (r, s, offset, fi, starts, consider) => {
    const rule = rules[r]!;
    const re = searchers[r]!;
    re.lastIndex = 0;
    for (let m = re.exec(s); m; m = re.exec(s)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      const group = valueGroupOf(m, rule.valueGroup);
      const value = group ? m.groups!.value! : m[0];
      const index = (group ? group[0] : m.index) + offset;
      while (starts[fi + 1]! <= index) fi++;
      // a refused candidate may hide one that starts inside it ("Complainant Ciaran McDonald")
      if (!consider(rule, at[r]!, index, value, m.groups, fi)) re.lastIndex = m.index + 1;
    }
  };
  // Every searcher run through the search on no text (nothing is found), before any batch: they are
  // of four kinds (a RegExp, name-starts.ts's and lead-regexp.ts's classes), and a kind first met
  // after V8 had optimised the search (the surname-first rule's, on case notes) threw away the
  // search and the two functions it was compiled into, and compiled all three again. Twice: V8
  // keeps what a function saw only from its 40th call or so (lazy feedback allocation).
  for (let r = 0; r < 2 * rules.length; r++) search(r % rules.length, '', 0, 0, NO_STARTS, considerNothing);
  return search;
}
