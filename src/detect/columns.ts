import { locate } from '../shared/locate.js';
import { nameMatch } from './name-match.js';
import type { Category, ColumnTest, Field, FieldContext, RawMatch } from '../types.js';

/** Values a column is judged on: its first ones (a column's kind shows in its first rows). */
const DECIDE_AT = 20;
/** Fewer values than this say nothing about a column (a two-row table). */
const MIN_VALUES = 4;
/** Share of a column's values that must be of a category for the column to be of it ("most"). */
const SHARE = 0.8;
/** Columns (CSV columns, JSON key paths) judged per file at most: raw values are held until judged. */
const MAX_COLUMNS = 256;
/** Longer values are free text, never one identifier or name. */
const MAX_VALUE = 100;

interface Held {
  field: Field;
  value: string;
  start: number;
  /** Each test's score of the value. */
  scores: Uint8Array;
  /** Categories the rules already found in the field (not reported twice). */
  found?: Set<Category>;
}

interface Column {
  key: string;
  held: Held[];
  /** The category judged; null: judged to be none (or named, so not judged). */
  decided?: ColumnTest | null;
}

/**
 * Judges neutral columns and JSON keys by their values (issue 14): a CSV column headed "Col3" or a
 * key "misc" whose values are mostly names, phones, postcodes or NHS numbers holds that category,
 * whatever its name says. Its first values are held until the column is judged (or the file
 * ends); then those of the category are reported, the header or key is reported as a sensitive
 * field, and every later value of the category is reported as it comes. A value of a weak
 * category (a bare nine-digit number) counts only beside a column of a strong one. One judge per
 * file (or part of a file, scanned apart).
 */
export class ColumnJudge {
  private readonly columns = new Map<FieldContext, Column>();
  /** Header and key fields by their column's key, to report the name of a column judged. */
  private readonly names = new Map<string, Field>();
  /** Some column of the file holds a strong personal category. */
  private personal = false;

  constructor(
    private readonly tests: readonly ColumnTest[],
    private readonly named: (field: Field) => boolean,
    /** A whole value that stands for "nothing here" (N/A, redacted): not counted. */
    private readonly placeholder?: RegExp,
  ) {}

  /** Looks at a batch of (normalised) fields and the rules' matches in them; returns the matches the judged columns add. */
  observe(fields: Field[], matches: RawMatch[]): RawMatch[] {
    const out: RawMatch[] = [];
    if (this.tests.length === 0) return out;
    let heldNow: Held[] | undefined;
    const ready: Column[] = [];
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
        if (this.columns.size >= MAX_COLUMNS) continue;
        col = { key: keyOf(ctx), held: [] };
        if (this.named(f)) col.decided = null;
        this.columns.set(ctx, col);
      }
      if (col.decided === null) continue;
      const start = f.text.search(/\S/);
      if (start === -1) continue;
      const value = f.text.trim();
      if (this.placeholder?.test(value)) continue;
      if (col.decided) {
        if (value.length <= MAX_VALUE && isMember(col.decided, value)) out.push(valueMatch(f, value, start, col.decided));
        continue;
      }
      const scores = new Uint8Array(this.tests.length);
      if (value.length <= MAX_VALUE) this.tests.forEach((t, i) => (scores[i] = t.test(value)));
      const h: Held = { field: f, value, start, scores };
      col.held.push(h);
      (heldNow ??= []).push(h);
      if (col.held.length >= DECIDE_AT) ready.push(col);
    }
    if (heldNow) noteFound(heldNow, matches);
    this.decideAll(ready, out);
    return out;
  }

  /** At the end of the file: judges the columns not judged yet, on the values they have. */
  finish(): RawMatch[] {
    const out: RawMatch[] = [];
    this.decideAll([...this.columns.values()].filter((c) => c.decided === undefined), out);
    return out;
  }

  /** Strong categories first, so that a weak one sees them. */
  private decideAll(cols: Column[], out: RawMatch[]): void {
    if (cols.length === 0) return;
    for (const c of cols) this.decide(c, false, out);
    for (const c of cols) if (c.decided === undefined) this.decide(c, true, out);
    for (const c of cols) if (c.decided === undefined) c.decided = null;
    for (const c of cols) c.held = [];
  }

  private decide(col: Column, weak: boolean, out: RawMatch[]): void {
    const n = col.held.length;
    if (n < MIN_VALUES) {
      col.decided = null;
      return;
    }
    let best = -1;
    let bestShare = 0;
    this.tests.forEach((t, i) => {
      if (t.weak && !(weak && this.personal)) return;
      let pass = 0;
      let clear = 0;
      for (const h of col.held) {
        const s = h.scores[i]!;
        if (s > 0) pass++;
        if (s === 2) clear++;
      }
      if (pass / n >= SHARE && clear / n >= t.clearShare && pass / n > bestShare) {
        best = i;
        bestShare = pass / n;
      }
    });
    if (best === -1) return;
    const t = this.tests[best]!;
    col.decided = t;
    if (!t.weak) this.personal = true;
    const name = this.names.get(col.key);
    if (name) out.push(nameMatch(name, `column.${t.category}`, 'sensitive-field', 'high', `values: ${t.category}`));
    for (const h of col.held) {
      if ((h.scores[best]! > 0 || (h.value.length <= MAX_VALUE && t.member?.(h.value))) && !h.found?.has(t.category)) out.push(valueMatch(h.field, h.value, h.start, t));
    }
  }
}

/** True when a value of a column judged of a category is one: its test takes it, or its `member` check. */
function isMember(t: ColumnTest, value: string): boolean {
  return t.test(value) > 0 || t.member?.(value) === true;
}

/** What ties a column's values to its header or key: the key path (JSON), or the header (CSV). */
function keyOf(ctx: FieldContext): string {
  return ctx.path ?? ctx.label ?? '';
}

/** Records, for each held value, the categories the rules found in its field. */
function noteFound(held: Held[], matches: RawMatch[]): void {
  if (matches.length === 0) return;
  const byField = new Map<Field, Held>();
  for (const h of held) byField.set(h.field, h);
  for (const m of matches) {
    const h = byField.get(m.field);
    if (h) (h.found ??= new Set()).add(m.category);
  }
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
