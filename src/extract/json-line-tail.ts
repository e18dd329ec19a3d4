/**
 * The end of the current line that the JSON extractor has already parsed, kept so that a fallback
 * to text starts at the beginning of the broken line (a key before the error is context for
 * rules), or at most `limit` characters before where the last piece was parsed to.
 *
 * Kept as the pieces it was read in, not joined to the text still to parse: joining it made every
 * 64 KB piece of a single-line file a 128 KB string, copied and flattened once per piece, in V8's
 * large-object space (13 full collections per thread and 2.5 s of system time on 200 MB; issue 16).
 * The pieces are joined only when the JSON breaks.
 */
export class LineTail {
  private parts: string[] = [];
  /** File offset of each part's first character. */
  private starts: number[] = [];
  /** File offset of the first character kept (parts[0] may begin before it). */
  private from = 0;

  constructor(private readonly limit: number) {}

  /** File offset of the first character kept: where a fallback to text may start at the earliest. */
  get start(): number {
    return this.from;
  }

  /**
   * Takes `text`, parsed, which starts at file offset `at`, and forgets all but the end of the line:
   * what is before `lineStart` (the offset of the line's first character) and more than `limit`
   * characters before the end of `text`.
   */
  add(text: string, at: number, lineStart: number): void {
    const end = at + text.length;
    this.from = Math.max(this.from, end - this.limit, Math.min(end, lineStart));
    if (text.length > 0 && end > this.from) {
      this.parts.push(text);
      this.starts.push(at);
    }
    let drop = 0;
    while (drop < this.parts.length && this.starts[drop]! + this.parts[drop]!.length <= this.from) drop++;
    if (drop > 0) {
      this.parts.splice(0, drop);
      this.starts.splice(0, drop);
    }
  }

  /** The text kept from file offset `at` (at least `start`) on. */
  textFrom(at: number): string {
    if (this.parts.length === 0) return '';
    const joined = this.parts.length === 1 ? this.parts[0]! : this.parts.join('');
    return joined.slice(Math.max(0, at - this.starts[0]!));
  }

  /** Forgets everything and starts again at file offset `at` (a new line read on its own). */
  reset(at: number): void {
    this.parts = [];
    this.starts = [];
    this.from = at;
  }
}
