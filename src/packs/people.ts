// Checks for names, dates of birth and addresses in free text. A pattern proposes a candidate
// (two capitalised words, a title and a name, a date); these decide with word lists and the words
// around it whether it is a person, so that "Victoria Street", "Queen Elizabeth Grammar School",
// "Milton Keynes" and "Sgt Dyer" stay quiet while "Dylan Rees reports…" does not.
import { normalizeName } from '../shared/field-name.js';
import type { MatchContext, RawMatch, Refusal, Validator } from '../types.js';
import { packFragment, packList, wordList, type WordSet } from './word-lists.js';
import { isOrdinaryWord, standsAsValue, unlistedWords } from './name-context.js';
import { bare, nextWord, prevWord, wordsBefore } from './word-scan.js';
import { LetterRegExp } from '../shared/letter-regexp.js';
import { firstWordStart, hasClanWord, wordEnd, words } from './value-words.js';
import { memoSpan, memoTest } from './value-memo.js';

const forenames = (): WordSet => wordList('forenames');
export const excluded = (): WordSet => wordList('forenames-excluded');
const stopwords = (): WordSet => wordList('name-stopwords');
export const places = (): WordSet => wordList('uk-places');
/** Words that end a name's chances elsewhere but are common surnames (Green, Hall, West, Little). */
export const surnameStopwords = (): WordSet => wordList('surname-stopwords');
export const ranks = (): WordSet => wordList('police-ranks');
export const notPeople = (): WordSet => wordList('not-people');
/** Words that introduce a name rather than begin a longer capitalised title ("Victim", "Dear"). */
export const introducers = (): ReadonlySet<string> => packList('introducers');
/** Words before a name that make it a place: "on Victoria Green", "near Harry Park". */
const locatives = (): ReadonlySet<string> => packList('locatives');
/** Words before a given name that make it a place: "St Helen Street", "Mount Pleasant". */
const placePrefixes = (): ReadonlySet<string> => packList('place-prefixes');
/** Name particles that may sit lower-case inside a surname ("van der Berg", "de Souza"). */
export const particles = (): ReadonlySet<string> => packList('name-particles');

/** Longest run of capitalised words a person's name takes (forename, middle name, surname). */
const MAX_CHAIN = 3;

const NON_ASCII = /[^\x00-\x7f]/;

/**
 * True when a word is a given name, in any case and with or without accents ("Sandra", "SANDRA",
 * "Daphné", "Mary-Jane" by its first part);
 * one that is more often a word (Will, June) only when `evenWords`.
 */
export function isForename(word: string, evenWords = false): boolean {
  const w = bare(word);
  if (!evenWords && excluded().has(w)) return false;
  if (forenames().has(w) || (w.includes('-') && forenames().has(w.split('-')[0]!))) return true;
  // the list holds plain spellings of accented names, not accents on plain ones: "Daphné", "ZOË" are Daphne, Zoe
  if (!NON_ASCII.test(w)) return false;
  const plain = w.normalize('NFD').replace(/\p{M}/gu, '');
  return plain !== w && forenames().has(plain) && !excluded().has(plain);
}

/** True when a word can never be part of a person's name (Road, Police, Monday, The…). */
export function isStopword(word: string): boolean {
  return stopwords().has(bare(word));
}

const CAPITALISED = new LetterRegExp('^\\p{Lu}', 'u', /^[A-Z]/);
export const capitalised = (w: string): boolean => CAPITALISED.test(w);
/** A word starting in lower case; an initial ("J", "J."). */
export const LOWER_FIRST = new LetterRegExp('^\\p{Ll}', 'u', /^[a-z]/);
export const INITIAL = new LetterRegExp('^\\p{Lu}\\.?$', 'u', /^[A-Z]\.?$/);
/** A Title-case word ("Grammar"; not "PNC"). */
const TITLE_CASE = new LetterRegExp('^\\p{Lu}\\p{Ll}', 'u', /^[A-Z][a-z]/);

/** True when a police rank stands right before the name: officers are published by design. */
export function afterRank(text: string, start: number): boolean {
  // pushed, not mapped: map's arrays are holey or not as it runs, and each deopted this (issue 16)
  const before: string[] = [];
  for (const w of wordsBefore(text, start)) before.push(w.toLowerCase());
  for (let n = 1; n <= before.length; n++) if (ranks().has(before.slice(-n).join(' '))) return true;
  return false;
}

/**
 * The candidate's words are a name, not part of a longer capitalised title ("Queen Elizabeth
 * Grammar School", "Tell Us What You Think"): no stopword in it or in the capitalised words that
 * follow, at most three capitalised words in a row, and not a place name. A stopword that is also
 * a common surname (Green, Hall, Wood) may end the name when a title or role word introduced it
 * (`strong`), or when no place preposition ("on", "near") comes before it. `placeOk`: a name of
 * one word that is also a town, which two initials before it make a surname ("J D Upton").
 */
export function standsAlone(ws: string[], ctx: MatchContext, value: string, strong: boolean, placeOk = false): boolean {
  if (!wordsAlone(ws, placeOk)) return false;
  const last = ws.length - 1;
  const w = ws[last]!;
  if (!strong && last > 0 && !particles().has(w.toLowerCase()) && isStopword(w) && surnameStopwords().has(bare(w))) {
    const prev = wordsBefore(ctx.text, ctx.index).pop()?.toLowerCase();
    const next = nextWord(ctx.text, ctx.index + value.length);
    if ((prev && locatives().has(prev)) || (next && capitalised(next))) return false;
  }
  let chain = ws.filter((w) => capitalised(w)).length;
  // a Title-case word right before continues the title too ("Martin Luther King Day")
  for (const w of wordsBefore(ctx.text, ctx.index).reverse()) {
    if (!TITLE_CASE.test(w) || introducers().has(w.toLowerCase()) || isStopword(w)) break;
    chain++;
  }
  if (chain > MAX_CHAIN) return false;
  let at = ctx.index + value.length;
  // Title-case words continue a title ("… Grammar School"); capitals (PNC, ID, DOB) do not
  for (let next = nextWord(ctx.text, at); next && TITLE_CASE.test(next); next = nextWord(ctx.text, at)) {
    if (isStopword(next) || ++chain > MAX_CHAIN) return false;
    at = ctx.text.indexOf(next, at) + next.length;
  }
  return true;
}

/**
 * What standsAlone reads of the words alone: no stopword among them (but a particle, or a surname
 * that is also a word last, which the words around decide), and they are no place and no name of
 * what is not a person.
 */
function wordsAlone(ws: readonly string[], placeOk: boolean): boolean {
  const last = ws.length - 1;
  for (let i = 0; i <= last; i++) {
    const w = ws[i]!;
    if (particles().has(w.toLowerCase()) || !isStopword(w) || (i === last && i > 0 && surnameStopwords().has(bare(w)))) continue;
    return false;
  }
  const joined = ws.join(' ').toLowerCase().replace(/['’]s$/, '');
  if ((!placeOk && places().has(joined)) || notPeople().has(joined) || notPeople().has(ws.slice(0, 2).join(' ').toLowerCase())) return false;
  for (let i = 2; i <= ws.length; i++) if (places().has(ws.slice(0, i).join(' ').toLowerCase())) return false;
  return true;
}

/**
 * A given name in no list, and a surname, in capitals, whose words are no ordinary words, standing
 * as a value of its own ("JOVANI HEATHCOTE - noted at 14:20", "Details: LADARIUS HERZOG"). Not in
 * title case: there, organisations and places of no list read the same way ("Costco Trafford",
 * "Talkshop Trafford" in a directory of services), and only a role word tells a person.
 */
const unlistedValue = (ws: readonly string[], ctx: MatchContext, value: string): boolean =>
  !ranks().has(ws[0]!.toLowerCase()) && !TITLE.test(ws[0]!) && (unlistedWords(ws) || wordGivenName(ws)) && standsAsValue(ctx, value) !== undefined;
/**
 * A given name that is more often a word (Grant, Will, June) before a surname of no dictionary and
 * no town ("GRANT ARMSTRONG"): a name when it stands as a value; "WILL CALL BACK" is not one.
 */
const wordGivenName = (ws: readonly string[]): boolean =>
  isForename(ws[0]!, true) && ws.slice(1).every((w) => VOWEL_WORD.test(w) && !isOrdinaryWord(w) && !places().has(bare(w)));
const VOWEL_WORD = /[AEIOUY]/i;
/** A title before a name ("Mr", "DR"): the titled rules' part, not a given name. */
const TITLE = /^(?:mr|mrs|ms|miss|mx|dr|rev|revd|prof|sir|dame|lady|lord)\.?$/i;

/** A surname whose prefix says it is one: O'Reilly, McKenna, MacLeod, FitzGerald. */
const CLAN_SURNAME = new LetterRegExp("^(?:O['’]|Mc|Mac|Fitz)\\p{Lu}\\p{Ll}", 'u', /^(?:O'|Mc|Mac|Fitz)[A-Z][a-z]/);

/**
 * "Sincere O'Reilly": a given name in no list (or one that is also a word) is a name's when the
 * surname's own prefix says it is one, the first word is no rank ("Sgt O'Brien", an officer
 * published by design) nor a town ("Upton O'Connell" is a place),
 * and the pair stands as a value, or follows a lower-case word in running text ("stated that …
 * was") and its first word is no ordinary word ("at Big McDonald's" is a venue) nor comes after a
 * place preposition; not at a sentence's start, where a capitalised word may be anything
 * ("Contact McKenna today").
 */
function clanSurname(ws: readonly string[], ctx: MatchContext, value: string, prev: string | undefined): boolean {
  const first = ws[0]!;
  if (ws.length !== 2 || !CLAN_SURNAME.test(ws[1]!) || isStopword(first) || TITLE.test(first) || ranks().has(bare(first)) || places().has(bare(first))) return false;
  if (packList('sentence-openers').has(bare(first))) return false;
  if (standsAsValue(ctx, value) !== undefined) return true;
  return prev !== undefined && LOWER_FIRST.test(prev) && !locatives().has(prev) && !isOrdinaryWord(first);
}

/**
 * "Jovric Quellmann - noted at 14:20": a pair of words of no dictionary and no town (and no
 * stopword) heading its line before a dash and a lower-case note is a name, whatever its given
 * name. A site or a service heads its line the same way, but before a place or a title-case
 * heading ("Trafford Shopmobility - Altrincham", "Costco Trafford - Opening Hours"); as a whole
 * value, in a directory's cells, it reads as a name does and is left to the column's judgement.
 */
function headsNote(ws: readonly string[], ctx: MatchContext, value: string): boolean {
  const end = ctx.index + value.length;
  if (!NOTE_AFTER_DASH.test(ctx.text.slice(end, end + 8)) || !unlistedWords(ws) || ws.some((w) => isStopword(w))) return false;
  return standsAsValue(ctx, value) === 'lead';
}
const NOTE_AFTER_DASH = new LetterRegExp('^[ \\t]+[-–—][ \\t]+\\p{Ll}', 'u', /^[ \t]+-[ \t]+[a-z]/);

/** What `NOTE_AFTER_DASH` needs first: spaces or tabs, then a dash. */
function dashAfter(text: string, end: number): boolean {
  const n = text.length; // a read past the end (NaN) threw away the optimised code of this and its callers
  let i = end;
  while (i < n && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  if (i >= n || i === end) return false;
  const c = text.charCodeAt(i);
  return c === 45 || c === 0x2013 || c === 0x2014;
}

/** `isForename` of the words candidates start with, which repeat ("Operation", "Community"): one lookup, not two lists'. */
const forenameFirst = memoTest((word) => isForename(word));
/** forenameFirst of a word read in place (memoSpan): no string cut, no Map lookup for a word met before. */
const forenameFirstIn = memoSpan(forenameFirst);

/**
 * Most forename-surname candidates are capitalised phrases ("Community Safety Partnership",
 * "Operation Lantern"): no given name first, no clan surname, no dash after. Refused by this before
 * the words are split and the word before is read (a tenth of a free-text scan's time went to
 * these), and before they are judged at all: the search asks it of each match (detect/name-starts.ts).
 * Past the value it reads only blanks and a dash, which the field's end stops as a separator does.
 */
export const notForenameSurname: Refusal = (value, text, index) =>
  (!dashAfter(text, index + value.length) && !hasClanWord(value) && !forenameFirstOf(value)) || notNameByWords(value, 0, value.length);

/** forenameFirst(firstWord(value)), the word read in place. */
function forenameFirstOf(value: string): boolean {
  const start = firstWordStart(value);
  return forenameFirstIn(value, start, wordEnd(value, start));
}

/** A candidate its words alone refuse, wherever it stands ("Meadow Close", "Primrose Walk", "Royston West"): the tests of the words below and in standsAlone. */
const notNameByWords = memoSpan(
  memoTest((value) => {
    const ws = words(value);
    return ws.length < 2 || compassOfPlace(ws) || !wordsAlone(ws, false);
  }),
);
/** "Royston West", "Ashton Central": a place and a compass word name a ward or an area (issue 15). */
const compassOfPlace = (ws: readonly string[]): boolean =>
  ws.length === 2 && /^(?:north|south|east|west|central|north-east|north-west|south-east|south-west)$/i.test(ws[1]!) && places().has(ws[0]!.toLowerCase());

/** "Dylan Rees", "Mary-Jane O'Neill", "Sandra O'Neill's": a given name, then a surname. */
let streetType: RegExp | undefined;
const forenameSurname: Validator = (value, ctx) => {
  if (notForenameSurname(value, ctx.text, ctx.index)) return false;
  const ws = words(value);
  const prev = prevWord(ctx.text, ctx.index);
  if (ws.length < 2 || !(forenameFirst(ws[0]!) || clanSurname(ws, ctx, value, prev) || headsNote(ws, ctx, value))) return false;
  // "St Helen Street", "Mount Pleasant": a saint's or place prefix makes it a place
  if (prev && placePrefixes().has(prev.toLowerCase())) return false;
  if (afterRank(ctx.text, ctx.index)) return false;
  if (compassOfPlace(ws)) return false;
  // "met residents at Benny Lea", "near Alden Wood": after a place preposition, a name that ends in a street type is the street
  streetType ??= new RegExp(`^${packFragment('street-type')}$`);
  if (prev && prev !== 'of' && locatives().has(prev.toLowerCase()) && streetType.test(ws[ws.length - 1]!)) return false;
  return standsAlone(ws, ctx, value, false);
};

/** "JOHN SMITH": a given name and a surname in capitals. */
const CAPITALS = new LetterRegExp('^\\p{Lu}+$', 'u', /^[A-Z]+$/);
const upperName: Validator = (value, ctx) => {
  const ws = words(value);
  if (ws.length < 2 || ws.some((w) => isStopword(w)) || afterRank(ctx.text, ctx.index)) return false;
  if (!isForename(ws[0]!) && !unlistedValue(ws, ctx, value)) return false;
  const next = nextWord(ctx.text, ctx.index + value.length);
  if (next && CAPITALS.test(next) && (isStopword(next) || ws.length + 1 > MAX_CHAIN)) return false;
  return !places().has(ws.join(' ').toLowerCase());
};

/** "SMITH, John" / "Smith, Mary Jane": a surname, a comma, a given name. */
const surnameForename: Validator = (value) => {
  const [surname, rest] = value.split(',', 2) as [string, string | undefined];
  const given = words(rest ?? '');
  if (given.length === 0 || !isForename(given[0]!)) return false;
  return !words(surname).some((w) => isStopword(w)) && !given.some((w) => isStopword(w)) && !places().has(surname.trim().toLowerCase());
};

/** "Mr Noah Singh", "Mrs S. O'Neill", "Dr Kieran Nguyen": a title, then a name that is not a place or an organisation. */
const titledName: Validator = (value, ctx) => {
  const ws = words(value).slice(1).filter((w) => !INITIAL.test(w));
  if (ws.length === 0) return false;
  return standsAlone(ws, ctx, value, true);
};

/** One word of a name as a cell holds it: letters with inner hyphens or apostrophes, or an initial. */
const NAME_WORD = new LetterRegExp("^(?:\\p{L}\\.?|\\p{L}[\\p{L}\\p{M}'’-]*\\p{L}\\.?)$", 'u', /^(?:[A-Za-z]\.?|[A-Za-z][A-Za-z'-]*[A-Za-z]\.?)$/);

/**
 * How far a whole value (a cell, a JSON string) is written as a person's name, in any of the ways
 * people write one: "Kaya Feeney", "Feeney, Kaya", "kaya feeney", "KAYA FEENEY", "A C McKenzie",
 * "Ana de Souza". 0: not a name (digits, one word, five words, a place, a word that is never part
 * of a name: "Chapel Street", "Rotary Club"; a surname such as Green or Hall may end it); 1:
 * written like a name; 2: a clear name, with a given name. A column is judged by the share of
 * each, since many surnames and given names from abroad are in no list.
 */
export function nameValue(value: string): 0 | 1 | 2 {
  const ws = nameWordsOf(value);
  if (ws === undefined) return 0;
  const lower = ws.map((w) => w.toLowerCase());
  const last = ws.length - 1;
  for (let i = 0; i <= last; i++) {
    const w = ws[i]!;
    if (w.replace(/\.$/, '').length === 1 || particles().has(lower[i]!) || !isStopword(w)) continue;
    if (i === last && surnameStopwords().has(bare(w))) continue;
    return 0;
  }
  return ws.some((w) => isForename(w)) ? 2 : 1;
}

/**
 * A value of a column already judged to hold names: written like one ("Easter Klocko", "Will
 * Maggio", "Daphney Hills"), its words allowed to be words that elsewhere end a name's chances
 * (a holiday, a county, a street type), so long as one of them is not ("North Road" is not a name).
 */
export function nameInColumn(value: string): boolean {
  const ws = nameWordsOf(value);
  return ws !== undefined && ws.some((w) => w.replace(/\.$/, '').length > 1 && !isStopword(w));
}

/** The words of a value written like a name (surname first read as given name first), or undefined: digits, one word, five, a place. */
function nameWordsOf(value: string): string[] | undefined {
  const v = value.trim();
  if (v.length < 3 || v.length > 60) return undefined;
  const comma = v.indexOf(',');
  // surname first: "Feeney, Kaya" is read as "Kaya Feeney"
  const ordered = comma === -1 ? v : `${v.slice(comma + 1)} ${v.slice(0, comma)}`;
  if (ordered.includes(',')) return undefined;
  const ws = ordered.split(/\s+/).filter(Boolean);
  if (ws.length < 2 || ws.length > 4 || !ws.every((w) => NAME_WORD.test(w))) return undefined;
  if (!ws.some((w) => w.replace(/\.$/, '').length > 1)) return undefined;
  const joined = ws.join(' ').toLowerCase();
  return places().has(joined) || notPeople().has(joined) ? undefined : ws;
}

/**
 * True when a value names a person (for public-by-design entries with `unlessPerson`): an e-mail
 * whose local part holds a given name that is not a place and no organisation word (`jane.doe@`,
 * `andrew@`, but not `leigh.library@`), or a text that starts with a given name and a surname.
 */
export function namesPerson(category: string, value: string): boolean {
  if (category === 'email') {
    const local = value.slice(0, value.indexOf('@'));
    const tokens = local.split(/[^\p{L}]+/u).filter((t) => t.length > 1);
    if (tokens.some((t) => isStopword(t) || places().has(t.toLowerCase()))) return false;
    return tokens.some((t) => isForename(t));
  }
  const ws = words(value.replace(/^(?:mr|mrs|ms|miss|mx|dr|rev|prof|sir|dame|cllr|councillor)\.?\s+/i, ''));
  return ws.length >= 2 && ws.length <= 4 && isForename(ws[0]!) && !ws.some((w) => isStopword(w) || /\d/.test(w)) && !places().has(ws.join(' ').toLowerCase());
}

/**
 * mentionsPerson's searches, made once: a regex literal in the function, and matchAll's copy of it,
 * was a RegExp made for every value asked about (issue 16: JSRegExp::Initialize, 0.3% of
 * json-files-50000 at -j 2). Neither matches the empty string, so exec's loop finds what matchAll did.
 */
const TITLED = /(?:^|[^\p{L}])(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?[ \t]+((?:\p{Lu}[\p{L}'’.-]*[ \t]*){1,4})/gu;
const FORENAME_SURNAME = /(?<![\p{L}'’-])(\p{Lu}\p{Ll}+)[ \t]+(\p{Lu}[\p{Ll}'’-]+)/gu;

/**
 * True when the text around a value names a person (`Mr Leo Example - 07700 900123`, `Offender
 * Jane Example, 12 Example Road`): a title and a capitalised word, or a given name and a surname.
 */
export function mentionsPerson(text: string, index: number, length: number): boolean {
  if (text.length > 2000) return false;
  const rest = `${text.slice(0, index)} \u0000 ${text.slice(index + length)}`;
  // a title and a name, unless the name goes on into an organisation word ("Dr Jane Example Dental Practice")
  TITLED.lastIndex = 0;
  for (let m = TITLED.exec(rest); m; m = TITLED.exec(rest)) {
    if (!words(m[1]!).some((w) => isStopword(w))) return true;
  }
  FORENAME_SURNAME.lastIndex = 0;
  for (let m = FORENAME_SURNAME.exec(rest); m; m = FORENAME_SURNAME.exec(rest)) {
    const [, first, second] = m;
    if (!isForename(first!) || isStopword(first!) || places().has(first!.toLowerCase()) || places().has(`${first} ${second}`.toLowerCase())) continue;
    // a name that goes on into an organisation word is the organisation's ("Jane Example Dental Practice")
    const after = nextWord(rest, m.index! + m[0].length);
    if (after && capitalised(after) && isStopword(after)) continue;
    // a surname that is also a word (Hall, Green) names a person after a lower-case word ("home of Jane Hall"), not as a venue's name ("Victoria Hall")
    if (!isStopword(second!) || (surnameStopwords().has(bare(second!)) && /\p{Ll}[ \t]+$/u.test(rest.slice(Math.max(0, m.index - 20), m.index)))) return true;
  }
  return false;
}

/**
 * True when a match names a person or sits beside one (allow entries with `unlessPerson`): the
 * value itself (an e-mail whose local part is a given name), the row's own name column (a
 * person's name, not an organisation's), or the text of its field around it.
 */
export function personAround(m: RawMatch): boolean {
  if (namesPerson(m.category, m.value) || mentionsPerson(m.field.text, m.index, m.value.length)) return true;
  const { row, siblings } = m.field;
  // the cells read in place, no pair made per cell: the pairs of Object.entries and of a map over
  // them, and the empty list when there were none, were arrays of different kinds, and V8 threw
  // away this function's optimised code on meeting the other kind (issue 16: --trace-deopt, "wrong map")
  if (row) {
    for (const k in row) if (isContactCell(k, row[k]!)) return true;
  } else if (siblings) {
    for (const k in siblings) if (isContactCell(normalizeName(k), siblings[k]!)) return true;
  }
  return false;
}

/** True when a cell (its column or key name normalised) is the row's contact name and holds a person's name. */
function isContactCell(k: string, v: string): boolean {
  return /^(?:name|full name|contact name|contact)$/.test(k) && (namesPerson('person-name', v) || mentionsPerson(v, 0, 0));
}

export const PEOPLE_VALIDATORS: Readonly<Record<string, Validator>> = {
  'forename-surname': forenameSurname,
  'upper-name': upperName,
  'surname-forename': surnameForename,
  'titled-name': titledName,
};
