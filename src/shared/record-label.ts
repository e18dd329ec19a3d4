// The label of a JSON top-level value (an NDJSON record), or of an element of the array a large
// JSON file is cut in (`$.cases[n]`), which begins the labels of every field in it, in one place:
// the JSON extractor writes it, and a file scanned in parts moves it on (a part counts its records
// from 0) by the record number its fields and findings carry as data.

/**
 * The label of top-level value `record` (from 0): `$` for the first, `$[n]` for the others; with
 * `array`, of that array's element `record` (`$.cases[n]`).
 */
export function recordLabel(record: number, array?: string): string {
  if (array !== undefined) return `${array}[${record}]`;
  return record > 0 ? `$[${record}]` : '$';
}

/**
 * A label of a field in top-level value (or element of `array`) `record`, moved to `record + by`
 * (`$.a` of record 0 moved by 7 is `$[7].a`; `$[1]` of record 0, an array's second element, is
 * `$[7][1]`). A label that does not begin with the record's (a header, a rule's words, a key
 * outside the array) comes back unchanged.
 */
export function moveRecordLabel(label: string, record: number, by: number, array?: string): string {
  const from = recordLabel(record, array);
  return by === 0 || !label.startsWith(from) ? label : recordLabel(record + by, array) + label.slice(from.length);
}

/**
 * How the places of a part of a file move to the file's: its lines, its records (and the label of
 * their array, for JSON cut in one), and the columns of its first line (`line`, JSON cut inside a
 * line), where the part did not start a line.
 */
export interface PartShift {
  lines: number;
  records: number;
  array?: string;
  firstLine?: { line: number; columns: number };
}

/** A place of a part (its line and column) as the file's. */
export function movePlace(line: number, column: number, shift: PartShift): { line: number; column: number } {
  return { line: line + shift.lines, column: shift.firstLine?.line === line ? column + shift.firstLine.columns : column };
}
