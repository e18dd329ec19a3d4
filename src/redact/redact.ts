import type { Encoding } from '../read/decode.js';

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

/** The length of the byte-order mark the bytes start with, for their encoding. */
export function bomLength(bytes: Uint8Array, encoding: Encoding): number {
  if (encoding === 'utf-8') return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  if (encoding === 'utf-16le') return bytes[0] === 0xff && bytes[1] === 0xfe ? 2 : 0;
  if (encoding === 'utf-16be') return bytes[0] === 0xfe && bytes[1] === 0xff ? 2 : 0;
  return 0;
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

/**
 * The byte offset of each of the given offsets of the decoded text (ascending). Windows-1252 maps
 * every byte to one code unit and UTF-16 every two bytes (after the byte-order mark); UTF-8 is
 * walked the way a WHATWG decoder reads it, so that invalid sequences, each decoded to one U+FFFD,
 * keep their true length.
 */
export function byteOffsets(bytes: Uint8Array, encoding: Encoding, offsets: readonly number[]): number[] {
  const bom = bomLength(bytes, encoding);
  if (encoding === 'windows-1252') return offsets.map((o) => Math.min(o, bytes.length));
  if (encoding !== 'utf-8') return offsets.map((o) => Math.min(bom + 2 * o, bytes.length));
  const out: number[] = [];
  let k = 0;
  // chars: code units decoded so far; start: where the sequence being read began
  let chars = 0;
  const emit = (start: number, units: number): void => {
    while (k < offsets.length && offsets[k]! <= chars) out[k++] = start;
    chars += units;
  };
  let need = 0;
  let seen = 0;
  let cp = 0;
  let lower = 0x80;
  let upper = 0xbf;
  let start = bom;
  for (let i = bom; i < bytes.length && k < offsets.length; i++) {
    const b = bytes[i]!;
    if (need === 0) {
      start = i;
      if (b <= 0x7f) emit(i, 1);
      else if (b >= 0xc2 && b <= 0xdf) {
        need = 1;
        cp = b & 0x1f;
      } else if (b >= 0xe0 && b <= 0xef) {
        if (b === 0xe0) lower = 0xa0;
        if (b === 0xed) upper = 0x9f;
        need = 2;
        cp = b & 0xf;
      } else if (b >= 0xf0 && b <= 0xf4) {
        if (b === 0xf0) lower = 0x90;
        if (b === 0xf4) upper = 0x8f;
        need = 3;
        cp = b & 0x7;
      } else emit(i, 1);
      continue;
    }
    if (b < lower || b > upper) {
      // the sequence so far is one U+FFFD; this byte starts afresh
      need = seen = cp = 0;
      lower = 0x80;
      upper = 0xbf;
      emit(start, 1);
      i--;
      continue;
    }
    lower = 0x80;
    upper = 0xbf;
    cp = (cp << 6) | (b & 0x3f);
    if (++seen === need) {
      emit(start, cp > 0xffff ? 2 : 1);
      need = seen = cp = 0;
    }
  }
  if (need !== 0) emit(start, 1);
  while (k < offsets.length) out[k++] = bytes.length;
  return out;
}
