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
 * A field that keeps nothing of the file's text alive, for a field held beyond its batch (a
 * column's first values, held until the column is judged). Its context is shared, as it was.
 * Fields of one record share one copy of the record (`copies`), as they shared the original.
 */
export function ownField(f: Field, copies: RecordCopies): Field {
  const out: Field = { ...f, text: ownString(f.text) };
  if (f.raw !== undefined) out.raw = ownString(f.raw);
  if (f.label !== undefined) out.label = ownString(f.label);
  if (f.siblings) out.siblings = ownRecord(f.siblings, copies);
  if (f.row) out.row = ownRecord(f.row, copies);
  return out;
}

function ownRecord(r: Readonly<Record<string, string>>, copies: RecordCopies): Readonly<Record<string, string>> {
  let copy = copies.get(r);
  if (!copy) {
    copy = Object.fromEntries(Object.entries(r).map(([k, v]) => [ownString(k), ownString(v)]));
    copies.set(r, copy);
  }
  return copy;
}
