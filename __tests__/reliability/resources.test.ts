import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { testConfigHome, tree } from '../helpers/cli.js';
import { bin, runBin } from '../helpers/bin.js';

// Issue 11, "resources and hangs", through the built CLI in a process of its own: memory that
// grew with the number of findings (out of heap, exit 134), a spinner that never stopped on a
// terminal of 0 columns, and user regexes outside rules that ran unguarded. Fiction only.

/** `n` rows of Ofcom drama mobile numbers under a "phone" header: one finding per row. */
function phones(n: number): string {
  const rows: string[] = ['phone'];
  for (let i = 0; i < n; i++) rows.push(`07700 900${String(i % 1000).padStart(3, '0')}`);
  return `${rows.join('\n')}\n`;
}

describe('memory does not grow with the number of findings', () => {
  // 100,000 findings under a 64 MB heap: the old report, built in memory, needed about 230 MB
  const ROWS = 100000;
  let dir: string;
  beforeAll(() => {
    dir = tree({ 'phones.csv': phones(ROWS) });
  });

  it.each(['json', 'sarif'])('a %s report of 100,000 findings is written whole under a 64 MB heap: exit 1, a valid document', async (format) => {
    const out = path.join(dir, '..', `${path.basename(dir)}.${format}`);
    const r = await runBin(['scan', 'phones.csv', '-f', format, '-o', out, '-j', '1'], { cwd: dir, node: ['--max-old-space-size=64'], timeoutMs: 300000 });
    expect(r.hung).toBe(false);
    // never 134 (out of heap) or any code outside the three documented ones
    expect([r.code, r.signal, r.stderr.slice(0, 300)]).toEqual([1, null, expect.stringMatching(/^leakgate: 100001 findings/)]);
    const doc = JSON.parse(readFileSync(out, 'utf8'));
    const results = format === 'json' ? doc.findings : doc.runs[0].results;
    expect(results).toHaveLength(ROWS + 1);
  });

  it('every format of a run with many findings is valid, in file, line, column order, and the exit code stays 1', async () => {
    const small = tree({ 'b.csv': phones(3000), 'a.csv': phones(2000), 'c/x.csv': phones(1000) });
    const json = await runBin(['scan', '.', '-f', 'json'], { cwd: small });
    expect(json.code).toBe(1);
    const findings = JSON.parse(json.stdout).findings as { file: string; line: number; column: number }[];
    expect(findings).toHaveLength(6003);
    const sorted = [...findings].sort((x, y) => (x.file < y.file ? -1 : x.file > y.file ? 1 : x.line - y.line || x.column - y.column));
    expect(findings).toEqual(sorted);
    const junit = await runBin(['scan', '.', '-f', 'junit'], { cwd: small });
    expect(junit.code).toBe(1);
    expect(XMLValidator.validate(junit.stdout)).toBe(true);
    expect(junit.stdout.match(/<failure /g)).toHaveLength(6003);
    const csv = await runBin(['scan', '.', '-f', 'csv'], { cwd: small });
    expect(csv.stdout.trimEnd().split('\r\n')).toHaveLength(6004);
    const html = await runBin(['scan', '.', '-f', 'html'], { cwd: small });
    // the page draws its list from the rows it embeds, one per finding
    const data = /<script type="application\/json" id="leakgate-data">(.*?)<\/script>/s.exec(html.stdout)?.[1];
    expect(JSON.parse(data ?? '{}').findings).toHaveLength(6003);
    expect(html.stdout.endsWith('</html>\n')).toBe(true);
  });
});

describe('the spinner on a terminal of 0 columns', () => {
  it('stays off (or works): the scan ends, as under `script -c` from cron', () => {
    const which = spawnSync('script', ['--version'], { encoding: 'utf8' });
    // util-linux's script gives the scan a pseudo-terminal; without it this case cannot run
    if (which.error) throw new Error('`script` (util-linux) is not installed: the 0-column terminal case cannot run');
    const dir = tree({ 'cases.csv': 'name,phone\nMrs Orla Quennell,07700 900123\n' });
    const command = `stty cols 0 rows 0; exec "${process.execPath}" "${bin}" scan . > /dev/null`;
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', XDG_CONFIG_HOME: testConfigHome(), TERM: 'xterm' };
    const r = spawnSync('script', ['-qfec', command, '/dev/null'], { cwd: dir, env, encoding: 'utf8', timeout: 60000, maxBuffer: 64 * 1024 * 1024 });
    // a spinner dividing by 0 columns clears lines for ever: the old build was killed here
    expect(r.signal).toBeNull();
    expect(r.status).toBe(1);
  });
});

describe('every user regex runs under the time budget', () => {
  // Catastrophic on a long run of digits, with a back-reference the load-time analysis cannot
  // judge: it backtracked for 592 s on seven 61-digit headers before (issue 11).
  const HOSTILE = '(\\d{1,9}){1,9}\\1x';
  const DIGITS = '1'.repeat(61);
  const pack = (entry: object): string => JSON.stringify({ id: 'hostile', version: '1.0.0', description: 'a pack with a regex that backtracks', ...entry });

  // seven keys of 61 digits (and a digit), each holding what the entry is tested on
  const keys = (value: unknown): string => JSON.stringify(Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`${DIGITS}${i}`, value])));
  it.each([
    ['a field rule\'s name (fields[].name)', { fields: [{ id: 'hostile.name', description: 'x', name: HOSTILE, category: 'person-name' }] }, keys('x')],
    ['a field rule\'s within', { fields: [{ id: 'hostile.within', description: 'x', name: '^zzcode$', within: HOSTILE, category: 'phone' }] }, keys({ zzcode: 'x' })],
    ['an allow entry\'s text', { allow: [{ id: 'hostile.allow', description: 'x', text: HOSTILE }] }, keys(`call 07700 900123 ${DIGITS}`)],
  ])('%s: the file is an error (exit 2), not a hang', async (_what, entry, data) => {
    const dir = tree({ 'pack.json': pack(entry), 'data.json': data });
    const r = await runBin(['scan', 'data.json', '-p', 'pack.json', '-f', 'json'], { cwd: dir, timeoutMs: 120000 });
    expect(r.hung).toBe(false);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).errors).toEqual([expect.objectContaining({ file: 'data.json', code: 'ETIMEOUT' })]);
  });

  // a config's regexes are not analysed at load at all: the budget is what holds them
  const A = 'a'.repeat(40);
  it.each([
    ['allow.patterns (tested on a value)', { patterns: [{ value: '^(a+)+$' }] }],
    ['allow.fields (tested on a field name)', { fields: ['^(a+)+$'] }],
  ])('a config\'s %s: the file is an error (exit 2), not a hang', async (_what, allow) => {
    const dir = tree({ '.leakgate.json': JSON.stringify({ allow }), 'data.json': JSON.stringify({ [`${A}1`]: `${A}@example.com` }) });
    const r = await runBin(['scan', 'data.json', '-f', 'json'], { cwd: dir, timeoutMs: 120000 });
    expect(r.hung).toBe(false);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).errors).toEqual([expect.objectContaining({ file: 'data.json', code: 'ETIMEOUT' })]);
  });
});
