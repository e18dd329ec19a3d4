import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import yazl from 'yazl';
import { tree } from '../helpers/cli.js';
import type { Problem, Report } from '../helpers/json-report.js';
import { zipBytes, zipOf } from '../helpers/zip.js';
import { docx } from '../fixtures/office/docx-fixture.js';
import { pdf } from '../fixtures/office/pdf-fixture.js';
import { xlsx } from '../fixtures/office/xlsx-fixture.js';

// Issue 11, "files pass unread", "public-by-design rules that open holes", the archive recursion
// and the small breaks: each case is a hostile or unlucky input, run through the built CLI
// (bin/leakgate.js on dist/, spawned as a user runs it) and held to the outcome the README's
// "Reliability" table documents. Each of them passed unread, hid a value or crashed before.
// Planted values are fiction: a NINO that passes the prefix rules, Ofcom drama numbers,
// example.com addresses.

const NINO = 'JM 45 67 89 C';
const PHONE = '07700 900123';
const EMAIL = 'jane.doe@example.com';
const ADDRESS = '16 Acacia Avenue, St Albans AL1 3AB';
const CSV = `id,notes\n1,hello\n2,"NI ${NINO}"\n`;

const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'bin/leakgate.js');
const GIT_ENV = { GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.com' };

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI in `cwd` (standard input: `input`, or /dev/null). */
function leakgate(cwd: string, args: string[], opts: { input?: string | Buffer; uid?: number; gid?: number } = {}): Run {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...GIT_ENV, FORCE_COLOR: '0', CI: 'true' },
    ...(opts.input !== undefined ? { input: opts.input } : { stdio: ['ignore', 'pipe', 'pipe'] }),
    ...(opts.uid !== undefined ? { uid: opts.uid, gid: opts.gid ?? opts.uid } : {}),
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `leakgate scan … --format json`: the exit code and the parsed report. */
function scan(cwd: string, ...args: string[]): { code: number | null; report: Report; stderr: string } {
  const r = leakgate(cwd, ['scan', ...args, '--format', 'json', '--no-progress']);
  let report: Report;
  try {
    report = JSON.parse(r.stdout) as Report;
  } catch {
    throw new Error(`no JSON report (exit ${r.code}): ${r.stderr}`);
  }
  return { code: r.code, report, stderr: r.stderr };
}

const has = (report: Report, file: string, category: string): boolean => report.findings.some((f) => f.file === file && f.category === category);
const codes = (list: Problem[]): [string, string][] => list.map((p) => [p.file, p.code]);

function utf32(text: string, le: boolean): Buffer {
  const out = Buffer.alloc(text.length * 4);
  [...text].forEach((c, i) => (le ? out.writeUInt32LE(c.codePointAt(0)!, i * 4) : out.writeUInt32BE(c.codePointAt(0)!, i * 4)));
  return out;
}

/** A tar archive (ustar) of the given files, written by the system's tar (GNU or BSD), so not by our own code. */
function tarOf(files: Record<string, string | Buffer>, flags: string[] = []): Buffer {
  const dir = tree(files);
  return execFileSync('tar', ['-c', ...flags, '-f', '-', ...Object.keys(files)], { cwd: dir, maxBuffer: 64 * 1024 * 1024 });
}

function bzip2(data: Buffer): Buffer {
  return execFileSync('bzip2', ['-c'], { input: data, maxBuffer: 64 * 1024 * 1024 });
}

function xz(data: Buffer): Buffer {
  return execFileSync('xz', ['-c'], { input: data, maxBuffer: 64 * 1024 * 1024 });
}

/** A presentation (.pptx): an Office package leakgate has no reader for. */
function pptx(): Promise<Buffer> {
  return zipOf([['[Content_Types].xml', '<Types/>'], ['ppt/presentation.xml', `<p:txBody>NI ${NINO}</p:txBody>`]]);
}

/** A workbook, a Word document and a PDF holding the NINO (the issue 13 readers' fixtures). */
const book = (): Promise<Buffer> => xlsx({ sheets: [{ name: 'Cases', rows: [['Ref', 'Notes'], ['A1', `NI ${NINO}`]] }] });
const letter = (): Promise<Buffer> => docx({ body: [{ p: [`NI ${NINO}`] }] });
const report = (): Promise<Buffer> => pdf({ pages: [[`NI ${NINO}`]] });

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0', 'latin1')]);

describe('files are recognised by their bytes, and nothing passes unread', () => {
  const text: [string, () => Record<string, string | Buffer>, string][] = [
    ['a NUL byte in the first 8,000 bytes of a CSV', () => ({ 'nul.csv': Buffer.from(`id,notes\n1,x\0y\n2,"NI ${NINO}"\n`) }), 'nul.csv'],
    ['a UTF-16 section inside a UTF-8 CSV', () => ({ 'u16.csv': Buffer.concat([Buffer.from('id,notes\n1,ok\n2,'), Buffer.from(`NI ${NINO}`, 'utf16le'), Buffer.from('\n')]) }), 'u16.csv'],
    ['a UTF-16 section after the first 64 KiB', () => ({ 'late.csv': Buffer.concat([Buffer.from(`id,notes\n${'1,hello there\n'.repeat(6000)}2,`), Buffer.from(`NI ${NINO}`, 'utf16le'), Buffer.from('\n')]) }), 'late.csv'],
  ];
  it.each(text)('%s: scanned as text with an ENUL warning, never skipped', (_name, files, file) => {
    const { code, report } = scan(tree(files()), '.');
    expect(code).toBe(1);
    expect(has(report, file, 'nino')).toBe(true);
    expect(codes(report.warnings)).toEqual([[file, 'ENUL']]);
    expect(report.errors).toEqual([]);
  });

  it.each([
    ['UTF-32 LE with a BOM', Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), utf32(CSV, true)])],
    ['UTF-32 BE with a BOM', Buffer.concat([Buffer.from([0, 0, 0xfe, 0xff]), utf32(CSV, false)])],
    ['UTF-32 LE without a BOM', utf32(CSV, true)],
    ['UTF-32 BE without a BOM', utf32(CSV, false)],
  ])('%s is decoded, not scanned as garbage', (_name, bytes) => {
    const { code, report } = scan(tree({ 'wide.csv': bytes }), '.');
    expect(code).toBe(1);
    expect(report.findings).toContainEqual(expect.objectContaining({ file: 'wide.csv', line: 3, category: 'nino', field: 'notes' }));
    expect(report.warnings).toEqual([]);
  });

  const containers: [string, () => Promise<Record<string, Buffer>>, string][] = [
    ['a zip named .jar', async () => ({ 'lib.jar': await zipOf([['x.csv', CSV]]) }), 'lib.jar!/x.csv'],
    ['a zip with no extension', async () => ({ bundle: await zipOf([['x.csv', CSV]]) }), 'bundle!/x.csv'],
    ['a zip named .csv', async () => ({ 'export.csv': await zipOf([['x.csv', CSV]]) }), 'export.csv!/x.csv'],
    ['a .zip.gz', async () => ({ 'b.zip.gz': zlib.gzipSync(await zipOf([['x.csv', CSV]])) }), 'b.zip.gz!/x.csv'],
    ['a .csv.gz.gz (compression inside compression)', async () => ({ 'x.csv.gz.gz': zlib.gzipSync(zlib.gzipSync(CSV)) }), 'x.csv.gz.gz'],
    ['a .tar', async () => ({ 'a.tar': tarOf({ 'x.csv': CSV }) }), 'a.tar!/x.csv'],
    ['a .tar.gz', async () => ({ 'a.tar.gz': zlib.gzipSync(tarOf({ 'x.csv': CSV })) }), 'a.tar.gz!/x.csv'],
    ['a .tgz', async () => ({ 'a.tgz': zlib.gzipSync(tarOf({ 'x.csv': CSV })) }), 'a.tgz!/x.csv'],
    ['a .bz2', async () => ({ 'x.csv.bz2': bzip2(Buffer.from(CSV)) }), 'x.csv.bz2'],
    ['a .tar.bz2', async () => ({ 'a.tar.bz2': bzip2(tarOf({ 'x.csv': CSV })) }), 'a.tar.bz2!/x.csv'],
    ['a .xz', async () => ({ 'x.csv.xz': xz(Buffer.from(CSV)) }), 'x.csv.xz'],
    ['a .tar.xz', async () => ({ 'a.tar.xz': xz(tarOf({ 'x.csv': CSV })) }), 'a.tar.xz!/x.csv'],
    ['a tar with a 150-character name (pax or GNU long name)', async () => ({ 'long.tar': tarOf({ [`${'d'.repeat(150)}.csv`]: CSV }) }), `long.tar!/${'d'.repeat(150)}.csv`],
    ['a tar inside a zip', async () => ({ 'b.zip': await zipOf([['in.tar', tarOf({ 'x.csv': CSV })]]) }), 'b.zip!/in.tar!/x.csv'],
    ['a zip inside a tar.gz', async () => ({ 'a.tar.gz': zlib.gzipSync(tarOf({ 'in.zip': await zipOf([['x.csv', CSV]]) })) }), 'a.tar.gz!/in.zip!/x.csv'],
    ['a git loose object (a .git folder in the bundle)', async () => ({ '.git/objects/ab/cdef': zlib.deflateSync(Buffer.from(`blob ${CSV.length}\0${CSV}`)) }), '.git/objects/ab/cdef'],
  ];
  it.each(containers)('%s is opened and its content scanned', async (_name, files, file) => {
    const { code, report } = scan(tree(await files()), '.');
    expect(report.errors).toEqual([]);
    expect(has(report, file, 'nino')).toBe(true);
    expect(code).toBe(1);
  });

  const documents: [string, () => Promise<Record<string, Buffer>>, string][] = [
    ['a workbook named .zip', async () => ({ 'cases.zip': await book() }), 'cases.zip!/Cases'],
    ['a workbook with no extension', async () => ({ cases: await book() }), 'cases!/Cases'],
    ['a Word document inside a tar', async () => ({ 'a.tar': tarOf({ 'letter.bin': await letter() }) }), 'a.tar!/letter.bin'],
    ['a workbook inside a .gz', async () => ({ 'cases.gz': zlib.gzipSync(await book()) }), 'cases.gz!/Cases'],
    ['a PDF named .dat', async () => ({ 'report.dat': await report() }), 'report.dat'],
  ];
  it.each(documents)('%s is read by the document readers, by its bytes', async (_name, files, file) => {
    const { code, report: r } = scan(tree(await files()), '.');
    expect(r.errors).toEqual([]);
    expect(r.findings.some((f) => f.file.startsWith(file) && f.category === 'nino')).toBe(true);
    expect(code).toBe(1);
  });

  const refused: [string, () => Promise<Record<string, Buffer>>, string, string][] = [
    ['a presentation (.pptx), which no reader reads', async () => ({ 'talk.pptx': await pptx() }), 'talk.pptx', 'office'],
    ['a presentation named .zip', async () => ({ 'talk.zip': await pptx() }), 'talk.zip', 'office'],
    ['a legacy .ppt (OLE)', async () => ({ 'old.ppt': Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]) }), 'old.ppt', 'ole'],
    ['an image', async () => ({ 'logo.png': PNG }), 'logo.png', 'image'],
    ['an image in a tar', async () => ({ 'a.tar': tarOf({ 'logo.png': PNG }) }), 'a.tar!/logo.png', 'image'],
    ['a 7-Zip archive', async () => ({ 'a.7z': Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4, 1, 2, 3, 4]) }), 'a.7z', 'archive'],
    ['random binary bytes named .csv', async () => ({ 'data.csv': Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)) }), 'data.csv', 'binary'],
  ];
  it.each(refused)('%s is an error (exit 2) naming it and what to do', async (_name, files, file, kind) => {
    const { code, report } = scan(tree(await files()), '.');
    expect(code).toBe(2);
    expect(report.errors).toEqual([{ file, code: 'EFORMAT', message: expect.stringContaining(`"accept": ["${kind}"]`) }]);
  });

  it('a kind the config accepts is a line in the report ("not scanned (accepted by config)"), not an error', () => {
    const dir = tree({ '.git/HEAD': 'ref: refs/heads/main\n', '.leakgate.json': JSON.stringify({ accept: ['image'], exclude: ['.git/**', '.leakgate.json'] }), 'logo.png': PNG, 'notes.txt': 'nothing here\n' });
    const { code, report } = scan(dir, '.');
    expect(code).toBe(0);
    expect(report.errors).toEqual([]);
    expect(report.warnings).toContainEqual({ file: 'logo.png', code: 'EACCEPTED', message: expect.stringMatching(/not scanned \(accepted by config/) });
    const text = leakgate(dir, ['scan', '.', '--no-progress']);
    expect(text.stdout).toMatch(/warning logo\.png: .*not scanned \(accepted by config/);
  });
});

describe('no silent skips', () => {
  it('node_modules/ and .git/ inside a bundle are scanned', () => {
    const { code, report } = scan(tree({ 'node_modules/pkg/notes.txt': `call ${PHONE}\n`, '.git/COMMIT_EDITMSG': `NI ${NINO}\n`, 'ok.txt': 'fine\n' }), '.');
    expect(code).toBe(1);
    expect(has(report, 'node_modules/pkg/notes.txt', 'phone')).toBe(true);
    expect(has(report, '.git/COMMIT_EDITMSG', 'nino')).toBe(true);
  });

  it('--staged keeps a staged file whose name is not UTF-8', () => {
    const repo = tree({});
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: repo });
    const odd = Buffer.concat([Buffer.from(repo + path.sep), Buffer.from([0x63, 0x61, 0x66, 0xe9]), Buffer.from('.csv')]);
    writeFileSync(odd, CSV);
    execFileSync('git', ['add', '-A'], { cwd: repo });
    const { code, report } = scan(repo, '--staged');
    expect(report.findings).toContainEqual(expect.objectContaining({ file: 'caf\\xe9.csv', category: 'nino' }));
    expect(code).toBe(1);
  });

  it('--staged with nothing in scope staged: exit 0, and the report says so', () => {
    const repo = tree({ 'x.csv': CSV });
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: repo });
    const { code, report } = scan(repo, '--staged');
    expect(code).toBe(0);
    expect(codes(report.warnings)).toEqual([['the git index', 'ENOTHING']]);
  });

  it('an empty folder is exit 2: an empty upload is a broken upload', () => {
    const dir = tree({ 'x.txt': '' });
    mkdirSync(path.join(dir, 'upload'));
    const { code, report } = scan(dir, 'upload');
    expect(code).toBe(2);
    expect(codes(report.errors)).toEqual([['upload', 'EEMPTY']]);
  });

  it('--include matches paths relative to the scanned folder, not the current one', () => {
    const dir = tree({ 'upload/x.csv': CSV, 'upload/notes.txt': 'fine\n' });
    const { code, report } = scan(dir, 'upload', '--include', '*.csv');
    expect(has(report, 'upload/x.csv', 'nino')).toBe(true);
    expect(codes(report.warnings)).toEqual([['upload', 'EEXCLUDED']]);
    expect(code).toBe(1);
  });

  it('--include that leaves nothing in scope is exit 2, with a line saying what it left out', () => {
    const dir = tree({ 'upload/notes.txt': `NI ${NINO}\n` });
    const { code, report } = scan(dir, 'upload', '--include', '*.csv');
    expect(code).toBe(2);
    expect(codes(report.errors)).toEqual([['upload', 'EEMPTY']]);
    expect(codes(report.warnings)).toEqual([['upload', 'EEXCLUDED']]);
  });

  it("the config's exclude globs are relative to each scanned root too", () => {
    const dir = tree({ '.git/HEAD': 'ref: refs/heads/main\n', '.leakgate.json': JSON.stringify({ exclude: ['drafts/**'] }), 'upload/drafts/old.csv': CSV, 'upload/x.csv': 'id\n1\n' });
    const { code, report } = scan(dir, 'upload');
    expect(report.findings).toEqual([]);
    expect(codes(report.warnings)).toEqual([['upload', 'EEXCLUDED']]);
    expect(code).toBe(0);
  });

  it('`cat x.csv | leakgate scan` (no path, a pipe on stdin) is refused, not a scan of the current folder', () => {
    const dir = tree({ 'clean.txt': 'nothing here\n' });
    const r = leakgate(dir, ['scan', '--no-progress'], { input: CSV });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no path was given: pass - to scan standard input/);
    const piped = leakgate(dir, ['scan', '-', '--stdin-filename', 'x.csv', '--no-progress'], { input: CSV });
    expect(piped.code).toBe(1);
  });

  it('an unlistable sub-folder is an error naming it, exit 2, and the -o report is still written', () => {
    const dir = tree({ 'b/a.txt': `NI ${NINO}\n`, 'b/locked/y.txt': 'x\n' });
    // root reads any folder: the scan runs as nobody then (uid 65534), on a tree it can read
    const asRoot = process.getuid?.() === 0;
    for (const p of [dir, path.join(dir, 'b')]) chmodSync(p, 0o755);
    chmodSync(path.join(dir, 'b/a.txt'), 0o644);
    chmodSync(path.join(dir, 'b/locked'), 0o000);
    const out = path.join(dir, 'report.json');
    writeFileSync(out, '');
    chmodSync(out, 0o666);
    const r = leakgate(dir, ['scan', 'b', '-o', out, '--no-progress'], asRoot ? { uid: 65534 } : {});
    chmodSync(path.join(dir, 'b/locked'), 0o755);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(2);
    const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
    expect(codes(report.errors)).toEqual([['b/locked', 'EACCES']]);
    expect(has(report, 'b/a.txt', 'nino')).toBe(true);
  });
});

describe('config discovery stops at the project root', () => {
  it('a .leakgate.json above a folder that is not in a git repository is not read', () => {
    const dir = tree({ '.leakgate.json': JSON.stringify({ exclude: ['**'] }), 'work/upload/x.csv': CSV });
    const { code, report } = scan(path.join(dir, 'work'), 'upload');
    expect(report.config).toBeNull();
    expect(has(report, 'upload/x.csv', 'nino')).toBe(true);
    expect(code).toBe(1);
  });

  it('nor one in a world-writable folder (like /tmp), even at the git root', () => {
    const dir = tree({ '.git/HEAD': 'ref: refs/heads/main\n', '.leakgate.json': JSON.stringify({ exclude: ['**'] }), 'upload/x.csv': CSV });
    chmodSync(dir, 0o777);
    const { code, report } = scan(path.join(dir, 'upload'), '.');
    expect(report.config).toBeNull();
    expect(code).toBe(1);
  });

  it('the report names the config in use: a line of the text report, the JSON config field', () => {
    const dir = tree({ '.git/HEAD': 'ref: refs/heads/main\n', '.leakgate.json': JSON.stringify({ failOn: 'high' }), 'sub/upload/x.csv': CSV });
    expect(scan(path.join(dir, 'sub'), 'upload').report.config).toBe(path.join('..', '.leakgate.json'));
    expect(leakgate(path.join(dir, 'sub'), ['scan', 'upload', '--no-progress']).stdout).toMatch(/^config: \.\.\/\.leakgate\.json$/m);
  });
});

describe('public-by-design allowances hold only inside the police.uk shape they describe', () => {
  it('a telephone key and contact_details in any JSON hide nothing', () => {
    const json = JSON.stringify({ case: 12, telephone: PHONE, contact_details: { telephone: '07700 900456', address: ADDRESS, email: EMAIL } });
    const { report } = scan(tree({ 'case.json': json }), '.');
    const found = report.findings.filter((f) => f.category !== 'sensitive-field').map((f) => [f.field, f.category]);
    expect(found).toEqual(expect.arrayContaining([['$.telephone', 'phone'], ['$.contact_details.telephone', 'phone'], ['$.contact_details.address', 'address'], ['$.contact_details.email', 'email']]));
  });

  it('a rank key next to a name hides neither the name nor the phone beside it', () => {
    const json = JSON.stringify([{ name: 'Jane Doe', rank: 'victim', phone: PHONE, address: ADDRESS }]);
    const { report } = scan(tree({ 'people.json': json }), '.');
    const found = report.findings.filter((f) => f.category !== 'sensitive-field' && f.category !== 'unexpected-field').map((f) => f.category);
    expect(found).toEqual(expect.arrayContaining(['person-name', 'phone', 'address']));
  });

  it('"police station" before a value in free text hides nothing', () => {
    const notes = `Seen at the police station: the victim lives at ${ADDRESS}, mobile ${PHONE}.\n`;
    const { report } = scan(tree({ 'notes.txt': notes }), '.');
    expect(report.findings.map((f) => f.category)).toEqual(expect.arrayContaining(['address', 'phone']));
  });

  it('a value allowed in one file is not public in another', () => {
    const files = { 'case.json': JSON.stringify({ telephone: PHONE, contact_details: { telephone: '07700 900456' } }), 'notes.txt': `call ${PHONE} or 07700 900456\n` };
    const { report } = scan(tree(files), '.');
    expect(report.findings.filter((f) => f.file === 'notes.txt' && f.category === 'phone')).toHaveLength(2);
  });

  it("inside the shape, a team's phone and its station's postcode stay public, and so do they on the team's page", () => {
    const neighbourhood = {
      url_force: 'https://www.example.police.uk/area/x',
      name: 'Town Centre',
      contact_details: { telephone: '01632 960000', email: 'town.team@example.police.uk' },
      locations: [{ name: 'Town Police Station', address: '1 Vale Road\nSt Albans', postcode: 'AL1 2UA', type: 'station', description: null }],
      id: 'TC1',
    };
    const page = '<p>Call the team on 01632 960000, or visit the station (postcode AL1 2UA).</p>\n';
    const { code, report } = scan(tree({ 'neighbourhood.json': JSON.stringify(neighbourhood, null, 2), 'page.html': page }), '.');
    expect(report.findings).toEqual([]);
    expect(code).toBe(0);
  });

  const real = path.resolve(root, '../shared/corpus/police-uk-real');
  it('real police.uk data (../shared/corpus/police-uk-real) still gives no finding', () => {
    if (!existsSync(real)) {
      console.warn(`../shared/corpus/police-uk-real is absent: the real-data control is NOT run (${real})`);
      return;
    }
    const { code, report } = scan(root, real);
    expect(report.findings).toEqual([]);
    expect(code).toBe(0);
  });
});

describe('archive recursion is iterative and bounded', () => {
  it('a zip of 200 inner zips of 5,000 entries: one EZIPLIMIT error, no stack overflow', async () => {
    const inner = new yazl.ZipFile();
    for (let i = 0; i < 5000; i++) inner.addBuffer(Buffer.alloc(0), `f${i}.txt`, { compress: false });
    const innerBytes = await zipBytes(inner);
    const outer = new yazl.ZipFile();
    for (let i = 0; i < 200; i++) outer.addBuffer(innerBytes, `in${String(i).padStart(3, '0')}.zip`, { compress: false });
    const dir = tree({ 'outer.zip': await zipBytes(outer) });
    const { code, report, stderr } = scan(dir, '.');
    expect(stderr).not.toMatch(/call stack|internal error/);
    expect(code).toBe(2);
    expect(report.errors).toEqual([{ file: expect.stringMatching(/^outer\.zip!\/in\d{3}\.zip$/), code: 'EZIPLIMIT', message: expect.stringMatching(/entries in all/) }]);
  }, 120_000);
});

describe('small breaks', () => {
  it('init --hook refuses a dangling symbolic link at the hook path, and writes nothing through it', () => {
    const repo = tree({});
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: repo });
    // the link points into a folder that exists, so that writing through it would succeed
    const target = path.join(repo, 'elsewhere', 'planted');
    mkdirSync(path.dirname(target));
    mkdirSync(path.join(repo, '.git', 'hooks'), { recursive: true });
    symlinkSync(target, path.join(repo, '.git', 'hooks', 'pre-commit'));
    const r = leakgate(repo, ['init', '--hook']);
    expect(existsSync(target)).toBe(false);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(lstatSync(path.join(repo, '.git', 'hooks', 'pre-commit')).isSymbolicLink()).toBe(true);
  });

  it('redact removes an e-mail that sits in an HTML attribute name', () => {
    const dir = tree({ 'in/page.html': `<div data-x="1" ${EMAIL}="x">hello</div>\n` });
    const r = leakgate(dir, ['redact', 'in', '--out', 'out']);
    expect(r.code).toBe(0);
    const copy = readFileSync(path.join(dir, 'out', 'page.html'), 'utf8');
    expect(copy).not.toContain(EMAIL);
    expect(copy).toContain('[REDACTED:email]');
  });

  it('a YAML config works in the built CLI', () => {
    const dir = tree({ '.git/HEAD': 'ref: refs/heads/main\n', '.leakgate.yaml': 'failOn: critical\ndisable:\n  - uk-identifiers.nino\n', 'x.csv': CSV });
    const { code, report, stderr } = scan(dir, 'x.csv');
    expect(stderr).not.toMatch(/parse is not a function/);
    expect(report.config).toBe('.leakgate.yaml');
    expect(report.findings).toEqual([]);
    expect(code).toBe(0);
  });

  it('a YAML pack works in the built CLI', () => {
    const pack = [
      'id: force',
      'version: 1.0.0',
      'description: force case numbers',
      'rules:',
      '  - id: force.case',
      '    category: crime-reference',
      '    description: a force case number',
      "    pattern: '\\bCASE-\\d{6}\\b'",
      '    examples:',
      '      match: [CASE-123456]',
      '      noMatch: [CASE-12]',
    ].join('\n');
    const dir = tree({ 'force.yaml': `${pack}\n`, 'notes.txt': 'see CASE-654321\n' });
    const { code, report, stderr } = scan(dir, 'notes.txt', '--pack', 'force.yaml');
    expect(stderr).not.toMatch(/parse is not a function/);
    expect(report.findings).toContainEqual(expect.objectContaining({ file: 'notes.txt', category: 'crime-reference' }));
    expect(code).toBe(1);
  });
});
