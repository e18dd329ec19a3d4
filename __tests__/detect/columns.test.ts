import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tree } from '../helpers/cli.js';
import { runBin } from '../helpers/bin.js';

interface Finding {
  file: string;
  ruleId: string;
  category: string;
  line: number;
  column: number;
  field?: string;
  value?: string;
}

/** Scans a tree with the built CLI (values shown) and returns its findings. */
async function scan(files: Record<string, string>): Promise<Finding[]> {
  const dir = tree(files);
  // a report with values is written outside what is scanned
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'leakgate-report-')), 'report.json');
  const r = await runBin(['scan', '.', '-f', 'json', '-o', out, '--show-values', '--no-progress'], { cwd: dir });
  expect([0, 1]).toContain(r.code);
  return (JSON.parse(readFileSync(out, 'utf8')) as { findings: Finding[] }).findings;
}

/** An invented NHS number: nine digits from a seed and the modulus 11 check digit (NHS Data Dictionary). */
function nhs(seed: number): string {
  for (let n = seed; ; n += 7919) {
    const d = String(100000000 + (n % 899999999)).padStart(9, '0');
    let sum = 0;
    for (let i = 0; i < 9; i++) sum += Number(d[i]) * (10 - i);
    const check = (11 - (sum % 11)) % 11;
    if (check !== 10) return d + String(check);
  }
}

/** Ten digits that fail modulus 11 (an order number). */
function notNhs(seed: number): string {
  const good = nhs(seed);
  return good.slice(0, 9) + String((Number(good[9]) + 1) % 10);
}

const NAMES = ['Kaya Feeney', 'Feeney, Dylan', 'priya sharma', 'A C McKenzie', 'Ana de Souza', 'Oluwaseun Adeyemi', 'Sandra Kowalczyk', 'MARTIN REES'];
const ORDER_NUMBERS = ['408123117', '408123118', '408123125', '408123190', '408123201', '408123245', '408123300', '408123301'];

describe('column inference: a neutral column is judged by its values', () => {
  it('names, NHS numbers and nine-digit passports under Col1..Col3 are found, and the headers are sensitive fields', async () => {
    const rows = NAMES.map((name, i) => [`R${i}`, name.includes(',') ? `"${name}"` : name, nhs(1000 + i * 31), String(300000001 + i * 7919), notNhs(5000 + i * 13)].join(','));
    const findings = await scan({ 'people.csv': ['id,Col1,Col2,Col3,Col4', ...rows, ''].join('\n') });
    const at = (col: string, category: string): Finding[] => findings.filter((f) => f.field === col && f.category === category && f.line > 1);
    expect(at('Col1', 'person-name').map((f) => f.value)).toEqual(NAMES);
    expect(at('Col2', 'nhs-number')).toHaveLength(NAMES.length);
    expect(at('Col3', 'passport')).toHaveLength(NAMES.length);
    // ten digits that fail modulus 11 are no NHS numbers, whatever column they are in
    expect(findings.filter((f) => f.field === 'Col4')).toEqual([]);
    const headers = findings.filter((f) => f.line === 1 && f.category === 'sensitive-field').map((f) => f.value);
    expect(headers.sort()).toEqual(['Col1', 'Col2', 'Col3']);
  });

  it('nine-digit numbers alone, a few NHS-valid numbers among order numbers, crime types and towns are no personal column', async () => {
    const crimeTypes = ['Vehicle crime', 'Public order', 'Other theft', 'Criminal damage and arson', 'Shoplifting', 'Bicycle theft', 'Drugs', 'Burglary'];
    const towns = ['Milton Keynes', 'Market Harborough', 'Newcastle upon Tyne', 'Hemel Hempstead', 'Stoke Newington', 'High Wycombe', 'Bury St Edmunds', 'Chipping Norton'];
    const rows = ORDER_NUMBERS.map((o, i) => [o, i === 2 ? nhs(77) : notNhs(900 + i * 17), crimeTypes[i], towns[i]].join(','));
    const findings = await scan({ 'orders.csv': ['Col1,Col2,Col3,Col4', ...rows, ''].join('\n') });
    expect(findings.filter((f) => f.ruleId.startsWith('column.'))).toEqual([]);
  });

  it('a JSON key across records is judged like a column, and the key is reported once', async () => {
    const records = NAMES.map((name, i) => ({ ref: `R${i}`, who: name, v2: nhs(4242 + i * 101), note: 'seen' }));
    const findings = await scan({ 'records.json': JSON.stringify(records, null, 1) });
    expect(findings.filter((f) => f.category === 'person-name').map((f) => f.value)).toEqual(NAMES);
    expect(findings.filter((f) => f.category === 'nhs-number')).toHaveLength(NAMES.length);
    const keys = findings.filter((f) => f.category === 'sensitive-field').map((f) => f.value);
    expect(keys.sort()).toEqual(['v2', 'who']);
  });

  it('a column is judged on its first twenty values wherever the others fall: 16 NHS numbers after 4 others make one, 15 after 5 do not', async () => {
    const column = (others: number): string[] => Array.from({ length: 20 }, (_, i) => (i < others ? notNhs(300 + i * 11) : nhs(700 + i * 37)));
    const csv = (values: string[]): string => ['id,Col1', ...values.map((v, i) => `R${i},${v}`), ''].join('\n');
    const findings = await scan({ 'most.csv': csv(column(4)), 'fewer.csv': csv(column(5)) });
    const nhsIn = (file: string): Finding[] => findings.filter((f) => f.file === file && f.category === 'nhs-number');
    expect(nhsIn('most.csv')).toHaveLength(16);
    expect(nhsIn('fewer.csv')).toEqual([]);
  });

  it('a column of three values is not judged (too few to say what it holds)', async () => {
    const rows = [0, 1, 2].map((i) => `R${i},${nhs(600 + i * 3)}`);
    const findings = await scan({ 'short.csv': ['id,Col1', ...rows, ''].join('\n') });
    expect(findings.filter((f) => f.ruleId.startsWith('column.'))).toEqual([]);
  });
});
