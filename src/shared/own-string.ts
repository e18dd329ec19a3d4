import type { Field } from '../types.js';

/**
 * A copy of `text` that keeps nothing else alive: for strings a cache or a long-lived table keeps.
 * V8 cuts a substring of 13 or more characters as a view into the string it came from (a
 * "sliced string"), so a 13-character phone number cut from a 64 KB piece of a file keeps the
 * whole piece in memory as long as it is kept: a cache of 4,096 such keys held 30 MB of a 50 MB
 * CSV, and up to 260 MB of the 200 MB bench inputs (issue 16). Prepending a character makes a
 * new string that is flattened, not a view, when sliced again; short strings are copies already.
 */
export function ownString(text: string): string {
  return text.length < 13 ? text : ` ${text}`.slice(1);
}

/** Copies of the sibling and row records of fields already copied, by the original record. */
export type RecordCopies = WeakMap<object, Readonly<Record<string, string>>>;

/**
 * Makes a field keep nothing of the file's text alive, for a field held beyond its batch (a
 * column's first values, held until the column is judged): its strings and records are replaced,
 * in place, by copies of the same text. Its context is shared, as it was. Fields of one record
 * share one copy of the record (`copies`), as they shared the original. In place, not a copy of
 * the field: a copy made by spreading it had another object shape than the extractor's fields,
 * and the held fields, detected again when their column is judged, sent detect, run and the
 * filter back to the interpreter late in a scan to be compiled again (issue 16).
 */
export function ownField(f: Field, copies: RecordCopies): Field {
  f.text = ownString(f.text);
  if (f.raw !== undefined) f.raw = ownString(f.raw);
  if (f.label !== undefined) f.label = ownString(f.label);
  if (f.siblings) f.siblings = ownRecord(f.siblings, copies);
  if (f.row) f.row = ownRecord(f.row, copies);
  return f;
}

function ownRecord(r: Readonly<Record<string, string>>, copies: RecordCopies): Readonly<Record<string, string>> {
  let copy = copies.get(r);
  if (!copy) {
    copy = Object.fromEntries(Object.entries(r).map(([k, v]) => [ownString(k), ownString(v)]));
    copies.set(r, copy);
  }
  return copy;
}
