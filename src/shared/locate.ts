import type { Field } from '../types.js';

/** A 1-based line and column in the original file. */
export interface Position {
  line: number;
  column: number;
}

/**
 * Returns the position in the original file of `text[index]` of a field.
 * Columns count UTF-16 code units, as most editors do; LF and CRLF end lines.
 */
export function locate(field: Field, index: number): Position {
  const raw = field.raw ?? field.text;
  const end = field.offsets ? offsetAt(field.offsets, index) : index;
  let line = field.line;
  let lineStart = -1;
  for (let i = raw.indexOf('\n'); i !== -1 && i < end; i = raw.indexOf('\n', i + 1)) {
    line++;
    lineStart = i;
  }
  return lineStart === -1 ? { line, column: field.column + end } : { line, column: end - lineStart };
}

function offsetAt(offsets: Int32Array | number[], index: number): number {
  if (index < offsets.length) return offsets[index]!;
  // one past the end: one past the last mapped character
  return offsets.length === 0 ? 0 : offsets[offsets.length - 1]! + 1;
}
