import { LetterRegExp } from '../shared/letter-regexp.js';

/** Rows after the first that the header decision looks at (Python's csv.Sniffer looks at 20). */
export const HEADER_LOOKAHEAD = 20;

type Kind = 'number' | 'date' | 'email' | 'phone' | 'text';

// What a cell holds, by its shape. A header cell is a word or a phrase ("Month", "Longitude",
// "Date of birth"); under it, a column of one typed kind: numbers, dates, e-mails, phone numbers.
const NUMBER = /^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?%?$/;
const DATE = /^\d{1,4}[-/.]\d{1,2}(?:[-/.]\d{1,4})?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const PHONE = /^\+?[\d ()-]{7,}$/;

function kindOf(cell: string): Kind | undefined {
  const s = cell.trim();
  if (s === '') return undefined;
  if (DATE.test(s)) return 'date';
  if (/\d/.test(s) && NUMBER.test(s)) return 'number';
  if (EMAIL.test(s)) return 'email';
  if (PHONE.test(s) && (s.match(/\d/g) ?? []).length >= 7) return 'phone';
  return 'text';
}

const LETTER = new LetterRegExp('\\p{L}', 'gu', /[A-Za-z]/g);
const DIGIT = new LetterRegExp('\\p{N}', 'gu', /[0-9]/g);

/** A cell's shape: letters as A, digits as 9, the rest as it is (`E01000001` → `A99999999`). */
function shapeOf(cell: string): string {
  const t = cell.trim();
  return t.replace(LETTER.for(t), 'A').replace(DIGIT.for(t), '9');
}

/**
 * Whether a CSV's first row is a header, from what its cells look like against the rows below
 * (the idea of Python's `csv.Sniffer.has_header`). Each column votes: a first cell of the same
 * kind (a number, a date, an e-mail, a phone number, a code of one shape) as the values below it
 * votes "data", a word above a column of such values votes "header"; each first cell in which a
 * rule finds personal data (`findsData`) votes "data". The first row is a header unless "data"
 * wins: a file of one row, or of text columns only, keeps it, as every known export (police.uk's
 * included) is written; a police.uk header with one leaked column name stays a header (its shape
 * is still checked, and the name is masked in the report), while a row of a person's details,
 * however the columns below look, is data.
 */
export function isHeaderRow(first: string[], rows: string[][], findsData?: (cell: string) => boolean): boolean {
  let header = 0;
  let data = 0;
  if (findsData) for (const c of first) if (c.trim() !== '' && findsData(c)) data++;
  for (let c = 0; c < first.length; c++) {
    const below = rows.map((r) => r[c] ?? '').filter((x) => x.trim() !== '');
    if (below.length === 0) continue;
    const counts = new Map<Kind, number>();
    for (const x of below) counts.set(kindOf(x)!, (counts.get(kindOf(x)!) ?? 0) + 1);
    const [kind, n] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
    const own = kindOf(first[c]!);
    if (kind !== 'text' && n >= 0.75 * below.length) {
      // a column of numbers, dates, e-mails or phone numbers: the first cell is one more of them, or its name
      if (own === kind) data++;
      else if (own === 'text') header++;
    } else if (kind === 'text' && below.length >= 3 && own !== undefined) {
      // a column of codes of one shape ("E01000001": a letter and eight digits): a first cell of
      // another shape names it
      const shape = shapeOf(below[0]!);
      if (below.every((x) => shapeOf(x) === shape)) {
        if (shapeOf(first[c]!) === shape) data++;
        else header++;
      }
    }
  }
  // header names are distinct; a repeated value is a record
  const names = first.map((x) => x.trim()).filter(Boolean);
  if (new Set(names).size < names.length) data++;
  return data <= header;
}
