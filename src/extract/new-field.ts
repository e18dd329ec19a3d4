// The one shape of the fields every extractor of this folder makes (but office documents'), and
// its settling when the module loads.
import type { Field, FieldContext } from '../types.js';
import type { JsonField } from './json-frames.js';
import { fieldContext } from './field-context.js';

/**
 * A field with every property set, in the order of a JSON field's (JsonField), undefined where it
 * has none: one shape for all fields of a page, of JSON, of CSV and of text. Why: a verbatim field,
 * one with an offset map and one with a label were three shapes to every stage that reads fields
 * (issue 16); a CSV cell given its row after it was made was a fourth, and its row a second
 * allocation (a property past the object's own slots goes to a store of its own).
 */
export function newField(text: string, line: number, column: number, offset: number, ctx: FieldContext, label: string | undefined, raw: string | undefined, offsets: Int32Array | number[] | undefined, record?: number, row?: Field['row']): Field {
  const f: Omit<JsonField, 'label' | 'offsets'> & { label: string | undefined; offsets: Int32Array | number[] | undefined } = { text, line, column, offset, ctx, label, record, raw, offsets, siblings: undefined, holds: undefined, row };
  return f as Field;
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
  const fields = [newField('', 1, 1, 0, html, undefined, undefined, undefined), newField('', 1, 1, 0, html, '', '', [0], 0, {}), newField('', 1, 1, 0, json, '', '', new Int32Array(1), 1)];
  for (const f of fields) {
    f.text += ' ';
    f.line += 1;
    f.column += 1;
    f.offset += 1;
    f.holds = 'scalar';
    f.siblings = {};
    f.row = {};
  }
}
settleFieldShape();
