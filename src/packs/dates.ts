// Dates of birth: the forms a date is written in, and whether one is a DOB (uk-people.dob-labelled).
import type { Validator } from '../types.js';
import { packFragment } from './word-lists.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/** A month name, whole or abbreviated (Sept too). */
const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const DAY_MONTH_YEAR = new RegExp(`^(\\d{1,2})(?:st|nd|rd|th)?(?:[\\s-]+of)?[\\s-]+${MONTH}\\.?,?[\\s-]+(\\d{4}|\\d{2})$`);
const MONTH_DAY_YEAR = new RegExp(`^${MONTH}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})$`);
const monthOf = (name: string): number => MONTHS.indexOf(name.slice(0, 3)) + 1;

/** Parses the date forms a DOB is written in; undefined when it is not a date. */
export function parseDate(value: string): { y: number; m: number; d: number } | undefined {
  const v = value.trim().toLowerCase();
  // ISO 8601, with dashes, slashes or dots, or compact (yyyymmdd, as databases export it)
  let m = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/.exec(v) ?? /^(\d{4})()(\d{2})(\d{2})$/.exec(v);
  if (m) return { y: +m[1]!, m: +m[3]!, d: +m[4]! };
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})$/.exec(v);
  if (m) return { y: fullYear(m[3]!), m: +m[2]!, d: +m[1]! };
  m = DAY_MONTH_YEAR.exec(v);
  if (m) return { y: fullYear(m[3]!), m: monthOf(m[2]!), d: +m[1]! };
  m = MONTH_DAY_YEAR.exec(v);
  if (m) return { y: +m[3]!, m: monthOf(m[1]!), d: +m[2]! };
  return undefined;
}

/** A two-digit year is taken as the most recent past one ("85" → 1985, "03" → 2003). */
function fullYear(y: string): number {
  if (y.length === 4) return +y;
  const now = new Date().getFullYear() % 100;
  return +y <= now ? 2000 + +y : 1900 + +y;
}

const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A DOB label ("DOB", "date of birth", "born": the pack's {{dob-label}}), and what may sit between it and the date ("DOB: ", "born on the "). */
let dobLabel: RegExp | undefined;
const DOB_GAP = /^[\s:.(=\-–]*(?:(?:on|is|was|of|the|:)\s*)*$/i;

/**
 * A real calendar date between 1900 and today, and, when a label stands before it, nothing but
 * punctuation between the two: in "DOB unknown, arrested 03/04/2023" the date is not the DOB.
 */
export const dateOfBirth: Validator = (value, ctx) => {
  const before = ctx.text.slice(Math.max(0, ctx.index - 40), ctx.index);
  let gap: string | undefined;
  dobLabel ??= new RegExp(packFragment('dob-label'), 'gi');
  for (const m of before.matchAll(dobLabel)) gap = before.slice(m.index + m[0].length);
  if (gap !== undefined && !DOB_GAP.test(gap) && !/\baged?\s+\d{1,3}\W*$/i.test(before)) return false;
  const d = parseDate(value);
  if (!d || d.m < 1 || d.m > 12 || d.d < 1 || d.d > DAYS[d.m - 1]!) return false;
  if (d.m === 2 && d.d === 29 && !(d.y % 4 === 0 && (d.y % 100 !== 0 || d.y % 400 === 0))) return false;
  const now = new Date();
  return d.y >= 1900 && new Date(d.y, d.m - 1, d.d) <= now;
};
