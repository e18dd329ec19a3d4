// The one shape of the fields of an HTML page (and of HTML in JSON, and of JSON's own fields), and
// the offset maps of their text.
import type { Field, FieldContext } from '../types.js';
import type { JsonField } from './json-frames.js';
import { fieldContext } from './field-context.js';

/** Offset maps up to this long are plain arrays (see offsetMap). */
const SHORT_MAP = 4096;

/**
 * An offset map for a text of `length` characters (Field.offsets), to be filled: a plain array
 * when short. Why: V8 makes a typed array over 64 bytes a buffer of its own outside its heap,
 * which cost more than the copying for the many short texts of a page or of HTML in JSON strings
 * (issue 16); a long one stays a typed array (a plain array that long is slower, and larger).
 */
export function offsetMap(length: number): Int32Array | number[] {
  return length <= SHORT_MAP ? new Array<number>(length) : new Int32Array(length);
}

/**
 * A field with every property set, in the order of a JSON field's (JsonField), undefined where it
 * has none: one shape for all fields of a page and of JSON. Why: a verbatim field, one with an
 * offset map and one with a label were three shapes to every stage that reads fields (issue 16).
 */
export function pageField(text: string, line: number, column: number, offset: number, ctx: FieldContext, label: string | undefined, raw: string | undefined, offsets: Int32Array | number[] | undefined, record?: number): Field {
  const f: Omit<JsonField, 'label' | 'offsets'> & { label: string | undefined; offsets: Int32Array | number[] | undefined } = { text, line, column, offset, ctx, label, record, raw, offsets, siblings: undefined, holds: undefined };
  return f as Field;
}

/**
 * The field of a plain block `s` of HTML in `parent` (a JSON value) that is a verbatim slice on one
 * line: a field where it sits, with no raw text and no offset map (8 bytes a character: a third of
 * what HTML in JSON strings allocated, issue 16). `label`: the parent's.
 */
export function sliceField(parent: Field, s: Field, label: string | undefined): Field {
  // every property set, in the order of a JSON field's (JsonField): one shape for both
  const f: Omit<JsonField, 'label'> & { label: string | undefined } = { text: s.text, line: parent.line, column: parent.column + s.offset, offset: parent.offset + s.offset, ctx: parent.ctx, label: label || undefined, record: parent.record, raw: undefined, offsets: undefined, siblings: undefined, holds: undefined };
  return f as Field;
}

/**
 * The field of `s`, a field of HTML in `parent` (a JSON value), at the parent's place with an offset
 * map into `raw`, the parent's raw text. Text keeps the parent's context and `label`.
 */
export function fragmentField(parent: Field, s: Field, label: string | undefined, raw: string): Field {
  const offsets = offsetMap(s.text.length);
  const own = s.offsets;
  const up = parent.offsets;
  // one loop for each case: the per-character branches cost more than the copying (issue 16)
  if (!own && !up) for (let i = 0; i < offsets.length; i++) offsets[i] = s.offset + i;
  else if (!up) for (let i = 0; i < offsets.length; i++) offsets[i] = s.offset + own![i]!;
  else for (let i = 0; i < offsets.length; i++) offsets[i] = up[s.offset + (own ? own[i]! : i)]!;
  const keepParent = s.ctx.where === 'text' && !s.ctx.name;
  const fieldLabel = label ? (keepParent ? label : `${label} ${s.ctx.label ?? ''}`.trim()) : undefined;
  return pageField(s.text, parent.line, parent.column, parent.offset, keepParent ? parent.ctx : s.ctx, fieldLabel || undefined, raw, offsets, parent.record);
}

/**
 * Makes a few throwaway fields of that shape, with every kind of value its properties take and
 * the stores later stages make, when the module loads: before any code that makes or reads fields
 * is optimized. Why: V8 keeps, per property of a shape, what kind of value it has held (a number,
 * an object of one shape…), and optimized code relies on it. The first field of a run whose
 * `record` was a number, or that a later stage moved (embeddedJson) or set `holds` on, widened it,
 * and every optimized function that made or read fields (detect and the filter too) was thrown
 * away and compiled again (issue 16). Contexts have one shape (fieldContext), which `ctx` keeps.
 */
function settleFieldShape(): void {
  const html = fieldContext('text', '', '');
  const json = fieldContext('key', '', '', '', '');
  const fields = [pageField('', 1, 1, 0, html, undefined, undefined, undefined), pageField('', 1, 1, 0, html, '', '', [0], 0), pageField('', 1, 1, 0, json, '', '', new Int32Array(1), 1)];
  for (const f of fields) {
    f.text += ' ';
    f.line += 1;
    f.column += 1;
    f.offset += 1;
    f.holds = 'scalar';
    f.siblings = {};
  }
}
settleFieldShape();
