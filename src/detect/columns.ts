import { locate } from '../shared/locate.js';
import { ownField, ownString, type RecordCopies } from '../shared/own-string.js';
import { nameMatch } from './name-match.js';
import type { Category, ColumnTest, Field, FieldContext, RawMatch } from '../types.js';
import { type ColumnEvidence, type ColumnTrace, DECIDE_AT, HELD, judgeScores, MAX_COLUMNS, MIN_VALUES, SHARE, WAIT_UNTIL } from './column-verdicts.js';

/** Columns a part of a file after the first tracks: the file's first MAX_COLUMNS may be met late in it. */
const PART_COLUMNS = 4 * MAX_COLUMNS;
/** Longer values are free text, never one identifier or name. */
const MAX_VALUE = 100;
/** Made once: a regex literal in observe was a new RegExp object per value. */
const NOT_BLANK = /\S/;

interface Held {
  field: Field;
  value: string;
  start: number;
  /** Each test's score of the value, worked out when first needed (scoresOfHeld). */
  scores?: Uint8Array;
  /** Categories the rules already found in the field (not reported twice). */
  found?: Set<Category> | undefined;
  /** The observe call that held it; -1 once it and its field are copies (own). */
  call: number;
}

/**
 * A column's every property is set when it is made, in one order, so that all columns share one
 * shape: columns made with some of them and given others later had several, and V8 threw away
 * observe's optimised code on meeting another (issue 16: --trace-deopt, "wrong map").
 */
interface Column {
  key: string;
  held: Held[];
  /** The category judged; null: judged to be none (or named, so not judged); undefined: not yet. */
  decided: ColumnTest | null | undefined;
  /** A weak category's column waiting (up to WAIT_UNTIL values) for a column of a strong one. */
  waiting: boolean;
  /** In a part: what the join needs to judge the column on the whole file. */
  trace: ColumnTrace | undefined;
}

/** How a part of a file judges its columns: the first part reports column names, the others leave them to the join. */
export interface PartMode {
  first: boolean;
}

/**
 * Matches a part leaves to the join: those a column adds if the file judges it of test `test`;
 * with `name` (a later part), its name, reported if that part is the first to have it.
 */
export interface HeldColumn {
  id: string;
  test: number;
  matches: RawMatch[];
  name?: string;
}

/**
 * Judges neutral columns and JSON keys by their values (issue 14): a CSV column headed "Col3" or a
 * key "misc" whose first DECIDE_AT values are mostly names, phones, postcodes or NHS numbers holds
 * that category, whatever its name says. Those values are held until the column is judged (or the
 * file ends); then those of the category are reported, the header or key is reported as a
 * sensitive field, and every later value of the category is reported as it comes. A weak category
 * (a bare nine-digit number) counts only beside a column of a strong one: its column waits for one
 * up to WAIT_UNTIL values. Decisions fall on given values, never on how the text was cut into
 * batches, so that a file scanned in parts can be judged whole at the join (column-verdicts.ts):
 * in a part, each column's trace is kept for it.
 */
export class ColumnJudge {
  private readonly columns = new Map<FieldContext, Column>();
  /** Header and key fields by their column's key, to report the name of a column judged. */
  private readonly names = new Map<string, Field>();
  /** Columns of a weak category waiting for a strong one. */
  private waiting: Set<Column> | undefined;
  /** Some column of the file holds a strong personal category. */
  private personal = false;
  /** Values counted so far (a part's traces order its columns' values by it). */
  private seq = 0;
  /** Columns met past the limit (a part: the join cannot judge the file). */
  private overflow = false;
  private ids: Map<string, number> | undefined;
  /** A later part's names of the columns it judged, for the join (HeldColumn). */
  private readonly laterNames: HeldColumn[] = [];
  /** Records copied for held fields (see ownField). */
  private copies: RecordCopies | undefined;
  /** The observe call under way (0: none; finish and holdBack come after every call). */
  private call = 0;
  private calls = 0;
  /** Values held by an earlier observe call and not copied yet (own). */
  private unowned: Held[] = [];

  constructor(
    private readonly tests: readonly ColumnTest[],
    private readonly named: (field: Field) => boolean,
    /** A whole value that stands for "nothing here" (N/A, redacted): not counted. */
    private readonly placeholder?: RegExp,
    private readonly part?: PartMode,
  ) {}

  /** Looks at a batch of (normalised) fields and the rules' matches in them; returns the matches the judged columns add. */
  observe(fields: Field[], matches: RawMatch[]): RawMatch[] {
    const out: RawMatch[] = [];
    if (this.tests.length === 0) return out;
    // values still held after their batch keep copies: a view into the file's text kept its
    // whole 64 KB piece alive, and a JSON file's sparse keys held 90 MB of a 200 MB file (issue
    // 16). They are copied once the next batch comes (that piece may then go), or when judged
    // after their batch: a small file's values are mostly judged at its end, or never (too few).
    if (fields.length > 0) this.ownHeld();
    this.call = ++this.calls;
    let found: Map<Field, Set<Category>> | undefined;
    const cap = this.part && !this.part.first ? PART_COLUMNS : MAX_COLUMNS;
    for (const f of fields) {
      const ctx = f.ctx;
      if (ctx.where === 'header' || ctx.where === 'key') {
        const key = keyOf(ctx);
        if (key && !this.names.has(key) && this.names.size < MAX_COLUMNS) this.names.set(key, f);
        continue;
      }
      if (ctx.where !== 'cell' && ctx.where !== 'value') continue;
      let col = this.columns.get(ctx);
      if (col === undefined) {
        if (this.columns.size >= cap) {
          this.overflow = true;
          continue;
        }
        col = this.newColumn(ctx, f);
        this.columns.set(ctx, col);
      }
      if (col.decided === null) continue;
      const start = f.text.search(NOT_BLANK);
      if (start === -1) continue;
      const value = f.text.trim();
      if (this.placeholder?.test(value)) continue;
      found ??= foundBy(matches);
      const foundHere = found.get(f);
      // a value the rules found of the column's category is theirs, whether held or not
      if (col.decided) {
        if (value.length <= MAX_VALUE && isMember(col.decided, value) && !foundHere?.has(col.decided.category)) out.push(valueMatch(f, value, start, col.decided));
        continue;
      }
      const h: Held = { field: f, value, start, found: foundHere, call: this.call };
      col.held.push(h);
      this.unowned.push(h);
      const n = col.held.length;
      if (col.trace) {
        if (col.trace.seq.length < WAIT_UNTIL) col.trace.seq.push(this.seq);
        if (n <= DECIDE_AT) col.trace.scores.push(this.scoresOf(h));
        if (foundHere && n <= DECIDE_AT) col.trace.found.push([n - 1, [...foundHere]]);
      }
      this.seq++;
      if (n === DECIDE_AT && !col.waiting) this.judge(col, out);
      else if (n === WAIT_UNTIL && col.waiting) this.drop(col);
    }
    this.call = 0;
    return out;
  }

  /** Copies the values held by earlier calls that are not copies yet. */
  private ownHeld(): void {
    for (const h of this.unowned) this.own(h);
    this.unowned = [];
  }

  /**
   * A held value's field, made (with the value) a copy if it is held past its batch: a value
   * judged in its batch is let go anyway, and reported with its field as it came.
   */
  private fieldOf(h: Held): Field {
    if (h.call !== this.call) this.own(h);
    return h.field;
  }

  /** Makes a held value and its field copies, once. */
  private own(h: Held): void {
    if (h.call === -1) return;
    h.call = -1;
    h.value = ownString(h.value);
    h.field = ownField(h.field, (this.copies ??= new WeakMap()));
  }

  /** Each test's score of a held value (none for free text), worked out once. */
  private scoresOf(h: Held): Uint8Array {
    return (h.scores ??= h.value.length <= MAX_VALUE ? scoresOf(this.tests, h.value) : new Uint8Array(this.tests.length));
  }

  /**
   * The verdict on a column's first DECIDE_AT held values (their scores are worked out only for a
   * column with enough of them, and only while some test can still pass most of them: a column of
   * dates or references is known to be none after a few values, issue 16).
   */
  private verdictOf(held: readonly Held[], personal: boolean): number | 'wait' {
    const n = Math.min(held.length, DECIDE_AT);
    if (n < MIN_VALUES) return -1;
    const tests = this.tests.length;
    const passes = new Int32Array(tests);
    const scores: Uint8Array[] = [];
    for (let k = 0; k < n; k++) {
      const s = this.scoresOf(held[k]!);
      scores.push(s);
      // judgeScores takes a test that most values pass (SHARE): none can when even the values left cannot make it
      let may = false;
      for (let i = 0; i < tests; i++) {
        if (s[i]! > 0) passes[i]!++;
        if ((passes[i]! + n - k - 1) / n >= SHARE) may = true;
      }
      if (!may) return -1;
    }
    return judgeScores(this.tests, scores, personal);
  }

  /** At the end of the file (or part): judges the columns not judged yet, on the values they have. */
  finish(): RawMatch[] {
    const out: RawMatch[] = [];
    for (const c of this.columns.values()) if (c.decided === undefined && !c.waiting) this.judge(c, out);
    if (this.waiting) for (const c of [...this.waiting]) this.drop(c);
    return out;
  }

  /**
   * At the end of a part, instead of finish: the columns not judged yet (fewer than DECIDE_AT values
   * here, or waiting) are left to the join, which judges them on the whole file; for each, per test
   * its values pass, the matches it adds if the file judges it of that test (its name, in the first
   * part, and those values).
   */
  holdBack(): HeldColumn[] {
    const out: HeldColumn[] = [...this.laterNames];
    for (const c of this.columns.values()) {
      if (c.decided !== undefined || !c.trace) continue;
      const name = this.names.get(c.key);
      const first = this.part?.first === true;
      this.tests.forEach((t, i) => {
        const matches = c.held.filter((h) => this.isHeldMember(h, t, i)).map((h) => valueMatch(this.fieldOf(h), h.value, h.start, t));
        if (name && first) matches.push(nameOf(name, t));
        if (matches.length > 0) out.push({ id: c.trace!.id, test: i, matches });
        if (name && !first) out.push({ id: c.trace!.id, test: i, matches: [nameOf(name, t)], name: c.key });
      });
      c.trace.decided = HELD;
      this.drop(c);
    }
    return out;
  }

  /** What the join of a file's parts needs of this part's columns (after finish). */
  evidence(): ColumnEvidence {
    const columns: ColumnTrace[] = [];
    for (const c of this.columns.values()) if (c.trace) columns.push(c.trace.decided === HELD ? c.trace : { ...c.trace, decided: c.decided ? this.tests.indexOf(c.decided) : -1 });
    const heldNames = [...new Set(this.laterNames.map((h) => h.name!))];
    for (const c of this.columns.values()) if (c.trace?.decided === HELD && !this.part?.first && this.names.has(c.key)) heldNames.push(c.key);
    return { columns, names: [...this.names.keys()], heldNames, overflow: this.overflow };
  }

  /** True when a held value is reported once its column is judged of test `i` (`t`): of it, and not found by the rules already. */
  private isHeldMember(h: Held, t: ColumnTest, i: number): boolean {
    return (this.scoresOf(h)[i]! > 0 || (h.value.length <= MAX_VALUE && t.member?.(h.value) === true)) && !h.found?.has(t.category);
  }

  private newColumn(ctx: FieldContext, f: Field): Column {
    const key = keyOf(ctx);
    const col: Column = { key, held: [], decided: this.named(f) ? null : undefined, waiting: false, trace: undefined };
    if (this.part) {
      // the same column in every part: where, key, and which of the columns of that key it is
      const base = `${ctx.where}\u0000${key}`;
      const ids = (this.ids ??= new Map());
      const n = ids.get(base) ?? 0;
      ids.set(base, n + 1);
      col.trace = { id: `${base}\u0000${n}`, key, named: col.decided === null, seq: [], scores: [], found: [], decided: -1 };
    }
    return col;
  }

  /** Judges a column on its first DECIDE_AT values (or all it has, at the end). */
  private judge(col: Column, out: RawMatch[]): void {
    const verdict = this.verdictOf(col.held, this.personal);
    if (verdict === 'wait') {
      col.waiting = true;
      (this.waiting ??= new Set()).add(col);
    } else if (verdict === -1) this.drop(col);
    else this.decide(col, verdict, out);
  }

  private drop(col: Column): void {
    col.decided = null;
    col.held = [];
    col.waiting = false;
    this.waiting?.delete(col);
  }

  private decide(col: Column, best: number, out: RawMatch[]): void {
    const t = this.tests[best]!;
    col.decided = t;
    col.waiting = false;
    this.waiting?.delete(col);
    const name = this.names.get(col.key);
    if (name && (!this.part || this.part.first)) out.push(nameOf(name, t));
    else if (name && col.trace) this.laterNames.push({ id: col.trace.id, test: best, matches: [nameOf(name, t)], name: col.key });
    for (const h of col.held) {
      if (this.isHeldMember(h, t, best)) out.push(valueMatch(this.fieldOf(h), h.value, h.start, t));
    }
    col.held = [];
    if (t.weak || this.personal) return;
    // the first strong column: the weak ones waiting for it are judged now
    this.personal = true;
    for (const w of this.waiting ? [...this.waiting] : []) {
      const v = this.verdictOf(w.held, true);
      if (typeof v === 'number' && v >= 0) this.decide(w, v, out);
      else this.drop(w);
    }
  }
}

/** Scores remembered per ruleset's tests, at most this many values (then forgotten at once). */
const MAX_SCORED = 4096;
const scored = new WeakMap<readonly ColumnTest[], Map<string, Uint8Array>>();

/**
 * Each test's score of a value (never changed once made: held values share it). The tests are
 * pure functions of the value, and the same values come back in file after file (a status, a
 * category, a force): a column of a small file tests each of its few values, where a large
 * file's column stops at DECIDE_AT, and 50,000 small files spent a tenth of their time on it (issue 16).
 */
function scoresOf(tests: readonly ColumnTest[], value: string): Uint8Array {
  let memo = scored.get(tests);
  if (!memo) scored.set(tests, (memo = new Map()));
  let scores = memo.get(value);
  if (scores) return scores;
  scores = new Uint8Array(tests.length);
  for (let i = 0; i < tests.length; i++) scores[i] = tests[i]!.test(value);
  if (memo.size >= MAX_SCORED) memo.clear();
  // a value cut from a file's text would keep that text alive as long as the memo holds it
  memo.set(ownString(value), scores);
  return scores;
}

/** True when a value of a column judged of a category is one: its test takes it, or its `member` check. */
function isMember(t: ColumnTest, value: string): boolean {
  return t.test(value) > 0 || t.member?.(value) === true;
}

/** What ties a column's values to its header or key: the key path (JSON), or the header (CSV). */
function keyOf(ctx: FieldContext): string {
  return ctx.path ?? ctx.label ?? '';
}

/** The header or key of a column judged of `t`, as a sensitive field. */
function nameOf(name: Field, t: ColumnTest): RawMatch {
  return nameMatch(name, `column.${t.category}`, 'sensitive-field', 'high', `values: ${t.category}`);
}

/** The categories the rules found in each field of a batch. */
function foundBy(matches: RawMatch[]): Map<Field, Set<Category>> {
  const by = new Map<Field, Set<Category>>();
  for (const m of matches) {
    let s = by.get(m.field);
    if (!s) by.set(m.field, (s = new Set()));
    s.add(m.category);
  }
  return by;
}

/** A value of a judged column: the whole (trimmed) value, as a name-backed finding of the column's category. */
function valueMatch(field: Field, value: string, start: number, t: ColumnTest): RawMatch {
  const pos = locate(field, start);
  return {
    ruleId: `column.${t.category}`,
    kind: 'name',
    category: t.category,
    severity: t.severity,
    confidence: 'medium',
    value,
    line: pos.line,
    column: pos.column,
    index: start,
    field,
    evidence: { fieldName: field.label ?? field.ctx.label ?? '', validator: `column of ${t.category}` },
  };
}
