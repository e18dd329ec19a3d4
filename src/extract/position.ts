import type { Position } from '../shared/locate.js';

/** Keeps the newlines of a sliding window of a stream, to turn absolute offsets into positions. */
export class LineIndex {
  private newlines: number[] = [];
  private dropped = 0;
  /**
   * How many newlines of the window are before the last offset asked for: where the next search
   * starts. Why: fields are asked for in the order of the page, most a few lines after the last,
   * where a binary search over the window's newlines read a dozen of them for each (issue 16).
   */
  private last = 0;

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
      this.last = Math.max(0, this.last - n);
    }
  }

  /** The 1-based line and column of an absolute offset. */
  at(offset: number): Position {
    const nl = this.newlines;
    const n = nl.length;
    let lo = this.last;
    if (lo > n || (lo > 0 && nl[lo - 1]! >= offset)) lo = this.search(offset);
    else {
      // a few lines on from the last: stepped over, else searched for
      const stop = Math.min(n, lo + 8);
      while (lo < stop && nl[lo]! < offset) lo++;
      if (lo < n && nl[lo]! < offset) lo = this.search(offset);
    }
    this.last = lo;
    const prev = lo > 0 ? nl[lo - 1]! : -1;
    return { line: this.dropped + lo + 1, column: offset - prev };
  }

  /** How many of the window's newlines are before `offset` (a binary search). */
  private search(offset: number): number {
    const nl = this.newlines;
    let lo = 0;
    let hi = nl.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (nl[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
