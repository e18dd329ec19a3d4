import { tree } from '../helpers/cli.js';
import { partsOf, sameBothWays, scanJson } from '../helpers/same-both-ways.js';

// Issue 14 judges a neutral column by its first values; a file scanned in parts must be judged as
// a whole: each part reports the columns it judged on its own rows, leaves the others to the join
// (with what they would add), and the join judges every column on the whole file's values. The
// report is the one a single thread gives, whatever the parts hold. Values are fiction: Ofcom drama
// numbers, invented names.

const phone = (i: number): string => `07700 900${String(i % 1000).padStart(3, '0')}`;
const NAMES = ['Orla Vance', 'Amir Haddad', 'Tess Arkwright', 'Ellis Pendry'];

/** The first 20 values of Col3 are not phones (the column is none); 60 phones follow, after many empty cells. */
function later(): string[] {
  return Array.from({ length: 200 }, (_, i) => `${i},${i < 20 ? `pending review ${i}` : i >= 100 && i < 160 ? phone(i) : ''},x`);
}

describe('a column judged by its values, scanned in parts', () => {
  test('CSV: a column with one value in each of several parts, judged on all of them', async () => {
    const lone = new Set([5, 50, 100, 150, 190]);
    const rows = Array.from({ length: 200 }, (_, i) => `${i},${lone.has(i) ? phone(i) : ''},seen ${i}`);
    const dir = tree({ 'calls.csv': `Ref,Col3,Note\n${rows.join('\n')}\n` });
    const { serial, plan, debug } = await sameBothWays('calls.csv', dir);
    expect(partsOf(plan, 'calls.csv')).toBeGreaterThan(5);
    expect(debug).not.toMatch(/scanned again whole/);
    expect(serial.findings.filter((f) => f.category === 'phone').map((f) => f.line)).toEqual([7, 52, 102, 152, 192]);
    // five phones make the column one of phones: its header is reported (each part alone had one)
    expect(serial.findings.filter((f) => f.ruleId === 'column.phone').map((f) => f.line)).toEqual([1]);
  });

  test('NDJSON: a key met a few times in each part, judged on all of them; a key first met in a later part', async () => {
    const lines = Array.from({ length: 300 }, (_, i) =>
      JSON.stringify({ ref: `R${i}`, note: `seen ${i}`, ...(i % 37 === 3 ? { x_attr: phone(i) } : {}), ...(i >= 200 && i % 11 === 0 ? { y_attr: phone(i + 1) } : {}) }),
    );
    const dir = tree({ 'cases.ndjson': `${lines.join('\n')}\n` });
    const { serial, plan, debug } = await sameBothWays('cases.ndjson', dir);
    expect(partsOf(plan, 'cases.ndjson')).toBeGreaterThan(20);
    expect(debug).not.toMatch(/scanned again whole/);
    const fields = serial.findings.filter((f) => f.category === 'phone' && f.field?.endsWith('x_attr')).map((f) => f.field);
    expect(serial.findings.filter((f) => f.ruleId === 'column.phone').map((f) => f.field)).toEqual(['$[3].x_attr', '$[209].y_attr']);
    expect(fields).toEqual(['$[3].x_attr', '$[40].x_attr', '$[77].x_attr', '$[114].x_attr', '$[151].x_attr', '$[188].x_attr', '$[225].x_attr', '$[262].x_attr', '$[299].x_attr']);
  });

  test('a weak column (nine-digit numbers) left of a column of names, both spread over parts', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => `${i},${String(123456700 + i * 7)},${NAMES[i % 4]}`);
    const dir = tree({ 'docs.csv': `Ref,Doc,Who\n${rows.join('\n')}\n` });
    const { serial } = await sameBothWays('docs.csv', dir);
    const one = await scanJson('docs.csv', dir, ['-j', '1']);
    expect(one.report).toEqual(serial);
    const byCategory = (c: string): number => serial.findings.filter((f) => f.category === c).length;
    expect(byCategory('passport')).toBe(60);
    expect(byCategory('person-name')).toBe(60);
  });

  test('a part that judged a column on its own rows otherwise than the whole file does: the file is scanned again whole', async () => {
    const rows = later();
    const dir = tree({ 'later.csv': `Ref,Col3,Note\n${rows.join('\n')}\n` });
    const { serial, plan, debug } = await sameBothWays('later.csv', dir, [], ['--part-bytes', '700']);
    expect(partsOf(plan, 'later.csv')).toBeGreaterThan(1);
    expect(debug).toMatch(/later\.csv scanned again whole: a column judged by its values/);
    expect(serial.findings.filter((f) => f.ruleId === 'column.phone')).toEqual([]);
  });

  test('the same file in parts too small to judge a column on: left to the join, no second scan', async () => {
    const rows = later();
    const dir = tree({ 'later.csv': `Ref,Col3,Note\n${rows.join('\n')}\n` });
    const { debug } = await sameBothWays('later.csv', dir);
    expect(debug).not.toMatch(/scanned again whole/);
  });
});
