import { readSync } from 'node:fs';

/** Bytes read from a run at a time. */
const READ_BYTES = 64 * 1024;
const LF = 0x0a;

/**
 * Reads one run of a spool file (or of the spool's bytes in memory) line by line, a small buffer
 * at a time. Lines are whole UTF-8 records ending in a line feed (JSON escapes every line feed
 * inside a record).
 */
export class RunCursor {
  private pos: number;
  private readonly end: number;
  private lines: string[] = [];
  private i = 0;
  private rest: Buffer | undefined;

  constructor(private readonly source: number | Buffer, offset: number, bytes: number) {
    this.pos = offset;
    this.end = offset + bytes;
  }

  /** The next line, without its line feed; undefined at the end of the run. */
  next(): string | undefined {
    while (this.i >= this.lines.length) {
      if (!this.fill()) return undefined;
    }
    return this.lines[this.i++];
  }

  /** Reads on until at least one whole line is buffered; false at the end of the run. */
  private fill(): boolean {
    this.lines = [];
    this.i = 0;
    for (;;) {
      if (this.pos >= this.end) return false;
      const n = Math.min(READ_BYTES, this.end - this.pos);
      const chunk = Buffer.allocUnsafe(n);
      let got = 0;
      while (got < n) {
        const from = this.pos + got;
        const r = typeof this.source === 'number' ? readSync(this.source, chunk, got, n - got, from) : this.source.copy(chunk, got, from, this.pos + n);
        if (r === 0) throw new Error('the findings spool ended early');
        got += r;
      }
      this.pos += n;
      const buf = this.rest ? Buffer.concat([this.rest, chunk]) : chunk;
      const nl = buf.lastIndexOf(LF);
      if (nl === -1) {
        // a record longer than a read (a long label or value): keep reading
        this.rest = buf;
        continue;
      }
      this.rest = nl + 1 < buf.length ? buf.subarray(nl + 1) : undefined;
      this.lines = buf.toString('utf8', 0, nl).split('\n');
      return true;
    }
  }
}
