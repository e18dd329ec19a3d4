import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { cli, tree } from '../helpers/cli.js';

// Fiction only: an Ofcom drama mobile number, an example.com address, invented identifiers
// that pass their checks (NINO prefix rules, NHS modulus 11).
const LEAKY_CSV = 'Reference,Victim name,Contact number,Notes\nASB/24/1,Mrs Jane Example,07700 900123,"NI number JM 45 67 89 C, NHS number 401 023 4563"\n';
const CLEAN_CSV = 'Crime ID,Month,Location\n,2024-03,On or near Church Road\n';
const HIGH_ONLY = 'Notes\ncall 07700 900123\n';

describe('leakgate scan: exit codes and output', () => {
  const dir = tree({
    'leaky.csv': LEAKY_CSV,
    'clean.csv': CLEAN_CSV,
    'high-only.txt': HIGH_ONLY,
    'blob.bin': Buffer.from([0x50, 0x4b, 0x00, 0x01, 0x02, 0x00, 0xff, 0x10]),
    'nested/deeper/leak.json': '{"victim": {"name": "Jane Example", "email": "jane@example.com"}}',
  });

  it.each([
    ['a clean file passes', ['scan', 'clean.csv'], 0, /no findings in 1 file; passed/],
    ['a leaky file fails', ['scan', 'leaky.csv'], 1, /FAILED \(--fail-on low\)/],
    ['--fail-on critical ignores a high finding', ['scan', 'high-only.txt', '--fail-on', 'critical'], 0, /1 finding \(1 high\).*passed/],
    ['--fail-on high fails on it', ['scan', 'high-only.txt', '--fail-on', 'high'], 1, /FAILED \(--fail-on high\)/],
    ['--fail-on none never fails on findings', ['scan', 'leaky.csv', '--fail-on', 'none'], 0, /passed \(--fail-on none\)/],
    ['a folder is scanned recursively', ['scan', '.', '--exclude', 'blob.bin'], 1, /nested\/deeper\/leak\.json:1:\d+ high +email/],
    ['a glob picks files', ['scan', '*.csv'], 1, /leaky\.csv/],
    ['a binary file is an error, not silence', ['scan', 'blob.bin'], 2, /error blob\.bin: a binary file .*\(EFORMAT\)/],
  ])('%s', async (_name, argv, code, out) => {
    const r = await cli(argv, { cwd: dir });
    expect(r.code).toBe(code);
    expect(r.stdout + r.stderr).toMatch(out);
  });

  it.each([
    ['an unknown flag', ['scan', '--bogus'], /^leakgate: unknown option '--bogus' \(see leakgate --help\)\n$/],
    ['a missing path', ['scan', 'missing.csv'], /^leakgate: no such file or directory: missing\.csv\n$/],
    ['a glob matching nothing', ['scan', 'nothing-*.csv'], /^leakgate: no files match nothing-\*\.csv\n$/],
    ['a bad --fail-on', ['scan', '.', '--fail-on', 'severe'], /argument 'severe' is invalid/],
    ['a bad --format', ['scan', '.', '--format', 'pdf'], /argument 'pdf' is invalid/],
    ['a bad --jobs', ['scan', '.', '-j', '0'], /--jobs must be a whole number/],
    ['no rules at all', ['scan', '.', '--no-default-packs'], /no rules to run/],
    ['an unknown pack', ['scan', '.', '--pack', 'no-such-pack'], /no such pack/],
  ])('usage error: %s → exit 2 with one line', async (_name, argv, message) => {
    const r = await cli(argv, { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });

  it("names a folder's files by their path from the working folder, however the folder is named", async () => {
    const files = async (cwd: string, ...paths: string[]): Promise<string[]> => {
      const r = await cli(['scan', ...paths, '--exclude', 'blob.bin', '--format', 'json'], { cwd });
      return [...new Set((JSON.parse(r.stdout).findings as { file: string }[]).map((f) => f.file))];
    };
    for (const named of ['nested', './nested/', 'nested/deeper', path.join(dir, 'nested')]) expect(await files(dir, named)).toEqual(['nested/deeper/leak.json']);
    const deeper = path.join(dir, 'nested', 'deeper');
    expect(await files(deeper, '.')).toEqual(['leak.json']);
    expect(await files(deeper, '../..')).toEqual(['../../high-only.txt', '../../leaky.csv', 'leak.json']);
  });

  it('exits 2 and names a file that cannot be read, while reporting the rest', async () => {
    // /proc/self/mem is a regular file whose read fails (EIO), even for root
    const r = await cli(['scan', 'leaky.csv', '/proc/self/mem', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout);
    expect(report.errors).toEqual([expect.objectContaining({ code: 'EUNREADABLE', message: expect.stringMatching(/cannot read/) })]);
    expect(report.errors[0].file).toMatch(/proc\/self\/mem$/);
    expect(report.summary.findings).toBeGreaterThan(0);
  });

  it('masks values unless --show-values, in text and JSON', async () => {
    for (const format of ['text', 'json']) {
      const masked = await cli(['scan', 'leaky.csv', '--format', format], { cwd: dir });
      for (const raw of ['Jane Example', '07700 900123', 'JM 45 67 89 C', '401 023 4563']) expect(masked.stdout + masked.stderr).not.toContain(raw);
      expect(masked.stdout).toContain('JM ** ** ** C');
      const shown = await cli(['scan', 'leaky.csv', '--format', format, '--show-values'], { cwd: dir });
      expect(shown.stdout).toContain('JM 45 67 89 C');
    }
  });

  it('writes the report to -o without changing the exit code, the verdict on stderr', async () => {
    const plain = await cli(['scan', 'leaky.csv'], { cwd: dir });
    const out = path.join(dir, 'report.json');
    const written = await cli(['scan', 'leaky.csv', '-o', out], { cwd: dir });
    expect(written.code).toBe(plain.code);
    expect(written.stdout).toBe('');
    expect(written.stderr).toMatch(/^leakgate: \d+ findings .*FAILED/);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.summary.failed).toBe(true);
    const txt = path.join(dir, 'report.txt');
    await cli(['scan', 'leaky.csv', '-o', txt], { cwd: dir });
    expect(readFileSync(txt, 'utf8')).toMatch(/^leaky\.csv\nleaky\.csv:1:/);
  });

  it('prints only the verdict with --quiet, on stderr', async () => {
    const r = await cli(['scan', 'leaky.csv', '-q'], { cwd: dir });
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^leakgate: \d+ findings/);
  });

  it('scans standard input under --stdin-filename, in that format', async () => {
    const r = await cli(['scan', '-', '--stdin-filename', 'export.csv', '--format', 'json'], { cwd: dir, stdin: LEAKY_CSV });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    const name = report.findings.find((f: { category: string }) => f.category === 'person-name');
    expect(name).toMatchObject({ file: 'export.csv', line: 2, column: 10, field: 'Victim name', masked: 'M** J*** E******' });
  });

  it('colours only a terminal, honouring NO_COLOR and FORCE_COLOR', async () => {
    const ansi = /\u001b\[/;
    expect((await cli(['scan', 'leaky.csv'], { cwd: dir })).stdout).not.toMatch(ansi);
    expect((await cli(['scan', 'leaky.csv'], { cwd: dir, tty: true })).stdout).toMatch(ansi);
    expect((await cli(['scan', 'leaky.csv'], { cwd: dir, tty: true, env: { NO_COLOR: '1' } })).stdout).not.toMatch(ansi);
    expect((await cli(['scan', 'leaky.csv', '--no-color'], { cwd: dir, tty: true })).stdout).not.toMatch(ansi);
    expect((await cli(['scan', 'leaky.csv'], { cwd: dir, env: { FORCE_COLOR: '1' } })).stdout).toMatch(ansi);
  });

  it('prints help (exit 0) and, with no arguments, help on stderr (exit 2)', async () => {
    const help = await cli(['scan', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--fail-on <severity>/);
    expect(help.stdout).toMatch(/Exit codes:\n {2}0 {2}nothing found/);
    const bare = await cli([]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/Usage: leakgate/);
  });

  it('never writes into the scanned folder', async () => {
    await cli(['scan', '.'], { cwd: dir });
    expect(existsSync(path.join(dir, 'leakgate-report.json'))).toBe(false);
  });
});

describe('the JSON report contract', () => {
  it('has exactly the keys of DESIGN.md, findings sorted by file, line, column', async () => {
    const dir = tree({ 'b.csv': LEAKY_CSV, 'a.txt': HIGH_ONLY });
    const r = await cli(['scan', '.', '--format', 'json'], { cwd: dir });
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report)).toEqual(['version', 'tool', 'config', 'summary', 'findings', 'errors', 'warnings']);
    expect(report.version).toBe(1);
    // the config in use, or null (none found up to the project root)
    expect(report.config).toBeNull();
    expect(report.tool.name).toBe('leakgate');
    expect(Object.keys(report.summary)).toEqual(['files', 'bytes', 'findings', 'errors', 'warnings', 'suppressed', 'failOn', 'failed', 'durationMs']);
    expect(report.summary).toMatchObject({ files: 2, findings: report.findings.length, errors: 0, failOn: 'low', failed: true });
    for (const f of report.findings) {
      expect(Object.keys(f).filter((k) => k !== 'field')).toEqual(['ruleId', 'category', 'severity', 'confidence', 'file', 'line', 'column', 'masked', 'fingerprint']);
      expect(f.fingerprint).toMatch(/^hmac-sha256:[A-Za-z0-9_-]{43}$/);
    }
    const order = report.findings.map((f: { file: string; line: number; column: number }) => [f.file, f.line, f.column]);
    const sorted = [...order].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] - y[1] || x[2] - y[2]));
    expect(order).toEqual(sorted);
  });
});

describe('packs and explain', () => {
  it('packs test runs every example of every built-in pack', async () => {
    const r = await cli(['packs', 'test']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ok: \d+ packs, \d+ rules, \d+ field names, \d+ examples, 0 failing\n$/);
  });

  it('packs list names the built-in packs', async () => {
    const r = await cli(['packs', 'list']);
    for (const id of ['uk-identifiers', 'uk-contact', 'uk-financial', 'field-names', 'police-uk-public']) expect(r.stdout).toMatch(new RegExp(`^${id} `, 'm'));
  });

  it('explain describes a rule, and exits 2 for an unknown one', async () => {
    const r = await cli(['explain', 'uk-identifiers.nino']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^uk-identifiers\.nino \(pack uk-identifiers; formerly uk\.nino\): nino, critical/);
    expect(r.stdout).toMatch(/Why it matters:/);
    const bad = await cli(['explain', 'no.such.rule']);
    expect(bad.code).toBe(2);
  });

  it('a broken user pack is exit 2 naming the file and the rule', async () => {
    const dir = tree({ 'bad.json': JSON.stringify({ id: 'force', version: '1', description: 'd', rules: [{ id: 'force.ref', category: 'crime-reference', description: 'd', pattern: '(', examples: { match: ['x'], noMatch: [] } }] }) });
    const r = await cli(['scan', '.', '--pack', 'bad.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.json rule force\.ref \(pattern\): invalid regular expression/);
  });

  it("a user pack's rule finds its identifier", async () => {
    const pack = { id: 'force', version: '1.0.0', description: 'd', rules: [{ id: 'force.custody', category: 'crime-reference', description: 'custody record', pattern: '\\bCR-\\d{6}\\b', examples: { match: ['CR-123456'], noMatch: ['CR-12'] } }] };
    const dir = tree({ 'force.json': JSON.stringify(pack), 'data/notes.txt': 'Custody record CR-654321 opened.\n' });
    const r = await cli(['scan', 'data', '--pack', 'force.json', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).findings).toEqual([expect.objectContaining({ ruleId: 'force.custody', line: 1, column: 16 })]);
  });
});
