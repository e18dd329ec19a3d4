import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runBin } from '../helpers/bin.js';
import { tree } from '../helpers/cli.js';

// Issue 17: `.leakgateignore`, as gitleaks users expect. Gitignore patterns in the scanned root's
// and the repository's ignore file take paths out of scope; a fingerprint line ignores one
// finding, wherever its row moves. What is ignored is counted in the summary, never silently.
// All through the built CLI.

const KEY = { LEAKGATE_KEY: 'ignore-file-test-key-0123456789abcdef' };

interface Summary {
  files: number;
  findings: number;
  ignored?: { files: number; findings: number; by: string[] };
}
interface Report {
  summary: Summary;
  findings: { file: string; line: number; category: string; fingerprint: string }[];
  errors: { code: string }[];
}

async function scanJson(cwd: string, args: string[]): Promise<{ code: number | null; report: Report; stderr: string }> {
  const r = await runBin(['scan', ...args, '-f', 'json'], { cwd, env: KEY });
  return { code: r.code, report: JSON.parse(r.stdout) as Report, stderr: r.stderr };
}

const row = (email: string): string => `Ref,Email\nR1,${email}\n`;

function git(repo: string, ...args: string[]): void {
  execFileSync('git', args, { cwd: repo, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } });
}

describe('.leakgateignore', () => {
  test('gitignore patterns in the scanned folder leave files out, and the summary counts them', async () => {
    const dir = tree({
      'bundle/a.csv': row('jane.doe@example.com'),
      'bundle/drafts/d.csv': row('john.roe@example.com'),
      'bundle/drafts/keep.csv': row('ann.lee@example.com'),
      'bundle/old.bak': row('sam.poe@example.com'),
      'bundle/.leakgateignore': '# work in progress\ndrafts/*\n!drafts/keep.csv\n*.bak\n',
    });
    const { code, report } = await scanJson(dir, ['bundle']);
    expect(code).toBe(1);
    expect([...new Set(report.findings.map((f) => f.file))]).toEqual(['bundle/a.csv', 'bundle/drafts/keep.csv']);
    expect(report.summary.ignored).toEqual({ files: 2, findings: 0, by: ['bundle/.leakgateignore'] });
    const text = await runBin(['scan', 'bundle'], { cwd: dir, env: KEY });
    expect(text.stdout).toMatch(/in 2 of 3 files, ignored: 2 files by \.leakgateignore; FAILED/);
  });

  test('without an ignore file the summary says nothing of it (control)', async () => {
    const dir = tree({ 'bundle/a.csv': row('jane.doe@example.com'), 'bundle/drafts/d.csv': row('john.roe@example.com') });
    const { report } = await scanJson(dir, ['bundle']);
    expect(report.summary.ignored).toBeUndefined();
    expect(report.findings.map((f) => f.file)).toContain('bundle/drafts/d.csv');
  });

  test('a fingerprint line ignores that one finding, even after its row moves; a new value is reported', async () => {
    const dir = tree({ 'bundle/a.csv': 'Ref,Email\nR1,jane.doe@example.com\nR2,john.roe@example.com\n' });
    const before = await scanJson(dir, ['bundle']);
    const jane = before.report.findings.find((f) => f.category === 'email' && f.line === 2)!;
    expect(jane.fingerprint).toMatch(/^hmac-sha256:/);
    // --verbose shows the fingerprint to copy
    expect((await runBin(['scan', 'bundle', '--verbose'], { cwd: dir, env: KEY })).stdout).toContain(`fingerprint ${jane.fingerprint}`);
    writeFileSync(path.join(dir, 'bundle/.leakgateignore'), `# agreed with the data owner\n${jane.fingerprint}\n`);
    // the row moves down two lines
    writeFileSync(path.join(dir, 'bundle/a.csv'), 'Ref,Email\nR0,\nR2,john.roe@example.com\nR1,jane.doe@example.com\n');
    const after = await scanJson(dir, ['bundle']);
    expect(after.report.findings.filter((f) => f.category === 'email').map((f) => f.line)).toEqual([3]);
    expect(after.report.summary.ignored).toMatchObject({ files: 0, findings: 1 });
    // the same line with another value is a finding again
    writeFileSync(path.join(dir, 'bundle/a.csv'), 'Ref,Email\nR0,\nR2,john.roe@example.com\nR1,jane.roe@example.com\n');
    expect((await scanJson(dir, ['bundle'])).report.findings.filter((f) => f.category === 'email').map((f) => f.line)).toEqual([3, 4]);
  });

  test("the repository's ignore file applies to files named one by one (a hook) and to --staged; a deeper one decides", async () => {
    const repo = tree({
      '.leakgateignore': 'fixtures/\n',
      'fixtures/people.csv': row('jane.doe@example.com'),
      'site/b.csv': row('john.roe@example.com'),
      'site/fixtures/kept.csv': row('ann.lee@example.com'),
      'site/.leakgateignore': '!fixtures/\n',
    });
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'add', '-A');
    const named = await scanJson(repo, ['fixtures/people.csv', 'site/b.csv']);
    expect([named.code, [...new Set(named.report.findings.map((f) => f.file))], named.report.summary.ignored?.files]).toEqual([1, ['site/b.csv'], 1]);
    // --staged scans the repository: only its own ignore file is in play (`fixtures/` anywhere)
    const staged = await scanJson(repo, ['--staged']);
    expect([...new Set(staged.report.findings.map((f) => f.file))]).toEqual(['site/b.csv']);
    expect(staged.report.summary.ignored?.files).toBe(2);
    // the site's own file un-ignores its fixtures/ folder: the deeper file decides
    const site = await scanJson(repo, ['site']);
    expect([...new Set(site.report.findings.map((f) => f.file))]).toEqual(['site/b.csv', 'site/fixtures/kept.csv']);
  });

  test('every file ignored: exit 0 and said, not an empty upload', async () => {
    const dir = tree({ 'bundle/a.csv': row('jane.doe@example.com'), 'bundle/.leakgateignore': '*\n' });
    const r = await runBin(['scan', 'bundle'], { cwd: dir, env: KEY });
    expect([r.code, r.stdout]).toEqual([0, expect.stringMatching(/no findings in 0 files, ignored: 2 files by \.leakgateignore; passed/)]);
  });

  test('an ignore file that cannot be read is an error (exit 2), before anything is scanned', async () => {
    const dir = tree({ 'bundle/a.csv': row('jane.doe@example.com') });
    mkdirSync(path.join(dir, 'bundle/.leakgateignore'));
    const r = await runBin(['scan', 'bundle'], { cwd: dir, env: KEY });
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('cannot read bundle/.leakgateignore')]);
  });

  test('redact copies ignored files as they are, unread and said, and the copy passes the gate', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    const dir = tree({ 'bundle/a.csv': row('jane.doe@example.com'), 'bundle/drafts/d.csv': row('john.roe@example.com'), 'bundle/logo.png': png, 'bundle/.leakgateignore': 'drafts/\n*.png\n' });
    const r = await runBin(['redact', 'bundle', '--out', 'copy'], { cwd: dir, env: KEY });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^copied +copy\/drafts\/d\.csv \(ignored by \.leakgateignore, not scanned\)$/m);
    expect(r.stdout).toMatch(/^copied +copy\/logo\.png \(ignored by \.leakgateignore, not scanned\)$/m);
    expect(readFileSync(path.join(dir, 'copy/drafts/d.csv'), 'utf8')).toBe(row('john.roe@example.com'));
    expect(readFileSync(path.join(dir, 'copy/logo.png')).equals(png)).toBe(true);
    expect(readFileSync(path.join(dir, 'copy/a.csv'), 'utf8')).not.toContain('jane.doe');
    const gate = await scanJson(dir, ['copy']);
    expect([gate.code, gate.report.summary.ignored?.files]).toEqual([0, 2]);
  });

  test('the parallel path ignores the same files and findings', async () => {
    const files: Record<string, string> = { 'bundle/.leakgateignore': 'skip-*.csv\n' };
    for (let i = 0; i < 6; i++) files[`bundle/f${i}.csv`] = row(`person${i}@example.com`);
    for (let i = 0; i < 3; i++) files[`bundle/skip-${i}.csv`] = row(`other${i}@example.com`);
    const dir = tree(files);
    const one = await scanJson(dir, ['bundle', '--jobs', '1']);
    writeFileSync(path.join(dir, 'bundle/.leakgateignore'), `skip-*.csv\n${one.report.findings[0]!.fingerprint}\n`);
    const serial = await scanJson(dir, ['bundle', '--jobs', '1']);
    const parallel = await scanJson(dir, ['bundle', '--jobs', '2', '--parallel-min-bytes', '1']);
    expect(serial.report.summary.ignored).toEqual({ files: 3, findings: 1, by: ['bundle/.leakgateignore'] });
    expect(parallel.report.summary.ignored).toEqual(serial.report.summary.ignored);
    expect(parallel.report.findings).toEqual(serial.report.findings);
    expect(readFileSync(path.join(dir, 'bundle/.leakgateignore'), 'utf8')).toContain('hmac-sha256:');
  });
});
