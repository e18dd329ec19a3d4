import ANCHORS, { DIGIT_RUNS } from './generated/prefilters.js';
import { LONG_RUN } from './anchor-search.js';

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
 * same findings (its regex cannot match U+0000, prefilter-derive.ts), one search. A rule that needs
 * a long run of digits keeps its anchor: the shared search for such runs makes it cheap.
 * A string comparison of the two sources: a form it does not see through only keeps the anchor.
 */
export function anchorIsRule(re: RegExp): boolean {
  const k = anchorKey(re);
  const src = Object.hasOwn(ANCHORS, k) ? ANCHORS[k] : undefined;
  if (src === undefined || digitRunOf(re) >= LONG_RUN) return false;
  const items = topItems(re.source);
  if (!items) return false;
  const edge = (s: string): boolean => s === '\\b' || /^\(\?<?[=!]/.test(s);
  let a = 0;
  let b = items.length;
  while (a < b && edge(items[a]!)) a++;
  while (b > a && edge(items[b - 1]!)) b--;
  return a < b && plainQuantifiers(items.slice(a, b).join('')) === src;
}

/** The source's top-level items: escapes, classes, groups (balanced), single characters; undefined when unbalanced. */
function topItems(source: string): string[] | undefined {
  const items: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') i++;
    else if (c === '[') {
      for (i++; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    if (depth < 0) return undefined;
    if (depth === 0) {
      items.push(source.slice(start, i + 1));
      start = i + 1;
    }
  }
  return depth === 0 ? items : undefined;
}

/** `?`, `*` and `+` as the anchors write them (`{0,1}`, `{0,}`, `{1,}`), outside classes and escapes. */
function plainQuantifiers(source: string): string {
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') out += source.slice(i, ++i + 1);
    else if (c === '[') {
      let j = i + 1;
      for (; j < source.length && source[j] !== ']'; j++) if (source[j] === '\\') j++;
      out += source.slice(i, j + 1);
      i = j;
    } else if (c === '?' && source[i - 1] !== '(') out += '{0,1}';
    else if (c === '*') out += '{0,}';
    else if (c === '+') out += '{1,}';
    else out += c;
  }
  return out;
}
