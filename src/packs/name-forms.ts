// The other ways people write a name (issue 14): surname first ("Feeney, Kaya"), initials and a
// surname ("A C McKenzie"), in lower case ("victim jane doe"), in capitals after a role word, and
// as an e-mail's display name ("Kaya Feeney <k@example.com>"). A shape alone says less here than
// a given name and a surname do, so each check asks for a given name from the list or for what
// stands around the candidate: a role word, a label's colon, or nothing at all (the whole value).
import type { MatchContext, Validator } from '../types.js';
import { packList } from './word-lists.js';
import {
  afterRank,
  capitalised,
  excluded,
  INITIAL,
  introducers,
  isForename,
  isStopword,
  LOWER_FIRST,
  nameValue,
  notPeople,
  particles,
  places,
  ranks,
  surnameStopwords,
  standsAlone,
} from './people.js';
import { words } from './value-words.js';
import { clauseSubject, isOrdinaryWord, standsAsValue, unlistedGivenOrSurname, unlistedWords } from './name-context.js';
import { bare, nextWord, prevWord } from './word-scan.js';
import { LetterRegExp } from '../shared/letter-regexp.js';
import { memoTest } from './value-memo.js';

/** Capitalised words that open a sentence or a greeting and are never a surname ("However, Kaya…"). */
const openers = (): ReadonlySet<string> => packList('sentence-openers');
/** Given names that, in lower case, are mostly ordinary words ("grace period", "rose garden"). */
const nameWords = (): ReadonlySet<string> => packList('name-words');
/** Countries and states whose names are also given names (France, Georgia, Jordan): after "Town, " they are the place. */
const placesNamedLikePeople = (): ReadonlySet<string> => packList('countries-named-like-people');

const HAS_LOWER = new LetterRegExp('\\p{Ll}', 'u', /[a-z]/);
const HAS_UPPER = new LetterRegExp('\\p{Lu}', 'u', /[A-Z]/);

/** No word of the name is a stopword (a particle may be, "van der Berg"); none a sentence opener. */
function plainWords(ws: readonly string[]): boolean {
  return ws.every((w) => particles().has(w.toLowerCase()) || (!isStopword(w) && !openers().has(bare(w))));
}

/** A name as a whole is not a place, a brand or a landmark ("Milton Keynes", "Harry Potter"). */
function notAPlace(ws: readonly string[]): boolean {
  const joined = ws.join(' ').toLowerCase();
  return !places().has(joined) && !notPeople().has(joined);
}

/**
 * "Feeney, Kaya", "de Souza, Ana Maria": a surname, a comma, a given name. The given name is
 * from the list, or the pair is the whole value or follows a role word. Not a name: given names
 * in a list ("Sarah, John and Ann"), one item of a list of words ("Blob, File, FileList"), a town
 * and its country ("Paris, France"), a greeting ("Hi Sarah, John here"), or a pair that a
 * capitalised word before or an organisation word after makes part of a longer title.
 */
const surnameFirst: Validator = (value, ctx) => {
  if (notSurnameFirst(value)) return false;
  const comma = value.indexOf(',');
  const surname = words(value.slice(0, comma));
  const given = words(value.slice(comma + 1));
  const alone = standsAsValue(ctx, value);
  // a given name that is also a word (June, May, Will) is one when the pair stands alone ("Gerlach, June")
  if (!(alone && isForename(given[0]!, true) ? plainWords(given.slice(1)) : plainWords(given))) return false;
  // without a listed given name, only a pair that is the whole value or follows a role word ("Details: Blob, File" is a list),
  // or one of words of no dictionary that heads its line ("Corwin, Neha - noted at 14:20"), fills a pair of brackets or is
  // a reported clause's subject ("stated that Corwin, Neha was there")
  if (alone !== 'whole' && alone !== 'role' && !isForename(given[0]!) && !((alone === 'lead' || alone === 'bracket' || clauseSubject(ctx, value)) && unlistedWords([...given, ...surname]))) return false;
  const end = ctx.index + value.length;
  // "Blob, File, FileList": one item of a list of capitalised words
  if (/^,[ \t]*\p{Lu}\p{Ll}*(?:[^\p{L}\d]|$)/u.test(ctx.text.slice(end, end + 40)) && alone !== 'role') return false;
  // "Paris, France", "Atlanta, Georgia": a town and its country or state, unless the pair stands alone
  if (!alone && placesNamedLikePeople().has(given.join(' ').toLowerCase())) return false;
  // "Sarah, John and Ann", "Hi Sarah, John here": given names in a list or a greeting, not a surname
  if (isForename(surname[surname.length - 1]!) && /^[ \t]*(?:,|&|and\b|or\b)/.test(ctx.text.slice(end, end + 6))) return false;
  const prev = prevWord(ctx.text, ctx.index);
  if (prev && capitalised(prev) && (!introducers().has(prev.toLowerCase()) || openers().has(bare(prev)))) return false;
  // "Dental Surgery, Pennymeadow, Ashton-under-Lyne": one part of a list of places, or of a longer hyphenated word
  if (/\p{Lu}[\p{L}'’-]*,[ \t]*$/u.test(ctx.text.slice(Math.max(0, ctx.index - 40), ctx.index)) || /^-\p{L}/u.test(ctx.text.slice(end, end + 2))) return false;
  const next = nextWord(ctx.text, end);
  if (next && capitalised(next) && isStopword(next)) return false;
  return !afterRank(ctx.text, ctx.index);
};

/**
 * True when the value alone refuses a name written surname first (surnameFirst's tests of the
 * words), remembered by value; the search asks it before judging (CompiledRule.refuses).
 */
export const notSurnameFirst: (value: string) => boolean = memoTest((value) => {
  const comma = value.indexOf(',');
  const surname = words(value.slice(0, comma));
  const given = words(value.slice(comma + 1));
  if (surname.length === 0 || given.length === 0) return true;
  // most candidates in prose end in a stopword ("Behaviour, Crime"): refused before where they stand is read
  if (!isForename(given[0]!, true) && !plainWords(given)) return true;
  // a surname that is also a word may come first before a listed given name ("West, Hazel", "Little, Malvina")
  const surnameOk = plainWords(surname) || (surname.length === 1 && surnameStopwords().has(bare(surname[0]!)) && isForename(given[0]!, true));
  // the given names after the first are plain wherever the pair stands (surnameFirst asks it of all of them, or of those)
  return !surnameOk || !plainWords(given.slice(1)) || !notAPlace(surname) || !notAPlace(given);
});

/** Initials that spell a rank in running text ("P C Jones attended", "D S Khan") name an officer, published by design. */
const spellsRank = (initials: readonly string[]): boolean => initials.length > 1 && ranks().has(initials.map((i) => i[0]).join('').toLowerCase());

/** Two initials or more make a town's name a surname ("J D Upton"), unless they are compass points ("N E Lincolnshire"). */
const surnameAfterInitials = (initials: readonly string[]): boolean => initials.length > 1 && !initials.every((i) => /^[NSEW]/.test(i));

/**
 * "A C McKenzie", "J. A. Lind", "R. Sharma": initials and a surname. One initial needs its dot
 * or a role word before it ("A Smith" may be an article and a word); letters that spell a rank
 * ("P C Jones", "D S Khan") are an officer, published by design.
 */
const initialsName: Validator = (value, ctx) => {
  const all = words(value);
  const rest = all.filter((w) => !INITIAL.test(w));
  const initials = all.slice(0, all.length - rest.length);
  if (rest.length === 0 || initials.length === 0) return false;
  const alone = standsAsValue(ctx, value);
  if ((spellsRank(initials) && !alone) || afterRank(ctx.text, ctx.index)) return false;
  if (initials.length === 1 && !initials[0]!.endsWith('.') && !alone) return false;
  // "I" alone is the pronoun; "A" alone, the article ("A Police car"), when no dot follows
  if (initials.length === 1 && /^[AI]$/.test(initials[0]!)) return false;
  const placeOk = surnameAfterInitials(initials);
  if (!plainWords(rest) || (!placeOk && !notAPlace(rest))) return false;
  return standsAlone(rest, ctx, value, false, placeOk);
};

/**
 * A lower-case or capitals name says less by its shape: its first word must be a given name, and,
 * in lower case with no role word before it, not one that is mostly a common word (grace, max).
 */
function givenFirst(ws: readonly string[], afterRole = false): boolean {
  const first = bare(ws[0]!);
  if (ws.length < 2 || !isForename(first) || !plainWords(ws)) return false;
  // "pearl steuber" is a name, "grace period" a phrase: the surname tells
  return afterRole || !LOWER_FIRST.test(ws[0]!) || !nameWords().has(first) || !isOrdinaryWord(ws[ws.length - 1]!);
}

/**
 * After a role word, a name in one case (capitals or lower case) whose given name is in no list, or
 * is also a word that ends a name's chances elsewhere: one of its words is in no dictionary
 * ("suspect MAXIMILLIA GRIMES", "Victim: garland thiel"), or a listed given name that is also a word
 * comes before a surname that is in no dictionary ("suspect AUTUMN DOYLE"; not "victim WILL ATTEND").
 */
function roleOneCase(ws: string[]): string[] | undefined {
  if (givenFirst(ws, true) || (plainWords(ws) && unlistedGivenOrSurname(ws))) return ws;
  const rest = ws.slice(1);
  // the words the checks after it judge: the surname, since the given name is a stopword on purpose
  return ws.length >= 2 && isForename(ws[0]!, true) && plainWords(rest) && rest.every((w) => !isOrdinaryWord(w)) ? rest : undefined;
}

/**
 * What roleName reads of the value alone: the name's words to judge where they stand and the
 * initials before them, or undefined when the value alone refuses it ("wished to" after "Caller",
 * "Support" after "Victim").
 */
function roleWords(value: string): { ws: string[]; initials: string[] } | undefined {
  const all = words(value);
  let ws = all.filter((w) => !INITIAL.test(w));
  const initials = all.slice(0, all.length - ws.length);
  if (ws.length === 0 || spellsRank(all.slice(0, all.length - ws.length))) return undefined;
  // "Witness Priya Sharma (aged 42)": the role word is not part of the name; the name starts after it
  if (introducers().has(ws[0]!.toLowerCase())) return undefined;
  if (!HAS_LOWER.test(value) || !HAS_UPPER.test(value)) {
    const judged = roleOneCase(ws);
    if (!judged) return undefined;
    ws = judged;
  } else if (ws.length === 1) {
    // one word is a name only if it is a given name, or a surname after initials
    if (all.length === 1 && !isForename(ws[0]!)) return undefined;
  } else if (excluded().has(bare(ws[0]!)) && !value.includes(',')) return undefined;
  return { ws, initials };
}

/** True when the value alone refuses a name after a role word (roleWords), remembered by value; the search asks it before judging (CompiledRule.refuses). */
export const notRoleName: (value: string) => boolean = memoTest((value) => roleWords(value) === undefined);

/** "Complainant Ciaran McDonald", "reported by jane doe", "Victim: Orn, Davion", "suspect G R Ward": the words after a role are a name. */
const roleName: Validator = (value, ctx) => {
  const read = notRoleName(value) ? undefined : roleWords(value);
  if (!read) return false;
  // a rank before the name: read last, since it reads the words before ("Caller wished to" is refused sooner)
  return !afterRank(ctx.text, ctx.index) && standsAlone(read.ws, ctx, value, true, surnameAfterInitials(read.initials));
};

/**
 * "josephine mckenzie" on its own, after a label's colon or in brackets: a name in lower case,
 * whose first word is a given name that is not also a common word, and no word a stopword (but
 * a surname that is also a word may end it: "merritt little").
 */
const lowerName: Validator = (value, ctx) => !notLowerName(value) && !afterRank(ctx.text, ctx.index);

/** True when the value alone refuses a lower-case name (all of lowerName but the rank before it), remembered by value; the search asks it before judging. */
export const notLowerName: (value: string) => boolean = memoTest((value) => {
  const ws = words(value);
  if (ws.length < 2 || ws.length > 3 || !notAPlace(ws)) return true;
  return !(givenFirst(ws) || (plainWords(ws) && unlistedWords(ws)) || surnameWordLast(ws));
});

/**
 * "stated that josephine vossberg was": a lower-case name as a clause's subject in running text,
 * where a pair of words can be anything, so its surname is also no ordinary word nor the plural
 * of one ("bobby pins", "wifi routers").
 */
const lowerSubject: Validator = (value, ctx) => {
  const last = bare(words(value).pop()!);
  return lowerName(value, ctx) && !isOrdinaryWord(last) && !isOrdinaryWord(last.replace(/e?s$/, ''));
};

/** "merritt little", "ida west": a listed given name that is no common word, then a surname that is also a word (see surname-stopwords). */
function surnameWordLast(ws: readonly string[]): boolean {
  const first = bare(ws[0]!);
  return surnameStopwords().has(bare(ws[ws.length - 1]!)) && isForename(first) && !nameWords().has(first) && plainWords(ws.slice(0, -1));
}

/** "Kaya Feeney <k@example.com>", "\"Feeney, Kaya\" <…>": an e-mail's display name, written like a person's name. */
const displayName: Validator = (value) => {
  const v = value.replace(/^["'“]|["'”]$/g, '').trim();
  const ws = words(v);
  return ws.length >= 2 && plainWords(ws) && nameValue(v) > 0;
};

/** Every word of a name in one case: title case, lower case or capitals (particles aside); "Noise complaint" is a phrase. */
function oneCase(ws: readonly string[]): boolean {
  const rest = ws.filter((w) => !particles().has(w.toLowerCase()));
  return [/^\p{Lu}(?:\p{Ll}|['’-]|\p{Lu}\p{Ll})*\.?$/u, /^[\p{Ll}'’-]+$/u, /^[\p{Lu}'’-]+\.?$/u].some((re) => rest.every((w) => re.test(w)));
}

/** A value under a column of people (Person, Client, Applicant): written like a name, whether or not its given name is in the list. */
const peopleColumn: Validator = (value) => {
  const ws = words(value);
  return nameValue(value) > 0 && oneCase(ws) && !ws.some((w) => openers().has(bare(w)));
};

export const NAME_FORM_VALIDATORS: Readonly<Record<string, Validator>> = {
  'role-name': roleName,
  'surname-first': surnameFirst,
  'initials-name': initialsName,
  'lower-name': lowerName,
  'lower-subject': lowerSubject,
  'display-name': displayName,
  'people-column': peopleColumn,
};
