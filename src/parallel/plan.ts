import { open } from 'node:fs/promises';
import { HEADER_LOOKAHEAD } from '../extract/csv-header.js';
import { CHUNK_BYTES, type FilePart, sniffSource } from '../read/read-source.js';
import { documentKind } from '../formats/registry.js';
import type { SourceRef } from '../types.js';
import { findCut, findRecords } from './plan-json.js';

const LF = 10;
const QUOTE = 34;
/** How far past a nominal split point a line end is looked for before giving up that split. */
const SEEK_BYTES = 1024 * 1024;
/**
 * Bytes read first past a split point of a CSV, NDJSON or text file: a line end (and a blank line,
 * PARAGRAPH_BYTES) is nearly always within them. Reading all of SEEK_BYTES at each of the 32 split
 * points of a 1 GB file read 32 MB before any thread could start (issue 16).
 */
const FIRST_SEEK_BYTES = 64 * 1024;
/** How far a blank line is looked for past a split point of text. */
const PARAGRAPH_BYTES = 64 * 1024;

/**
 * Where to split a large file so that its parts can be scanned at once: CSV, NDJSON, JSON and text
 * in an encoding where bytes 0x0A and 0x22 are always a line feed and a quote (UTF-8,
 * Windows-1252). Each part starts right after a line feed near a multiple of `partBytes`; for
 * text, at a blank line when one is close, so that a paragraph stays whole; for JSON, at a record
 * of its first array of objects (plan-json.ts). A CSV part starts with the header record, a JSON
 * part with the file up to that array's `[`, read again to set up its parser. A split that lands
 * inside a quoted CSV cell, or a JSON cut that was not between two records, is caught when the
 * parts are joined (the part before it does not end idle) and the file is then scanned whole.
 * Undefined when the file is not worth splitting or cannot be split.
 */
export async function planSplit(ref: SourceRef, size: number, partBytes: number): Promise<FilePart[] | undefined> {
  if (!ref.fsPath || ref.archive || ref.gitBlob || ref.stdin || size < 2 * partBytes || documentKind(ref.display)) return undefined;
  const handle = await open(ref.fsPath, 'r').catch(() => undefined);
  if (!handle) return undefined; // the whole-file scan reports why it cannot be read
  try {
    const head = new Uint8Array(Math.min(CHUNK_BYTES, size));
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const sniffed = sniffSource(ref, head.subarray(0, bytesRead));
    if ('binary' in sniffed) return undefined;
    const { kind } = sniffed;
    if (kind.encoding !== 'utf-8' && kind.encoding !== 'windows-1252') return undefined;
    if (kind.format !== 'csv' && kind.format !== 'ndjson' && kind.format !== 'text' && kind.format !== 'json') return undefined;
    const records = kind.format === 'json' ? findRecords(head.subarray(0, bytesRead)) : undefined;
    if (kind.format === 'json' && !records) return undefined;
    const header = records ? records.header : kind.format === 'csv' ? headerEnd(head.subarray(0, bytesRead)) : 0;
    if (header === undefined) return undefined;

    const starts = [0];
    const window = new Uint8Array(SEEK_BYTES);
    const cutAt = async (nominal: number, bytes: number): Promise<{ at: number | undefined; n: number }> => {
      const { bytesRead: n } = await handle.read(window, 0, bytes, nominal);
      return { at: records ? findCut(window.subarray(0, n), records, nominal + n >= size) : splitPoint(window.subarray(0, n), kind.format === 'text'), n };
    };
    for (let nominal = Math.max(partBytes, header); nominal < size - partBytes / 2; nominal += partBytes) {
      // a JSON record may be long: its cut is looked for in the whole window at once
      let { at, n } = await cutAt(nominal, records ? SEEK_BYTES : FIRST_SEEK_BYTES);
      if (at === undefined && !records && n === FIRST_SEEK_BYTES) ({ at } = await cutAt(nominal, SEEK_BYTES));
      if (at === undefined) continue;
      const start = nominal + at;
      if (start > starts[starts.length - 1]! && start < size) starts.push(start);
    }
    if (starts.length < 2) return undefined;
    return starts.map((start, i) => ({ kind, start, end: starts[i + 1] ?? size, header, last: i === starts.length - 1, ...(records ? { depth: records.depth } : {}) }));
  } finally {
    await handle.close();
  }
}

/**
 * Bytes of the records a CSV part reads first to set up its parser: the first record and the
 * rows the header decision looks at, so that every part decides as a whole scan does whether
 * the first row is a header. Undefined when they are not all in `head`.
 */
function headerEnd(head: Uint8Array): number | undefined {
  let quoted = false;
  let records = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head[i];
    if (c === QUOTE) quoted = !quoted;
    else if (c === LF && !quoted && ++records > HEADER_LOOKAHEAD) return i + 1;
  }
  return undefined;
}

/** Offset just after the line feed to split at: the first one, or for text the end of a blank line nearby. */
function splitPoint(b: Uint8Array, paragraphs: boolean): number | undefined {
  const nl = b.indexOf(LF);
  if (nl === -1) return undefined;
  if (paragraphs) {
    const blank = Buffer.from(b.buffer, b.byteOffset, Math.min(b.length, PARAGRAPH_BYTES)).indexOf('\n\n');
    if (blank !== -1) return blank + 2;
    const crlf = Buffer.from(b.buffer, b.byteOffset, Math.min(b.length, PARAGRAPH_BYTES)).indexOf('\n\r\n');
    if (crlf !== -1) return crlf + 3;
  }
  return nl + 1;
}
