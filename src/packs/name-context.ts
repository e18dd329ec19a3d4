// What stands around a candidate name, and what its words are when its given name is in no list
// (issue 14). Most given names from abroad, and many new ones, are in no list ("Ladarius",
// "Jazmyne"), and neither are most surnames; such a name is still a name when it stands as a value
// of its own (a cell, a JSON string, after "Victim:", at the head of a line before a dash) and
// its words are no ordinary English words. A phrase of ordinary words in the same place ("caller
// wished to", "SUSPECT VEHICLE SEEN", "Read More") is not one.
import type { MatchContext } from '../types.js';
import { packList, wordList, type WordSet } from './word-lists.js';
import { bare, colonBefore, labelWordBefore, nextWord, prevWord } from './word-scan.js';

const introducers = (): ReadonlySet<string> => packList('introducers');
const ordinaryWords = (): WordSet => wordList('english-words');
const places = (): WordSet => wordList('uk-places');

/** Where a candidate stands: the whole value of its line, its head before a dash, alone in brackets, after a role word, after a label's colon. */
export type Standing = 'whole' | 'lead' | 'bracket' | 'role' | 'label';

const OPEN = /^[\s"'“‘(]*$/;
const CLOSE = /^[\s"'”’).,;]*$/;
/** A dash that separates a heading from what is said of it ("Arvel Spinka - noted at 14:20"). */
const DASHED = /^[ \t]+[-–—][ \t]/;
/** Brackets that hold the candidate and nothing else ("Follow-up required (Corwin, Neha) before…"). */
const BRACKET_OPEN = /\([ \t]*$/;
const BRACKET_CLOSE = /^[ \t]*\)/;

/**
 * What makes a bare shape a value of its own: it is the whole value of its field or line (a cell,
 * a JSON string, an attribute), it heads its line before a dash ("Kaya Feeney - seen at 14:20"),
 * it follows a label's colon ("Name: …", "Details passed: …"), or a role or relation word
 * introduces it ("victim …", "reported by …").
 */
export function standsAsValue(ctx: MatchContext, value: string): Standing | undefined {
  const { text, index } = ctx;
  const end = index + value.length;
  if (OPEN.test(text.slice(text.lastIndexOf('\n', index - 1) + 1, index))) {
    const nl = text.indexOf('\n', end);
    const after = text.slice(end, nl === -1 ? text.length : nl);
    if (CLOSE.test(after)) return 'whole';
    if (DASHED.test(after)) return 'lead';
  }
  if (BRACKET_OPEN.test(text.slice(Math.max(0, index - 4), index)) && BRACKET_CLOSE.test(text.slice(end, end + 4))) return 'bracket';
  const last = labelWordBefore(text, index);
  if (last !== undefined && (last === 'by' || introducers().has(last))) return 'role';
  return colonBefore(text, index) ? 'label' : undefined;
}

/** Words that open a reported clause, and the verbs that may follow its subject ("stated that … was"). */
const CLAUSE_OPENERS = new Set(['that', 'whether', 'said', 'told']);
const CLAUSE_VERBS = new Set(['was', 'is', 'had', 'has', 'were', 'said', 'told', 'stated', 'reported', 'did', 'would', 'will', 'could']);

/** True when a candidate is the subject of a reported clause in running text: "stated that Corwin, Neha was there". */
export function clauseSubject(ctx: MatchContext, value: string): boolean {
  const prev = prevWord(ctx.text, ctx.index);
  const next = prev && CLAUSE_OPENERS.has(prev.toLowerCase()) ? nextWord(ctx.text, ctx.index + value.length) : undefined;
  return next !== undefined && CLAUSE_VERBS.has(next);
}

/** True for an ordinary English word in any case ("wished", "VEHICLE", "Support"): see lists/english-words.txt. */
export function isOrdinaryWord(word: string): boolean {
  return ordinaryWords().has(bare(word));
}

/** A vowel (y too: "Llwyd", "Glyn"): a word without one is an abbreviation ("html", "DVLA" has one, "CCTV" not). */
const VOWEL = /[aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüýÿāăąēĕėęěīĭįıōŏőœūŭůűų]/i;

/** A word of four letters or more that is in no dictionary and names no town: "Herzog", "LADARIUS", "thiel". */
function unlisted(word: string): boolean {
  const b = bare(word);
  return b.length >= 4 && VOWEL.test(b) && !ordinaryWords().has(b) && !places().has(b);
}

/**
 * True when a name's given name or its surname is a word of no dictionary ("garland thiel",
 * "MAXIMILLIA GRIMES"): enough after a role word, which says a person follows.
 */
export function unlistedGivenOrSurname(ws: readonly string[]): boolean {
  return ws.length >= 2 && (unlisted(ws[0]!) || unlisted(ws[ws.length - 1]!));
}

/**
 * True when no word of a name is an ordinary word or a town, and one is of four letters or more
 * ("Jazmyne Pagac", "eino willms"): what a name with no context but its place as a value needs.
 */
export function unlistedWords(ws: readonly string[]): boolean {
  return ws.length >= 2 && ws.some(unlisted) && ws.every((w) => VOWEL.test(w) && !isOrdinaryWord(w) && !places().has(bare(w)));
}
