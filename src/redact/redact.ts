import type { ListItem } from '../extract/extractor.js';
import { byteOffsets, type Encoding } from '../read/decode.js';

/**
 * One change to a file, in offsets of its decoded text (UTF-16 code units, as the extractors
 * count): `[start, end)` becomes `text`. `text` is ASCII (a redaction marker, a pair of quotes,
 * or nothing), so it needs no escaping in a CSV cell, a JSON string, HTML text or an attribute,
 * and encodes to one byte (two in UTF-16) per character in every encoding leakgate reads.
 */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** A piece of a structure (a CSV cell, a JSON member) by its offsets in the decoded text. */
export interface Span {
  start: number;
  end: number;
}

/**
 * The edits that remove whole columns from CSV, header included, in every record: the columns
 * whose header cell holds one of `headerOffsets` (offsets of the header fields). `records` are the
 * CSV extractor's (cells with their quotes); undefined when it found the file broken (it read the
 * rest as text, so there are no columns to trust).
 */
export function dropColumns(records: readonly (readonly Span[])[] | undefined, headerOffsets: readonly number[]): Edit[] | undefined {
  if (!records) return undefined;
  const header = records[0];
  if (!header) return [];
  const columns = new Set<number>();
  for (const at of headerOffsets) {
    const k = header.findIndex((c) => at >= c.start && at <= c.end);
    if (k !== -1) columns.add(k);
  }
  if (columns.size === 0) return [];
  const edits: Edit[] = [];
  for (const cells of records) {
    // a blank line has no columns to drop; a short row only those it has
    if (cells.length === 1 && cells[0]!.start === cells[0]!.end) continue;
    for (const e of dropItems(cells, cells.map((_, k) => columns.has(k)))) edits.push(e);
  }
  return edits;
}

export { redactionMarker } from '../shared/redaction-marker.js';

/**
 * Sorts edits and merges those that overlap into one (the first keeps its text): two findings
 * may cover parts of the same value, and a dropped column or key swallows the values inside it.
 */
export function mergeEdits(edits: readonly Edit[]): Edit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Edit[] = [];
  for (const e of sorted) {
    const last = out[out.length - 1];
    if (last && e.start < last.end) {
      last.end = Math.max(last.end, e.end);
      continue;
    }
    // an empty edit at the same point as the last adds nothing
    if (last && e.start === e.end && e.text === '' && e.start === last.end) continue;
    out.push({ ...e });
  }
  return out;
}

/** What names the JSON members to remove: the offsets of their keys, or key paths (every member at one). */
export interface MemberSelection {
  /** Offsets of key fields: the first character inside the key's quotes, as the extractor gives it. */
  keyOffsets: ReadonlySet<number>;
  /** Key paths as the extractor writes them (`priorities[*].parties[*].dob`). */
  paths: ReadonlySet<string>;
}

/**
 * The edits that remove members (key and value) from JSON, so that what is left is still valid
 * JSON with its layout: a member goes with the comma after it, or the last one with the comma
 * before it. `objects` are the JSON extractor's (members with their spans); undefined when it
 * found the JSON invalid (it read the rest as text).
 */
export function dropMembers(objects: readonly (readonly ListItem[])[] | undefined, select: MemberSelection): Edit[] | undefined {
  if (!objects) return undefined;
  const edits: Edit[] = [];
  for (const members of objects) {
    const drop = members.map((m) => select.keyOffsets.has(m.keyAt!) || select.paths.has(m.path!));
    if (drop.some(Boolean)) for (const e of dropItems(members, drop)) edits.push(e);
  }
  return edits;
}

/**
 * Removes some items of a list whose items are separated by delimiters (the cells of a CSV
 * record, the members of a JSON object), leaving a list that is still well-formed: each run of
 * dropped items goes with the separator after it, or, at the end of the list, the one before it.
 */
export function dropItems(items: readonly Span[], drop: readonly boolean[]): Edit[] {
  const edits: Edit[] = [];
  const n = items.length;
  for (let i = 0; i < n; i++) {
    if (!drop[i]) continue;
    let j = i;
    while (j + 1 < n && drop[j + 1]) j++;
    if (j + 1 < n) edits.push({ start: items[i]!.start, end: items[j + 1]!.start, text: '' });
    else if (i > 0) edits.push({ start: items[i - 1]!.end, end: items[j]!.end, text: '' });
    else edits.push({ start: items[0]!.start, end: items[n - 1]!.end, text: '' });
    i = j;
  }
  return edits;
}

/**
 * Applies edits to a file's original bytes: each edit's text offsets are mapped to byte offsets
 * and only those bytes are replaced, so everything else — the byte-order mark, line endings,
 * quoting, even bytes the decoder could not read — stays exactly as it was.
 */
export function redactBytes(bytes: Uint8Array, encoding: Encoding, edits: readonly Edit[]): Uint8Array {
  const merged = mergeEdits(edits);
  if (merged.length === 0) return bytes;
  const points = merged.flatMap((e) => [e.start, e.end]);
  const at = byteOffsets(bytes, encoding, points);
  const parts: Uint8Array[] = [];
  let pos = 0;
  merged.forEach((e, k) => {
    const start = at[2 * k]!;
    const end = at[2 * k + 1]!;
    parts.push(bytes.subarray(pos, start), encodeAscii(e.text, encoding));
    pos = end;
  });
  parts.push(bytes.subarray(pos));
  return Buffer.concat(parts);
}

/** Encodes ASCII text in the file's encoding (windows-1252 and UTF-8 agree on ASCII). */
function encodeAscii(text: string, encoding: Encoding): Uint8Array {
  const out = new Uint8Array(encoding.startsWith('utf-16') ? text.length * 2 : text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // redaction only ever writes its own ASCII markers; anything else is a bug, not data to mangle
    if (c > 0x7f) throw new Error(`redaction text must be ASCII: ${JSON.stringify(text)}`);
    if (encoding === 'utf-16le') out[2 * i] = c;
    else if (encoding === 'utf-16be') out[2 * i + 1] = c;
    else out[i] = c;
  }
  return out;
}
