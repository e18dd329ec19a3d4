import type { CompiledRule } from '../types.js';

/**
 * What a field's names decide about a rule before its regex runs (issue 16: cheap conditions
 * first). A rule disabled by the field's name, or one whose context is `required` and that no
 * name supports and no keyword can, reports nothing in the field: the rule need not run there.
 * The bits are worked out once per field context (a column, a key path) and kept with it.
 */
export const GATE_KNOWN = 1;
/** `fields.disable` takes the field's name: the rule reports nothing here. */
export const GATE_DISABLED = 2;
/** `fields.enable` takes the field's name: support, the field name as evidence. */
export const GATE_ENABLED = 4;
/** One of the rule's keywords is in the field's name: support when no keyword is near the value. */
export const GATE_KEYWORD_NAME = 8;

/** The gate bits of `rule` for a field whose name words are `words`. */
export function gateBits(rule: CompiledRule, words: string): number {
  let bits = GATE_KNOWN;
  if (rule.disable?.test(words)) bits |= GATE_DISABLED;
  if (rule.enable?.test(words)) bits |= GATE_ENABLED;
  if (words && rule.keywords?.test(words)) bits |= GATE_KEYWORD_NAME;
  return bits;
}

/** Decisions (in the gate value's high bits): the rule runs on the field, */
export const OPEN_RUN = 1;
/** reports nothing there, */
export const OPEN_SKIP = 2;
/** or can report there only if one of its keywords is in the field's text. */
export const OPEN_KEYWORD = 3;

/** The gate value of `rule` for a field named `words`: its bits, and its decision times 16. */
export function gateValue(rule: CompiledRule, words: string): number {
  const bits = gateBits(rule, words);
  let open = OPEN_RUN;
  if (bits & GATE_DISABLED) open = OPEN_SKIP;
  else if (rule.required && (bits & (GATE_ENABLED | GATE_KEYWORD_NAME)) === 0) open = rule.keywords ? OPEN_KEYWORD : OPEN_SKIP;
  return bits | (open << 4);
}

/** The rule's field-name conditions can keep it from reporting in some field. */
export function gated(rule: CompiledRule): boolean {
  return rule.required || rule.disable !== undefined;
}

/** By keywords' source: rules with the same keywords share one search of a batch. */
const anyKeyword = new Map<string, RegExp | null>();

/**
 * The rule's keywords with none of the edges a keyword needs (global, to search a batch): it
 * occurs in every text in which a keyword occurs in any window (a window may cut a word, so its
 * edges prove nothing); it never runs across the U+0000 between fields. From the
 * shape phraseRegExp (packs/build-regexp.ts) gives keywords; undefined for any other shape.
 */
export function keywordsAnywhere(rule: CompiledRule): RegExp | undefined {
  const kw = rule.keywords;
  if (!kw) return undefined;
  let any = anyKeyword.get(kw.source);
  if (any === undefined) {
    const core = /^\(\?:\^\|\[\^\\p\{L\}\\p\{N\}\]\)(\(\?:.*\))\(\?!\[\\p\{L\}\\p\{N\}\]\)$/s.exec(kw.source)?.[1];
    any = core !== undefined && kw.flags === 'iu' ? withoutUnicode(fewest(core)) : null;
    anyKeyword.set(kw.source, any);
  }
  return any ?? undefined;
}

/**
 * The keyword alternation `(?:a|b|…)` (phrases as phraseRegExp writes them: escaped characters,
 * `\s*` between words) without the phrases that hold another one ("reg no" holds "reg", "credit
 * card" holds "card"): such a phrase occurs only where the one it holds does, so the search finds
 * the same fields with fewer alternatives to try at each place (vehicle keywords 10 -> 7).
 */
function fewest(core: string): string {
  const alts: string[][] = [[]];
  for (let i = 3; i < core.length - 1; i++) {
    const c = core[i]!;
    const last = alts[alts.length - 1]!;
    if (c === '|') alts.push([]);
    else if (c === '\\') last.push(core.slice(i, ++i + 1));
    else if (c === '*' && last[last.length - 1] === '\\s') last[last.length - 1] = '\\s*';
    // the search is case-insensitive: an ASCII letter stands for both its cases
    else last.push(/[A-Za-z]/.test(c) ? c.toLowerCase() : c);
  }
  const holds = (a: string[], b: string[]): boolean => {
    for (let at = 0; at + b.length <= a.length; at++) if (b.every((u, k) => a[at + k] === u)) return true;
    return false;
  };
  const keep = alts.filter((a, i) => !alts.some((b, j) => j !== i && holds(a, b) && (b.length < a.length || j < i)));
  return keep.length === alts.length ? core : `(?:${keep.map((a) => a.join('')).join('|')})`;
}

/**
 * The keywords' search without the `u` flag when they are ASCII: V8 matches a case-insensitive
 * alternation about four times faster so (149 -> 38 ms on 16 MB of case notes). Unicode case
 * folding takes two characters beyond ASCII to ASCII letters, ſ (U+017F) to s and the Kelvin sign
 * (U+212A) to k: each s and k is written with them, so the search still finds every keyword the
 * `iu` regex can find in a window.
 */
function withoutUnicode(core: string): RegExp {
  if (!/^[\x00-\x7f]*$/.test(core) || /(?<!\\)\[/.test(core)) return new RegExp(core, 'giu');
  let out = '';
  for (let i = 0; i < core.length; i++) {
    const c = core[i]!;
    if (c === '\\') out += core.slice(i, ++i + 1);
    else if (c === 's' || c === 'S') out += '[s\u017f]';
    else if (c === 'k' || c === 'K') out += '[k\u212a]';
    else out += c;
  }
  return new RegExp(out, 'gi');
}
