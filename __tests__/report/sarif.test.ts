import type { RuleMeta } from '../../src/report/rule-meta.js';
import { formatSarif } from '../../src/report/sarif.js';
import type { Finding, Report } from '../../src/types.js';
import { scanLeakyBundle } from '../helpers/leaky-report.js';
import { expectValidSarif as expectValid, validateSarif as validate } from '../helpers/sarif-schema.js';

const rules: RuleMeta[] = [
  { id: 'uk-identifiers.nino', packId: 'uk-government-ids', category: 'nino', severity: 'critical', description: 'National Insurance number.', why: 'Used to commit identity fraud.' },
  { id: 'uk-contact.phone', packId: 'uk-contact', category: 'phone', severity: 'high', description: 'UK telephone number.' },
  { id: 'uk-contact.postcode', packId: 'uk-contact', category: 'postcode', severity: 'medium', description: 'Full UK postcode.', why: 'Narrows a location to a few homes.' },
  { id: 'ip', packId: 'uk-contact', category: 'ip-address', severity: 'low', description: 'IPv4 address.' },
  { id: 'uk-identifiers.passport', packId: 'uk-government-ids', category: 'passport', severity: 'critical', description: 'UK passport number.' },
];

const base = { line: 1, column: 1, confidence: 'high' as const, fingerprint: 'sha256:00' };
const findings: Finding[] = [
  { ...base, ruleId: 'uk-identifiers.nino', category: 'nino', severity: 'critical', file: 'bundle/asb cases.csv', line: 7, column: 31, field: 'Case notes', masked: 'JM ** ** ** C', value: 'JM 45 67 89 C', fingerprint: 'sha256:aa11' },
  { ...base, ruleId: 'uk-contact.phone', category: 'phone', severity: 'high', file: 'bundle.zip!/inner/contacts.csv', line: 2, column: 5, field: 'Phone, "home"\nor mobile', masked: '07*** *****3', value: '07700 900123', confidence: 'medium', fingerprint: 'sha256:bb22' },
  { ...base, ruleId: 'uk-contact.postcode', category: 'postcode', severity: 'medium', file: 'bundle/notes #1?.txt', line: 3, column: 10, masked: 'RV1 ***', value: 'RV1 2AB', confidence: 'low', fingerprint: 'sha256:cc33' },
  { ...base, ruleId: 'ip', category: 'ip-address', severity: 'low', file: 'bundle/données/log.json', line: 4, column: 2, field: '$.requests[0].ip', masked: '***.*.*.**', value: '192.0.2.44', fingerprint: 'sha256:dd44' },
];

const report: Report = {
  version: 1,
  tool: { name: 'leakgate', version: '1.2.3' },
  summary: { files: 6, bytes: 4096, findings: 4, errors: 1, warnings: 1, suppressed: 2, failOn: 'low', failed: true, durationMs: 41 },
  findings,
  errors: [{ file: 'bundle/broken.zip', code: 'EUNREADABLE', message: 'not a zip archive' }],
  warnings: [{ file: 'bundle/bad.csv', code: 'EPARSE', message: 'unclosed quote at line 3; scanned as text' }],
};

const ctx = { rules, toolVersion: '1.2.3' };

describe('formatSarif', () => {
  const out = formatSarif(report, ctx);
  const log = JSON.parse(out);
  const run = log.runs[0];

  test('conforms to the official SARIF 2.1.0 schema', () => {
    expectValid(out);
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
  });

  test('the validator is real: it rejects an unknown level and a path that is no URI', () => {
    const bad = JSON.parse(out);
    bad.runs[0].results[0].level = 'critical';
    bad.runs[0].results[1].locations[0].physicalLocation.artifactLocation.uri = 'bundle/asb cases.csv';
    expect(validate(bad)).toBe(false);
    const paths = validate.errors!.map((e) => e.instancePath);
    expect(paths).toContain('/runs/0/results/0/level');
    expect(paths).toContain('/runs/0/results/1/locations/0/physicalLocation/artifactLocation/uri');
  });

  test('is pretty-printed JSON with a trailing newline', () => {
    expect(out.endsWith('}\n')).toBe(true);
    expect(out).toContain('\n  "version": "2.1.0"');
  });

  test('names the tool, without an informationUri', () => {
    expect(run.tool.driver.name).toBe('leakgate');
    expect(run.tool.driver.version).toBe('1.2.3');
    expect(run.tool.driver).not.toHaveProperty('informationUri');
  });

  test('lists every loaded rule, in order, with help and severity', () => {
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(rules.map((r) => r.id));
    const nino = run.tool.driver.rules[0];
    expect(nino).toEqual({
      id: 'uk-identifiers.nino',
      name: 'UkIdentifiersNino',
      shortDescription: { text: 'National Insurance number.' },
      fullDescription: { text: 'National Insurance number. Used to commit identity fraud.' },
      help: { text: 'National Insurance number.\n\nWhy it matters: Used to commit identity fraud.' },
      defaultConfiguration: { level: 'error' },
      properties: { category: 'nino', pack: 'uk-government-ids', 'security-severity': '9.0', tags: ['security', 'privacy', 'nino'] },
    });
    expect(run.tool.driver.rules[1].help).toEqual({ text: 'UK telephone number.' });
    const levels = run.tool.driver.rules.map((r: { defaultConfiguration: { level: string } }) => r.defaultConfiguration.level);
    expect(levels).toEqual(['error', 'error', 'warning', 'note', 'error']);
    const scores = run.tool.driver.rules.map((r: { properties: Record<string, unknown> }) => r.properties['security-severity']);
    expect(scores).toEqual(['9.0', '7.0', '5.0', '3.0', '9.0']);
  });

  test('one result per finding, pointing at its rule', () => {
    expect(run.results).toHaveLength(findings.length);
    for (const [i, r] of run.results.entries()) {
      expect(r.ruleId).toBe(findings[i]!.ruleId);
      expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
    }
    expect(run.results.map((r: { level: string }) => r.level)).toEqual(['error', 'error', 'warning', 'note']);
  });

  test('a result carries location, fingerprint and properties', () => {
    expect(run.results[0]).toEqual({
      ruleId: 'uk-identifiers.nino',
      ruleIndex: 0,
      level: 'error',
      message: { text: 'nino found in field "Case notes": JM ** ** ** C' },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'bundle/asb%20cases.csv' }, region: { startLine: 7, startColumn: 31 } } }],
      partialFingerprints: { 'leakgate/v2': 'sha256:aa11' },
      properties: { category: 'nino', confidence: 'high', field: 'Case notes' },
    });
    expect(run.results[1].message.text).toBe('phone found in field "Phone, \\"home\\"\\nor mobile": 07*** *****3');
    expect(run.results[1].properties.field).toBe('Phone, "home"\nor mobile');
    expect(run.results[2].message.text).toBe('postcode found: RV1 ***');
    expect(run.results[2].properties).toEqual({ category: 'postcode', confidence: 'low' });
  });

  test('file URIs: forward slashes, archive paths as they are, the rest percent-encoded', () => {
    const uris = run.results.map((r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => r.locations[0]!.physicalLocation.artifactLocation.uri);
    expect(uris).toEqual(['bundle/asb%20cases.csv', 'bundle.zip!/inner/contacts.csv', 'bundle/notes%20%231%3F.txt', 'bundle/donn%C3%A9es/log.json']);
    const windows = formatSarif({ ...report, findings: [{ ...findings[0]!, file: 'bundle\\sub\\a.csv' }] }, ctx);
    expect(JSON.parse(windows).runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('bundle/sub/a.csv');
  });

  test('never carries a raw value, even when findings have one', () => {
    for (const f of findings) {
      expect(out).not.toContain(f.value);
      expect(out).not.toContain(JSON.stringify(f.value).slice(1, -1));
    }
    expect(out).not.toContain('"value"');
  });

  test('errors and warnings are tool notifications; errors mean an unsuccessful run', () => {
    expect(run.invocations).toHaveLength(1);
    const inv = run.invocations[0];
    expect(inv.executionSuccessful).toBe(false);
    expect(inv.toolExecutionNotifications).toEqual([
      {
        level: 'error',
        message: { text: 'bundle/broken.zip: not a zip archive (EUNREADABLE)' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'bundle/broken.zip' } } }],
        properties: { code: 'EUNREADABLE' },
      },
      {
        level: 'warning',
        message: { text: 'bundle/bad.csv: unclosed quote at line 3; scanned as text (EPARSE)' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'bundle/bad.csv' } } }],
        properties: { code: 'EPARSE' },
      },
    ]);
    const clean = JSON.parse(formatSarif({ ...report, errors: [] }, ctx));
    expect(clean.runs[0].invocations[0].executionSuccessful).toBe(true);
  });

  test('the summary goes in the run properties', () => {
    expect(run.properties).toEqual(report.summary);
    expect(run.columnKind).toBe('utf16CodeUnits');
  });

  test('an empty report still lists every rule and validates', () => {
    const empty: Report = { ...report, summary: { ...report.summary, findings: 0, errors: 0, warnings: 0, failed: false }, findings: [], errors: [], warnings: [] };
    const sarif = formatSarif(empty, ctx);
    expectValid(sarif);
    const r = JSON.parse(sarif).runs[0];
    expect(r.results).toEqual([]);
    expect(r.tool.driver.rules).toHaveLength(rules.length);
    expect(r.invocations[0]).toEqual({ executionSuccessful: true, toolExecutionNotifications: [] });
  });

  test('a rule id listed twice gets one descriptor', () => {
    const sarif = formatSarif(report, { ...ctx, rules: [...rules, { ...rules[0]!, packId: 'my-pack' }] });
    expectValid(sarif);
    expect(JSON.parse(sarif).runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(rules.map((r) => r.id));
  });

  test('a finding whose rule was not listed gets a descriptor of its own', () => {
    const odd: Finding = { ...findings[0]!, ruleId: 'custom.staff-id', category: 'secret', severity: 'high' };
    const sarif = formatSarif({ ...report, findings: [odd] }, ctx);
    expectValid(sarif);
    const r = JSON.parse(sarif).runs[0];
    expect(r.tool.driver.rules).toHaveLength(rules.length + 1);
    expect(r.results[0].ruleIndex).toBe(rules.length);
    expect(r.tool.driver.rules[rules.length].id).toBe('custom.staff-id');
  });
});

describe('formatSarif on a real scan of examples/leaky-bundle', () => {
  test('validates, lists every loaded rule and leaks no raw value', async () => {
    const { report: real, rules: loaded } = await scanLeakyBundle(true);
    expect(real.findings.length).toBeGreaterThan(10);
    const out = formatSarif(real, { rules: loaded, toolVersion: '0.0.0-test' });
    expectValid(out);
    const run = JSON.parse(out).runs[0];
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(loaded.map((r) => r.id));
    expect(run.results).toHaveLength(real.findings.length);
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
    // Field-name findings report the name itself (value = masked = the header), which is no secret
    const secrets = real.findings.filter((f) => f.value !== undefined && f.value !== f.masked && f.value !== f.field).map((f) => f.value!);
    expect(secrets.length).toBeGreaterThan(10);
    for (const v of secrets) expect(out).not.toContain(v);
  });
});
