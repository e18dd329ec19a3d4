import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runBin } from '../helpers/bin.js';
import { tree } from '../helpers/cli.js';

// What gitleaks and secretlint users expect of a scanner's command line, through the built CLI.
// Fiction only: an Ofcom drama mobile number and a NINO that follows HMRC's prefix rules.
const LEAKY = 'Notes\n"call 07700 900123, NI number JM 45 67 89 C"\n';
const VERDICT = /^leakgate: \d+ findings? .*FAILED \(--fail-on low\)\n$/;

describe('scan: -o -, any case, suggestions', () => {
  const dir = tree({ 'leaky.csv': LEAKY, 'clean.txt': 'nothing here\n', scnb: 'a file named like a typo\n' });

  it('-o - writes the report to standard output and the verdict to stderr', async () => {
    const r = await runBin(['scan', 'leaky.csv', '-f', 'json', '-o', '-'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).findings.map((f: { category: string }) => f.category).sort()).toEqual(['nino', 'phone']);
    expect(r.stderr).toMatch(VERDICT);
  });

  it('-o - with no format is the text report, as without -o', async () => {
    const [dash, none] = await Promise.all([runBin(['scan', 'leaky.csv', '-o', '-'], { cwd: dir }), runBin(['scan', 'leaky.csv'], { cwd: dir })]);
    expect(dash.stdout).toBe(none.stdout);
    expect(dash.stdout).toMatch(/^leaky\.csv\nleaky\.csv:2:/);
  });

  it.each([
    ['-f JSON', ['-f', 'JSON'], (r: { stdout: string }) => expect(JSON.parse(r.stdout).summary.findings).toBe(2)],
    ['--format Sarif', ['--format', 'Sarif'], (r: { stdout: string }) => expect(JSON.parse(r.stdout).version).toBe('2.1.0')],
    ['--fail-on CRITICAL', ['--fail-on', 'CRITICAL', '-f', 'json'], (r: { stdout: string }) => expect(JSON.parse(r.stdout).summary.failOn).toBe('critical')],
    ['--min-confidence High', ['--min-confidence', 'High', '-f', 'json'], (r: { stdout: string }) => expect(JSON.parse(r.stdout).summary.findings).toBeGreaterThan(0)],
  ])('takes %s in any case', async (_what, args, check) => {
    const r = await runBin(['scan', 'leaky.csv', ...args], { cwd: dir });
    expect(r.code).toBe(1);
    check(r);
  });

  it.each([
    ['a value no case makes a choice', ['scan', 'leaky.csv', '-f', 'PDF'], /^leakgate: option '-f, --format <format>' argument 'PDF' is invalid\. Allowed choices are text, json, sarif, junit, csv, html\. \(see leakgate --help\)\n$/],
    ['a mistyped command', ['scna', 'leaky.csv'], /^leakgate: unknown command 'scna'; did you mean scan\? \(see leakgate --help\)\n$/],
    ['a mistyped command with nothing after it', ['explian'], /^leakgate: unknown command 'explian'; did you mean explain\? \(see leakgate --help\)\n$/],
    ['a mistyped subcommand', ['packs', 'lsit'], /^leakgate: unknown command 'lsit'; did you mean list\? \(see leakgate --help\)\n$/],
    ['a mistyped option, on one line', ['scan', 'leaky.csv', '--fromat', 'json'], /^leakgate: unknown option '--fromat'; did you mean --format\? \(see leakgate --help\)\n$/],
    ['a missing path like no command', ['cases.csv'], /^leakgate: no such file or directory: cases\.csv\n$/],
  ])('%s is exit 2 with one line', async (_what, args, message) => {
    const r = await runBin(args, { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  it('a file whose name is one edit from a command is scanned, not taken for a typo', async () => {
    const r = await runBin(['scnb'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/no findings in 1 file; passed/);
  });
});

describe('scan -q: the verdict on stderr, whatever the format', () => {
  const dir = tree({ 'leaky.csv': LEAKY });

  it.each([
    ['text', [], ''],
    ['json', ['-f', 'json'], 'json'],
    ['sarif', ['-f', 'sarif'], 'json'],
  ])('-q -f %s: one verdict line on stderr', async (_format, args, stdout) => {
    const r = await runBin(['scan', 'leaky.csv', '-q', ...args], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(VERDICT);
    if (stdout === 'json') expect(() => JSON.parse(r.stdout)).not.toThrow();
    else expect(r.stdout).toBe('');
  });

  it('-q with -o: the verdict on stderr, the text report in the file whole', async () => {
    const r = await runBin(['scan', 'leaky.csv', '-q', '-o', 'report.txt'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(VERDICT);
    const text = readFileSync(path.join(dir, 'report.txt'), 'utf8');
    expect(text).toMatch(/^leaky\.csv\nleaky\.csv:2:\d+ /);
    expect(text).toMatch(/FAILED \(--fail-on low\)\n$/);
  });
});

describe('scan --exit-code', () => {
  const dir = tree({ 'leaky.csv': LEAKY, 'phone.txt': 'call 07700 900123\n', 'clean.txt': 'nothing here\n', 'blob.bin': Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00, 0x10]) });

  it.each([
    ['findings', ['leaky.csv', '--exit-code', '3'], 3],
    ['findings, code 0 (report only)', ['leaky.csv', '--exit-code', '0'], 0],
    ['findings below --fail-on', ['phone.txt', '--exit-code', '3', '--fail-on', 'critical'], 0],
    ['no findings', ['clean.txt', '--exit-code', '3'], 0],
    ['a file that cannot be scanned: still 2', ['blob.bin', 'leaky.csv', '--exit-code', '3'], 2],
  ])('%s', async (_what, args, code) => {
    const r = await runBin(['scan', ...args], { cwd: dir });
    // the control: that scan does find something, only below the bar
    if (args[0] === 'phone.txt') expect(r.stdout).toMatch(/1 finding \(1 high\) in 1 of 1 file; passed\n$/);
    expect(r.code).toBe(code);
  });

  it.each([['2', /2 means the scan itself failed/], ['256', /from 0 to 255/], ['-1', /from 0 to 255/], ['x', /from 0 to 255/]])('--exit-code %s is refused (exit 2)', async (n, message) => {
    const r = await runBin(['scan', 'leaky.csv', `--exit-code=${n}`], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

describe('LEAKGATE_CONFIG', () => {
  const dir = tree({
    '.git/HEAD': 'ref: refs/heads/main\n',
    'leaky.csv': LEAKY,
    'ci/strict.json': JSON.stringify({ failOn: 'critical', disable: ['uk-identifiers.nino'] }),
    'other.json': JSON.stringify({ failOn: 'high' }),
  });

  it('names the config when no --config does; --config wins over it', async () => {
    const env = { LEAKGATE_CONFIG: 'ci/strict.json' };
    const r = await runBin(['scan', 'leaky.csv', '-f', 'json'], { cwd: dir, env });
    const report = JSON.parse(r.stdout);
    expect(report.config).toBe(path.join('ci', 'strict.json'));
    expect(report.summary).toMatchObject({ failOn: 'critical', findings: 1, failed: false });
    expect(r.code).toBe(0);
    const flag = await runBin(['scan', 'leaky.csv', '-f', 'json', '--config', 'other.json'], { cwd: dir, env });
    expect(JSON.parse(flag.stdout)).toMatchObject({ config: 'other.json', summary: { failOn: 'high', findings: 2 } });
    expect(flag.code).toBe(1);
  });

  it('a missing file is exit 2 naming the variable', async () => {
    const r = await runBin(['scan', 'leaky.csv'], { cwd: dir, env: { LEAKGATE_CONFIG: 'ci/missing.json' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('leakgate: ci/missing.json: no such config file (named by LEAKGATE_CONFIG)\n');
  });
});
