import { topLevelBar } from '../shared/top-level-bar.js';

/**
 * A rule regex that starts at the start of a text or after a character of a class, `(?:^|[…])rest`,
 * run so that V8 can scan for the class (issue 16).
 *
 * The lower-case name rule starts `(?:^|[\u0000\n(:"])`: V8 cannot scan ahead for a character
 * of the class when the other branch, `^`, consumes nothing, so at every position of a text it
 * tried both, and the rule cost twice what it does without the `^` (42 ms → 20 ms on a 20 MiB case
 * CSV). `^` (without the `m` flag) matches at position 0 alone: the regex as written is tried
 * there, sticky, and from anywhere else the regex without `^|`, `[…]rest`, is searched.
 *
 * Why it matches the same, index, length and groups: a search from position 0 first tries
 * position 0, where the sticky regex as written finds what the search would; when it finds
 * nothing there, neither does `[…]rest` (its one way to match is the written regex's second
 * branch), so the search from 0 and `[…]rest`'s search find the same. At any position after 0,
 * `^` fails, and the written regex matches as its second branch, `[…]rest`, does. The group is
 * non-capturing, so the groups keep their numbers.
 */

/** `(?:^|` then a class or one escaped character, then `)`: the class's source, or undefined. */
const LEAD = /^\(\?:\^\|(\[(?:\\.|[^\\\]])*\]|\\u[0-9A-Fa-f]{4}|\\x[0-9A-Fa-f]{2}|\\[nt])\)/;

/**
 * The regex run as described above, when the source starts with `(?:^|class)` and the flags
 * allow (global, no `m`, `y`, `u` or `v`); otherwise undefined. `written` is the source reported.
 */
export function leadRegExp(source: string, flags: string, written: string): RegExp | undefined {
  if (!flags.includes('g') || /[myuv]/.test(flags)) return undefined;
  const m = LEAD.exec(source);
  if (!m) return undefined;
  const rest = source.slice(m[0].length);
  // a quantifier on the group would make it optional; a `|` outside groups, a branch without it
  if (/^[?*+{]/.test(rest) || topLevelBar(source)) return undefined;
  const re = new LeadRegExp(source, `${m[1]}${rest}`, flags);
  Object.defineProperty(re, 'source', { value: written });
  return re;
}

class LeadRegExp extends RegExp {
  /** The regex as written, sticky: tried at position 0. */
  readonly #first: RegExp;
  /** The regex without `^|`: searched from anywhere else. */
  readonly #rest: RegExp;

  constructor(whole: string, rest: string, flags: string) {
    super(whole, flags);
    this.#first = new RegExp(whole, `${flags.replace('g', '')}y`);
    this.#rest = new RegExp(rest, flags);
  }

  // split and matchAll copy a regex through its species: a plain RegExp of the whole source
  static override get [Symbol.species](): RegExpConstructor {
    return RegExp;
  }

  override exec(text: string): RegExpExecArray | null {
    const from = toLength(this.lastIndex);
    if (from === 0) {
      const first = this.#first;
      first.lastIndex = 0;
      const m = first.exec(text);
      if (m) {
        this.lastIndex = first.lastIndex;
        return m;
      }
    }
    const rest = this.#rest;
    rest.lastIndex = from;
    const m = rest.exec(text);
    this.lastIndex = m ? rest.lastIndex : 0;
    return m;
  }
}

/** `lastIndex` as the regex reads it: a whole number, 0 for anything less. */
function toLength(n: unknown): number {
  const x = Math.floor(Number(n));
  return x > 0 ? x : 0;
}
