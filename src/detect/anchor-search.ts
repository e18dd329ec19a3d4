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
/** Batches each way of running a rule is timed on before one is chosen… */
const TRIAL_BATCHES = 5;
/** …of at least this many characters each (a small one's time is mostly the cost of starting). */
const TRIAL_MIN = 1 << 14;
/** A whole-batch run is chosen when it takes at most this share of the time the anchor's way takes. */
const WHOLE_GAIN = 0.8;
/** A whole-batch run this many times slower than the anchor's way on its first batch is tried no more. */
const WHOLE_LOSS = 3;

/**
 * Which rules' anchors do not pay, so that the rule runs on whole batches instead, which finds
 * the same (its regex cannot match U+0000, so it cannot see past a field) without a search for the
 * anchor and a run per field:
 * - an anchor that occurs in most of the text (`\d{2}` or a capital letter in most case notes),
 *   decided per detector, on the first 2 MB each rule sees;
 * - an anchor that costs more to look for than the rule would cost on the whole batch, decided by
 *   timing both ways, alternately, on five batches each (of 16 K characters or more): a search for
 *   a postcode's `[A-PR-UWYZ]…\d[ABD-HJLNP-UW-Z]{2}` tries at every letter, where the rule's own
 *   `\b` lets V8 skip to the next word (8 MB of case notes: the anchor and the runs on its fields
 *   11.3 ms, the rule on whole batches 8.9 ms; nine rules of forty run so there, and a scan of
 *   20 MB of case notes, NDJSON or HTML takes 4-7 % less CPU). Times choose only which way
 *   runs: both find the same.
 */
export class AnchorDensity {
  private readonly seen: Float64Array;
  private readonly held: Float64Array;
  private readonly dense: Uint8Array;
  /** Per rule, the per-character times of its timed batches: the anchor's way, then whole batches. */
  private readonly times: { anchored: number[]; whole: number[] }[] = [];
  /** 1 when a rule's way is chosen by its times. */
  private readonly chosen: Uint8Array;

  constructor(rules: number) {
    this.seen = new Float64Array(rules);
    this.held = new Float64Array(rules);
    this.dense = new Uint8Array(rules);
    this.chosen = new Uint8Array(rules);
  }

  isDense(r: number): boolean {
    return this.dense[r] === 1;
  }

  /** True while rule `r`'s two ways are timed and a batch of `length` characters is worth timing: the caller calls `timed`. */
  timing(r: number, length: number): boolean {
    return this.chosen[r] === 0 && this.dense[r] === 0 && length >= TRIAL_MIN;
  }

  /** While timing: whether this batch runs rule `r` on the whole batch (after the anchor's way, alternately). */
  tryWhole(r: number, length: number): boolean {
    const t = this.times[r];
    return t !== undefined && this.timing(r, length) && t.whole.length < t.anchored.length - 1;
  }

  /** Rule `r` ran one way on a batch of `length` characters in `ms`. */
  timed(r: number, whole: boolean, ms: number, length: number): void {
    const t = (this.times[r] ??= { anchored: [], whole: [] });
    (whole ? t.whole : t.anchored).push(ms / length);
    const anchored = median(t.anchored);
    // clearly slower on its first batch: the anchor's way stays
    if (whole && t.whole.length === 1 && t.whole[0]! > WHOLE_LOSS * anchored) this.chosen[r] = 1;
    if (t.whole.length < TRIAL_BATCHES) return;
    this.chosen[r] = 1;
    if (median(t.whole) <= WHOLE_GAIN * anchored) this.dense[r] = 1;
    delete this.times[r];
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

/** The middle value (the upper of the two middle ones); Infinity for none. */
function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Infinity : s[s.length >> 1]!;
}
