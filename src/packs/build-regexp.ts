import type { Matcher } from '../types.js';
import { GuardedRegExp } from '../shared/rule-guard.js';
import { PackError } from './pack-error.js';

/** Builds a RegExp, turning a syntax error into a PackError naming the rule. */
export function buildRegExp(source: string, flags: string, file: string, id: string, where: string): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (e) {
    throw new PackError(file, `invalid regular expression in ${where}: ${(e as Error).message}`, id, where);
  }
}

/**
 * A regex of a pack entry (a field name, an allow entry, a shape): a RegExp for a built-in pack,
 * a GuardedRegExp for a user's, which runs under the time budget as user rules do.
 */
export function buildMatcher(source: string, flags: string, file: string, id: string, where: string, untrusted: boolean): Matcher {
  const re = buildRegExp(source, flags, file, id, where);
  return untrusted ? new GuardedRegExp(re.source, re.flags, `${id} (${where})`) : re;
}

/** A regex matching any of the phrases as whole words, ignoring case. */
export function phraseRegExp(phrases: string[]): RegExp {
  const alts = phrases.map((p) => p.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s*'));
  return new RegExp(`(?:^|[^\\p{L}\\p{N}])(?:${alts.join('|')})(?![\\p{L}\\p{N}])`, 'iu');
}
