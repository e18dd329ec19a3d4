import { normalizeName } from '../shared/field-name.js';
import { movePlace, moveRecordLabel, type PartShift } from '../shared/record-label.js';
import { nameMatch } from './name-match.js';
import type { CompiledShape, Field, Matcher, RawMatch } from '../types.js';

const EMPTY = /^$/;

/** JSON key paths seen in a file, in order, each with the field it was first seen in. */
export type ShapeKeys = [path: string, field: Field][];

/** Key paths remembered per file to judge a JSON shape at its end; more are not tracked. */
const MAX_PATHS = 5000;

/**
 * Checks a file against the known shapes of the packs (police.uk's CSVs and API responses): a
 * file recognised as a shape that carries a column or key the shape does not have gets an
 * `unexpected-field` finding on it, the export mistake behind the 61-case leak, caught even when
 * no value matches a pattern. For CSV it also says which cells are public by design.
 */
export class ShapeCheck {
  private csvShape: CompiledShape | undefined;
  /** CSV: the header's columns the shape lacks. The collections are made when first needed: a small file needs few of them. */
  private unexpectedColumns: Set<string> | undefined;
  /** JSON: the first key field of each path seen. */
  private keys: Map<string, Field> | undefined;
  /** JSON: key contexts already noted (every field of a path shares one, as a rule): their path is not worked out again. */
  private noted: WeakSet<object> | undefined;
  /** JSON: the shape the file was recognised as, once finished (null: none). */
  private jsonShape: CompiledShape | null | undefined;

  constructor(private readonly shapes: CompiledShape[]) {}

  /** CSV header: recognises the shape; returns per column the regex of its public values. */
  csvHeader(labels: string[]): (Matcher | undefined)[] | undefined {
    const names = labels.map(normalizeName);
    let best: CompiledShape | undefined;
    let bestScore = 0;
    for (const shape of this.shapes) {
      if (shape.format !== 'csv') continue;
      const required = [...shape.columns].filter(([, c]) => !c.optional).map(([n]) => n);
      if (!required.every((n) => names.includes(n))) continue;
      const score = names.filter((n) => shape.columns.has(n)).length;
      if (score > bestScore) {
        best = shape;
        bestScore = score;
      }
    }
    this.csvShape = best;
    if (!best) return undefined;
    for (const n of names) if (!best.columns.has(n) && !best.tolerate?.test(n)) (this.unexpectedColumns ??= new Set()).add(n);
    // a column with no public-value pattern publishes nothing but empty cells
    return names.map((n) => best.columns.get(n)?.value ?? (best.columns.has(n) ? EMPTY : undefined));
  }

  /** Sees each batch of fields: CSV headers the shape lacks become findings; JSON keys are noted. */
  observe(fields: Field[]): RawMatch[] {
    const out: RawMatch[] = [];
    for (const f of fields) {
      if (f.ctx.where === 'header' && this.csvShape && this.unexpectedColumns?.has(f.ctx.name ?? '')) {
        out.push(unexpected(f, this.csvShape, `column "${f.text}" is not in ${this.csvShape.id}`));
      } else if (f.ctx.where === 'key' && f.ctx.path !== undefined && (this.keys?.size ?? 0) < MAX_PATHS && !this.noted?.has(f.ctx)) {
        (this.noted ??= new WeakSet()).add(f.ctx);
        const path = shapePath(f.ctx.path);
        const keys = (this.keys ??= new Map());
        if (!keys.has(path)) keys.set(path, keyField(f));
      }
    }
    return out;
  }

  /** The key paths seen so far (a part of a file hands them over, for the shape to be judged on all parts). */
  keysSeen(): ShapeKeys {
    return this.keys ? [...this.keys] : [];
  }

  /**
   * Adds the key paths a part of the file saw, after those already seen, moving their places and
   * their records (NDJSON, JSON cut in parts: from the part's first) to the file's.
   */
  addKeys(keys: ShapeKeys, shift: PartShift): void {
    if (keys.length === 0) return;
    const own = (this.keys ??= new Map());
    for (const [path, f] of keys) {
      if (own.size >= MAX_PATHS) return;
      if (own.has(path)) continue;
      const moved: Field = { ...f, ...movePlace(f.line, f.column, shift) };
      if (f.record !== undefined && f.label !== undefined) {
        moved.record = f.record + shift.records;
        moved.label = moveRecordLabel(f.label, f.record, shift.records, shift.array);
      }
      own.set(path, moved);
    }
  }

  /** End of a JSON file: the best-fitting shape whose signature keys were all seen, and what it lacks. */
  finish(): RawMatch[] {
    const keys = this.keys;
    if (keys === undefined || keys.size === 0) {
      this.jsonShape = null;
      return [];
    }
    const seen = [...keys.keys()];
    let best: CompiledShape | undefined;
    let bestScore = 0;
    for (const shape of this.shapes) {
      if (shape.format !== 'json' || !shape.match.every((p) => keys.has(p))) continue;
      const score = seen.filter((p) => shape.keys.has(p)).length / seen.length;
      if (score > bestScore) {
        best = shape;
        bestScore = score;
      }
    }
    if (!best) {
      this.jsonShape = null;
      return [];
    }
    const out: RawMatch[] = [];
    for (const [path, f] of keys) {
      if (best.keys.has(path)) continue;
      // a key under an unexpected key is reported once, at the top of the unexpected branch
      const parent = path.replace(/(?:\.[^.[\]]+|\[\*\])$/, '');
      if (parent !== path && parent && !best.keys.has(parent) && keys.has(parent)) continue;
      if (best.tolerate?.test(normalizeName(f.text))) continue;
      out.push(unexpected(f, best, `key "${path}" is not in ${best.id}`));
    }
    this.jsonShape = best;
    return out;
  }

  /**
   * The known shape a file of `format` was recognised as, for public-by-design allowances: a CSV
   * from its header, a JSON or NDJSON file once finished ('pending' before). Undefined: none.
   */
  shapeOf(format: string): CompiledShape | 'pending' | undefined {
    if (format === 'csv') return this.csvShape;
    if (format !== 'json' && format !== 'ndjson') return undefined;
    if (this.jsonShape === undefined) return 'pending';
    return this.jsonShape ?? undefined;
  }
}

/** A key path as shapes list it: without the `[*].` of a file that is an array (or NDJSON) of records. */
function shapePath(path: string): string {
  // most paths start with a key: no regex run for them
  return path.charCodeAt(0) === 0x5b ? path.replace(/^\[\*\]\.?/, '') : path;
}

/** The first key field of a path, kept to the file's end: its place and label, nothing of its object. */
function keyField(f: Field): Field {
  // set one by one in the spread's order: a spread of optional parts was slower, and the same object
  const kept: Field = { text: f.text, line: f.line, column: f.column, offset: f.offset, ctx: f.ctx };
  if (f.label) kept.label = f.label;
  if (f.record !== undefined) kept.record = f.record;
  return kept;
}

function unexpected(field: Field, shape: CompiledShape, why: string): RawMatch {
  return nameMatch(field, shape.id, 'unexpected-field', 'high', why);
}
