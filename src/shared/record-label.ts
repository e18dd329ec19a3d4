// The label of a JSON top-level value (an NDJSON record), which begins the labels of every field
// in it, in one place: the JSON extractor writes it, and a file scanned in parts moves it on (a
// part counts its records from 0) by the record number its fields and findings carry as data.

/** The label of top-level value `record` (from 0): `$` for the first, `$[n]` for the others. */
export function recordLabel(record: number): string {
  return record > 0 ? `$[${record}]` : '$';
}

/**
 * A label of a field in top-level value `record`, moved to value `record + by` (`$.a` of record 0
 * moved by 7 is `$[7].a`; `$[1]` of record 0, an array's second element, is `$[7][1]`). A label
 * that does not begin with the record's (a header, a rule's words) comes back unchanged.
 */
export function moveRecordLabel(label: string, record: number, by: number): string {
  const from = recordLabel(record);
  return by === 0 || !label.startsWith(from) ? label : recordLabel(record + by) + label.slice(from.length);
}
