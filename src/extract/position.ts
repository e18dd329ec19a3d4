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

function offsetAt(offsets: Int32Array, index: number): number {
  if (index < offsets.length) return offsets[index]!;
  // one past the end: one past the last mapped character
  return offsets.length === 0 ? 0 : offsets[offsets.length - 1]! + 1;
}

/** Keeps the newlines of a sliding window of a stream, to turn absolute offsets into positions. */
export class LineIndex {
  private newlines: number[] = [];
  private dropped = 0;

  /** Records the newlines of `chunk`, which starts at absolute offset `base`. */
  add(chunk: string, base: number): void {
    for (let i = chunk.indexOf('\n'); i !== -1; i = chunk.indexOf('\n', i + 1)) this.newlines.push(base + i);
  }

  /** Forgets newlines that no position at or after `offset` needs. */
  forget(offset: number): void {
    let n = 0;
    while (n + 1 < this.newlines.length && this.newlines[n + 1]! < offset) n++;
    if (n > 0) {
      this.newlines.splice(0, n);
      this.dropped += n;
    }
  }

  /** The 1-based line and column of an absolute offset. */
  at(offset: number): Position {
    const nl = this.newlines;
    let lo = 0;
    let hi = nl.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (nl[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    const prev = lo > 0 ? nl[lo - 1]! : -1;
    return { line: this.dropped + lo + 1, column: offset - prev };
  }
}
