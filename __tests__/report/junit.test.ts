import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { formatJunit } from '../../src/report/junit.js';
import type { RuleMeta } from '../../src/report/rule-meta.js';
import type { Finding, Report } from '../../src/types.js';
import { scanLeakyBundle } from '../helpers/leaky-report.js';

interface Failure { message: string; type: string; '#text': string }
interface Testcase { name: string; classname: string; file?: string; line?: string; failure?: Failure; error?: Failure; 'system-out'?: string }
interface Testsuite { name: string; tests: string; failures: string; errors: string; testcase: Testcase[] }
interface Testsuites { name: string; tests: string; failures: string; errors: string; time: string; testsuite: Testsuite[] }

// htmlEntities makes the parser decode character references (&#10;) as an XML parser must;
// attributes and text are kept as strings, untrimmed, so the test sees exactly what was written.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  htmlEntities: true,
  isArray: (name) => name === 'testsuite' || name === 'testcase',
});

/** Checks the XML is well-formed and parses it to <testsuites>. */
function parse(xml: string): Testsuites {
  expect(XMLValidator.validate(xml)).toBe(true);
  return parser.parse(xml).testsuites as Testsuites;
}

const rules: RuleMeta[] = [
  { id: 'uk-identifiers.nino', packId: 'uk-government-ids', category: 'nino', severity: 'critical', description: 'National Insurance number.' },
];

// Field names come from the scanned files: anything can be in them.
const nasty = `Notes <b>"quoted" & 'single'</b> ]]> end\ttab\r\nCRLF\u0001\u001b`;
const base = { confidence: 'high' as const, fingerprint: 'sha256:00' };
const findings: Finding[] = [
  { ...base, ruleId: 'uk-identifiers.nino', category: 'nino', severity: 'critical', file: 'bundle/asb-cases.csv', line: 7, column: 31, field: 'Case notes', masked: 'JM ** ** ** C', value: 'JM 45 67 89 C' },
  { ...base, ruleId: 'uk-contact.phone', category: 'phone', severity: 'high', file: 'bundle/asb-cases.csv', line: 9, column: 4, field: nasty, masked: '07*** *****3', value: '07700 900123', confidence: 'medium' },
  { ...base, ruleId: 'email', category: 'email', severity: 'high', file: 'bundle.zip!/R&D <draft>.json', line: 2, column: 12, masked: 'ja**@*******.**m', value: 'jane@example.com' },
];

const report: Report = {
  version: 1,
  tool: { name: 'leakgate', version: '1.2.3' },
  summary: { files: 5, bytes: 1000, findings: 3, errors: 1, warnings: 1, suppressed: 0, failOn: 'low', failed: true, durationMs: 1234 },
  findings,
  errors: [{ file: 'bundle/broken.zip', code: 'EUNREADABLE', message: 'not a zip archive: "PK" header missing & <truncated>' }],
  warnings: [{ file: 'bundle/asb-cases.csv', code: 'EPARSE', message: 'unclosed quote at line 12; scanned as text' }],
};

describe('formatJunit', () => {
  const xml = formatJunit(report, { rules });
  const doc = parse(xml);

  test('starts with an XML declaration and ends with a newline', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    expect(xml.endsWith('</testsuites>\n')).toBe(true);
  });

  test('totals: every finding fails, every unreadable file errors', () => {
    expect(doc).toMatchObject({ name: 'leakgate', tests: '5', failures: '3', errors: '1', time: '1.234' });
  });

  test('one suite per file with findings or problems, sorted by file', () => {
    expect(doc.testsuite.map((s) => s.name)).toEqual(['bundle.zip!/R&D <draft>.json', 'bundle/asb-cases.csv', 'bundle/broken.zip']);
    const csv = doc.testsuite[1]!;
    expect(csv).toMatchObject({ tests: '3', failures: '2', errors: '0' });
    expect(doc.testsuite[2]).toMatchObject({ tests: '1', failures: '0', errors: '1' });
  });

  test('a finding is a failing test case named after rule and place', () => {
    const tc = doc.testsuite[1]!.testcase[0]!;
    expect(tc).toMatchObject({ name: 'uk-identifiers.nino bundle/asb-cases.csv:7:31', classname: 'nino', file: 'bundle/asb-cases.csv', line: '7' });
    expect(tc.failure).toMatchObject({ message: 'critical nino at line 7', type: 'critical' });
    expect(tc.failure!['#text']).toBe('masked: JM ** ** ** C\nfield: Case notes\nrule: uk-identifiers.nino (National Insurance number.)\nconfidence: high\nlocation: bundle/asb-cases.csv:7:31');
  });

  test('a finding without a field or a known rule leaves those out', () => {
    const tc = doc.testsuite[0]!.testcase[0]!;
    expect(tc.name).toBe('email bundle.zip!/R&D <draft>.json:2:12');
    expect(tc.failure!['#text']).toBe('masked: ja**@*******.**m\nrule: email\nconfidence: high\nlocation: bundle.zip!/R&D <draft>.json:2:12');
  });

  test('markup, quotes, ]]>, tab, CR and LF survive; controls XML cannot hold are shown as \\xNN', () => {
    const tc = doc.testsuite[1]!.testcase[1]!;
    const shown = nasty.replace('\u0001', '\\x01').replace('\u001b', '\\x1b');
    expect(tc.failure!['#text']).toContain(`field: ${shown}\n`);
    expect(xml).not.toContain(']]>');
    expect(xml).not.toMatch(/[\x00-\x08\x0B\x0C\x0E-\x1F]/);
  });

  test('attributes keep their tabs and line breaks', () => {
    const warning = 'line one\nline\ttwo\r\nthree "q" \'a\' <x> &';
    const out = parse(formatJunit({ ...report, findings: [], warnings: [], errors: [{ file: 'a.csv', code: 'EIO', message: warning }] }));
    const tc = out.testsuite.find((s) => s.name === 'a.csv')!.testcase[0]!;
    expect(tc.error!.message).toBe(warning);
    expect(tc.error!['#text']).toBe(`a.csv: ${warning} (EIO)`);
  });

  test('lone surrogates and U+FFFF, which XML cannot hold either, become U+FFFD', () => {
    const out = parse(formatJunit({ ...report, findings: [], warnings: [], errors: [{ file: 'a\uD800.csv', code: 'EIO', message: 'x\uFFFFy\uDC00' }] }));
    const suite = out.testsuite.find((s) => s.name === 'a\uFFFD.csv')!;
    expect(suite.testcase[0]!.error!.message).toBe('x\uFFFDy\uFFFD');
  });

  test('an unreadable file is an erroring test case', () => {
    const tc = doc.testsuite[2]!.testcase[0]!;
    expect(tc).toMatchObject({ name: 'EUNREADABLE bundle/broken.zip', classname: 'leakgate.error' });
    expect(tc.error).toMatchObject({ message: 'not a zip archive: "PK" header missing & <truncated>', type: 'EUNREADABLE' });
  });

  test('a warning is a passing test case that says what happened', () => {
    const tc = doc.testsuite[1]!.testcase[2]!;
    expect(tc).toMatchObject({ name: 'EPARSE bundle/asb-cases.csv', classname: 'leakgate.warning' });
    expect(tc.failure).toBeUndefined();
    expect(tc.error).toBeUndefined();
    expect(tc['system-out']).toBe('warning: bundle/asb-cases.csv: unclosed quote at line 12; scanned as text (EPARSE)');
  });

  test('never carries a raw value', () => {
    for (const f of findings) expect(xml).not.toContain(f.value);
  });

  test('no findings: one passing suite so dashboards show a green run', () => {
    const clean: Report = { ...report, summary: { ...report.summary, findings: 0, errors: 0, warnings: 0, failed: false }, findings: [], errors: [], warnings: [] };
    const out = parse(formatJunit(clean));
    expect(out).toMatchObject({ tests: '1', failures: '0', errors: '0' });
    expect(out.testsuite).toHaveLength(1);
    expect(out.testsuite[0]).toMatchObject({ name: 'leakgate', tests: '1', failures: '0', errors: '0' });
    expect(out.testsuite[0]!.testcase).toEqual([{ name: 'no personal data found in 5 files', classname: 'leakgate' }]);
  });
});

describe('formatJunit on a real scan of examples/leaky-bundle', () => {
  test('parses, with one failing test case per finding in one suite per file', async () => {
    const { report: real, rules: loaded } = await scanLeakyBundle(true);
    const out = parse(formatJunit(real, { rules: loaded }));
    expect(out.failures).toBe(String(real.findings.length));
    const files = [...new Set(real.findings.map((f) => f.file))].sort();
    expect(out.testsuite.map((s) => s.name)).toEqual(files);
    const cases = out.testsuite.flatMap((s) => s.testcase);
    expect(cases).toHaveLength(real.findings.length);
    expect(cases.every((c) => c.failure !== undefined)).toBe(true);
    for (const f of real.findings) {
      const tc = cases.find((c) => c.name === `${f.ruleId} ${f.file}:${f.line}:${f.column}`);
      expect(tc?.failure?.['#text']).toContain(`masked: ${f.masked}\n`);
    }
  });
});
