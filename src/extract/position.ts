import type { Position } from '../shared/locate.js';

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
