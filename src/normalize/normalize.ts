import type { Field } from '../types.js';
import { foldCharacters } from './characters.js';
import { deobfuscateEmail } from './email.js';
import { decodeJsEscapes } from './js-escapes.js';
import { decodePercent } from './percent.js';
import type { Rewritten } from './rewrite.js';

/**
 * Anything a step could change: a percent sign, a plus, a backslash, a non-ASCII character, or an
 * "at"/"dot" written for a person to read. Text without one (most of every file) skips the stage:
 * one regex test per field, no copy.
 */
const MAYBE = /[%+\\\u0080-\uffff]|[[({<]\s*(?:at|dot|@)\s*[\])}>]|\sdot\s/i;

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
export function normalizeFields(fields: Field[]): Field[] {
  let out: Field[] | undefined;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    if (!MAYBE.test(f.text)) continue;
    const n = normalizeField(f);
    if (n === f) continue;
    out ??= fields.slice();
    out[i] = n;
  }
  return out ?? fields;
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
