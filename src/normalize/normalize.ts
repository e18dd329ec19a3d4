import { SEP } from '../detect/detect.js';
import type { Field } from '../types.js';
import { foldCharacters, MAY_FOLD_CLASS, mayFold } from './characters.js';
import { deobfuscateEmail } from './email.js';
import { decodeJsEscapes } from './js-escapes.js';
import { decodePercent } from './percent.js';
import type { Rewritten } from './rewrite.js';

/**
 * Anything a step could change: a percent sign, a plus in a query string, a backslash, a non-ASCII
 * character that folds (MAY_FOLD_CLASS), or an "at"/"dot" written for a person to read. Text without
 * one (most of every file) skips the stage: one scan of the batch, no copy.
 */
const MAYBE = new RegExp(`[%\\\\]|${MAY_FOLD_CLASS}|[?&=][^\\s?&=\\0]*\\+|[[({<]\\s*(?:at|dot|@)\\s*[\\])}>]|\\sdot\\s`, 'gi');

/** An "at" or "dot" spelled for a person to read (MAYBE's last two alternatives). */
const SPELLED = /[[({<]\s*(?:at|dot|@)\s*[\])}>]|\sdot\s/i;
/** SPELLED's first alternative, tried at a bracket. */
const BRACKETED = /[[({<]\s*(?:at|dot|@)\s*[\])}>]/iy;
/** SPELLED's second alternative. */
const SPACED_DOT = /\sdot\s/i;
/** The brackets BRACKETED starts with. */
const OPENERS = ['(', '[', '{', '<'];
/** Past this many brackets in a text, one search for SPELLED is cheaper than a try at each. */
const MAX_OPENERS = 64;

/**
 * SPELLED.test(text), quicker: its bracketed form is tried only where native scans find a bracket,
 * then " dot " is searched for alone. SPELLED, whose two alternatives each start at a space or a
 * bracket, cost half as much again as the search for " dot " alone on case notes (issue 16).
 */
function spelled(text: string): boolean {
  let tries = 0;
  for (const opener of OPENERS) {
    for (let i = text.indexOf(opener); i !== -1; i = text.indexOf(opener, i + 1)) {
      if (++tries > MAX_OPENERS) return SPELLED.test(text);
      BRACKETED.lastIndex = i;
      if (BRACKETED.test(text)) return true;
    }
  }
  return SPACED_DOT.test(text);
}

/** A space as `\s` means one (tested beyond ASCII only). */
const SPACE = /\s/;

/**
 * True when a plus is in a query string, as MAYBE's third alternative `[?&=][^\s?&=\0]*\+` finds:
 * from each plus (native scans), a look back over the characters its middle takes, to one that
 * stops it: `?`, `&` or `=` is a match, a space, U+0000 or the start none. A look back that reaches
 * the plus before it ends as that one's did (no match). The regex tried a match at every `?`, `&`
 * and `=` of any text with a plus in it (+44 in case notes).
 */
function queryPlus(text: string): boolean {
  let before = -1;
  for (let plus = text.indexOf('+'); plus !== -1; plus = text.indexOf('+', plus + 1)) {
    for (let i = plus - 1; i > before; i--) {
      const c = text.charCodeAt(i);
      if (c === 0x3f || c === 0x26 || c === 0x3d) return true;
      if (c === 0 || c === 0x20 || (c >= 9 && c <= 13) || (c >= 0x80 && SPACE.test(text[i]!))) break;
    }
    before = plus;
  }
  return false;
}

/** Whether a UTF-16 code unit is a hex digit (NaN, past the end, is not). */
function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66);
}

/**
 * True when no percent sign in the batch lets decodePercent change a field: none starts an escape
 * (`%` and two hex digits, all that it decodes), and no field with one holds a plus. Why the plus:
 * in a field with a `%`, decodePercent reads each token and takes a `+` in one with `?`, `&` or `=`
 * for a space even where MAYBE's query-string alternative sees none (`a+b=c`); a field with
 * neither it leaves as it is. A percentage ("a 28.0% rise") sent each HTML file that had one
 * through MAYBE, one more search of the whole text for nothing (issue 16).
 */
function percentQuiet(text: string, fields: Field[]): boolean {
  let p = text.indexOf('%');
  if (p === -1) return true;
  // the field that holds p, where it starts, and the next plus at or after that start
  let i = 0;
  let start = 0;
  let plus = -1;
  for (; p !== -1; p = text.indexOf('%', p + 1)) {
    if (isHex(text.charCodeAt(p + 1)) && isHex(text.charCodeAt(p + 2))) return false;
    while (start + fields[i]!.text.length < p) start += fields[i++]!.text.length + 1;
    if (plus < start) plus = text.indexOf('+', start);
    if (plus === -1) plus = Infinity;
    if (plus < start + fields[i]!.text.length) return false;
  }
  return true;
}

/**
 * True when no step can change the batch (MAYBE finds nothing in a field a step would change):
 * native scans for single characters and for characters that fold (mayFold), then short regexes.
 * Three times faster than MAYBE on text that has nothing to normalise, which is nearly all text.
 */
function quiet(text: string, fields: Field[]): boolean {
  return percentQuiet(text, fields) && text.indexOf('\\') === -1 && !queryPlus(text) && !mayFold(text) && !spelled(text);
}

/** The texts of the batch being joined: one array used for every batch, emptied after each join. */
const texts: string[] = [];

/**
 * The texts of a batch joined with SEP, as the detector joins them. A new array of them per batch
 * was 8 bytes a field (issue 16).
 */
export function joinTexts(fields: Field[]): string {
  const n = fields.length;
  if (texts.length > n) texts.length = n;
  for (let i = 0; i < n; i++) texts[i] = fields[i]!.text;
  const joined = texts.join(SEP);
  // the array keeps its room, not the batch's strings
  texts.fill('');
  return joined;
}

/** Text that is code, where JavaScript escapes mean what they encode. */
function isCode(f: Field): boolean {
  const ctx = f.ctx;
  if (ctx.where === 'script') return true;
  // an event handler attribute (`<a onclick="…">`; the label is `element@attribute`)
  if (ctx.where === 'attribute' && /@on[a-z]+$/i.test(ctx.label ?? '')) return true;
  return /^\s*javascript:/i.test(f.text);
}

/**
 * The normalisation stage, between extract and detect: decodes what a file encodes so that rules
 * judge what a reader sees, in this order (each step reads the previous one's output):
 * 1. percent-encoding and `+` in URLs and query strings (percent.ts) — the outermost layer of an
 *    attribute or a link, as a browser undoes it first;
 * 2. JavaScript string escapes, only in code (js-escapes.ts) — inside a `javascript:` URL they sit
 *    under the percent-encoding;
 * 3. Unicode: NFKC, invisible characters dropped, typographic quotes and dashes (characters.ts) —
 *    on decoded text, since an escape can encode a full-width digit;
 * 4. obfuscated e-mail addresses (email.ts) — on plain ASCII words, so after the rest.
 * HTML entities are decoded by the HTML extractor. A field that changes keeps, in `raw` and
 * `offsets`, the original characters and where each new one came from: findings and redaction
 * spans point at the original file.
 */
export function normalizeFields(fields: Field[]): { fields: Field[]; joined?: string } {
  if (fields.length === 0) return { fields };
  // one scan of the whole batch, joined as detect joins it (and hands it on when nothing changed)
  const text = fields.length === 1 ? fields[0]!.text : joinTexts(fields);
  if (quiet(text, fields)) return { fields, joined: text };
  MAYBE.lastIndex = 0;
  let m = MAYBE.exec(text);
  if (!m) return { fields, joined: text };
  let out: Field[] | undefined;
  let i = 0;
  let start = 0;
  for (; m; m = MAYBE.exec(text)) {
    while (start + fields[i]!.text.length < m.index) start += fields[i++]!.text.length + 1;
    const f = fields[i]!;
    const n = normalizeField(f);
    if (n !== f) {
      out ??= fields.slice();
      out[i] = n;
    }
    // the rest of this field is done: look on from the next one
    MAYBE.lastIndex = start + f.text.length + 1;
  }
  return out ? { fields: out } : { fields, joined: text };
}

/** One field through every step; the same field when nothing changed. */
export function normalizeField(f: Field): Field {
  let text = f.text;
  let map: Int32Array | undefined;
  const apply = (step: Rewritten | undefined): void => {
    if (!step) return;
    const before = map;
    map = before ? step.map.map((j) => before[j]!) : step.map;
    text = step.text;
  };
  apply(decodePercent(text));
  if (isCode(f)) apply(decodeJsEscapes(text));
  apply(foldCharacters(text));
  apply(deobfuscateEmail(text));
  if (!map) return f;
  // compose with the extractor's own map (entities, escapes) when the field had one
  const offsets = f.offsets ? map.map((j) => f.offsets![j]!) : map;
  return { ...f, text, raw: f.raw ?? f.text, offsets };
}
