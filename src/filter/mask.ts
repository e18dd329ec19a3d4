import type { Category } from '../types.js';
import { LETTER_OR_DIGIT, LetterRegExp } from '../shared/letter-regexp.js';

/** Categories masked word by word (`J*** S****`); the rest as one identifier (`AB******C`). */
const WORDY = new Set<Category>(['person-name', 'address', 'sensitive-field', 'unexpected-field']);
/** A bank-details match's words and numbers; a word of letters only (a label). */
const WORDS = new LetterRegExp('[\\p{L}\\p{N}]+', 'gu', /[A-Za-z0-9]+/g);
const LETTERS_ONLY = new LetterRegExp('^\\p{L}+$', 'u', /^[A-Za-z]+$/);

/**
 * True for a letter or a digit of any script (one character of Array.from): an ASCII one by its
 * code, where LETTER_OR_DIGIT is `[A-Za-z0-9]`; the rest by LETTER_OR_DIGIT. Why: mask() asks for
 * each character of every finding, and the regex costs two tests a character.
 */
function isAlnum(c: string): boolean {
  const code = c.charCodeAt(0);
  if (code < 0x80) return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
  return LETTER_OR_DIGIT.test(c);
}

/**
 * Masks a value so that a report shows its shape, never its content: separators stay, letters and
 * digits become `*`. Names and addresses keep each word's first letter (`J*** S****`); identifiers
 * of eight or more characters keep the first two and the last one (`QQ******C`); dates of birth and
 * short values keep nothing.
 */
export function mask(value: string, category: Category): string {
  if (category === 'sensitive-field' || category === 'unexpected-field') return value;
  // label words inside a bank-details match ("sort code …, account …") are not the secret
  if (category === 'bank-account') {
    return value.replace(WORDS.for(value), (w) => (LETTERS_ONLY.test(w) ? w : mask(w, 'payment-card')));
  }
  const chars = Array.from(value);
  if (WORDY.has(category)) {
    let start = true;
    return chars
      .map((c) => {
        if (!isAlnum(c)) {
          start = true;
          return c;
        }
        const keep = start;
        start = false;
        return keep ? c : '*';
      })
      .join('');
  }
  const total = chars.filter(isAlnum).length;
  const head = category === 'date-of-birth' ? 0 : total >= 8 ? 2 : 0;
  const tail = category === 'date-of-birth' ? 0 : total >= 8 ? 1 : 0;
  let seen = 0;
  return chars
    .map((c) => {
      if (!isAlnum(c)) return c;
      seen++;
      return seen <= head || seen > total - tail ? c : '*';
    })
    .join('');
}
