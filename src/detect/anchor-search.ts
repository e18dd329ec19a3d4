/** Rules that need this many digits in a row or more share one search for such a run. */
export const LONG_RUN = 6;
const DIGITS = new RegExp(`\\d{${LONG_RUN}}`, 'g');
/** The cost of starting a regex search, in characters searched (roughly, V8 12). */
const PER_SEARCH = 40;

/**
 * Which fields of a batch a regex occurs in (an anchor, or a rule's keywords), each found once per
 * batch and shared by the rules that look for it. A rule whose every match holds a long run of
 * digits (prefilter-digits.ts) looks for its anchor only in the fields one search for such a run
 * found, one by one, when they are few; prose rarely has six digits in a row.
 */
export class AnchorSearch {
  private readonly hits = new Map<RegExp, number[]>();
  private readonly few = new Map<RegExp, number[] | null>();
  private readonly n: number;

  /** `text` is the texts of `fields` joined by U+0000, field `i` starting at `starts[i]`. */
  constructor(
    private readonly fields: readonly { text: string }[],
    private readonly text: string,
    private readonly starts: Int32Array,
  ) {
    this.n = fields.length;
  }

  /**
   * Looks for `anchors` in one search of the batch, each group of the same flags through `union`
   * (AnchorUnion), instead of one search each: `fieldsWith` then answers from what it found.
   */
  share(anchors: readonly RegExp[], union: AnchorUnion): void {
    const todo = anchors.filter((a) => !this.hits.has(a));
    for (const found of union.search(todo, this.text, this.starts)) this.hits.set(found.anchor, found.fields);
  }

  /** The fields `re` occurs in, in order. */
  fieldsWith(re: RegExp): number[] {
    let found = this.hits.get(re);
    if (found) return found;
    found = [];
    const { text, starts, n } = this;
    re.lastIndex = 0;
    let fi = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      while (starts[fi + 1]! <= m.index) fi++;
      found.push(fi);
      if (fi + 1 >= n) break;
      re.lastIndex = starts[fi + 1]!;
    }
    this.hits.set(re, found);
    return found;
  }

  /**
   * The fields `anchor` occurs in, in order, for a rule whose every match holds `run` digits in a
   * row: when that run is long and the fields with one hold little of the batch's text, found by
   * searching those alone; otherwise undefined (search the batch).
   */
  fewFor(anchor: RegExp, run: number): number[] | undefined {
    if (run < LONG_RUN) return undefined;
    const known = this.few.get(anchor);
    if (known !== undefined) return known ?? undefined;
    const candidates = this.fieldsWith(DIGITS);
    let cost = 0;
    for (const fi of candidates) cost += this.starts[fi + 1]! - this.starts[fi]! + PER_SEARCH;
    let found: number[] | null = null;
    if (cost <= this.text.length / 2) {
      found = [];
      for (const fi of candidates) {
        anchor.lastIndex = 0;
        if (anchor.test(this.fields[fi]!.text)) found.push(fi);
      }
    }
    this.few.set(anchor, found);
    return found ?? undefined;
  }
}

/** An anchor found in fields holding more than this share of the text a rule has seen… */
const DENSE_SHARE = 0.6;
/** …over its first this many characters is dense: the rule stops looking for it. */
const DENSE_AFTER = 1 << 21;

/**
 * Which rules' anchors occur in most of the text (`\d{2}` or a capital letter in most case notes):
 * such a rule runs on whole batches instead, which finds the same (its regex cannot match U+0000,
 * so it cannot see past a field) without a search for the anchor and a run per field. Decided per
 * detector, on the first 2 MB each rule sees.
 */
export class AnchorDensity {
  private readonly seen: Float64Array;
  private readonly held: Float64Array;
  private readonly dense: Uint8Array;

  constructor(rules: number) {
    this.seen = new Float64Array(rules);
    this.held = new Float64Array(rules);
    this.dense = new Uint8Array(rules);
  }

  isDense(r: number): boolean {
    return this.dense[r] === 1;
  }

  /** Rule `r` looked in a batch of `starts` and found its anchor in `found` fields. */
  note(r: number, starts: Int32Array, found: readonly number[]): void {
    if (this.seen[r]! >= DENSE_AFTER) return;
    let held = 0;
    for (const fi of found) held += starts[fi + 1]! - starts[fi]!;
    this.seen[r] = this.seen[r]! + starts[starts.length - 1]!;
    this.held[r] = this.held[r]! + held;
    if (this.seen[r]! >= DENSE_AFTER && this.held[r]! > DENSE_SHARE * this.seen[r]!) this.dense[r] = 1;
  }
}

/** An anchor that occurs at more than one place in this many characters is searched for alone. */
const SOLO_RATE = 4096;
/** A back-reference or a named group: its number or name could change in a union. */
const GROUPS = /\\[1-9]|\\k<|\(\?<(?![=!])/;
/** A group of fewer anchors than this is searched for one by one: a union of one gains nothing. */
const MIN_UNION = 2;

/**
 * One search for several anchors (issue 16): V8 looks for `(?:a)|(?:b)|…` in a batch in about half
 * the time of a search for each (14 rare anchors in 30 MB of case notes: 187 ms, against 350). At
 * every place the union matches, each anchor is tried there (sticky): the union matches at a place
 * exactly when one of its anchors does, and every place is visited (the next search starts one
 * character on), so each anchor's fields come out as its own search finds them. Anchors that
 * occur often (a capital and a space) make the union stop at every word: once one has been seen
 * at more than one place in SOLO_RATE characters, it is searched for alone from then on. Anchors
 * with the `u` or `v` flag are left alone (a search may not start inside a surrogate pair).
 */
export class AnchorUnion {
  private readonly unions = new Map<string, { union: RegExp; sticky: RegExp[] }>();
  private readonly seen = new Map<RegExp, { chars: number; places: number }>();

  /** The fields each of `anchors` occurs in, for those searched together; the others are left out. */
  search(anchors: readonly RegExp[], text: string, starts: Int32Array): { anchor: RegExp; fields: number[] }[] {
    const groups = new Map<string, RegExp[]>();
    for (const a of anchors) {
      if (/[uv]/.test(a.flags) || GROUPS.test(a.source) || this.solo(a)) continue;
      const g = groups.get(a.flags);
      if (g) g.push(a);
      else groups.set(a.flags, [a]);
    }
    const out: { anchor: RegExp; fields: number[] }[] = [];
    for (const [flags, group] of groups) {
      if (group.length < MIN_UNION) continue;
      const { union, sticky } = this.unionOf(flags, group);
      const fields = group.map((): number[] => []);
      const places = new Float64Array(group.length);
      let fi = 0;
      union.lastIndex = 0;
      for (let m = union.exec(text); m; m = union.exec(text)) {
        const at = m.index;
        while (starts[fi + 1]! <= at) fi++;
        for (let j = 0; j < group.length; j++) {
          const re = sticky[j]!;
          re.lastIndex = at;
          if (!re.test(text)) continue;
          places[j]!++;
          const f = fields[j]!;
          if (f[f.length - 1] !== fi) f.push(fi);
        }
        union.lastIndex = at + 1;
      }
      group.forEach((anchor, j) => {
        const s = this.seen.get(anchor) ?? { chars: 0, places: 0 };
        s.chars += text.length;
        s.places += places[j]!;
        this.seen.set(anchor, s);
        out.push({ anchor, fields: fields[j]! });
      });
    }
    return out;
  }

  private solo(anchor: RegExp): boolean {
    const s = this.seen.get(anchor);
    return s !== undefined && s.places * SOLO_RATE > s.chars;
  }

  private unionOf(flags: string, group: readonly RegExp[]): { union: RegExp; sticky: RegExp[] } {
    const key = `${flags}\u0000${group.map((a) => a.source).join('\u0000')}`;
    let u = this.unions.get(key);
    if (!u) {
      const plain = flags.replace(/[gy]/g, '');
      u = {
        union: new RegExp(group.map((a) => `(?:${a.source})`).join('|'), `g${plain}`),
        sticky: group.map((a) => new RegExp(a.source, `y${plain}`)),
      };
      this.unions.set(key, u);
    }
    return u;
  }
}
