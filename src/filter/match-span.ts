import type { RawMatch } from '../types.js';

/**
 * Where a match sits in the decoded text of its file: the offset of its first character and of
 * the character after its last (for redaction, which replaces exactly that span).
 */
export function matchSpan(m: RawMatch): { start: number; end: number } {
  const f = m.field;
  const rawLength = (f.raw ?? f.text).length;
  // the character after the match, in the raw text: an escape such as \u00e9 ends where the next character starts
  const raw = (i: number): number => (!f.offsets ? i : i < f.offsets.length ? f.offsets[i]! : rawLength);
  const endIndex = m.index + m.value.length;
  return { start: f.offset + raw(m.index), end: f.offset + (endIndex < f.text.length ? raw(endIndex) : f.offsets ? rawLength : endIndex) };
}
