// The one shape of a field context (FieldContext), for the extractors of this folder and office/grid.ts;
// the other office extractors, whose fields have shapes of their own too, still write theirs out.
import type { FieldContext, Where } from '../types.js';

/**
 * A field context with all five properties set, in one order, undefined where it has none, and
 * never frozen: one shape (V8's hidden class) for every context of a run. Why: CSV's, text's,
 * HTML's (frozen, three properties) and JSON's (frozen or not, five) were five shapes, so the
 * detector's `resolve` and `judge` and the filter's reads of `ctx.where` or `ctx.path` met a
 * new shape at each new kind of field, were thrown away ("wrong map") and compiled again, and
 * read them megamorphically from then on (issue 16). Freezing, which made another shape, kept
 * the run's shared contexts from being written: the type's properties are read-only instead.
 * An absent property and one set to undefined read the same (`ctx.path !== undefined`, `??`).
 */
export function fieldContext(where: Where, label?: string, name?: string, within?: string, path?: string): FieldContext {
  return { where, label, name, within, path };
}

/** The context of plain text (a text file, a line of NDJSON that is no JSON). */
export const TEXT_CONTEXT: FieldContext = fieldContext('text');
