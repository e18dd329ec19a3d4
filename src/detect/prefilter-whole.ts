import { LONG_RUN } from './anchor-search.js';

/**
 * Whether `anchor` is a rule's `source` with its look-arounds and word edges dropped and its `?`,
 * `*`, `+` written as the anchors write them (why that matters: anchorIsRule in prefilter.ts). A
 * rule that needs a long run of digits keeps its anchor: the shared search for such runs makes it
 * cheap. A string comparison of the two sources: a form it does not see through only keeps the
 * anchor. Run when leakgate is built (scripts/build.mjs), on each built-in rule with an anchor,
 * with the run of digits every match of it holds (prefilter-digits.ts).
 */
export function anchorIsWholeRule(source: string, anchor: string, digitRun: number): boolean {
  if (digitRun >= LONG_RUN) return false;
  const items = topItems(source);
  if (!items) return false;
  const edge = (s: string): boolean => s === '\\b' || /^\(\?<?[=!]/.test(s);
  let a = 0;
  let b = items.length;
  while (a < b && edge(items[a]!)) a++;
  while (b > a && edge(items[b - 1]!)) b--;
  return a < b && plainQuantifiers(items.slice(a, b).join('')) === anchor;
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
