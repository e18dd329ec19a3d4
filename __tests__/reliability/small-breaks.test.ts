import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tree } from '../helpers/cli.js';
import { runBin } from '../helpers/bin.js';

// Issue 11, "smaller breaks" of the report and its output file, through the built CLI. Fiction only.
const CASES = 'name,phone\nMrs Orla Quennell,07700 900123\n';

describe('the verdict and the report file', () => {
  it('summary.failed is true, and the verdict says FAILED, when a file could not be scanned', async () => {
    const dir = tree({ 'clean.csv': 'id,note\n1,ok\n', 'broken.zip': 'PK\u0003\u0004 not a zip at all' });
    const json = await runBin(['scan', '.', '-f', 'json'], { cwd: dir });
    expect(json.code).toBe(2);
    const report = JSON.parse(json.stdout);
    expect(report.summary).toMatchObject({ findings: 0, errors: 1, failed: true });
    expect(json.stderr).toMatch(/FAILED/);
    const sarif = JSON.parse((await runBin(['scan', '.', '-f', 'sarif'], { cwd: dir })).stdout);
    expect(sarif.runs[0].properties.failed).toBe(true);
    expect(sarif.runs[0].invocations[0].executionSuccessful).toBe(false);
  });

  it('-o inside the scanned bundle with --show-values is refused before anything is scanned or written', async () => {
    const dir = tree({ 'bundle/cases.csv': CASES });
    for (const out of ['bundle/report.json', 'bundle/sub/../report.csv']) {
      const r = await runBin(['scan', 'bundle', '--show-values', '-o', out], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^leakgate: -o .* is inside what is scanned, and --show-values puts raw personal data in the report/);
      expect(existsSync(path.join(dir, 'bundle/report.json'))).toBe(false);
    }
    // outside the bundle it is written
    const outside = await runBin(['scan', 'bundle', '--show-values', '-o', 'report.json'], { cwd: dir });
    expect(outside.code).toBe(1);
  });

  it('-o inside the scanned bundle is never scanned itself: the next run scans the same files', async () => {
    const dir = tree({ 'bundle/cases.csv': CASES });
    const first = await runBin(['scan', 'bundle', '-o', 'bundle/report.json'], { cwd: dir });
    expect(first.code).toBe(1);
    const second = await runBin(['scan', 'bundle', '-f', 'json', '-o', 'bundle/report.json'], { cwd: dir });
    expect(second.code).toBe(1);
    const report = JSON.parse(readFileSync(path.join(dir, 'bundle/report.json'), 'utf8'));
    expect(report.summary.files).toBe(1);
    expect(report.findings.map((f: { file: string }) => f.file)).not.toContain('bundle/report.json');
    // and it says so: nothing in scope is passed over without a line in the report
    expect(report.warnings).toEqual([{ file: 'bundle/report.json', code: 'EOUTPUT', message: "this run's own report (-o): not scanned" }]);
  });

  it.each([
    ['a folder that does not exist', (dir: string) => path.join(dir, 'missing', 'report.json'), /the folder .* does not exist/],
    ['a folder', (dir: string) => dir, /is a folder: give a file name/],
    // root may write anywhere access(2) is asked about; /sys refuses new files even to root
    ['a place that cannot be written', () => '/sys/leakgate-report.json', /cannot write there \(E(?:ACCES|PERM|ROFS)\)/],
  ])('-o into %s: a clear message and exit 2 before the scan, never "internal error"', async (_what, out, message) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'leakgate-out-'));
    // the scan reads standard input, which is never closed: only an -o checked first can end the run
    const r = await runBin(['scan', '-', '--stdin-filename', 'cases.csv', '-o', out(dir)], { cwd: dir, keepStdinOpen: true, timeoutMs: 30000 });
    expect(r.hung).toBe(false);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/internal error/);
  });
});
