import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runBin, type BinResult } from '../helpers/bin.js';
import { tree } from '../helpers/cli.js';
import { describeShared, sharedDir } from '../helpers/shared.js';

// Issue 17, "Redact and the gate": the copy that `leakgate redact` calls clean passes
// `leakgate scan` with the same defaults. A sensitive name (a header, key, `<th>` or form field
// naming personal data) is a finding only when a value under it shows data; a key a known shape
// lacks (unexpected-field) is one whatever it holds, so redact drops it. All through the built CLI.

const corpus = sharedDir('corpus/synthetic');
const bundles: { dir: string; kind: string }[] = corpus ? JSON.parse(readFileSync(path.join(corpus, 'truth.json'), 'utf8')).bundles : [];
const leaky = bundles.filter((b) => b.kind === 'leaky').map((b) => b.dir);

interface Report {
  summary: { findings: number };
  findings: { category: string; field?: string; line: number }[];
}

/** `leakgate scan` as the gate runs it, with a JSON report read back. */
async function gate(target: string, extra: string[] = []): Promise<{ r: BinResult; report: Report }> {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'leakgate-gate-')), 'report.json');
  const r = await runBin(['scan', target, '-f', 'json', '-o', out, ...extra], { cwd: path.dirname(target) });
  return { r, report: JSON.parse(readFileSync(out, 'utf8')) as Report };
}

async function redact(input: string, extra: string[] = []): Promise<{ r: BinResult; out: string }> {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'leakgate-copy-')), 'copy');
  const r = await runBin(['redact', input, '--out', out, ...extra], { cwd: path.dirname(input) });
  return { r, out };
}

/** What each finding is: category and field, in order. */
function kinds(report: Report): string[] {
  return report.findings.map((f) => `${f.category} ${f.field ?? ''}`.trim());
}

const CSV = [
  'Reference,Priority,Victim name,Contact number,Case notes',
  'ASB/23/0001,Noise on Mill Road,Ciaran McDonald,07700 900123,Spoke to Ciaran McDonald about the noise',
  'ASB/23/0002,Parking on Station Road,,07700 900456,Neighbour dispute over parking',
  '',
].join('\n');

const HTML = `<!DOCTYPE html><html><body>
<table><thead><tr><th>Issue</th><th>Complainant</th><th>Contact</th></tr></thead>
<tbody><tr data-complainant="Ciaran McDonald"><td>Noise</td><td>Ciaran McDonald</td><td>07700 900123</td></tr>
<tr><td>Parking</td><td>Anonymous</td><td>Withheld</td></tr></tbody></table>
<form><input type="hidden" name="complainant_phone" value="07700 900789"></form>
</body></html>
`;

const JSON_CASES = `${JSON.stringify({ parties: [{ role: 'victim', name: 'Ciaran McDonald', dob: '12/03/1984', vehicles: ['AB12 CDE'] }, { role: 'offender', name: 'Nadia Okafor', dob: '' }] }, null, 2)}\n`;

describe('a redacted copy passes the gate', () => {
  const bundle = tree({ 'cases.csv': CSV, 'page.html': HTML, 'cases.json': JSON_CASES });

  test.each([[[]], [['--drop-sensitive-fields']]])('redact %j: exit 0, and `leakgate scan` on the copy finds nothing, with one thread or two', async (flags) => {
    const before = await gate(bundle);
    expect(before.r.code).toBe(1);
    expect(kinds(before.report)).toEqual(expect.arrayContaining(['sensitive-field Victim name', 'sensitive-field Case notes', 'sensitive-field th', 'sensitive-field input@name']));
    const { r, out } = await redact(bundle, flags);
    expect([r.code, r.stdout]).toEqual([0, expect.stringContaining('no findings')]);
    for (const jobs of ['1', '2']) {
      const after = await gate(out, ['--jobs', jobs, '--parallel-min-bytes', '1']);
      expect([jobs, after.r.code, kinds(after.report)]).toEqual([jobs, 0, []]);
    }
  });

  test('default redact keeps sensitive names and redacts free text under them whole', async () => {
    const { r, out } = await redact(bundle);
    expect(r.code).toBe(0);
    const csv = readFileSync(path.join(out, 'cases.csv'), 'utf8');
    expect(csv.split('\n')[0]).toBe('Reference,Priority,Victim name,Contact number,Case notes');
    expect(csv).toContain('[REDACTED:sensitive-field]');
    expect(csv).not.toContain('Neighbour dispute');
    // the placeholders under <th>Complainant</th> are no data: left as they were
    expect(readFileSync(path.join(out, 'page.html'), 'utf8')).toContain('<td>Anonymous</td>');
  });

  test("redact's verdict is `leakgate scan`'s on the copy: a name redact cannot change fails both", async () => {
    // a person's e-mail as a file name: redact copies names as they are, and the gate scans names
    const dir = tree({ 'jane.doe@example.com.csv': 'Ref,Status\nR1,Open\n', 'cases.csv': CSV });
    const { r, out } = await redact(dir);
    expect(r.code).toBe(1);
    const scanned = await runBin(['scan', out], { cwd: path.dirname(out) });
    expect(scanned.code).toBe(1);
    const verdict = (text: string): string => text.trim().split('\n').at(-1)!;
    expect(verdict(r.stdout)).toBe(verdict(scanned.stdout));
    expect(r.stdout).toMatch(/re-scan of the copy:\n.*\[in the name\]/s);
  });

  test('control: one value put back under a redacted name makes the name a finding again', async () => {
    const { out } = await redact(bundle);
    const file = path.join(out, 'cases.csv');
    writeFileSync(file, readFileSync(file, 'utf8').replace('[REDACTED:sensitive-field]', 'Spoke to the neighbour'));
    const after = await gate(out);
    expect([after.r.code, kinds(after.report)]).toEqual([1, ['sensitive-field Case notes']]);
  });
});

describe('a sensitive name is a finding only when a value under it shows data', () => {
  test('a column of empty values, placeholders and markers is no finding; one value makes it one', async () => {
    const quiet = tree({ 'a.csv': 'Reference,Victim name,Offender DOB\nR1,,N/A\nR2,[REDACTED:person-name],\nR3,Withheld,[REDACTED:date-of-birth]\n' });
    const a = await gate(path.join(quiet, 'a.csv'));
    expect([a.r.code, kinds(a.report)]).toEqual([0, []]);
    const loud = tree({ 'a.csv': 'Reference,Victim name,Offender DOB\nR1,,N/A\nR2,[REDACTED:person-name],12/03/1984\n' });
    const b = await gate(path.join(loud, 'a.csv'));
    expect([b.r.code, kinds(b.report)]).toEqual([1, ['sensitive-field Offender DOB', 'date-of-birth Offender DOB']]);
  });

  test('JSON: each key is judged on its own value, not on the same key elsewhere', async () => {
    const json = JSON.stringify({ parties: [{ role: 'victim', name: '[REDACTED:person-name]' }, { role: 'victim', name: 'Ciaran McDonald' }] }, null, 2);
    const dir = tree({ 'p.json': `${json}\n` });
    const { r, report } = await gate(path.join(dir, 'p.json'));
    expect(r.code).toBe(1);
    // the second key and its value; the first key, whose value is a marker, is no finding
    expect(report.findings.filter((f) => f.category === 'sensitive-field').map((f) => f.field)).toEqual(['$.parties[1].name']);
  });

  test('a key a known shape lacks stays a finding even when its value is a marker; redact drops it', async () => {
    const api = { id: 'ROY4', name: 'Royston', url_force: 'https://www.example.com/area/royston', contact_details: { telephone: '101', watch_coordinator: '[REDACTED:person-name]' }, links: [], locations: [], description: 'Our team', population: '10714' };
    const dir = tree({ 'neighbourhood.json': `${JSON.stringify(api, null, 2)}\n` });
    const file = path.join(dir, 'neighbourhood.json');
    const before = await gate(file);
    expect(kinds(before.report)).toEqual(['unexpected-field $.contact_details.watch_coordinator']);
    const { r, out } = await redact(dir);
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(out, 'neighbourhood.json'), 'utf8')).not.toContain('watch_coordinator');
    expect((await gate(out)).r.code).toBe(0);
  });

  test('a file split across threads gives what one thread gives, without a second scan', async () => {
    const rows = ['Ref,Victim name,Case notes'];
    for (let i = 0; i < 400; i++) rows.push(`R${i},[REDACTED:person-name],[REDACTED:sensitive-field]`);
    const all = `${rows.join('\n')}\n`;
    rows[350] = 'R350,,Spoke to the neighbour about the noise';
    const dir = tree({ 'all.csv': all, 'late.csv': `${rows.join('\n')}\n` });
    for (const [name, want] of [['all.csv', []], ['late.csv', ['sensitive-field Case notes']]] as const) {
      const one = await gate(path.join(dir, name), ['--jobs', '1']);
      const split = await gate(path.join(dir, name), ['--jobs', '2', '--part-bytes', '4096', '--parallel-min-bytes', '1', '--debug']);
      expect([name, kinds(one.report), kinds(split.report)]).toEqual([name, want, want]);
      // the parts are joined, not scanned again whole: the first part's held header waits for the others
      expect(split.r.stderr).toMatch(/in \d+ parts/);
      expect(split.r.stderr).not.toMatch(/scanned again whole/);
    }
  });
});

describeShared('corpus/synthetic', 'redacted copies of ../shared/corpus/synthetic pass the gate', (dir) => {
  test.each(leaky.flatMap((b): [string, string][] => [[b, 'default'], [b, '--drop-sensitive-fields']]))('%s, %s: 0 findings under leakgate scan', async (bundle, mode) => {
    const { r, out } = await redact(path.join(dir, bundle), mode === 'default' ? [] : [mode]);
    expect(r.code).toBe(0);
    const after = await gate(out);
    expect([after.r.code, after.report.summary.findings, kinds(after.report)]).toEqual([0, 0, []]);
    // redact's own re-scan is that scan: the same verdict line
    const text = await runBin(['scan', out], { cwd: path.dirname(out) });
    expect(r.stdout.trim().split('\n').at(-1)).toBe(text.stdout.trim().split('\n').at(-1));
  });
});
