import type { Category, CompiledAllow } from '../types.js';

/**
 * A ruleset's allow entries as filterMatches reads them (copies of one shape), by category: those that
 * can take a match of it, in their order (most entries are for one or two categories, and each
 * match was tried against all 24 of them, issue 16).
 */
export interface AllowIndex {
  byCategory: Map<Category, CompiledAllow[]>;
  /** The entries that take any category: for a category no entry names. */
  anyCategory: CompiledAllow[];
}

/** Each ruleset's allow index, with the entries it was made from. */
const indexes = new WeakMap<readonly CompiledAllow[], { from: CompiledAllow[]; index: AllowIndex }>();

/** The allow index of a list of entries; made again if the list has changed since. */
export function allowIndex(list: readonly CompiledAllow[]): AllowIndex {
  const known = indexes.get(list);
  if (known && known.from.length === list.length && known.from.every((a, i) => a === list[i])) return known.index;
  const copies = oneShape(list);
  const anyCategory = copies.filter((a) => !a.categories);
  const byCategory = new Map<Category, CompiledAllow[]>();
  for (const a of copies) for (const c of a.categories ?? []) byCategory.set(c, copies.filter((b) => !b.categories || b.categories.has(c)));
  const index = { byCategory, anyCategory };
  indexes.set(list, { from: list.slice(), index });
  return index;
}

/**
 * Copies of allow entries that all have every field, in one order (those an entry lacks are
 * undefined): 24 entries made with their own fields had 14 object shapes, and `allows`, which
 * reads each field of each entry for each match, went through V8's megamorphic lookups (issue 16).
 * Any field not listed here is copied too, after these. Only their shape differs: `allows` and
 * filterMatches read them as the entries.
 */
function oneShape(list: readonly CompiledAllow[]): CompiledAllow[] {
  return list.map((a) => Object.assign({
    id: a.id, packId: a.packId, description: a.description, categories: a.categories, rules: a.rules, value: a.value, path: a.path,
    field: a.field, text: a.text, near: a.near, window: a.window, when: a.when, row: a.row, valueNot: a.valueNot, beside: a.beside,
    unlessPerson: a.unlessPerson, shapes: a.shapes, propagate: a.propagate, hashed: a.hashed, files: a.files,
  }, a) as CompiledAllow);
}
