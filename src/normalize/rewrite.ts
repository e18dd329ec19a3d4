/**
 * A text being rewritten, with where each character of the result came from: for every index of
 * the new text, the index in the text it was made from. Composed through every step, so that a
 * finding in normalised text points at the characters of the original file.
 */
export class Rewrite {
  private parts: string[] = [];
  private map: number[] = [];
  private last = 0;

  constructor(private readonly source: string) {}

  /** Copies `source[from, to)` unchanged. */
  copy(from: number, to: number): void {
    if (to <= from) return;
    this.parts.push(this.source.slice(from, to));
    for (let i = from; i < to; i++) this.map.push(i);
    this.last = to;
  }

  /** Writes `text` in place of source characters starting at `at` (each new character points there). */
  put(text: string, at: number): void {
    this.parts.push(text);
    for (let i = 0; i < text.length; i++) this.map.push(at);
  }

  /** Skips source characters up to `to` (they were replaced or dropped). */
  skipTo(to: number): void {
    this.last = to;
  }

  /** Where the unchanged tail starts: the end of what was copied or skipped. */
  get end(): number {
    return this.last;
  }

  /** The new text and its map; the rest of the source is copied first. */
  finish(): { text: string; map: Int32Array } {
    this.copy(this.last, this.source.length);
    return { text: this.parts.join(''), map: Int32Array.from(this.map) };
  }
}

/** A step's result: the new text, and for each of its characters the index in the step's input. */
export interface Rewritten {
  text: string;
  map: Int32Array;
}
