// What redaction changes in one scanned file: a marker per value finding, and the CSV columns or
// JSON keys to drop, planned from the findings and the spans the extractors gave (never read again).
import type { ListItem } from '../extract/extractor.js';
import { NUMBER } from '../extract/json-tokens.js';
import type { Encoding } from '../read/decode.js';
import type { Category, Field, Finding, Format, Problem, RawMatch } from '../types.js';
import { dropColumns, dropMembers, type Edit, redactionMarker } from './redact.js';
import { valueEdits } from './value-edits.js';

/** Categories whose finding is a name (a header, a key), not a value. */
export const NAME_CATEGORIES: ReadonlySet<Category> = new Set(['sensitive-field', 'unexpected-field']);

/** A finding of a file, with the match behind it and its run-wide value key. */
export interface Found {
  match: RawMatch;
  finding: Finding;
  key: string;
  /** The whole value of a field whose name gives its category, when this match is only part of it. */
  whole?: RawMatch;
}

/** A file as redaction's scan saw it: its text, the findings in it and its structure. */
export interface Scanned {
  format: Format;
  encoding: Encoding;
  delimiter?: string;
  text: string;
  found: Found[];
  /** Values that show data under a sensitive name (`Case notes` text), with that name: redacted whole. */
  namedData: { value: Field; name: Field }[];
  /** The extractor's CSV records or JSON objects (undefined: the file broke, read as text from there). */
  lists: ListItem[][] | undefined;
  publicKeys: string[];
  warnings: Problem[];
}

/** The edits of one file: values (by their key: one public elsewhere stays), covers and drops. */
export interface EditPlan {
  encoding: Encoding;
  values: { key: string; edits: Edit[] }[];
  drops: Edit[];
  /** Whole values under sensitive names that hold findings too: counted with those findings. */
  covers: Edit[];
  dropped: number;
  names: number;
}

function isName(m: RawMatch): boolean {
  return m.kind === 'name' && NAME_CATEGORIES.has(m.category);
}

/** A name finding that --drop-sensitive-fields can remove: a CSV header, or a key of a JSON file. */
function droppable(m: RawMatch, format: Format): boolean {
  const where = m.field.ctx.where;
  if (format === 'csv') return where === 'header';
  // keys of HTML held in a JSON string (an input's name) have no key path: they are not members
  return (format === 'json' || format === 'ndjson') && where === 'key' && m.field.ctx.path !== undefined;
}

/**
 * The edits one file needs: a marker per value finding and per value that makes a sensitive name
 * a finding (so that the name passes the gate), and the columns or keys to drop: those a known
 * shape lacks always (the column is the mistake), sensitive ones with --drop-sensitive-fields.
 */
export function planEdits(file: string, s: Scanned, drop: boolean, warnings: Problem[]): EditPlan {
  const plan: EditPlan = { encoding: s.encoding, values: [], drops: [], covers: [], dropped: 0, names: 0 };
  const names: RawMatch[] = [];
  const found = new Set<Field>();
  // a name the filter allowed (public by design) is no finding: the values under it stay
  const reported = new Set(s.found.map((f) => f.match.field));
  for (const f of s.found) {
    if (isName(f.match)) {
      if (f.match.category === 'sensitive-field') plan.names++;
      if ((drop || f.match.category === 'unexpected-field') && droppable(f.match, s.format)) names.push(f.match);
      continue;
    }
    found.add(f.match.field);
    const m = f.whole ?? f.match;
    plan.values.push({ key: f.key, edits: editsFor(m.field, m.index, m.value.length, m.category, s.text) });
  }
  for (const { value, name } of s.namedData) {
    if (!reported.has(name)) continue;
    const start = value.text.search(/\S/);
    const edits = editsFor(value, start, value.text.trim().length, 'sensitive-field', s.text);
    // a value with findings in it is counted once; its marker covers the rest of it too
    if (found.has(value)) plan.covers.push(...edits);
    else plan.values.push({ key: '', edits });
  }
  if (names.length === 0) return plan;
  let drops: Edit[] | undefined;
  if (s.format === 'csv') {
    drops = dropColumns(s.lists, names.map((m) => m.field.offset));
  } else {
    // a sensitive key is dropped where it was found; a key a known shape lacks was reported once,
    // at its first occurrence, so it is dropped at every occurrence of its path
    const keyOffsets = new Set(names.filter((m) => m.category === 'sensitive-field').map((m) => m.field.offset));
    const paths = new Set(names.filter((m) => m.category === 'unexpected-field').map((m) => m.field.ctx.path!));
    drops = dropMembers(s.lists, { keyOffsets, paths });
  }
  if (!drops) {
    warnings.push({ file, code: 'ENODROP', message: `not well-formed ${s.format.toUpperCase()}: its ${s.format === 'csv' ? 'columns' : 'keys'} could not be dropped` });
    return plan;
  }
  plan.drops = drops;
  plan.dropped = names.length;
  return plan;
}

/** The edits that put a marker in place of `length` characters of a field's text at `index`. */
function editsFor(f: Field, index: number, length: number, category: Category, text: string): Edit[] {
  const marker = redactionMarker(category);
  // a JSON number becomes a string: the marker needs quotes to leave valid JSON (not the text of an
  // HTML block in a JSON string, `"<p>42</p>"`, which sits after a `>`)
  if (f.ctx.where === 'value' && !f.offsets && text[f.offset - 1] !== '"' && text[f.offset - 1] !== '>' && NUMBER.test(f.text)) {
    return [{ start: f.offset, end: f.offset + f.text.length, text: `"${marker}"` }];
  }
  return valueEdits(f, index, length, marker);
}
