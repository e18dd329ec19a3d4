/**
 * The rule-and-position keys of recent findings: a value reached twice (as a JSON string and as
 * the HTML inside it) is reached in the same batch of fields or the next, so two generations of
 * keys are kept, not every key of the file (millions, for a file of millions of findings). A key
 * is a group (the rule, and what it is kept for) and, in it, a number where it can be: one string
 * a key, each a rope of concatenations, held some 10-25 MB in a 200 MB one-line JSON (issue 16).
 */
export class RecentKeys {
  /** Made at the first key: most files (a folder of small ones) have no finding to key. */
  private current: Generation | undefined;
  private previous: Generation | undefined;
  /** Keys in `current`. */
  private size = 0;
  /** Each group's number in the generations' tables (from 1: 0 marks a free slot). */
  private readonly ids = new Map<string, number>();

  has(group: string, key: number | string): boolean {
    if (this.current === undefined) return false;
    if (typeof key === 'number' && Number.isSafeInteger(key)) {
      const id = this.ids.get(group);
      return id !== undefined && (this.current.hasNumber(id, key) || this.previous?.hasNumber(id, key) === true);
    }
    return this.current.other?.get(group)?.has(key) === true || this.previous?.other?.get(group)?.has(key) === true;
  }

  add(group: string, key: number | string): void {
    if (this.current === undefined || this.size >= RECENT_KEYS) {
      this.previous = this.current;
      this.current = new Generation();
      this.size = 0;
    }
    if (typeof key === 'number' && Number.isSafeInteger(key)) {
      let id = this.ids.get(group);
      if (id === undefined) this.ids.set(group, (id = this.ids.size + 1));
      if (this.current.addNumber(id, key)) this.size++;
      return;
    }
    const other = (this.current.other ??= new Map());
    let keys = other.get(group);
    if (keys === undefined) other.set(group, (keys = new Set()));
    if (keys.has(key)) return;
    keys.add(key);
    this.size++;
  }
}

const RECENT_KEYS = 65536;

/** The groups of rules' keys under each prefix but '' (`allowed\0` and the rule id). */
const groups = new Map<string, Map<string, string>>();

/**
 * A rule's group of keys under a prefix, joined once: a new join per match (112,000 suppressed
 * matches in a 200 MiB case CSV) was a rope, flattened and hashed again at each lookup by it.
 */
export function groupOf(prefix: string, ruleId: string): string {
  if (prefix === '') return ruleId;
  let byRule = groups.get(prefix);
  if (byRule === undefined) groups.set(prefix, (byRule = new Map()));
  let group = byRule.get(ruleId);
  if (group === undefined) byRule.set(ruleId, (group = prefix + ruleId));
  return group;
}
/** A generation's table starts this small (a file with a few findings), and doubles as it fills. */
const FIRST_SLOTS = 64;

/**
 * One generation's keys. A number key (an integer: a position, as positionKey makes it) sits in an
 * open-addressing table of typed arrays, its group's number beside it; any other key in a set per
 * group. Why: positions are mostly past 2^31 (line × 2^26 + column), so as Set entries each was a
 * heap number of its own, and a lookup followed pointers to them; dedupe's Set lookups took 3.5%
 * of a 200 MiB case CSV's CPU at -j 1 (perf), for 197,000 findings and suppressed matches.
 */
class Generation {
  private keys = new Float64Array(FIRST_SLOTS);
  /** The group of the key in each slot; 0 for a free slot. */
  private groups = new Int32Array(FIRST_SLOTS);
  private used = 0;
  /** The keys that are not safe integers (a key path), per group. */
  other: Map<string, Set<number | string>> | undefined;

  hasNumber(group: number, key: number): boolean {
    const mask = this.groups.length - 1;
    for (let i = slotOf(group, key, mask); ; i = (i + 1) & mask) {
      const g = this.groups[i]!;
      if (g === 0) return false;
      if (g === group && this.keys[i] === key) return true;
    }
  }

  /** Adds a key; false when it was there already. */
  addNumber(group: number, key: number): boolean {
    const mask = this.groups.length - 1;
    let i = slotOf(group, key, mask);
    for (let g = this.groups[i]!; g !== 0; i = (i + 1) & mask, g = this.groups[i]!) {
      if (g === group && this.keys[i] === key) return false;
    }
    this.groups[i] = group;
    this.keys[i] = key;
    // at most half full, so that a probe meets a free slot soon
    if (++this.used * 2 > this.groups.length) this.grow();
    return true;
  }

  private grow(): void {
    const keys = this.keys;
    const groups = this.groups;
    this.keys = new Float64Array(keys.length * 2);
    this.groups = new Int32Array(groups.length * 2);
    const mask = this.groups.length - 1;
    for (let j = 0; j < groups.length; j++) {
      if (groups[j] === 0) continue;
      let i = slotOf(groups[j]!, keys[j]!, mask);
      while (this.groups[i] !== 0) i = (i + 1) & mask;
      this.groups[i] = groups[j]!;
      this.keys[i] = keys[j]!;
    }
  }
}

/** A key's first slot: its two 32-bit halves and its group, mixed (MurmurHash3's finaliser). */
function slotOf(group: number, key: number, mask: number): number {
  const low = key >>> 0;
  const high = Math.floor(key / 2 ** 32) | 0;
  let h = Math.imul(low ^ Math.imul(high ^ group, 0x85ebca6b), 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h & mask;
}

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
