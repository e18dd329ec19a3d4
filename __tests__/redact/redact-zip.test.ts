import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { cli, tree } from '../helpers/cli.js';
import { markEncrypted, renameEntry, zipBytes } from '../helpers/zip.js';
import { CASES_CSV, cp1252 } from './cases-csv.js';

// zip in → zip out, through the real CLI, on zips built here with yazl and read back with yauzl
const root = path.resolve(import.meta.dirname, '../..');
const leaky = path.join(root, 'examples/leaky-bundle');
const clean = path.join(root, 'examples/clean-bundle');
const planted: string[] = JSON.parse(readFileSync(path.join(root, '__tests__/fixtures/leaky-bundle-planted.json'), 'utf8')).values;

const MTIME = new Date(2024, 2, 14, 9, 30, 12);

/** A zip entry to build: a folder (name ends in `/`) or a file, with its time and compression. */
interface Item {
  name: string;
  content?: string | Buffer;
  mtime?: Date;
  store?: boolean;
}

/** Builds a zip with yazl: entries in the given order, each with a fixed DOS time unless told. */
function zipOf(items: Item[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const item of items) {
    const times = { mtime: item.mtime ?? MTIME, forceDosTimestamp: !item.mtime };
    if (item.name.endsWith('/')) zip.addEmptyDirectory(item.name, times);
    else zip.addBuffer(Buffer.from(item.content ?? ''), item.name, { ...times, compress: !item.store });
  }
  return zipBytes(zip);
}

interface ReadEntry {
  name: string;
  mtime: number;
  stored: boolean;
  data: Buffer;
}

/** Every entry of a zip, in central-directory order, with its content. */
function readZip(source: string | Buffer): Promise<ReadEntry[]> {
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, zip?: yauzl.ZipFile): void => {
      if (err || !zip) return reject(err);
      const out: ReadEntry[] = [];
      zip.on('entry', (e: yauzl.Entry) => {
        zip.openReadStream(e, (err2, stream) => {
          if (err2 || !stream) return reject(err2);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.push({ name: e.fileName, mtime: e.getLastModDate().getTime(), stored: e.compressionMethod === 0, data: Buffer.concat(chunks) });
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    };
    const opts = { lazyEntries: true };
    if (typeof source === 'string') yauzl.open(source, opts, done);
    else yauzl.fromBuffer(source, opts, done);
  });
}

/** A folder with the given files in it, and a path for --out beside them that does not exist yet. */
function workspace(files: Record<string, string | Buffer>): { dir: string; out: string } {
  const dir = tree(files);
  return { dir, out: path.join(mkdtempSync(path.join(tmpdir(), 'leakgate-out-')), 'clean.zip') };
}

/** The example bundle's files as zip items, under a folder entry. */
function bundleItems(folder: string, under: string): Item[] {
  const names = readdirSync(folder).sort().reverse(); // not sorted: the copy must keep the zip's own order
  return [{ name: `${under}/` }, ...names.map((n) => ({ name: `${under}/${n}`, content: readFileSync(path.join(folder, n)) }))];
}

/** No temporary file of the copy left in a folder. */
function leftovers(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.tmp'));
}

describe('leakgate redact: zip in, zip out', () => {
  it('redacts a zip of the leaky example into a new zip: same names, order and times, and its re-scan finds no value', async () => {
    const items = bundleItems(leaky, 'bundle');
    const { dir, out } = workspace({ 'bundle.zip': await zipOf(items) });
    const r = await cli(['redact', path.join(dir, 'bundle.zip'), '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^redacted .*clean\.zip!\/bundle\/asb-priorities\.csv \(\d+ values redacted\)$/m);
    expect(r.stdout).toMatch(/re-scan of the copy:\nleakgate: no findings in 3 files[^;]*; passed\n$/);
    const copy = await readZip(out);
    expect(copy.map((e) => e.name)).toEqual(items.map((i) => i.name));
    expect(new Set(copy.map((e) => e.mtime))).toEqual(new Set([MTIME.getTime()]));
    const all = copy.map((e) => e.data.toString('utf8')).join('\n');
    for (const value of planted) expect(all).not.toContain(value);
    // a plain scan of the new zip passes: the header and key names kept have no data under them (issue 17)
    const scan = await cli(['scan', out, '-f', 'json']);
    expect([scan.code, JSON.parse(scan.stdout).findings]).toEqual([0, []]);
    expect(leftovers(path.dirname(out))).toEqual([]);
  });

  it('copies every entry of a clean zip with the same bytes, stored entries still stored', async () => {
    const items = bundleItems(clean, 'clean-bundle').map((item, i) => ({ ...item, store: i % 2 === 0 }));
    const { dir, out } = workspace({ 'bundle.zip': await zipOf(items) });
    const r = await cli(['redact', path.join(dir, 'bundle.zip'), '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/^redacted/m);
    const before = await readZip(readFileSync(path.join(dir, 'bundle.zip')));
    const after = await readZip(out);
    expect(after.map(({ name, mtime, stored }) => ({ name, mtime, stored }))).toEqual(before.map(({ name, mtime, stored }) => ({ name, mtime, stored })));
    after.forEach((e, i) => expect(e.data.equals(before[i]!.data)).toBe(true));
  });

  it('keeps an extended timestamp as it was', async () => {
    const mtime = new Date(Date.UTC(2023, 10, 5, 17, 4, 33));
    const { dir, out } = workspace({ 'a.zip': await zipOf([{ name: 'notes.txt', content: 'Call 07700 900123', mtime }]) });
    expect((await cli(['redact', path.join(dir, 'a.zip'), '--out', out])).code).toBe(0);
    const [entry] = await readZip(out);
    expect(entry!.mtime).toBe(mtime.getTime());
    expect(entry!.data.toString()).toBe('Call [REDACTED:phone]');
  });

  it('round-trips a Windows-1252 CSV with CRLF and quoted multi-line cells inside a zip', async () => {
    const input = cp1252(CASES_CSV);
    const { dir, out } = workspace({ 'cases.zip': await zipOf([{ name: 'exports/cases.csv', content: input }]) });
    expect((await cli(['redact', path.join(dir, 'cases.zip'), '--out', out])).code).toBe(0);
    const [entry] = await readZip(out);
    const expected = cp1252(CASES_CSV.replace('Mrs Jane Example', '[REDACTED:person-name]').replace('07700 900123', '[REDACTED:phone]'));
    expect(entry!.data.equals(expected)).toBe(true);
    const after = parse(entry!.data.toString('latin1')) as string[][];
    expect(after.map((row) => row.length)).toEqual([4, 4, 4]);
  });

  it('redacts nested zips into nested zips, and a .gz entry into a .gz entry', async () => {
    const inner = await zipOf([{ name: 'deep/' }, { name: 'deep/people.csv', content: 'Ref,Victim name\nA1,Mrs Jane Example\n' }, { name: 'readme.txt', content: 'nothing here' }]);
    const outer = await zipOf([
      { name: 'index.txt', content: 'the bundle' },
      { name: 'old/inner.zip', content: inner, store: true },
      { name: 'calls.csv.gz', content: gzipSync('Phone\n07700 900456\n') },
      { name: 'z-last.txt', content: 'e-mail jane.example@example.com' },
    ]);
    const { dir, out } = workspace({ 'bundle.zip': outer });
    const r = await cli(['redact', path.join(dir, 'bundle.zip'), '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^redacted .*clean\.zip!\/old\/inner\.zip!\/deep\/people\.csv \(1 value redacted\)$/m);
    const copy = await readZip(out);
    expect(copy.map((e) => e.name)).toEqual(['index.txt', 'old/inner.zip', 'calls.csv.gz', 'z-last.txt']);
    expect(copy[1]!.stored).toBe(true);
    const nested = await readZip(copy[1]!.data);
    expect(nested.map((e) => e.name)).toEqual(['deep/', 'deep/people.csv', 'readme.txt']);
    expect(nested[1]!.data.toString()).toBe('Ref,Victim name\nA1,[REDACTED:person-name]\n');
    expect(nested[2]!.data.toString()).toBe('nothing here');
    expect(gunzipSync(copy[2]!.data).toString()).toBe('Phone\n[REDACTED:phone]\n');
    expect(copy[3]!.data.toString()).toBe('e-mail [REDACTED:email]');
  });

  it('never overwrites: an existing --out is refused (exit 2, nothing written)', async () => {
    const { dir } = workspace({ 'bundle.zip': await zipOf([{ name: 'a.txt', content: 'Call 07700 900123' }]), 'old.zip': 'old bytes' });
    const r = await cli(['redact', 'bundle.zip', '--out', 'old.zip'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^leakgate: --out old\.zip exists: redact never overwrites/);
    expect(readFileSync(path.join(dir, 'old.zip'), 'utf8')).toBe('old bytes');
    expect(readdirSync(dir).sort()).toEqual(['bundle.zip', 'old.zip']);
  });

  it.each([
    ['the input itself', 'bundle.zip', /is the input/],
    ['the input through another path', './sub/../bundle.zip', /is the input/],
    ['not a .zip', 'clean', /give a name ending in \.zip/],
    ['in a folder that does not exist', 'nowhere/clean.zip', /does not exist/],
  ])('refuses an --out that is %s (exit 2, nothing written)', async (_, out, message) => {
    const { dir } = workspace({ 'bundle.zip': await zipOf([{ name: 'a.txt', content: 'Call 07700 900123' }]), 'sub/keep.txt': 'x' });
    const before = readFileSync(path.join(dir, 'bundle.zip'));
    const r = await cli(['redact', 'bundle.zip', '--out', out], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(readFileSync(path.join(dir, 'bundle.zip')).equals(before)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['bundle.zip', 'sub']);
  });

  it('refuses a corrupt zip: exit 2, and no output file at all', async () => {
    const whole = await zipOf([{ name: 'cases.csv', content: 'Victim name\nMrs Jane Example\n'.repeat(50) }]);
    const { dir, out } = workspace({ 'bundle.zip': whole.subarray(0, whole.length - 30) });
    const r = await cli(['redact', path.join(dir, 'bundle.zip'), '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/error .*bundle\.zip: corrupt or truncated archive/);
    expect(readdirSync(path.dirname(out))).toEqual([]);
  });

  it.each([
    ['an encrypted entry', async () => markEncrypted(await zipOf([{ name: 'a.csv', content: 'Ref\nA1\n' }, { name: 'secret.csv', content: 'Phone\n07700 900123\n' }]), 'secret.csv'), /secret\.csv: encrypted entry/],
    ['a zip bomb', async () => zipOf([{ name: 'a.csv', content: 'Ref\nA1\n' }, { name: 'zeros.txt', content: Buffer.alloc(4 * 1024 * 1024) }]), /zeros\.txt inflates \d+:1/],
    ['an entry name pointing outside it', async () => renameEntry(await zipOf([{ name: 'a.csv', content: 'Ref\nA1\n' }, { name: 'xx/evil.txt', content: 'hello' }]), 'xx/evil.txt', '../evil.txt'), /"\.\.\/evil\.txt" cannot be written back/],
    ['a binary entry', async () => zipOf([{ name: 'a.csv', content: 'Ref\nA1\n' }, { name: 'logo.png', content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0x49, 0, 0x48, 0x44]) }]), /logo\.png: a binary file .*\(EFORMAT\)/],
  ])('refuses a zip with %s whole: exit 2, no output file, no temporary file', async (_, make, message) => {
    const { dir, out } = workspace({ 'bundle.zip': await make() });
    const r = await cli(['redact', path.join(dir, 'bundle.zip'), '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(message);
    expect(r.stdout).toMatch(/an archive is (redacted|written) whole or not at all/);
    expect(r.stdout).not.toMatch(/^redacted|^copied/m);
    expect(readdirSync(path.dirname(out))).toEqual([]);
  });

  it('redacts a .gz file into a new .gz file', async () => {
    const { dir } = workspace({ 'calls.csv.gz': gzipSync('Name,Phone\nMrs Jane Example,07700 900123\n') });
    const r = await cli(['redact', 'calls.csv.gz', '--out', 'clean.csv.gz'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^redacted clean\.csv\.gz \(2 values redacted\)$/m);
    expect(gunzipSync(readFileSync(path.join(dir, 'clean.csv.gz'))).toString()).toBe('Name,Phone\n[REDACTED:person-name],[REDACTED:phone]\n');
    expect((await cli(['redact', 'calls.csv.gz', '--out', 'clean.zip'], { cwd: dir })).stderr).toMatch(/give a name ending in \.gz/);
  });

  it('redacts the zips and .gz files of a folder into files of the same names in the copy', async () => {
    const dir = tree({
      'cases.csv': 'Ref\nA1\n',
      'archive/old-cases.zip': await zipOf([{ name: 'cases/' }, { name: 'cases/2019.csv', content: 'Ref,Victim name\nA0,Mr Tom Sample\n' }]),
      'archive/calls.csv.gz': gzipSync('Phone\n07700 900789\n'),
    });
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'leakgate-out-')), 'copy');
    const r = await cli(['redact', dir, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^redacted .*copy\/archive\/old-cases\.zip!\/cases\/2019\.csv \(1 value redacted\)$/m);
    expect(readdirSync(path.join(out, 'archive')).sort()).toEqual(['calls.csv.gz', 'old-cases.zip']);
    const copy = await readZip(path.join(out, 'archive/old-cases.zip'));
    expect(copy.map((e) => e.name)).toEqual(['cases/', 'cases/2019.csv']);
    expect(copy[1]!.data.toString()).toBe('Ref,Victim name\nA0,[REDACTED:person-name]\n');
    expect(gunzipSync(readFileSync(path.join(out, 'archive/calls.csv.gz'))).toString()).toBe('Phone\n[REDACTED:phone]\n');
  });

  it('leaves out of a folder copy only the zip that cannot be redacted whole', async () => {
    const bad = markEncrypted(await zipOf([{ name: 'secret.csv', content: 'Phone\n07700 900123\n' }]), 'secret.csv');
    const dir = tree({ 'cases.csv': 'Ref\nA1\n', 'bad.zip': bad });
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'leakgate-out-')), 'copy');
    const r = await cli(['redact', dir, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/error .*bad\.zip: 1 of its entries cannot be scanned \(above\): left out of the copy/);
    expect(readdirSync(out)).toEqual(['cases.csv']);
  });

  it('never changes the input zip', async () => {
    const bytes = await zipOf(bundleItems(leaky, 'bundle'));
    const { dir, out } = workspace({ 'bundle.zip': bytes });
    await cli(['redact', path.join(dir, 'bundle.zip'), '--out', out, '--drop-sensitive-fields']);
    expect(readFileSync(path.join(dir, 'bundle.zip')).equals(bytes)).toBe(true);
    expect(existsSync(out)).toBe(true);
  });
});
