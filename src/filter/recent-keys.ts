/**
 * The rule-and-position keys of recent findings: a value reached twice (as a JSON string and as
 * the HTML inside it) is reached in the same batch of fields or the next, so two generations of
 * keys are kept, not every key of the file (millions, for a file of millions of findings). A key
 * is a group (the rule, and what it is kept for) and, in it, a number where it can be: one string
 * a key, each a rope of concatenations, held some 10-25 MB in a 200 MB one-line JSON (issue 16).
 */
export class RecentKeys {
  /** Made at the first key: most files (a folder of small ones) have no finding to key. */
  private current: Map<string, Set<number | string>> | undefined;
  private previous: Map<string, Set<number | string>> | undefined;
  /** Keys in `current`. */
  private size = 0;

  has(group: string, key: number | string): boolean {
    return this.current?.get(group)?.has(key) === true || this.previous?.get(group)?.has(key) === true;
  }

  add(group: string, key: number | string): void {
    if (this.current === undefined || this.size >= RECENT_KEYS) {
      this.previous = this.current;
      this.current = new Map();
      this.size = 0;
    }
    let keys = this.current.get(group);
    if (keys === undefined) this.current.set(group, (keys = new Set()));
    if (keys.has(key)) return;
    keys.add(key);
    this.size++;
  }
}

const RECENT_KEYS = 65536;

/**
 * A line and column as one number where they fit in 53 bits: short lines as a positive one, the
 * long lines of a one-line file (columns past 2^26) as a negative one; else as a string.
 */
export function positionKey(line: number, column: number): number | string {
  if (line < 0 || column < 0) return `${line}\u0000${column}`;
  if (line < 2 ** 27 && column < 2 ** 26) return line * 2 ** 26 + column;
  if (line < 2 ** 20 && column < 2 ** 32) return -(line * 2 ** 32 + column) - 1;
  return `${line}\u0000${column}`;
}
