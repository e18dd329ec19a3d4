import ANCHORS, { ANCHOR_IS_RULE, DIGIT_RUNS } from './generated/prefilters.js';

/**
 * Prefilter, then confirm (issue 16): a rule with an anchor (see prefilter-derive.ts) runs only on
 * the fields of a batch in which its anchor occurs; the others cannot hold a match. The anchors
 * of the built-in rules are derived when leakgate is built, keyed by the rule's exact regex: a
 * rule whose regex is not in the table (a user pack's, or a built-in edited since) runs on every
 * field, as it did before. `LEAKGATE_PREFILTER=0` turns the prefilter off (the reports must not
 * change: __tests__/detect/prefilter.test.ts).
 */
export function prefilterOn(): boolean {
  return process.env.LEAKGATE_PREFILTER !== '0';
}

const made = new Map<string, RegExp>();

/** The anchor of a rule's regex, one RegExp per distinct anchor (so that a batch looks for it once), or undefined. */
export function anchorOf(re: RegExp): RegExp | undefined {
  const k = anchorKey(re);
  const src = Object.hasOwn(ANCHORS, k) ? ANCHORS[k] : undefined;
  if (src === undefined) return undefined;
  const flags = `g${re.flags.replace(/[gdy]/g, '')}`;
  const key = `${flags}/${src}`;
  let anchor = made.get(key);
  if (!anchor) {
    anchor = new RegExp(src, flags);
    made.set(key, anchor);
  }
  return anchor;
}

/** The table's key for a regex: what scripts/build.mjs writes. */
export function anchorKey(re: RegExp): string {
  return `${re.flags}/${re.source}`;
}

/** How many digits in a row every match of a rule with an anchor holds (prefilter-digits.ts); 0 when unknown. */
export function digitRunOf(re: RegExp): number {
  const k = anchorKey(re);
  return Object.hasOwn(DIGIT_RUNS, k) ? DIGIT_RUNS[k]! : 0;
}

/**
 * Whether a rule's anchor is the rule itself, its look-arounds and word edges dropped (a postcode's
 * `\b(?:GIR…|…)\b`): looking for it in a batch costs about what running the rule there does, and
 * the rule then ran again on the fields found. On a small batch (one the anchor pass does not
 * serve) such a rule runs on the whole batch instead, as a rule whose anchor is dense does: the
 * same findings (its regex cannot match U+0000, prefilter-derive.ts), one search. Worked out when
 * leakgate is built (prefilter-whole.ts), as the anchors are: a rule not in the table keeps its anchor.
 */
export function anchorIsRule(re: RegExp): boolean {
  return Object.hasOwn(ANCHOR_IS_RULE, anchorKey(re));
}
