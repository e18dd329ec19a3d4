import { parseDate } from '../../src/packs/dates.js';
import { VALIDATORS } from '../../src/packs/validators.js';
import { hasClanWord, words } from '../../src/packs/value-words.js';
import { personAround } from '../../src/packs/people.js';
import type { Field, RawMatch } from '../../src/types.js';

const check = (name: string, value: string, text = value, index = text.indexOf(value)): boolean => VALIDATORS[name]!(value, { text, index });

describe('parseDate: the forms a date of birth is written in', () => {
  it.each([
    ['03/07/1985', { y: 1985, m: 7, d: 3 }],
    ['3/7/85', { y: 1985, m: 7, d: 3 }],
    ['03.07.1985', { y: 1985, m: 7, d: 3 }],
    ['03-07-1985', { y: 1985, m: 7, d: 3 }],
    ['1985-07-03', { y: 1985, m: 7, d: 3 }],
    ['3 July 1985', { y: 1985, m: 7, d: 3 }],
    ['3rd July 1985', { y: 1985, m: 7, d: 3 }],
    ['03-Jul-1985', { y: 1985, m: 7, d: 3 }],
    ['3rd of July, 1985', { y: 1985, m: 7, d: 3 }],
    ['July 3rd, 1985', { y: 1985, m: 7, d: 3 }],
    ['1 Sept 2001', { y: 2001, m: 9, d: 1 }],
  ])('%s', (text, expected) => {
    expect(parseDate(text)).toEqual(expected);
  });

  it.each(['1985', 'July 1985', '3 Julember 1985', '03/07', 'yesterday'])('not a date: %s', (text) => {
    expect(parseDate(text)).toBeUndefined();
  });
});

describe('date-of-birth validator', () => {
  it.each(['29/03/2001', '1984-02-29', '11 October 2004', '3/7/85'])('a real past date: %s', (d) => {
    expect(check('date-of-birth', d)).toBe(true);
  });
  it.each(['31/02/1985', '1985-02-29', '01/01/2099', '32/01/1990', '15/13/1990', '01/01/1850'])('impossible as a date of birth: %s', (d) => {
    expect(check('date-of-birth', d)).toBe(false);
  });
});

describe('words: a value split at white space and commas', () => {
  it('splits as split(/[\\s,]+/) with the empty strings dropped, for every kind of space', () => {
    const spaces = ' \t\n\v\f\r\u00a0\u1680\u2000\u2005\u200a\u2028\u2029\u202f\u205f\u3000\ufeff,';
    const values = ['', ' ', ',,', 'Jane', ' Jane  Smith ', 'Smith,Jane', 'Orn, Davion', 'O\u2019Neill\u00a0Mary-Jane', 'a\u200bb', 'x\u180ey'];
    for (const s of spaces) values.push(`${s}Jane${s}${s}Smith${s}`, `Jane${s}`);
    for (const v of values) expect(words(v)).toEqual(v.split(/[\s,]+/).filter(Boolean));
  });
});

describe('hasClanWord: a word of a value starting O\', Mc, Mac or Fitz', () => {
  it('says what /(?:^|[\\s,])(?:O[\'’]|Mc|Mac|Fitz)/ says, for every kind of space and every piece of a word', () => {
    const clan = /(?:^|[\s,])(?:O['’]|Mc|Mac|Fitz)/;
    const spaces = [...' \t\n\v\f\r\u00a0\u1680\u2000\u2005\u200a\u2028\u2029\u202f\u205f\u3000\ufeff,\u200b-.'];
    const pieces = ["O'", 'O\u2019', 'O`', 'O', 'Mc', 'Ma', 'Mac', 'M', 'Fitz', 'Fit', 'F', 'Neill', 'c', 'ac', 'itz', "'", 'x', 'Mary', ...spaces];
    const values = ['', "O'Neill", 'Sandra O\u2019Neill', 'Ciaran McDonald', 'Mary MacLeod', 'FitzGerald', 'Omar Mcx', 'Jo,Mac', 'Lo-Mac', 'Anne O Neill'];
    for (const a of pieces) for (const b of pieces) for (const c of pieces) values.push(a + b + c);
    expect(values.filter((v) => hasClanWord(v) !== clan.test(v))).toEqual([]);
  });
});

describe('personAround: the row or the JSON object a match sits in names a person', () => {
  const matchIn = (field: Partial<Field>): RawMatch => ({
    ruleId: 'email',
    kind: 'pattern',
    category: 'email',
    severity: 'high',
    confidence: 'high',
    value: 'office@example.org',
    line: 1,
    column: 1,
    index: 0,
    field: { text: 'office@example.org', line: 1, column: 1, offset: 0, ctx: { where: 'cell' }, ...field },
    evidence: {},
  });

  it("a CSV row's contact column holding a person's name", () => {
    expect(personAround(matchIn({ row: { email: 'office@example.org', 'contact name': 'Jane Hartley' } }))).toBe(true);
  });

  it("a JSON object's contact key (its name normalised) holding a person's name", () => {
    expect(personAround(matchIn({ siblings: { contactName: 'Jane Hartley', email: 'office@example.org' } }))).toBe(true);
  });

  it("not when the contact column holds an organisation's name, nor when no column is a contact's", () => {
    expect(personAround(matchIn({ row: { 'contact name': 'Riverside Housing Association' } }))).toBe(false);
    expect(personAround(matchIn({ row: { street: 'Jane Hartley' } }))).toBe(false);
    expect(personAround(matchIn({ siblings: { team: 'Jane Hartley' } }))).toBe(false);
    expect(personAround(matchIn({}))).toBe(false);
  });
});
