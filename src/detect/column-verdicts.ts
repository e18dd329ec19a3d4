import type { Category, ColumnTest } from '../types.js';

// How a file's neutral columns are judged from their values (issue 14), as pure functions of the
// values' test scores in file order: the same on one thread (columns.ts) and at the join of a
// file scanned in parts, which judges the whole file from each part's traces and checks that
// every part judged its columns as the whole file does.

/** Values a column is judged on: its first ones (a column's kind shows in its first rows). */
export const DECIDE_AT = 20;
/**
 * A column of a weak category waits this many values at most for a column of a strong one
 * (which, in a CSV, is often decided a few cells later on the same row).
 */
export const WAIT_UNTIL = 2 * DECIDE_AT;
/** Columns (CSV columns, JSON key paths) judged per file at most: raw values are held until judged. */
export const MAX_COLUMNS = 256;
/** A part's verdict on a column it did not judge (too few values, or waiting at its end): the join judges it. */
export const HELD = -2;
/** Fewer values than this say nothing about a column (a two-row table). */
export const MIN_VALUES = 4;
/** Share of a column's values that must be of a category for the column to be of it ("most"). */
export const SHARE = 0.8;

/** What a part of a file saw of one column: enough to judge it on the whole file. */
export interface ColumnTrace {
  /** The column, the same in every part. */
  id: string;
  /** Its header or key (what its name is found by). */
  key: string;
  /** Its name says personal data: not judged by values. */
  named: boolean;
  /** Places of its first WAIT_UNTIL values among all the values the part counted. */
  seq: number[];
  /** Test scores of its first DECIDE_AT values. */
  scores: Uint8Array[];
  /**
   * Which of its first DECIDE_AT values the rules found something in, and what: a value the part
   * held while a scan of the whole file had the column judged already is filtered apart from the
   * rules' findings in it, not with them (see partsAgree).
   */
  found: [index: number, categories: Category[]][];
  /** The test the part judged it of (-1: none; HELD: left to the join, with what each test would add). */
  decided: number;
}

/**
 * A part's columns, in the order met; the header and key names it met (in order), and those of
 * them a later part holds the name finding of (for a judged column); whether it met more columns
 * than it tracks.
 */
export interface ColumnEvidence {
  columns: ColumnTrace[];
  names: string[];
  heldNames: string[];
  overflow: boolean;
}

/** The file's verdicts on its columns (by id: a test's index, -1 none), and per name the part that first has it (the file's first MAX_COLUMNS names). */
export interface FileVerdicts {
  verdicts: Map<string, number>;
  firstName: Map<string, number>;
}

/**
 * The test a column's values make it of: the index of the test most of them pass; 'wait' when only
 * a weak test passes and no strong column has been found (`personal` false); -1: none.
 */
export function judgeScores(tests: readonly ColumnTest[], scores: readonly Uint8Array[], personal: boolean): number | 'wait' {
  const n = scores.length;
  if (n < MIN_VALUES) return -1;
  const best = (weak: boolean): number => {
    let at = -1;
    let bestShare = 0;
    tests.forEach((t, i) => {
      if (Boolean(t.weak) !== weak) return;
      let pass = 0;
      let clear = 0;
      for (const s of scores) {
        if (s[i]! > 0) pass++;
        if (s[i] === 2) clear++;
      }
      if (pass / n >= SHARE && clear / n >= t.clearShare && pass / n > bestShare) {
        at = i;
        bestShare = pass / n;
      }
    });
    return at;
  };
  const strong = best(false);
  if (strong >= 0) return strong;
  const weak = best(true);
  return weak === -1 ? -1 : personal ? weak : 'wait';
}

interface Whole {
  key: string;
  named: boolean;
  /** Places (part, place in part) of the first WAIT_UNTIL values. */
  at: [number, number][];
  scores: Uint8Array[];
  verdict?: number;
  waiting?: boolean;
}

/**
 * The file's verdict on each column when every part of the file judged its columns as a scan of
 * the whole file does: the file's columns are judged from the parts' traces, value by value in
 * file order as columns.ts does, and each part's verdict on each column it holds values of must be
 * the file's, or HELD (the join then takes the findings the part held for the file's verdict); a
 * judged column's name must be reported, or held, by the part that first has it. Undefined: the
 * file must be scanned again whole.
 */
export function judgeParts(tests: readonly ColumnTest[], parts: readonly ColumnEvidence[], covers: Covers = new Map()): FileVerdicts | undefined {
  const verdicts = new Map<string, number>();
  const firstName = new Map<string, number>();
  parts.forEach((p, k) => {
    for (const n of p.names) if (!firstName.has(n) && firstName.size < MAX_COLUMNS) firstName.set(n, k);
  });
  if (tests.length === 0) return { verdicts, firstName };
  if (parts.some((p, k) => p.overflow && k > 0)) return undefined;
  const whole = new Map<string, Whole>();
  parts.forEach((p, k) => {
    for (const c of p.columns) {
      let w = whole.get(c.id);
      if (!w) {
        if (whole.size >= MAX_COLUMNS) continue;
        whole.set(c.id, (w = { key: c.key, named: c.named, at: [], scores: [] }));
      }
      for (const s of c.seq) if (w.at.length < WAIT_UNTIL) w.at.push([k, s]);
      for (const s of c.scores) if (w.scores.length < DECIDE_AT) w.scores.push(s);
    }
  });
  judgeWhole(tests, whole);
  const verdictOf = (id: string): number => whole.get(id)?.verdict ?? -1;
  const counted = new Map<string, number>();
  for (const p of parts) {
    for (const c of p.columns) {
      const before = counted.get(c.id) ?? 0;
      counted.set(c.id, before + c.seq.length);
      if (c.seq.length === 0) continue;
      const v = verdictOf(c.id);
      if (c.decided !== v && c.decided !== HELD) return undefined;
      // a value held here, but past the file's first DECIDE_AT: a whole scan filters its column
      // finding with the rules' findings in it, which a category covering or covered by the
      // column's may change (seq counts at most WAIT_UNTIL values: past those, nothing is held)
      if (v >= 0 && c.found.some(([i, cats]) => before + i >= DECIDE_AT - 1 && cats.some((k) => interacts(k, tests[v]!.category, covers)))) return undefined;
    }
  }
  // a judged column's name is reported where the file first has it: by the first part, which
  // reports the names of the columns it judged or holds; a later part holds those it may report
  const firstJudged = new Set((parts[0]?.columns ?? []).filter((c) => c.decided >= 0 || c.decided === HELD).map((c) => c.key));
  for (const w of whole.values()) {
    const k = firstName.get(w.key);
    if ((w.verdict ?? -1) < 0 || k === undefined) continue;
    if (k === 0 ? !firstJudged.has(w.key) : !parts[k]!.heldNames.includes(w.key)) return undefined;
  }
  for (const [id, w] of whole) verdicts.set(id, w.verdict ?? -1);
  return { verdicts, firstName };
}

type Covers = ReadonlyMap<Category, ReadonlySet<Category>>;

/** A finding of category `a` and a column finding of `b` in one value change each other when filtered together. */
function interacts(a: Category, b: Category, covers: Covers): boolean {
  return a !== b && (covers.get(a)?.has(b) === true || covers.get(b)?.has(a) === true);
}

/** Each column's verdict, decided at the value a scan of the whole file decides it at. */
function judgeWhole(tests: readonly ColumnTest[], whole: Map<string, Whole>): void {
  const before = (a: [number, number], b: [number, number]): number => a[0] - b[0] || a[1] - b[1];
  const events: { at: [number, number]; w: Whole; wait: boolean }[] = [];
  for (const w of whole.values()) {
    if (w.named) w.verdict = -1;
    else {
      if (w.at.length >= DECIDE_AT) events.push({ at: w.at[DECIDE_AT - 1]!, w, wait: false });
      if (w.at.length >= WAIT_UNTIL) events.push({ at: w.at[WAIT_UNTIL - 1]!, w, wait: true });
    }
  }
  events.sort((a, b) => before(a.at, b.at));
  let personal = false;
  const decide = (w: Whole, v: number | 'wait'): void => {
    if (v === 'wait') {
      w.waiting = true;
      return;
    }
    w.verdict = v;
    w.waiting = false;
    if (v < 0 || tests[v]!.weak || personal) return;
    personal = true;
    for (const o of whole.values()) if (o.waiting) decide(o, judgeScores(tests, o.scores, true));
  };
  for (const e of events) {
    if (e.wait) {
      if (e.w.waiting) decide(e.w, -1);
    } else if (e.w.verdict === undefined && !e.w.waiting) decide(e.w, judgeScores(tests, e.w.scores, personal));
  }
  for (const w of whole.values()) if (w.verdict === undefined && !w.waiting) decide(w, judgeScores(tests, w.scores, personal));
  for (const w of whole.values()) if (w.waiting) decide(w, -1);
}
