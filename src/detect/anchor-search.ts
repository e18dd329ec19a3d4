import { AnchorPass } from './anchor-pass.js';
import { type AnchorScan, anchorScanOf, searchFormOf } from './prefilter-scan.js';

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
  /** Whether the pass serves this batch, until it has run. */
  private passing: boolean;
  /**
   * What the pass found, once it has run (by AnchorPass.patternOf), in the array's one slot: not a
   * field, which V8 took for one that never changes (no batch has a pass before it is made) and
   * threw away the functions that relied on that once one did (issue 16).
   */
  private readonly ran: (number[][] | undefined)[] = [undefined];

  /** `text` is the texts of `fields` joined by U+0000, field `i` starting at `starts[i]`. */
  constructor(
    private readonly fields: readonly { text: string }[],
    private readonly text: string,
    private readonly starts: Int32Array,
    private readonly pass?: AnchorPass,
  ) {
    this.n = fields.length;
    this.passing = pass?.begin(text.length) ?? false;
  }

  /** The fields `re` occurs in, in order. */
  fieldsWith(re: RegExp): number[] {
    if (this.passing || this.ran[0]) {
      const p = this.pass!.patternOf(re);
      if (p !== undefined) {
        // one pass finds all the anchors and keywords it covers
        if (this.passing) {
          this.passing = false;
          this.ran[0] = this.pass!.run(this.text, this.starts);
        }
        const lists = this.ran[0];
        if (lists) return lists[p]!;
      }
    }
    let found = this.hits.get(re);
    if (found) return found;
    this.pass?.ask(re);
    found = [];
    const { text, starts, n } = this;
    let fi = 0;
    const scan = searchOf(re);
    for (let at = scan(text, 0); at !== -1; at = scan(text, starts[fi + 1]!)) {
      while (starts[fi + 1]! <= at) fi++;
      found.push(fi);
      if (fi + 1 >= n) break;
    }
    this.hits.set(re, found);
    return found;
  }

  /** The fields `re` occurs in, when known already (the pass has run on this batch, or a search): else undefined. */
  known(re: RegExp): number[] | undefined {
    const lists = this.ran[0];
    const p = lists ? this.pass!.patternOf(re) : undefined;
    return p !== undefined ? lists![p]! : this.hits.get(re);
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

const searches = new Map<RegExp, AnchorScan>();

/**
 * How a batch is searched for `re`: a hand-written search or a cheaper regex that finds the same
 * fields (prefilter-scan.ts), else the regex itself; made once per regex.
 */
function searchOf(re: RegExp): AnchorScan {
  let scan = searches.get(re);
  if (!scan) {
    scan = anchorScanOf(re) ?? regexScan(searchFormOf(re) ?? re);
    searches.set(re, scan);
  }
  return scan;
}

/** A regex's search as an AnchorScan: where its first match from `from` starts, or -1. */
function regexScan(re: RegExp): AnchorScan {
  return (text, from) => {
    re.lastIndex = from;
    const m = re.exec(text);
    return m ? m.index : -1;
  };
}

/** The one pass for a detector's anchors and keywords, and for long runs of digits. */
export function anchorPass(): AnchorPass {
  return new AnchorPass([DIGITS]);
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
    let inFound = 0;
    for (const fi of found) inFound += starts[fi + 1]! - starts[fi]!;
    const seen = this.seen[r]! + starts[starts.length - 1]!;
    const held = this.held[r]! + inFound;
    this.seen[r] = seen;
    this.held[r] = held;
    // worked out and stored on every call, not first when the rule has seen enough: V8 optimises
    // this into the detector, and a branch first taken after that threw the detector away
    const over = held > DENSE_SHARE * seen;
    this.dense[r] = seen >= DENSE_AFTER && over ? 1 : 0;
  }
}
