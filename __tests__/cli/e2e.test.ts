import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

// The built CLI as a user runs it (npm test builds dist/ first).
const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'bin/leakgate.js');
const planted: string[] = JSON.parse(readFileSync(path.join(root, '__tests__/fixtures/leaky-bundle-planted.json'), 'utf8')).values;

function leakgate(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', CI: 'true' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the CLI as a subprocess on examples/', () => {
  it('passes the clean bundle (exit 0)', () => {
    const r = leakgate('scan', 'examples/clean-bundle');
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^leakgate: no findings in 4 files, \d+ suppressed; passed\n$/);
    expect(r.status).toBe(0);
  });

  it('fails the leaky bundle (exit 1) with every kind of planted data found', () => {
    const r = leakgate('scan', 'examples/leaky-bundle', '--format', 'json');
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout);
    const categories = new Set(report.findings.map((f: { category: string }) => f.category));
    for (const c of ['sensitive-field', 'person-name', 'address', 'date-of-birth', 'phone', 'email', 'nino', 'nhs-number', 'bank-account', 'payment-card', 'pnc-id', 'passport', 'vehicle-registration', 'iban', 'ip-address']) {
      expect(categories).toContain(c);
    }
    // the hidden input, the comment and the table cell of the HTML page
    const html = report.findings.filter((f: { file: string }) => f.file.endsWith('local-priorities.html'));
    expect(html.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(['comment', 'input[complainant_phone]@value']));
    expect(r.stderr).toMatch(/FAILED/);
  });

  it.each(['text', 'json'])('never prints a planted value raw in %s output', (format) => {
    const r = leakgate('scan', 'examples/leaky-bundle', '--format', format, '--verbose');
    const out = r.stdout + r.stderr;
    expect(out.length).toBeGreaterThan(1000);
    for (const value of planted) expect(out).not.toContain(value);
  });

  it('prints them with --show-values (so the check above can fail)', () => {
    const r = leakgate('scan', 'examples/leaky-bundle', '--show-values');
    const shown = planted.filter((v) => r.stdout.includes(v));
    expect(shown.length).toBeGreaterThan(planted.length / 2);
  });

  it('exits 2 with a one-line message on a usage error', () => {
    const r = leakgate('scan', 'examples/no-such-bundle');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('leakgate: no such file or directory: examples/no-such-bundle\n');
  });
});
