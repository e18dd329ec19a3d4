import { topLevelBar } from '../shared/top-level-bar.js';
import type { CompiledRule, Refusal } from '../types.js';
import { valueGroupOf } from './match-value.js';

/**
 * Where a match of a name rule written surname first can start, found from the commas of a text (issue 16).
 *
 * uk-people.person-surname-first ("Feeney, Kaya", "de Souza, Ana") and person-surname-forename
 * ("FEENEY, Kaya") start at a capital after no letter, digit, apostrophe, dot or dash: V8 cannot
 * skip ahead in them, and tried them at each of the 800,000 capitalised words of a 20 MiB case CSV,
 * though a match needs a comma after its surname. Here the commas are found by `indexOf`, and the
 * regex runs sticky at the places a match ending its surname there can start: 59 → 7 ms for the
 * first on that CSV's values, 32-35 → 6-10 ms on the case JSON.
 *
 * Why no match is missed: each regex begins `{{start}}(?:P[ \t]+(?:P[ \t]+)?)?S,[ \t]*U` (P a
 * particle of one to three letters, only in the first rule; S a surname: letters, ' ’ and -, U a
 * capital). S ends at a comma followed by blanks and a capital, and it is all of the run of surname
 * characters before that comma (a surname character before it would be a letter or ' ’ - before
 * the match's start, which `{{start}}` refuses, or before S, where a blank must stand). The match
 * starts at S, or at a particle before it: a run of one to three letters, with blanks after it, one
 * or two runs back; the surname and the first particle start with a capital (as the pack's surname
 * prefixes and capitalised particles do). Those places, for every comma, in order, hold every place
 * a match starts; the sticky regex finds at each what the search would find there, so the first
 * place it matches is the search's.
 *
 * A rule is taken by its source: it must begin with one of the prefixes below (the people pack's
 * fragments as they expand; an edited pattern no longer does) and hold no `|` outside a group.
 *
 * uk-people.person-role ("Victim: Piotr Nowak") starts `{{start}}(?:[Vv]ictim|…|[Hh]ome of)`, then
 * `(?:[ \t]+(?:is|was|named|called))?[:,]?[ \t]+`: at every word start of a text V8 tried its 40
 * words (a sixteenth of a case CSV's scan). Its places are found by a looser regex V8 searches
 * faster, `[^a-z](?:victim|…|home of)[ \t:,]` under `i` (half the instructions on case notes), and
 * it runs sticky after each (wordStarts below).
 */

const START = "(?<![A-Za-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u024F\\d'’.-])";
const U = '[A-Z\\u00C0-\\u00D6\\u00D8-\\u00DE\\u0100-\\u024F]';
const L = '[a-z\\u00DF-\\u00F6\\u00F8-\\u00FF\\u0100-\\u024F]';
const CAPS_PARTICLE = '(?:Ó|Ní|Nic|Mac|Van|Von|De|Di|Da|Du|Le|La|Al|El|Abu|Bin)';
const ANY_PARTICLE = '(?:Ó|Ní|Nic|Mac|Van|Von|De|Di|Da|Du|Le|La|Al|El|Abu|Bin|van|von|der|den|de|da|di|du|la|le|del|bin|al|el)';
const SURNAME = `(?:Mc|Mac|O['’]|D['’]|Fitz|Van|Von|De|Di|Da|Du|Le|La)?${U}${L}+(?:[-'’](?:Mc|Mac|O['’]|D['’])?${U}${L}+)*`;
/** The beginning of uk-people.person-surname-first's regex, up to the capital after the comma. */
const SURNAME_FIRST = `${START}(?:${CAPS_PARTICLE}[ \\t]+(?:${ANY_PARTICLE}[ \\t]+)?)?${SURNAME},[ \\t]*${U}`;
/** The beginning of uk-people.person-surname-forename's regex ("FEENEY, Kaya"): a surname in capitals, no particles. */
const SURNAME_FORENAME = `${START}(?:MC|MAC|O['’]|D['’])?${U}{2,}(?:[-'’]${U}{2,})*,[ \\t]*${U}`;
const PREFIXES = [SURNAME_FIRST, SURNAME_FORENAME];

/**
 * A rule regex run sticky at the places its matches can start: `exec` finds what the regex's
 * global search finds from `lastIndex` (the leftmost match), and moves `lastIndex` as it does
 * (past the match; to 0 when there is none), so detect.ts's search loop runs it unchanged.
 */
export class StickyAtStarts {
  lastIndex = 0;

  constructor(private readonly sticky: RegExp) {}

  exec(text: string): RegExpExecArray | null {
    const m = surnameFirstExec(text, this.lastIndex, this.sticky);
    this.lastIndex = m ? m.index + m[0].length : 0;
    return m;
  }
}

/** The regex run sticky at the places its matches can start, when its source is one this file knows; undefined otherwise. */
export function stickyAtStarts(re: RegExp): StickyAtStarts | StickyAfterWords | undefined {
  if (/[imsuvy]/.test(re.flags)) return undefined;
  const source = re.source;
  if (topLevelBar(source)) return undefined;
  // the regex run, not its written source (a RegExp made from a RegExp keeps the pattern it runs)
  const sticky = (): RegExp => new RegExp(re, `${re.flags.replace('g', '')}y`);
  const finder = wordFinder(source);
  if (finder) return new StickyAfterWords(sticky(), finder, new RegExp(re, re.flags));
  // a quantifier after the prefix would make its capital optional
  const prefix = PREFIXES.find((p) => source.startsWith(p));
  if (prefix === undefined || /^[?*+{]/.test(source.slice(prefix.length))) return undefined;
  return new StickyAtStarts(sticky());
}

/**
 * What a role word is followed by in uk-people.person-role: blanks then is/was/named/called, a
 * colon or comma, blanks. Its first character is always one of `[ \t:,]`.
 */
const ROLE_FOLLOW = '(?:[ \\t]+(?:is|was|named|called))?[:,]?[ \\t]+';
/** `(?:word|…)` right after START: each word a letter or a class of one letter's two cases (`[Vv]`), then lower-case letters and spaces. */
const WORDS = /^\(\?:((?:(?:\[[A-Z][a-z]\]|[A-Za-z])[a-z ]*\|)*(?:\[[A-Z][a-z]\]|[A-Za-z])[a-z ]*)\)/;

/**
 * For a source `{{start}}(?:word|…)ROLE_FOLLOW…`: a regex that finds, from one character before,
 * every place a match can start but the text's first: `[^a-z](?:word|…)[ \t:,]`, the words
 * lower-cased, under `i` (V8 merges plain words into a trie itself; not words behind a class).
 * It finds more than the rule can match (any case, any character before but an ASCII letter,
 * where START refuses more), never less: the sticky regex decides. Undefined for any other source.
 */
function wordFinder(source: string): RegExp | undefined {
  if (!source.startsWith(START)) return undefined;
  const m = WORDS.exec(source.slice(START.length));
  if (!m || !source.startsWith(ROLE_FOLLOW, START.length + m[0].length)) return undefined;
  const words = m[1]!.split('|');
  // a class must be one letter's two cases ([Vv]), which `i` matches as it does
  if (!words.every((w) => !w.startsWith('[') || w[1]!.toLowerCase() === w[2])) return undefined;
  const lower = words.map((w) => (w.startsWith('[') ? w[2]! + w.slice(4) : w).toLowerCase());
  return new RegExp(`[^a-z](?:${lower.join('|')})[ \\t:,]`, 'gi');
}

/** Texts shorter than this are searched with the regex itself (a search costs a call or two more than the regex's). */
const SHORT = 256;

/**
 * A rule regex run sticky at the text's start and after each place `finder` finds (a character
 * before a place a match can start): `exec` finds what the regex's global search finds from
 * `lastIndex`, and moves `lastIndex` as it does, as StickyAtStarts does.
 *
 * Why the first place the sticky regex matches is the search's match: a match from `lastIndex`
 * L > 0 starts at some place p ≥ L, with a character before it, at p - 1 ≥ L - 1, where the finder,
 * searching from L - 1, finds it (or one before it, tried first); from L = 0, a match at 0 has no
 * character before it and is tried alone, first (when the text starts with an ASCII letter, as
 * every word does). The places are tried in order, each from the place after the one before.
 */
export class StickyAfterWords {
  lastIndex = 0;

  constructor(
    private readonly sticky: RegExp,
    private readonly finder: RegExp,
    /** The regex, searched as written in a short text, where the finder's extra calls cost more than they save. */
    private readonly whole: RegExp,
  ) {}

  exec(text: string): RegExpExecArray | null {
    const from = this.lastIndex;
    if (text.length < SHORT) {
      const whole = this.whole;
      whole.lastIndex = from;
      const w = whole.exec(text);
      this.lastIndex = whole.lastIndex;
      return w;
    }
    // the words begin with an ASCII letter
    const first = text.charCodeAt(0) | 0x20;
    let m = from === 0 && first >= 0x61 && first <= 0x7a ? execAt(this.sticky, text, 0) : null;
    if (!m) {
      const finder = this.finder;
      finder.lastIndex = from > 0 ? from - 1 : 0;
      for (let f = finder.exec(text); f; f = finder.exec(text)) {
        const at = f.index + 1;
        m = execAt(this.sticky, text, at);
        if (m) break;
        finder.lastIndex = at;
      }
    }
    this.lastIndex = m ? m.index + m[0].length : 0;
    return m;
  }
}

/** Letters of the people pack's classes (upper- and lower-case, U+0000-U+024F), and capitals. */
const LETTER = 1;
const CAPITAL = 2;
const CLASS = ((): Uint8Array => {
  const t = new Uint8Array(0x250);
  const set = (from: number, to: number, bits: number): void => {
    for (let c = from; c <= to; c++) t[c]! |= bits;
  };
  // U: [A-Z\u00C0-\u00D6\u00D8-\u00DE\u0100-\u024F]; L: [a-z\u00DF-\u00F6\u00F8-\u00FF\u0100-\u024F]
  set(0x41, 0x5a, LETTER | CAPITAL), set(0xc0, 0xd6, LETTER | CAPITAL), set(0xd8, 0xde, LETTER | CAPITAL), set(0x100, 0x24f, LETTER | CAPITAL);
  set(0x61, 0x7a, LETTER), set(0xdf, 0xf6, LETTER), set(0xf8, 0xff, LETTER);
  return t;
})();

const isLetter = (c: number): boolean => c < 0x250 && CLASS[c] !== 0;
const isCapital = (c: number): boolean => c < 0x250 && (CLASS[c]! & CAPITAL) !== 0;
const isBlank = (c: number): boolean => c === 0x20 || c === 0x09;
/** What a surname is made of: letters, ' ’ and -. */
const isSurnameChar = (c: number): boolean => isLetter(c) || c === 0x27 || c === 0x2019 || c === 0x2d;

/** The start of the particle (a whole run of one to three letters) that ends before the blanks before `at`; -1 when none. */
function particleBefore(text: string, at: number): number {
  let end = at;
  while (end > 0 && isBlank(text.charCodeAt(end - 1))) end--;
  if (end === at) return -1;
  let start = end;
  while (start > 0 && end - start < 4 && isLetter(text.charCodeAt(start - 1))) start--;
  return end - start >= 1 && end - start <= 3 && !(start > 0 && isLetter(text.charCodeAt(start - 1))) ? start : -1;
}

/** The sticky regex's match at the first place from `from` where a match ending its surname at a comma can start; null when none. */
function surnameFirstExec(text: string, from: number, sticky: RegExp): RegExpExecArray | null {
  // a place is before its comma and after the comma before: commas from `from` on hold all the places from there
  for (let comma = text.indexOf(',', from); comma !== -1; comma = text.indexOf(',', comma + 1)) {
    let after = comma + 1;
    while (isBlank(text.charCodeAt(after))) after++;
    if (!isCapital(text.charCodeAt(after))) continue;
    let surname = comma;
    while (surname > 0 && isSurnameChar(text.charCodeAt(surname - 1))) surname--;
    // the surname starts with a capital (its prefixes do), and so does the first particle
    if (!isCapital(text.charCodeAt(surname))) continue;
    const one = particleBefore(text, surname);
    const two = one === -1 ? -1 : particleBefore(text, one);
    const m =
      (two >= from && isCapital(text.charCodeAt(two)) ? execAt(sticky, text, two) : null) ??
      (one >= from && isCapital(text.charCodeAt(one)) ? execAt(sticky, text, one) : null) ??
      (surname >= from ? execAt(sticky, text, surname) : null);
    if (m) return m;
  }
  return null;
}

function execAt(sticky: RegExp, text: string, at: number): RegExpExecArray | null {
  sticky.lastIndex = at;
  return sticky.exec(text);
}

/** What detect.ts's search loop runs: `exec` and `lastIndex` as a global regex has them. */
type Searcher = Pick<RegExp, 'exec' | 'lastIndex'>;

/**
 * A rule's searcher (its regex, or the regex at its starts) that passes over the matches the rule's
 * validator surely refuses (`rule.refuses`), as detect.ts's loop would after judging them; the
 * searcher itself for a rule with no such test.
 *
 * Why detect finds the same: for a match its loop judges, a refused one only moves the search to
 * one past the match's start, which is what this does with a match `refuses` says the validator
 * refuses (judge refuses whatever the validator does, and is no other change). The value tested is
 * the one detect judges: the value group's, when the rule has one and it took part, else the
 * match. A value holding U+0000 may run into the next field, which detect does not judge: it is
 * handed on; a match of no characters too. The field ends at U+0000 in the batch's text, so
 * `refuses`, which reads past the value only blanks and a dash, reads the same there as in the field's text.
 */
export function prejudged(rule: Pick<CompiledRule, 'refuses' | 'valueGroup'>, searcher: Searcher): Searcher {
  return rule.refuses ? new Prejudged(searcher, rule.refuses, rule.valueGroup) : searcher;
}

class Prejudged {
  lastIndex = 0;

  constructor(
    private readonly searcher: Searcher,
    private readonly refuses: Refusal,
    private readonly valueGroup: boolean,
  ) {}

  exec(text: string): RegExpExecArray | null {
    const searcher = this.searcher;
    searcher.lastIndex = this.lastIndex;
    let m = searcher.exec(text);
    while (m !== null && m[0].length > 0) {
      // the value detect.ts judges
      const group = valueGroupOf(m, this.valueGroup);
      const value = group ? m.groups!.value! : m[0];
      const index = group ? group[0] : m.index;
      if (value.includes('\u0000') || !this.refuses(value, text, index)) break;
      searcher.lastIndex = m.index + 1;
      m = searcher.exec(text);
    }
    this.lastIndex = searcher.lastIndex;
    return m;
  }
}
