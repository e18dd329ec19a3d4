import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isSmallRun, SMALL_RUN_BYTES } from '../../src/cli/small-run.js';
import { bin, root, runBin, spawnNode } from '../helpers/bin.js';
import { testConfigHome, tree } from '../helpers/cli.js';
import type { Io } from '../../src/cli/io.js';
import { runScan } from '../../src/cli/scan-command.js';

// Start-up (issue 16): the built CLI runs from the code cache the build made (dist/cli.cache).
// V8 takes a cache only under the V8 flags that made it, so a flag set by bin/ and not by the
// build's training run costs every run the compile of the whole script.
describe('the built CLI starts from its code cache', () => {
  it('uses dist/cli.cache on a scan run as installed (--debug says so)', async () => {
    const r = await runBin(['scan', 'examples/leaky-bundle/asb-priorities.csv', '--debug', '-q'], { cwd: root });
    expect(r.stderr).toContain('leakgate: code cache used\n');
    expect(r.code).toBe(1);
  });

  it('says when it was not used, and scans all the same', async () => {
    // a V8 flag of the user's own changes what the cache was made under
    const r = await runBin(['scan', 'examples/leaky-bundle/asb-priorities.csv', '--debug', '-q'], { cwd: root, node: ['--no-lazy-feedback-allocation'] });
    expect(r.stderr).toContain('leakgate: code cache not used: dist/cli.js compiled from source\n');
    expect(r.stderr).toContain('leakgate: 21 findings');
    expect(r.code).toBe(1);
  });
});

// bin/cached-script.js reads the script and its cache into one buffer: a cache that is missing,
// cut short or made for another script must leave the scan as it is, compiled from source.
describe('the built CLI without a usable code cache', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'leakgate-cache-'));
    cpSync(path.join(root, 'bin'), path.join(dir, 'bin'), { recursive: true });
    mkdirSync(path.join(dir, 'dist'));
    copyFileSync(path.join(root, 'dist/cli.js'), path.join(dir, 'dist/cli.js'));
    for (const p of ['dist/vendor', 'dist/generated', 'patterns', 'package.json']) symlinkSync(path.join(root, p), path.join(dir, p));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const cases: [string, () => void][] = [
    ['missing', () => rmSync(path.join(dir, 'dist/cli.cache'), { force: true })],
    ['cut short', () => writeFileSync(path.join(dir, 'dist/cli.cache'), readFileSync(path.join(root, 'dist/cli.cache')).subarray(0, 5000))],
    ['made for another script', () => copyFileSync(path.join(root, 'dist/scan-worker.cache'), path.join(dir, 'dist/cli.cache'))],
  ];
  it('fails closed, naming the file, when the word lists are missing', async () => {
    rmSync(path.join(dir, 'dist/generated'));
    try {
      const r = await spawnNode([path.join(dir, 'bin/leakgate.js'), 'scan', 'examples/leaky-bundle/asb-priorities.csv', '-q'], { cwd: root });
      expect(r.stderr).toMatch(/dist\/generated\/word-lists\.txt.*word list [a-z-]+ missing; reinstall leakgate/);
      expect(r.code).toBe(2);
    } finally {
      symlinkSync(path.join(root, 'dist/generated'), path.join(dir, 'dist/generated'));
    }
  });

  it.each(cases)('scans the same when the cache is %s', async (_, make) => {
    make();
    const r = await spawnNode([path.join(dir, 'bin/leakgate.js'), 'scan', 'examples/leaky-bundle/asb-priorities.csv', '--debug', '-q'], { cwd: root });
    expect(r.stderr).toContain('leakgate: code cache not used: dist/cli.js compiled from source\n');
    expect(r.stderr).toContain('leakgate: 21 findings');
    expect(r.code).toBe(1);
  });
});

// bin/load-cli.js loads node:fs/promises and its kin before V8's flags unless the arguments name
// only small files, which a scan reads without them: a guess for speed that never changes a scan.
describe("the Node modules loaded before V8's flags", () => {
  const { namesOnlySmallFiles } = createRequire(import.meta.url)('../../bin/load-cli.js') as { namesOnlySmallFiles: (args: string[]) => boolean };
  let dir: string;
  beforeAll(() => {
    dir = tree({ 'small.csv': 'a,b\n', 'big.csv': 'x'.repeat(256 * 1024 + 1), 'folder/a.csv': 'a\n' });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each<[string, string[], boolean]>([
    ['a small file, with options and their values: left out', ['scan', 'small.csv', '-f', 'json', '-o', '/dev/null'], true],
    ['a file over 256 KiB: loaded', ['scan', 'small.csv', 'big.csv'], false],
    ['a folder: loaded', ['scan', 'folder'], false],
    ['standard input: loaded', ['scan', '-', 'small.csv'], false],
    ['no file: loaded', ['scan'], false],
    ['a glob: loaded', ['scan', '*.csv'], false],
  ])('%s: %s', (_, args, small) => {
    expect(namesOnlySmallFiles(args.map((a) => (a.endsWith('.csv') || a === 'folder' ? path.join(dir, a) : a)))).toBe(small);
  });
});

// When the first argument names a command, only that command is made (src/cli/run.ts): its
// parsing, help and errors must be what they are with every command made.
describe('the command named first, made alone', () => {
  const all = ['scan', 'packs', 'merge', 'explain', 'baseline', 'redact', 'init', 'allow'];

  it('--help and a path for the default scan still know every command', async () => {
    const help = await runBin(['--help'], { cwd: root });
    expect(help.code).toBe(0);
    for (const c of all) expect(help.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
    const scan = await runBin(['examples/leaky-bundle/asb-priorities.csv', '-q'], { cwd: root });
    expect(scan.stderr).toContain('leakgate: 21 findings');
    expect(scan.code).toBe(1);
    const typo = await runBin(['scna', 'examples'], { cwd: root });
    expect(typo.stderr).toBe("leakgate: unknown command 'scna'; did you mean scan? (see leakgate --help)\n");
  });

  it("answers with the command's own help, suggestions and errors", async () => {
    const scanHelp = await runBin(['scan', '--help'], { cwd: root });
    expect(scanHelp.stdout).toMatch(/^Usage: leakgate scan \[options\] \[paths\.\.\.\]$/m);
    expect(scanHelp.code).toBe(0);
    const option = await runBin(['scan', '--formt', 'json', 'examples'], { cwd: root });
    expect(option.stderr).toBe("leakgate: unknown option '--formt'; did you mean --format? (see leakgate --help)\n");
    expect(option.code).toBe(2);
    const sub = await runBin(['packs', 'lsit'], { cwd: root });
    expect(sub.stderr).toBe("leakgate: unknown command 'lsit'; did you mean list? (see leakgate --help)\n");
    expect(sub.code).toBe(2);
    const merge = await runBin(['merge', '--help'], { cwd: root });
    expect(merge.stdout).toMatch(/^Usage: leakgate merge \[options\] <reports\.\.\.>$/m);
    const scan = await runBin(['scan', 'examples/leaky-bundle/asb-priorities.csv', '-q'], { cwd: root });
    expect(scan.stderr).toContain('leakgate: 21 findings');
    expect(scan.code).toBe(1);
  });
});

// A scan of a few small files named one by one runs with V8's light flags (src/cli/small-run.ts):
// they change how V8 compiles, never what a scan finds.
describe('a small run', () => {
  const csv = readFileSync(path.join(root, 'examples/leaky-bundle/asb-priorities.csv'));
  let dir: string;
  beforeAll(() => {
    dir = tree({ 'one/cases.csv': csv, 'two/a.csv': csv, 'two/b.txt': 'x'.repeat(SMALL_RUN_BYTES), 'big.csv': 'x'.repeat(SMALL_RUN_BYTES + 1) });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each<[string, string[], boolean]>([
    ['one small file', ['one/cases.csv'], true],
    ['two small files', ['one/cases.csv', 'two/a.csv'], true],
    ['files over the limit together', ['one/cases.csv', 'two/b.txt'], false],
    ['a file over the limit', ['big.csv'], false],
    ['a folder', ['one'], false],
    ['standard input', ['-'], false],
    ['a missing file', ['none.csv'], false],
    ['nothing named', [], false],
  ])('is %s: %s', (_, paths, small) => {
    expect(isSmallRun(paths, dir)).toBe(small);
  });

  it('finds in a small file what it finds in the folder holding it', async () => {
    const env = { LEAKGATE_KEY: 'startup-test-key-0123456789' };
    const file = await runBin(['scan', 'one/cases.csv', '-f', 'json', '--debug'], { cwd: dir, env });
    const folder = await runBin(['scan', 'one', '-f', 'json', '--debug'], { cwd: dir, env });
    expect(file.stderr).toContain('leakgate: a small run: V8 compiles it without optimising\n');
    expect(folder.stderr).not.toContain('a small run');
    expect([file.code, folder.code]).toEqual([1, 1]);
    const { summary: s1, ...r1 } = JSON.parse(file.stdout);
    const { summary: s2, ...r2 } = JSON.parse(folder.stdout);
    expect(r1.findings.length).toBe(21);
    expect(r1).toEqual(r2);
    expect({ ...s1, durationMs: 0 }).toEqual({ ...s2, durationMs: 0 });
  });

  it('keeps V8 as it is when the run may start worker threads', async () => {
    const r = await runBin(['scan', 'one/cases.csv', '-q', '--debug', '-j', '2', '--parallel-min-bytes', '1'], { cwd: dir });
    expect(r.stderr).not.toContain('a small run');
    expect(r.code).toBe(1);
  });
});

// The masker of error messages is made on the first message (issue 16: a detector of its own, which
// a scan that works never uses); once made it masks as before.
describe("a scan's message masker", () => {
  it('masks a message after the scan', async () => {
    const dir = tree({ 'a.csv': 'Ref,Notes\n1,nothing here\n' });
    try {
      const io: Io = { stdout: { write: () => true }, stderr: { write: () => true }, cwd: dir, env: { XDG_CONFIG_HOME: testConfigHome() } };
      expect(await runScan(['a.csv'], { defaultPacks: true, progress: false, quiet: true }, io)).toBe(0);
      const said = io.mask!(`cannot read ${path.join(dir, 'jane.example@example.com.csv')}`);
      expect(said.startsWith(`cannot read ${dir}${path.sep}`)).toBe(true);
      expect(said).not.toContain('jane.example');
      expect(said).toContain('*');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// The scripts carry libphonenumber's metadata of calling code 44 only (scripts/build-cli.mjs,
// issue 16): numbers of other countries, written with + or dialled with 00, must be found as the
// library finds them with all its metadata (the sources here, in-process).
describe("the scripts' phone metadata", () => {
  it('finds in the built CLI what the whole metadata finds', async () => {
    const numbers = [
      '+44 20 7946 0321', '0044 20 7946 0321', '442079460321', '+4420 7946 0321', '020 7946 0321', '07700 900123', '+44 7700 900123', '+44 (0)7700 900123',
      '+44 1481 712345', '+44 1534 712345', '+44 1624 712345', '+44 7781 123456', '+33 1 23 45 67 89', '0033 1 23 45 67 89', '+1 202 555 0143',
      '001 202 555 0143', '+353 1 234 5678', '+800 1234 5678', '+49 30 1234567', '+7 495 123 4567', '+999 123 456 789', '+0 20 7946 0321',
    ];
    const csv = `Ref,Contact number,Notes\n${numbers.map((n, i) => `${i},${n},"Tel: ${n}; or call on ${n}"`).join('\n')}\n`;
    const dir = tree({ 'phones.csv': csv });
    try {
      const env = { LEAKGATE_KEY: 'startup-test-key-0123456789' };
      const built = await runBin(['scan', 'phones.csv', '-f', 'json'], { cwd: dir, env });
      let out = '';
      const io: Io = { stdout: { write: (s: string) => ((out += s), true) }, stderr: { write: () => true }, cwd: dir, env: { ...env, XDG_CONFIG_HOME: testConfigHome() } };
      const code = await runScan(['phones.csv'], { format: 'json', defaultPacks: true, progress: false }, io);
      expect(built.code).toBe(code);
      const builtFindings = JSON.parse(built.stdout).findings;
      const phones = builtFindings.filter((f: { category: string }) => f.category === 'phone');
      expect(phones.length).toBeGreaterThanOrEqual(10);
      expect(builtFindings).toEqual(JSON.parse(out).findings);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// bin/leakgate.js ends the process as soon as the run is done and standard output and error hold
// nothing unwritten (issue 16); a report larger than a pipe holds, read only after a pause, must
// still arrive whole, with the run's exit code.
describe('the end of a run', () => {
  it('writes the whole report to a pipe read late, then exits with the run code', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `${i},Ann Example,ann${i}@example.com,Seen at ${i} High Street AB1 2CD`);
    const dir = tree({ 'many.csv': `Ref,Victim name,Email,Notes\n${rows.join('\n')}\n` });
    try {
      const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', XDG_CONFIG_HOME: testConfigHome(), NO_COLOR: '1', LEAKGATE_KEY: 'startup-test-key-0123456789' };
      const child = spawn(process.execPath, [bin, 'scan', 'many.csv', '-f', 'json'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.pause();
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
      // the report (megabytes) fills the pipe long before this
      await new Promise((r) => setTimeout(r, 1500));
      const chunks: Buffer[] = [];
      child.stdout.on('data', (d: Buffer) => chunks.push(d));
      child.stdout.resume();
      const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
      const report = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      expect(Buffer.concat(chunks).length).toBeGreaterThan(1024 * 1024);
      expect(report.findings.length).toBe(report.summary.findings);
      expect(report.findings.length).toBeGreaterThan(6000);
      expect(stderr).toBe(`leakgate: ${report.summary.findings} findings (${report.summary.findings} high) in 1 of 1 file; FAILED (--fail-on low)\n`);
      expect(code).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
