import { mask } from '../../src/filter/mask.js';
import { LETTER_OR_DIGIT, LetterRegExp } from '../../src/shared/letter-regexp.js';
import { CATEGORIES, type Category } from '../../src/types/vocabulary.js';

// mask() as it was before its ASCII fast path (every character through LETTER_OR_DIGIT): the oracle
const WORDY = new Set<Category>(['person-name', 'address', 'sensitive-field', 'unexpected-field']);
const WORDS = new LetterRegExp('[\\p{L}\\p{N}]+', 'gu', /[A-Za-z0-9]+/g);
const LETTERS_ONLY = new LetterRegExp('^\\p{L}+$', 'u', /^[A-Za-z]+$/);
function maskBefore(value: string, category: Category): string {
  if (category === 'sensitive-field' || category === 'unexpected-field') return value;
  const chars = Array.from(value);
  const isAlnum = (c: string): boolean => LETTER_OR_DIGIT.test(c);
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
  if (category === 'bank-account') {
    return value.replace(WORDS.for(value), (w) => (LETTERS_ONLY.test(w) ? w : maskBefore(w, 'payment-card')));
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

describe('mask', () => {
  const values = [
    'Jane Smith', "Siobhán Ní Bhriain", "Seán O'Neill-Ó Súilleabháin", 'José Müller', 'Zoë  van der Berg',
    'Flat 3, 12 Acacia Avenue, Leeds LS6 2AB', '1–3 Château Row, AL1 3XY', 'SW1A 1AA', 'GIR 0AA',
    'AB 12 34 56 C', 'QQ123456C', '07700 900123', '+44 (0)7700-900123', '０７７００ ９００１２３',
    'jane.doe+tag@example.co.uk', 'ÉLODIE@exemple.fr', '4111 1111 1111 1111', '4111-1111-1111-1111',
    'sort code 12-34-56, account 12345678', 'Sort Code: 20–00–00 Acc No. 55779911', 'GB82 WEST 1234 5698 7654 32',
    '12/03/1984', '3 March 1984', '1984-03-12', '192.0.2.72', '2001:db8::1', '01/123456A', '45/2023/001234X',
    'AB12 CDE', 'password=hunter2', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'Ω≈ç√ 𝟎𝟕𝟕 😀 ߀ ٣٤ 漢字 ﬁ',
    'a\u0301b\u200bc\u00ad', '', ' ', '-', 'x', 'ab', 'abcdefgh', '#@!$%^&*()_+=[]{}|;:\'",.<>/?`~\\',
  ];

  it.each(CATEGORIES.map((c) => [c]))('masks %s values as before, ASCII and beyond', (category) => {
    for (const v of values) expect(mask(v, category)).toBe(maskBefore(v, category));
  });

  it('treats every UTF-16 code unit and some astral characters as before', () => {
    const chars: string[] = [];
    for (let c = 0; c <= 0xffff; c++) chars.push(String.fromCharCode(c));
    for (const cp of [0x1d7ce, 0x1f600, 0x20000, 0x10400, 0x1d400]) chars.push(String.fromCodePoint(cp));
    for (const category of ['person-name', 'phone', 'date-of-birth', 'bank-account'] as const) {
      for (let i = 0; i < chars.length; i += 16) {
        const v = `ab${chars.slice(i, i + 16).join('')}12 Z9`;
        expect(mask(v, category)).toBe(maskBefore(v, category));
      }
    }
  });
});
