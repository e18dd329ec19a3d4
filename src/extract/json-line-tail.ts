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
  /** Parts before this one are forgotten (dropped from the arrays now and then, not one by one). */
  private head = 0;
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
    while (this.head < this.parts.length && this.starts[this.head]! + this.parts[this.head]!.length <= this.from) {
      // let go of the text now: a part keeps the whole piece it was cut from alive
      this.parts[this.head++] = '';
    }
    // tiny pieces (a slow pipe) make many parts: removing them one by one was quadratic
    if (this.head > 64 && this.head * 2 > this.parts.length) {
      this.parts.splice(0, this.head);
      this.starts.splice(0, this.head);
      this.head = 0;
    }
  }

  /** The text kept from file offset `at` (at least `start`) on. */
  textFrom(at: number): string {
    if (this.head === this.parts.length) return '';
    const joined = this.parts.slice(this.head).join('');
    return joined.slice(Math.max(0, at - this.starts[this.head]!));
  }
}
