import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cli, tree } from '../helpers/cli.js';
import { cellSource, rowPattern } from '../../src/extract/csv-row.js';
import type { Report } from '../../src/types.js';

// The police.uk street-level shape as the built-in pack declares it: its columns' public values
const pack = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../patterns/police-uk-public.json'), 'utf8')) as {
  shapes: { id: string; columns: { name: string; value?: string }[] }[];
};
const street = pack.shapes.find((s) => s.id === 'police-uk-public.street')!;
const HEADER = street.columns.map((c) => c.name).join(',');
const columns = street.columns.map((c) => new RegExp(`^(?:${c.value ?? ''})$`));

const HEX = 'a3'.repeat(32);
/** A public row of the street CSV, varied by `i`. */
function row(i: number, cells: Partial<Record<number, string>> = {}): string {
  const base = [i % 3 ? HEX : '', '2024-03', 'Hertfordshire Constabulary', 'Hertfordshire Constabulary', `-0.${100 + i}`, `51.${700 + i}`, 'On or near High Street', 'E01000001', 'Broxbourne 001A', 'Burglary', i % 2 ? 'Under investigation' : '', ''];
  return base.map((c, k) => cells[k] ?? c).join(',');
}

describe('a row of public values read whole (police.uk street CSV)', () => {
  it('tells a row with an extra cell from a public row, however the cells before it read', async () => {
    // 600 public rows first: the rows past the first chunk are the ones read whole
    const rows = Array.from({ length: 600 }, (_, i) => row(i));
    // an extra cell after the location, which the location's characters (letters, spaces, commas) could take in
    rows.push(row(600, { 6: 'On or near Mill Lane,Victim Orla Quennell' }));
    // and one after the outcome, in lower case, which the outcome's characters could take in
    rows.push(row(601, { 10: 'Under investigation,,orla quennell' }));
    for (let i = 602; i < 700; i++) rows.push(row(i));
    const dir = tree({ '2024-03-hertfordshire-street.csv': `${HEADER}\n${rows.join('\n')}\n` });
    const { stdout } = await cli(['scan', '.', '-f', 'json', '-j', '1'], { cwd: dir });
    const report = JSON.parse(stdout) as Report;
    const names = report.findings.filter((f) => f.category === 'person-name').map((f) => f.line);
    expect(names).toEqual([602, 603]);
    expect(report.warnings.map((w) => w.message)).toEqual(['row at line 602 has 13 cells, the header 12']);
  });

  it('confines each column to its cell: the same cells match, none holding the delimiter or a line end', () => {
    const cells = ['', HEX, '2024-03', 'Hertfordshire Constabulary', 'Police Service of Northern Ireland', 'Devon & Cornwall Police', '-0.123456', '51.1', 'On or near High Street', "On or near St. Mary's Road/Church Lane (A1)", 'No Location', 'E01000001', 'W01001234', 'Broxbourne 001A', "King's Lynn and West Norfolk 012C", 'Anti-social behaviour', 'Violence and sexual offences', 'Investigation complete; no suspect identified', 'Jane Smith', 'jane', '07700 900123', '-0.1234567890', '-0.12345678901', '123.4', '1234.5', '.5', `${HEX}0`, HEX.slice(1), 'E0100000', 'E010000011'];
    const withDelimiters = ['On or near High Street,Jane Smith', 'Burglary,jane smith', 'Broxbourne, Hoddesdon 001A', 'On or near A1\nJane'];
    for (const [d, delimiter] of [[',', 44], [';', 59], ['\t', 9], ['|', 124]] as const) {
      for (const re of columns) {
        const confined = new RegExp(`^(?:${cellSource(re.source.slice(1, -1), delimiter)!})$`);
        for (const c of cells) if (!c.includes(d)) expect([re.source, c, confined.test(c)]).toEqual([re.source, c, re.test(c)]);
        for (const c of withDelimiters.map((s) => s.replace(',', d))) expect([re.source, c, confined.test(c)]).toEqual([re.source, c, false]);
      }
    }
  });

  it('rewrites what could match the delimiter, and leaves a column with an assertion to be tested cell by cell', () => {
    expect(cellSource('[A-Za-z ,]+', 44)).toBe('[A-Za-z ]+');
    // a repeat written out (V8 runs X{n} as a slower counted loop), the same greedy match
    expect(cellSource('\\d{1,3}', 44)).toBe('\\d(?:\\d(?:\\d)?)?');
    expect(cellSource('[0-9a-f]{4}', 44)).toBe('[0-9a-f][0-9a-f][0-9a-f][0-9a-f]');
    for (const kept of ['x{2,}', 'x{1,3}?', '\\d{1,40}', '(?:ab){2}']) expect(cellSource(kept, 44)).toBe(kept);
    expect(cellSource('[^x]', 44)).toBe('[^x\\x2c\\x0a\\x0d]');
    expect(new RegExp(`^${cellSource('a.b', 44)!}$`).test('a,b')).toBe(false);
    expect(new RegExp(`^${cellSource('[ -/]', 44)!}$`).test(',')).toBe(false);
    expect(new RegExp(`^${cellSource('[ -/]', 44)!}$`).test('-')).toBe(true);
    expect(new RegExp(`^${cellSource('a\\sb', 9)!}$`).test('a\tb')).toBe(false);
    expect(new RegExp(`^${cellSource('a\\sb', 9)!}$`).test('a b')).toBe(true);
    for (const assertion of ['(?=a)a', '(?!a)b', 'a\\b', '(a)\\1', '(?<=a)b', 'a$|b']) expect(cellSource(assertion, 44)).toBeUndefined();
    expect(rowPattern([/^(?:a)$/, /^(?:(?=b)b)$/], 2, 44)).toBeUndefined();
    expect(rowPattern([/^(?:a)$/, /^(?:b)$/i], 2, 44)).toBeUndefined();
    expect(rowPattern([/^(?:a)$/, /^(?:b)$/], 2, 44)!.source).toBe('(?:(?:a))?\\x2c(?:(?:b))?\\r?\\n');
  });

  it("repeats a group lazily: the same rows match, and each match ends at its row's line end", () => {
    expect(cellSource('[A-Z][a-z]+(?:[ -][A-Z][a-z]+)* (?:Police|Constabulary)', 44)).toBe('[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*? (?:Police|Constabulary)');
    for (const kept of ['(?:ab)*?x', '(?:ab)?x', '[a)]*', '\\)+']) expect(cellSource(kept, 44)).toBe(kept);
    // the row regex as built, and the same with every group greedy again
    const lazy = rowPattern(columns, columns.length, 44)!;
    const greedy = new RegExp(lazy.source.replace(/\)([*+])\?/g, ')$1'), 'y');
    expect(greedy.source).not.toBe(lazy.source);
    const forces = ['Hertfordshire Constabulary', 'Avon and Somerset Constabulary', 'Devon & Cornwall Police', 'Police Service of Northern Ireland', 'Hertfordshire Constabulary Police', 'Hertfordshire', 'hertfordshire Police', 'Avon and  Somerset Police'];
    const rows = forces.flatMap((f, i) => [row(i, { 2: f }), row(i, { 3: f }), row(i, { 8: `${f.split(' ')[0]} 001A` }), row(i, { 10: f.toLowerCase() })]);
    const text = `${rows.join('\n')}\n`;
    for (let at = 0; at < text.length; at = text.indexOf('\n', at) + 1) {
      lazy.lastIndex = greedy.lastIndex = at;
      expect([text.slice(at, text.indexOf('\n', at)), lazy.test(text), lazy.lastIndex]).toEqual([text.slice(at, text.indexOf('\n', at)), greedy.test(text), greedy.lastIndex]);
    }
  });
});
