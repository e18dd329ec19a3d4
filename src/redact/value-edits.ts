import type { Field } from '../types.js';
import { entityLength } from '../extract/html-entities.js';
import { escapeLength } from '../extract/json-tokens.js';
import type { Edit } from './redact.js';

/**
 * The edits that replace `length` characters of a field's text from `index` with `text`.
 *
 * A field whose text is not a verbatim slice of the file maps each character to the raw text
 * through `offsets`. Only the raw characters that belong to the value are replaced: an escape
 * (`\u00e9`, `""`, `&amp;`) as a whole, but never the markup between two characters of HTML text
 * joined across inline elements ("Call <strong>Mr</strong> Smith"). The first raw run gets the
 * marker and the others are emptied, so every tag stays where it was and the page stays
 * well-formed.
 */
export function valueEdits(field: Field, index: number, length: number, text: string): Edit[] {
  const end = index + length;
  const offsets = field.offsets;
  if (!offsets) return [{ start: field.offset + index, end: field.offset + end, text }];
  const raw = field.raw ?? field.text;
  // where the character after the value starts in the raw text (as matchSpan counts it)
  const rawEnd = end < offsets.length ? offsets[end]! : raw.length;
  const runs: [number, number][] = [];
  for (let i = index; i < end; i++) {
    const r = offsets[i]!;
    const next = i + 1 < end ? offsets[i + 1]! : rawEnd;
    // several characters decoded from one token (an entity for two code points): the last one covers it
    if (next === r) continue;
    let extent = next > r ? Math.min(next - r, tokenLength(raw, r)) : tokenLength(raw, r);
    // no token holds a '<': whatever starts there is a tag, and tags are kept
    for (let k = 1; k < extent; k++) if (raw[r + k] === '<') extent = k;
    if (extent === 0) continue;
    const last = runs[runs.length - 1];
    if (last && last[1] === r) last[1] = r + extent;
    else runs.push([r, r + extent]);
  }
  return runs.map(([s, e], k) => ({ start: field.offset + s, end: field.offset + e, text: k === 0 ? text : '' }));
}

/**
 * How many raw characters the token at `r` takes: an HTML entity, a JSON escape, a doubled CSV
 * quote, one plain character; 0 for a tag, which stands for a character (a `<br>` read as a line
 * break) but is markup to keep.
 */
function tokenLength(raw: string, r: number): number {
  const c = raw[r];
  if (c === '<') return 0;
  // as the extractors read them: an HTML entity, a JSON escape
  if (c === '&') return entityLength(raw, r) || 1;
  if (c === '\\') return escapeLength(raw, r) || 1;
  if (c === '"' && raw[r + 1] === '"') return 2;
  return 1;
}
