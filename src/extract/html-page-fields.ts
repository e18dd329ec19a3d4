// The fields of HTML held in JSON strings, and the offset maps of HTML fields' text (their shape is
// every field's: new-field.ts).
import type { Field } from '../types.js';
import { newField } from './new-field.js';

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
 * The field of a plain block `s` of HTML in `parent` (a JSON value) that is a verbatim slice on one
 * line: a field where it sits, with no raw text and no offset map (8 bytes a character: a third of
 * what HTML in JSON strings allocated, issue 16). `label`: the parent's.
 */
export function sliceField(parent: Field, s: Field, label: string | undefined): Field {
  return newField(s.text, parent.line, parent.column + s.offset, parent.offset + s.offset, parent.ctx, label || undefined, undefined, undefined, parent.record);
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
  return newField(s.text, parent.line, parent.column, parent.offset, keepParent ? parent.ctx : s.ctx, fieldLabel || undefined, raw, offsets, parent.record);
}
