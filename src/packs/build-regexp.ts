import type { Matcher } from '../types.js';
import { GuardedRegExp } from '../shared/rule-guard.js';
import { leadRegExp } from './lead-regexp.js';
import { literalTrie } from './literal-trie.js';
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
 * A rule's regex: as buildRegExp, run from a faster form of its source that matches the same
 * (literal-trie.ts, lead-regexp.ts) when there is one. Its `source` stays the one written: the
 * prefilter table, the guard of a user's rule and the exported regexes read that.
 */
export function buildRuleRegExp(source: string, flags: string, file: string, id: string, where: string): RegExp {
  const re = buildRegExp(source, flags, file, id, where);
  if (flags.includes('u') || flags.includes('v')) return re;
  const faster = literalTrie(source, flags);
  const lead = leadRegExp(faster, flags, source);
  if (lead) return lead;
  if (faster === source) return re;
  const fast = new RegExp(faster, flags);
  Object.defineProperty(fast, 'source', { value: source });
  return fast;
}

/**
 * A regex of a pack entry (a field name, an allow entry, a shape): a RegExp for a built-in pack,
 * a GuardedRegExp for a user's, which runs under the time budget as user rules do.
 */
export function buildMatcher(source: string, flags: string, file: string, id: string, where: string, untrusted: boolean): Matcher {
  const re = buildRegExp(source, flags, file, id, where);
  return untrusted ? new GuardedRegExp(re.source, re.flags, `${id} (${where})`) : re;
}

/**
 * A regex matching any of the phrases as whole words, ignoring case:
 * `(?:^|[^\p{L}\p{N}])(?:phrase|…)(?![\p{L}\p{N}])` with the flags `iu` (rule-gate.ts reads that
 * source). Phrases all of ASCII give a PhraseRegExp, which matches the same but compiles the
 * regex only when a text needs it: V8 compiles the letter-or-digit class under `iu` (800 ranges,
 * with their case variants) for every regex that holds it, 6 M instructions, and the keywords of
 * the built-in rules cost a one-file scan 150 M so (issue 16).
 */
export function phraseRegExp(phrases: string[]): RegExp {
  const alts = phrases.map((p) => p.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s*'));
  const source = `(?:^|[^\\p{L}\\p{N}])(?:${alts.join('|')})(?![\\p{L}\\p{N}])`;
  if (!phrases.every((p) => /^[\x00-\x7f]+$/.test(p.trim()))) return new RegExp(source, 'iu');
  return new PhraseRegExp(source, `(?<![A-Za-z0-9])(?:${phrases.map(asciiPhrase).join('|')})(?![A-Za-z0-9])`);
}

/**
 * An ASCII phrase as a regex without the `u` flag matching what the phrase matches under `iu`.
 * Unicode case folding takes two characters beyond ASCII to ASCII letters, ſ (U+017F) to s and
 * the Kelvin sign (U+212A) to k: each s and k is written with them. Without `u`, `i` takes no
 * character beyond ASCII to an ASCII one.
 */
function asciiPhrase(phrase: string): string {
  return phrase.trim().replace(/\s+|[sSkK]|[.*+?^${}()|[\]\\/]/g, (c) => {
    if (/^\s/.test(c)) return '\\s*';
    if (c === 's' || c === 'S') return '[s\u017f]';
    if (c === 'k' || c === 'K') return '[k\u212a]';
    return `\\${c}`;
  });
}

/** A letter or a digit, of any script. */
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;

/**
 * The phrase regex of phraseRegExp, matching as its source says: a RegExp of the phrases without
 * `u` (cheap to compile), with an ASCII letter or digit on neither side, its source and flags
 * those of the whole regex. Beyond ASCII, the character on either side is checked here; when it
 * is a letter or a digit the phrase is not whole there, and the whole regex runs (made then, on
 * its first such text: making it costs 1 M instructions, compiling it 6 M). Leftmost and in the
 * phrases' order as the whole regex: no phrase can match nearer the start, as the edges here are
 * looser; the phrases before the one found did not match or were cut by an ASCII letter or digit.
 */
class PhraseRegExp extends RegExp {
  #whole: RegExp | undefined;

  constructor(source: string, candidates: string) {
    super(candidates, 'i');
    // what rule-gate.ts and messages read: the whole regex's (RegExp's own getters read the flags)
    Object.defineProperties(this, { source: { value: source }, flags: { value: 'iu' }, unicode: { value: true } });
  }

  override exec(text: string): RegExpExecArray | null {
    const m = super.exec(text);
    if (m === null) return null;
    const at = m.index;
    const end = at + m[0].length;
    const before = codePointBefore(text, at);
    const after = codePointAt(text, end);
    if ((before > '\x7f' && LETTER_OR_DIGIT.test(before)) || (after > '\x7f' && LETTER_OR_DIGIT.test(after))) {
      this.#whole ??= new RegExp(this.source, 'iu');
      return this.#whole.exec(text);
    }
    // the match takes the character before the phrase, as the regex's (?:^|[^\p{L}\p{N}]) does
    const whole: [string] = [text.slice(at - before.length, end)];
    return Object.assign(whole, { index: at - before.length, input: text });
  }
}

/** The code point (one or two UTF-16 units) ending at `i`, or '' at the start. */
function codePointBefore(text: string, i: number): string {
  if (i === 0) return '';
  const low = text.charCodeAt(i - 1);
  return low >= 0xdc00 && low <= 0xdfff && i >= 2 && (text.charCodeAt(i - 2) & 0xfc00) === 0xd800 ? text.slice(i - 2, i) : text[i - 1]!;
}

/** The code point (one or two UTF-16 units) starting at `i`, or '' at the end. */
function codePointAt(text: string, i: number): string {
  if (i >= text.length) return '';
  const high = text.charCodeAt(i);
  return (high & 0xfc00) === 0xd800 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? text.slice(i, i + 2) : text[i]!;
}
