import type { Field } from '../types.js';

/**
 * One item of a list whose items are separated by delimiters: a cell of a CSV record (its quotes
 * included), a member of a JSON object (its key to the end of its value). Offsets are of the
 * decoded text, `[start, end)`. Redaction removes whole items with them (a column, a key).
 */
export interface ListItem {
  start: number;
  end: number;
  /** A JSON member: where its key field starts (inside the quotes), and its key path (`a[*].b`). */
  keyAt?: number;
  path?: string;
}

/**
 * Receives each list an extractor reads (a CSV record, a JSON object), in order; `undefined` when
 * the input stops being well-formed (read as text from there), so no structure is to be trusted.
 */
export type ListSink = (items: ListItem[] | undefined) => void;

/**
 * A message as data: its words, and the lines of the file it names as numbers
 * (`['row at line ', 71, ' has 5 cells, the header 4']`), so that a part of a file, which numbers
 * its lines from its own start, is moved on without reading the words.
 */
export type LineMessage = readonly (string | number)[];

/** A warning an extractor raises about the structure of its input (the content is still scanned). */
export interface ExtractWarning {
  code: 'EPARSE' | 'ERAGGED' | 'EDEPTH' | 'ELONGLINE';
  message: LineMessage;
}

/** A message's text, each line it names moved on by `lines` (a part of a file: the lines before it). */
export function lineMessage(message: LineMessage, lines = 0): string {
  let out = '';
  for (const piece of message) out += typeof piece === 'number' ? String(piece + lines) : piece;
  return out;
}

/**
 * Turns decoded text, pushed chunk by chunk, into Fields with exact positions.
 * Extractors are synchronous and incremental: memory holds at most one unfinished record.
 */
export interface Extractor {
  /** Feeds the next chunk; returns the fields completed by it. */
  push(chunk: string): Field[];
  /** Signals the end of input; returns the remaining fields. */
  end(): Field[];
  /** Structural problems met so far (broken quoting, invalid JSON…). */
  readonly warnings: ExtractWarning[];
  /**
   * For formats a file can be split in (CSV, NDJSON, JSON, text): the line the next record starts
   * on (JSON: and its column; the others start a line), whether everything pushed so far ended
   * exactly at a record boundary, nothing held back, and (NDJSON, JSON) how many records came
   * before, which number the labels, and (JSON) the label of the array they are in (`$.cases`).
   */
  boundary?(): { line: number; column?: number; idle: boolean; records?: number; label?: string };
}
