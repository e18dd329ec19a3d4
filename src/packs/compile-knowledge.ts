import type { Category, Knowledge, Pack } from '../types.js';
import { buildRegExp } from './build-regexp.js';
import { expandFragments } from './fragments.js';
import { PackError } from './pack-error.js';

/**
 * What packs know about values beyond their rules (issue 12: detection knowledge is data): the
 * placeholders that stand for "nothing here", the shape a value under a sensitive name must have,
 * which category's finding covers another's, and the sibling keys that give a JSON object's role.
 * Placeholders and covers add up over the packs; a later pack's shape for a category replaces an
 * earlier one. Word lists are the built-in checks' vocabulary (read by them from the built-in
 * packs, see word-lists.ts): a user pack that sets them is refused rather than silently ignored.
 */
export function compileKnowledge(packs: Pack[]): Knowledge {
  const placeholders: string[] = [];
  const plausible = new Map<Category, RegExp>();
  const covers = new Map<Category, Set<Category>>();
  let roleKeys: string[] = [];
  for (const { file, source, builtin } of packs) {
    if (file.lists && !builtin) throw new PackError(source, '"lists" hold the vocabulary of the built-in name and date checks and cannot be set by a user pack; use "fields", "allow" or "rules"', undefined, 'lists');
    const expand = (regex: string, id: string, where: string): string => expandFragments(regex, file.fragments, source, id, where);
    file.placeholders?.forEach((p, i) => {
      const where = `placeholders[${i}]`;
      placeholders.push(expand(p, where, where));
    });
    for (const [i, p] of (file.plausible ?? []).entries()) {
      const where = `plausible[${i}]`;
      plausible.set(p.category, buildRegExp(expand(p.pattern, p.category, where), p.flags ?? '', source, p.category, where));
    }
    for (const c of file.covers ?? []) {
      const set = covers.get(c.category) ?? new Set<Category>();
      for (const other of c.covers) set.add(other);
      covers.set(c.category, set);
    }
    if (file.lists?.['role-keys']) roleKeys = file.lists['role-keys'];
  }
  const knowledge: Knowledge = { plausible, covers, roleKeys };
  // one regex, tried once per value: the alternatives in pack order, each a whole value
  if (placeholders.length) knowledge.placeholder = buildRegExp(`^(?:${placeholders.join('|')})$`, 'i', packs[0]!.source, 'placeholders', 'placeholders');
  return knowledge;
}
