import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { DEFAULT_LIMITS, listZip, openEntry } from '../../src/archive/archive.js';
import { cli, testConfigHome, tree } from '../helpers/cli.js';
import type { Finding, Problem, Report } from '../helpers/json-report.js';
import { markEncrypted, renameEntry, zipOf } from '../helpers/zip.js';

// Every hostile input is made here, scanned through the real CLI (in-process, --format json) and
// held to the outcome the README's "Reliability" table documents. Planted values are fiction: a
// NINO that passes the prefix rules, an example.com address, an Ofcom drama mobile number.
const NINO = 'JM 45 67 89 C';
const EMAIL = 'jane@example.com';
const PHONE = '07700 900123';
const CSV = `id,notes\n1,hello\n2,"NI ${NINO}"\n`;

const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'bin/leakgate.js');

/** Runs `leakgate scan … --format json` in `cwd`; the exit code and the parsed report. */
async function scan(cwd: string, ...args: string[]): Promise<{ code: number; report: Report }> {
  const r = await cli(['scan', ...args, '--format', 'json'], { cwd });
  let report: Report;
  try {
    report = JSON.parse(r.stdout) as Report;
  } catch {
    throw new Error(`no JSON report (exit ${r.code}): ${r.stderr}`);
  }
  return { code: r.code, report };
}

/** The 1-based line and column of `needle` in `text`, after `after` if given (columns in UTF-16 code units, as reported). */
function at(text: string, needle: string, after = ''): { line: number; column: number } {
  const i = text.indexOf(needle, after ? text.indexOf(after) + after.length : 0);
  if (i === -1) throw new Error(`${needle} not in the text`);
  const before = text.slice(0, i);
  return { line: before.split('\n').length, column: i - before.lastIndexOf('\n') };
}

/** A finding of `category` for `needle` (the first after `after`), planted in `text`, in `file`. */
function found(file: string, text: string, needle: string, category: string, after = ''): Finding {
  return { file, category, ...at(text, needle, after) };
}

/** Windows-1252 bytes of a string of Latin-1 and the cp1252 punctuation used here. */
function cp1252(text: string): Buffer {
  const extra: Record<string, number> = { '\u201c': 0x93, '\u201d': 0x94, '\u2018': 0x91, '\u2019': 0x92, '\u2013': 0x96, '\u20ac': 0x80 };
  return Buffer.from([...text].map((c) => extra[c] ?? c.charCodeAt(0)));
}

function utf16be(text: string): Buffer {
  return Buffer.from(text, 'utf16le').swap16();
}

/** Overwrites `n` bytes of an entry's compressed data (after its local header) with 'A'. */
function corruptData(zip: Buffer, n: number): Buffer {
  const out = Buffer.from(zip);
  const start = 30 + out.readUInt16LE(26) + out.readUInt16LE(28);
  out.fill(0x41, start, start + n);
  return out;
}

/** Every file under `dir` (not following links, never opening FIFOs or sockets) with a hash of its content. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      const st = lstatSync(p);
      const rel = path.relative(dir, p);
      if (st.isDirectory()) visit(p);
      else if (st.isSymbolicLink()) out[rel] = `link:${readlinkSync(p)}`;
      else if (st.isFile()) out[rel] = createHash('sha256').update(readFileSync(p)).digest('hex') + `:${st.mtimeMs}`;
      else out[rel] = `special:${st.mode}`;
    }
  };
  visit(dir);
  return out;
}

/**
 * Counts the zip entries read while `fn` runs, and the bytes they hold (yauzl checks that an entry
 * inflates to exactly its declared size, so this is what was inflated).
 */
async function countInflated(fn: () => Promise<void>): Promise<{ streams: number; bytes: number }> {
  type Open = (this: yauzl.ZipFile, entry: yauzl.Entry, ...rest: unknown[]) => void;
  const proto = yauzl.ZipFile.prototype as unknown as { openReadStream: Open };
  const original = proto.openReadStream;
  const count = { streams: 0, bytes: 0 };
  proto.openReadStream = function (entry, ...rest) {
    count.streams++;
    count.bytes += entry.uncompressedSize;
    original.call(this, entry, ...rest);
  };
  try {
    await fn();
  } finally {
    proto.openReadStream = original;
  }
  return count;
}

/** 1 MiB chunks of zeros, `mib` of them: a bomb's content, never held whole. */
function zeros(mib: number): () => Iterable<Buffer> {
  const chunk = Buffer.alloc(1024 * 1024);
  return function* () {
    for (let i = 0; i < mib; i++) yield chunk;
  };
}

/** Lower-case words that do not compress much (seeded): text that is neither a bomb nor personal data. */
function words(chars: number, seed = 1): string {
  let x = seed;
  const out: string[] = [];
  let n = 0;
  while (n < chars) {
    let w = '';
    for (let k = 0; k < 3 + (n % 5); k++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      w += String.fromCharCode(97 + ((x >>> 16) % 26));
    }
    out.push(w);
    n += w.length + 1;
  }
  return out.join(' ').slice(0, chars);
}

interface Case {
  name: string;
  files: () => Record<string, string | Buffer> | Promise<Record<string, string | Buffer>>;
  /** Arguments after `scan` (default: the folder). */
  args?: string[];
  code: 0 | 1 | 2;
  /** Exactly these errors and warnings, as [file, code] (default: none). */
  errors?: [string, string | RegExp][];
  warnings?: [string, string][];
  /** At least these findings, at these positions. */
  findings?: Finding[];
  /** More checks on the folder after the scan. */
  check?: (dir: string, report: Report) => void;
}

const UTF16_CSV = `Name,Notes\r\nx,"NI ${NINO}"\r\ny,${EMAIL}\r\n`;
const CP1252_CSV = `Amount,Quote,Notes\n\u00a3100,\u201chello\u201d \u2013 ok,\u201cNI ${NINO}\u201d\n\u20ac5,\u2018x\u2019,call ${PHONE}\n`;
const SOUP = `<div><p>hello <b>x</p></div></span><td>${NINO}<table><tr><td>\n</p junk ${EMAIL}>\n<a title=${NINO} href=x>y</a>\n<p attr="x><i>${PHONE}`;
const LONG_NDJSON = `{"e": "${EMAIL}"}\n{"a": "${words(5_000_000)} ${PHONE} ${words(5_000_000, 2)}"}\n{"n": "${NINO}"}\n`;
const ANGLE = `<p>Contact Jane <${EMAIL}></p>\n<p>NI <${NINO}> on file</p>\n<p>b</${EMAIL}></p>\n`;
const DEEP_JSON = '['.repeat(100_000) + `"${NINO}"` + ']'.repeat(100_000);
const DEEP_OBJECT = '{"a":'.repeat(100_000) + `"${NINO}"` + '}'.repeat(100_000);
const DEEP_HTML = '<div>'.repeat(100_000) + NINO + '</div>'.repeat(100_000);
const LONG_CSV = `notes\n${words(10_000_000)} ${NINO} ${words(10_000_000, 2)}`;
const MIXED_UTF8 = `Caf\u00e9 Zo\u00eb na\u00efve \uFFFD NI ${NINO}\n`;

const cases: Case[] = [
  // archives
  {
    name: 'a nested zip: outer.zip!/dir/inner.zip!/x.csv',
    files: async () => ({ 'outer.zip': await zipOf([['dir/inner.zip', await zipOf([['x.csv', CSV]])], ['readme.txt', 'nothing here\n']]) }),
    code: 1,
    findings: [found('outer.zip!/dir/inner.zip!/x.csv', CSV, NINO, 'nino')],
  },
  {
    name: 'an encrypted entry: an error naming it, the other entries scanned',
    files: async () => ({ 'enc.zip': markEncrypted(await zipOf([['secret.csv', CSV], ['plain.csv', CSV]]), 'secret.csv') }),
    code: 2,
    errors: [['enc.zip!/secret.csv', 'EENCRYPTED']],
    findings: [found('enc.zip!/plain.csv', CSV, NINO, 'nino')],
  },
  {
    name: 'a zip cut in half',
    files: async () => {
      const zip = await zipOf([['a.csv', CSV], ['b.csv', CSV]]);
      return { 'half.zip': zip.subarray(0, zip.length >> 1) };
    },
    code: 2,
    errors: [['half.zip', 'EUNREADABLE']],
  },
  {
    name: 'a zip whose central directory is overwritten',
    files: async () => {
      const zip = await zipOf([['a.csv', CSV]]);
      const cd = zip.indexOf(Buffer.from([0x50, 0x4b, 1, 2]));
      return { 'bad.zip': Buffer.concat([zip.subarray(0, cd), Buffer.alloc(20, 0x41), zip.subarray(cd + 20)]) };
    },
    code: 2,
    errors: [['bad.zip', 'EUNREADABLE']],
  },
  {
    name: "a zip entry whose deflated data is corrupt: an error for it, the next entry scanned",
    files: async () => ({ 'bad-entry.zip': corruptData(await zipOf([['a.csv', CSV], ['b.csv', CSV]]), 8) }),
    code: 2,
    errors: [['bad-entry.zip!/a.csv', 'EUNREADABLE']],
    findings: [found('bad-entry.zip!/b.csv', CSV, NINO, 'nino')],
  },
  {
    name: 'a .zip that is not a zip',
    files: () => ({ 'fake.zip': `not a zip, but ${NINO}\n` }),
    code: 2,
    errors: [['fake.zip', 'EUNREADABLE']],
  },
  {
    name: 'entry names pointing outside the archive: warned, scanned, never written',
    files: async () => {
      let zip = await zipOf([['zz/evil.txt', `NI ${NINO}\n`], ['zabs/a.txt', `mail ${EMAIL}\n`]]);
      zip = renameEntry(renameEntry(zip, 'zz/evil.txt', '../evil.txt'), 'zabs/a.txt', '/abs/a.txt');
      return { 'trav.zip': zip };
    },
    code: 1,
    warnings: [['trav.zip!/../evil.txt', 'EZIPPATH'], ['trav.zip!//abs/a.txt', 'EZIPPATH']],
    findings: [found('trav.zip!/../evil.txt', `NI ${NINO}\n`, NINO, 'nino'), found('trav.zip!//abs/a.txt', `mail ${EMAIL}\n`, EMAIL, 'email')],
    check: (dir) => {
      expect(readdirSync(dir)).toEqual(['trav.zip']);
      expect(existsSync(path.join(dir, '..', 'evil.txt'))).toBe(false);
      expect(existsSync('/abs/a.txt')).toBe(false);
    },
  },
  {
    name: 'two entries with one name: the second (which unzip tools may pick instead) is an error',
    files: async () => ({ 'dup.zip': await zipOf([['x.csv', CSV], ['x.csv', `notes\n${EMAIL}\n`]]) }),
    code: 2,
    errors: [['dup.zip!/x.csv', 'EUNREADABLE']],
    findings: [found('dup.zip!/x.csv', CSV, NINO, 'nino')],
  },
  {
    name: 'a folder entry with content is scanned like a file',
    files: async () => ({ 'dir.zip': renameEntry(await zipOf([['notes.txtx', `NI ${NINO}\n`]]), 'notes.txtx', 'notes.txt/') }),
    code: 1,
    findings: [found('dir.zip!/notes.txt/', `NI ${NINO}\n`, NINO, 'nino')],
  },
  {
    name: 'a zip of 2,000 entries (read once, not once per entry)',
    files: async () => ({ 'many.zip': await zipOf(Array.from({ length: 2000 }, (_, i): [string, string] => [`d/f${i}.txt`, i === 1234 ? `NI ${NINO}\n` : `row ${i}\n`])) }),
    code: 1,
    findings: [{ file: 'many.zip!/d/f1234.txt', line: 1, column: 4, category: 'nino' }],
    check: (_dir, report) => expect(report.summary.files).toBe(2000),
  },
  {
    name: 'a zip entry that inflates to more than its declared size',
    files: async () => {
      const zip = Buffer.from(await zipOf([['big.txt', Buffer.alloc(8 * 1024 * 1024, 0x61)]]));
      // declare 1,000 bytes, in the local header and the central directory
      zip.writeUInt32LE(1000, 22);
      zip.writeUInt32LE(1000, zip.indexOf(Buffer.from([0x50, 0x4b, 1, 2])) + 24);
      return { 'liar.zip': zip };
    },
    code: 2,
    errors: [['liar.zip!/big.txt', 'EUNREADABLE']],
  },
  {
    name: 'a zip of more than 20,000 entries',
    files: async () => ({ 'huge.zip': await zipOf(Array.from({ length: 20_001 }, (_, i): [string, string] => [`${i}`, '']), { store: true }) }),
    code: 2,
    errors: [['huge.zip', 'EZIPLIMIT']],
  },
  {
    name: 'a .csv.gz',
    files: () => ({ 'data.csv.gz': zlib.gzipSync(CSV) }),
    code: 1,
    findings: [found('data.csv.gz', CSV, NINO, 'nino')],
  },
  {
    name: 'a .gz inside a zip',
    files: async () => ({ 'b.zip': await zipOf([['in/data.csv.gz', zlib.gzipSync(CSV)]], { store: true }) }),
    code: 1,
    findings: [found('b.zip!/in/data.csv.gz', CSV, NINO, 'nino')],
  },
  {
    name: 'a gzip whose trailer understates its size: inflation stopped at the ratio limit',
    files: () => {
      const gz = zlib.gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x61));
      gz.writeUInt32LE(100, gz.length - 4);
      return { 'liar.txt.gz': gz };
    },
    code: 2,
    errors: [['liar.txt.gz', 'EZIPBOMB']],
  },
  {
    name: 'a truncated .gz (its last bytes, read as the size, may look like a bomb)',
    files: () => {
      const gz = zlib.gzipSync(`notes\n${words(200_000)}\n`);
      return { 'half.csv.gz': gz.subarray(0, gz.length >> 1) };
    },
    code: 2,
    errors: [['half.csv.gz', /^(EUNREADABLE|EZIPBOMB)$/]],
  },
  {
    name: 'a 20 MB CSV line inside a .gz (streamed in 16 KB pieces)',
    files: () => ({ 'long.csv.gz': zlib.gzipSync(LONG_CSV) }),
    code: 1,
    warnings: [['long.csv.gz', 'ELONGLINE']],
    findings: [found('long.csv.gz', LONG_CSV, NINO, 'nino')],
  },
  {
    name: 'a symbolic link stored in a zip is not followed',
    files: async () => {
      const zip = new yazl.ZipFile();
      zip.addBuffer(Buffer.from('/etc/passwd'), 'link', { mode: 0o120777 });
      zip.addBuffer(Buffer.from(CSV), 'x.csv');
      zip.end();
      const chunks: Buffer[] = [];
      for await (const c of zip.outputStream) chunks.push(c as Buffer);
      return { 'links.zip': Buffer.concat(chunks) };
    },
    code: 1,
    warnings: [['links.zip!/link', 'ESYMLINK']],
    findings: [found('links.zip!/x.csv', CSV, NINO, 'nino')],
  },
  {
    name: 'an empty zip and an empty .gz',
    files: async () => ({ 'empty.zip': await zipOf([]), 'empty.txt.gz': zlib.gzipSync('') }),
    code: 0,
  },
  {
    name: 'a zip entry over --max-file-size',
    files: async () => ({ 'b.zip': await zipOf([['big.txt', words(2 * 1024 * 1024)], ['small.csv', CSV]]) }),
    args: ['.', '--max-file-size', '1MB'],
    code: 2,
    errors: [['b.zip!/big.txt', 'ETOOBIG']],
    findings: [found('b.zip!/small.csv', CSV, NINO, 'nino')],
  },

  // encodings
  {
    name: 'UTF-16 LE with a BOM',
    files: () => ({ 'le.csv': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(UTF16_CSV, 'utf16le')]) }),
    code: 1,
    findings: [found('le.csv', UTF16_CSV, NINO, 'nino'), found('le.csv', UTF16_CSV, EMAIL, 'email')],
  },
  {
    name: 'UTF-16 BE with a BOM',
    files: () => ({ 'be.csv': Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(UTF16_CSV)]) }),
    code: 1,
    findings: [found('be.csv', UTF16_CSV, NINO, 'nino'), found('be.csv', UTF16_CSV, EMAIL, 'email')],
  },
  {
    name: 'UTF-16 LE without a BOM',
    files: () => ({ 'le-nobom.csv': Buffer.from(UTF16_CSV, 'utf16le') }),
    code: 1,
    findings: [found('le-nobom.csv', UTF16_CSV, NINO, 'nino'), found('le-nobom.csv', UTF16_CSV, EMAIL, 'email')],
  },
  {
    name: 'Windows-1252 (Excel) with \u00a3, \u20ac, curly quotes and an en dash',
    files: () => ({ 'excel.csv': cp1252(CP1252_CSV) }),
    code: 1,
    findings: [found('excel.csv', CP1252_CSV, NINO, 'nino'), found('excel.csv', CP1252_CSV, PHONE, 'phone')],
  },
  {
    name: 'UTF-8 with a BOM and a byte that is not UTF-8: warned, scanned with a replacement character',
    files: () => ({ 'bad-bytes.txt': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('x '), Buffer.from([0xff]), Buffer.from(` NI ${NINO}\n`)]) }),
    code: 1,
    warnings: [['bad-bytes.txt', 'EDECODE']],
    findings: [found('bad-bytes.txt', `x \uFFFD NI ${NINO}\n`, NINO, 'nino')],
  },
  {
    name: 'UTF-8 without a BOM and a stray byte: still UTF-8, columns right after the accents',
    files: () => ({ 'mixed.txt': Buffer.from([...Buffer.from(MIXED_UTF8.replace('\uFFFD', '\u0001'), 'utf8')].map((b) => (b === 1 ? 0xff : b))) }),
    code: 1,
    warnings: [['mixed.txt', 'EDECODE']],
    findings: [found('mixed.txt', MIXED_UTF8, NINO, 'nino')],
  },

  // broken structure: warned, scanned as text with the right lines
  {
    name: 'CSV with an unbalanced quote',
    files: () => ({ 'unbalanced.csv': `a,b\n1,"open\n2,NI ${NINO}\n3,${EMAIL}\n` }),
    code: 1,
    warnings: [['unbalanced.csv', 'EPARSE']],
    findings: [found('unbalanced.csv', `a,b\n1,"open\n2,NI ${NINO}\n3,${EMAIL}\n`, NINO, 'nino'), found('unbalanced.csv', `a,b\n1,"open\n2,NI ${NINO}\n3,${EMAIL}\n`, EMAIL, 'email')],
  },
  {
    name: 'CSV whose header has a line break in a quoted cell (the delimiter is read from the whole header)',
    files: () => ({ 'header.csv': `"Case\nref";Notes
1;NI ${NINO}
` }),
    code: 1,
    findings: [found('header.csv', `"Case\nref";Notes
1;NI ${NINO}
`, NINO, 'nino')],
    check: (_dir, report) => expect(report.findings).toContainEqual(expect.objectContaining({ category: 'nino', field: 'Notes' })),
  },
  {
    name: 'CSV with ragged rows',
    files: () => ({ 'ragged.csv': `a,b\n1,2,3\n4\n5,${NINO}\n` }),
    code: 1,
    warnings: [['ragged.csv', 'ERAGGED']],
    findings: [found('ragged.csv', `a,b\n1,2,3\n4\n5,${NINO}\n`, NINO, 'nino')],
  },
  {
    name: 'invalid JSON',
    files: () => ({ 'invalid.json': `{\n  "a": 1,,\n  "b": "${NINO}"\n}\n` }),
    code: 1,
    warnings: [['invalid.json', 'EPARSE']],
    findings: [found('invalid.json', `{\n  "a": 1,,\n  "b": "${NINO}"\n}\n`, NINO, 'nino')],
  },
  {
    name: 'truncated JSON',
    files: () => ({ 'truncated.json': `{"a": [1, 2,\n {"b": "${NINO}"` }),
    code: 1,
    warnings: [['truncated.json', 'EPARSE']],
    findings: [found('truncated.json', `{"a": [1, 2,\n {"b": "${NINO}"`, NINO, 'nino')],
  },
  {
    name: 'an NDJSON file with one broken line',
    files: () => ({ 'lines.ndjson': `{"a": 1}\n{"b": "${EMAIL}"\n{"c": "${NINO}"}\n` }),
    code: 1,
    warnings: [['lines.ndjson', 'EPARSE']],
    findings: [{ file: 'lines.ndjson', line: 2, column: 8, category: 'email' }, { file: 'lines.ndjson', line: 3, column: 8, category: 'nino' }],
  },
  {
    name: 'an NDJSON line over 8 MiB between two records: scanned as text, the records around it keep their labels',
    files: () => ({ 'long.ndjson': LONG_NDJSON }),
    code: 1,
    warnings: [['long.ndjson', 'ELONGLINE']],
    findings: [
      { ...found('long.ndjson', LONG_NDJSON, EMAIL, 'email'), field: '$.e' },
      found('long.ndjson', LONG_NDJSON, PHONE, 'phone'),
      { ...found('long.ndjson', LONG_NDJSON, NINO, 'nino'), field: '$[2].n' },
    ],
  },
  {
    name: 'tag soup: unclosed elements, a closing tag with words in it, split attributes, the input ending inside a tag',
    files: () => ({ 'soup.html': SOUP }),
    code: 1,
    warnings: [['soup.html', 'EPARSE']],
    findings: [found('soup.html', SOUP, NINO, 'nino'), found('soup.html', SOUP, EMAIL, 'email'), found('soup.html', SOUP, NINO, 'nino', 'title='), found('soup.html', SOUP, PHONE, 'phone')],
  },
  {
    name: 'addresses between unescaped angle brackets, which a browser takes for tags (`Jane <jane@example.com>`)',
    files: () => ({ 'angle.html': ANGLE }),
    code: 1,
    warnings: [['angle.html', 'EPARSE']],
    findings: [found('angle.html', ANGLE, EMAIL, 'email'), found('angle.html', ANGLE, NINO, 'nino'), found('angle.html', ANGLE, EMAIL, 'email', '</p>\n<p>b')],
  },
  {
    name: 'JSON nested 100,000 deep (arrays)',
    files: () => ({ 'deep.json': DEEP_JSON }),
    code: 1,
    findings: [found('deep.json', DEEP_JSON, NINO, 'nino')],
  },
  {
    name: 'JSON nested 100,000 deep (objects)',
    files: () => ({ 'deep-object.json': DEEP_OBJECT }),
    code: 1,
    findings: [found('deep-object.json', DEEP_OBJECT, NINO, 'nino')],
  },
  {
    name: 'HTML nested 100,000 deep: warned past 1,000, the rest scanned as text',
    files: () => ({ 'deep.html': DEEP_HTML }),
    code: 1,
    warnings: [['deep.html', 'EDEPTH']],
    findings: [found('deep.html', DEEP_HTML, NINO, 'nino')],
  },
  {
    name: 'a binary file (an image), loose and in a zip: an error naming it, not a pass',
    files: async () => {
      const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0]);
      return { 'logo.png': png, 'img.zip': await zipOf([['logo.png', png]]) };
    },
    code: 2,
    errors: [['img.zip!/logo.png', 'EFORMAT'], ['logo.png', 'EFORMAT']],
  },
  {
    name: 'empty files of every format',
    files: () => ({ 'e.csv': '', 'e.json': '', 'e.ndjson': '', 'e.html': '', 'e.txt': '', noext: '' }),
    code: 0,
    check: (_dir, report) => expect(report.summary.files).toBe(6),
  },
  {
    name: 'a file over --max-file-size: an error, not a skip',
    files: () => ({ 'big.csv': `a\n${'x\n'.repeat(600_000)}`, 'small.csv': CSV }),
    args: ['.', '--max-file-size', '1MB'],
    code: 2,
    errors: [['big.csv', 'ETOOBIG']],
    findings: [found('small.csv', CSV, NINO, 'nino')],
  },
  {
    name: 'the same, excluded explicitly',
    files: () => ({ 'big.csv': `a\n${'x\n'.repeat(600_000)}`, 'small.csv': CSV }),
    args: ['.', '--max-file-size', '1MB', '--exclude', 'big.csv'],
    code: 1,
    warnings: [['.', 'EEXCLUDED']],
    findings: [found('small.csv', CSV, NINO, 'nino')],
  },
];

describe('hostile input: each gives its documented outcome', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const dir = tree(await c.files());
    const { code, report } = await scan(dir, ...(c.args ?? ['.']));
    const pairs = (list: Problem[]): [string, string][] => list.map((p) => [p.file, p.code]);
    expect(pairs(report.errors)).toEqual((c.errors ?? []).map(([file, codeOf]) => [file, typeof codeOf === 'string' ? codeOf : expect.stringMatching(codeOf)]));
    expect(pairs(report.warnings)).toEqual(c.warnings ?? []);
    for (const f of c.findings ?? []) expect(report.findings).toContainEqual(expect.objectContaining(f));
    expect(code).toBe(c.code);
    c.check?.(dir, report);
  });
});

describe('bombs are refused without being inflated', () => {
  it('a zip with a 100 MB entry of zeros: EZIPBOMB before any entry is read', async () => {
    const dir = tree({ 'bomb.zip': await zipOf([['zeros.csv', zeros(100)], ['ok.csv', CSV]]) });
    expect(lstatSync(path.join(dir, 'bomb.zip')).size).toBeLessThan(200_000);
    const rss = process.memoryUsage().rss;
    let result: Awaited<ReturnType<typeof scan>> | undefined;
    const inflated = await countInflated(async () => {
      result = await scan(dir, '.');
    });
    const { code, report } = result!;
    expect(code).toBe(2);
    expect(report.errors).toEqual([{ file: 'bomb.zip', code: 'EZIPBOMB', message: expect.stringMatching(/zeros\.csv inflates \d+:1 .*refused without inflating/) }]);
    // refused from the central directory: no entry was opened, not a byte inflated
    expect(inflated).toEqual({ streams: 0, bytes: 0 });
    expect(report.summary).toMatchObject({ files: 0, bytes: 0 });
    expect(process.memoryUsage().rss - rss).toBeLessThan(50 * 1024 * 1024);
  });

  it('a 42.zip-style nested bomb: one EZIPLIMIT error, a few KB inflated to find it', async () => {
    // a leaf of 2 MiB of zeros, then four levels of 16 copies of the level below: 16^4 × 2 MiB =
    // 128 GiB if unpacked, about 20 KB on disk
    let level = await zipOf([['zeros.txt', zeros(2)]]);
    for (let depth = 1; depth <= 4; depth++) level = await zipOf(Array.from({ length: 16 }, (_, i): [string, Buffer] => [`l${depth}-${i}.zip`, level]));
    const dir = tree({ '42.zip': level });
    expect(level.length).toBeLessThan(64 * 1024);
    let result: Awaited<ReturnType<typeof scan>> | undefined;
    const inflated = await countInflated(async () => {
      result = await scan(dir, '.');
    });
    const { code, report } = result!;
    expect(code).toBe(2);
    expect(report.errors).toEqual([{ file: '42.zip!/l4-0.zip!/l3-0.zip!/l2-0.zip', code: 'EZIPLIMIT', message: expect.stringMatching(/nested deeper than 3; 42\.zip not scanned/) }]);
    expect(report.summary.files).toBe(0);
    expect(inflated.streams).toBeGreaterThan(0);
    expect(inflated.bytes).toBeLessThan(256 * 1024);
  });

  it('a nested zip read for many entries is inflated once, not once per entry', async () => {
    // at the archive layer, where the reads happen on this thread whatever the engine's threads do
    const noise = Buffer.from(words(2 * 1024 * 1024));
    const inner = await zipOf([['big.txt', noise], ...Array.from({ length: 200 }, (_, i): [string, string] => [`f${i}.txt`, `row ${i}\n`])]);
    const file = path.join(tree({ 'outer.zip': await zipOf([['inner.zip', inner]]) }), 'outer.zip');
    let read = 0;
    const inflated = await countInflated(async () => {
      const listing = await listZip({ file, entries: ['inner.zip'] }, DEFAULT_LIMITS, { bytes: 0 });
      expect(listing.entries).toHaveLength(201);
      for (const e of listing.entries) for await (const chunk of openEntry({ file, entries: ['inner.zip', e.name] }, DEFAULT_LIMITS)) read += chunk.length;
    });
    expect(read).toBe(noise.length + Array.from({ length: 200 }, (_, i) => `row ${i}\n`.length).reduce((a, b) => a + b));
    expect(inflated.streams).toBe(202);
    // the inner zip once, and each of its entries once (not the inner zip again for each entry)
    expect(inflated.bytes).toBe(inner.length + read);
  });

  it('a gzip bomb (50 MB of zeros): EZIPBOMB from its trailer, before a byte is read', async () => {
    const dir = tree({ 'bomb.csv.gz': zlib.gzipSync(Buffer.alloc(50 * 1024 * 1024)), 'ok.csv': CSV });
    const rss = process.memoryUsage().rss;
    const { code, report } = await scan(dir, '.');
    expect(code).toBe(2);
    expect(report.errors).toEqual([{ file: 'bomb.csv.gz', code: 'EZIPBOMB', message: expect.stringMatching(/refused without inflating/) }]);
    expect(report.summary.bytes).toBe(CSV.length);
    expect(report.findings).toContainEqual(expect.objectContaining(found('ok.csv', CSV, NINO, 'nino')));
    expect(process.memoryUsage().rss - rss).toBeLessThan(50 * 1024 * 1024);
  });
});

describe('very long lines stay in bounded memory', () => {
  it('a 50 MB single-line JSON array (and the same as NDJSON): found, RSS well under 200 MB more than a tiny scan', async () => {
    const dir = tree({ 'tiny.json': '{"a": 1}\n' });
    const big = path.join(dir, 'big.json');
    const fd = openSync(big, 'w');
    const note = words(900, 3);
    let size = 0;
    let planted = -1;
    let buf = '[';
    for (let i = 0; size < 50 * 1024 * 1024; i++) {
      const middle = planted === -1 && size > 25 * 1024 * 1024;
      const item = `${i ? ',' : ''}{"id":${i},"month":"2024-03","notes":"${middle ? `NI ${NINO}` : note}"}`;
      if (middle) planted = size + buf.length + item.indexOf(NINO) + 1;
      buf += item;
      if (buf.length > 1024 * 1024) {
        size += writeSync(fd, buf);
        buf = '';
      }
    }
    writeSync(fd, `${buf}]`);
    closeSync(fd);
    execFileSync('cp', [big, path.join(dir, 'big.ndjson')]);

    // the real CLI in a child whose heap is capped at 200 MB: an implementation holding the line's
    // fields or text unboundedly dies; its peak RSS (reported by a wrapper as it exits) is compared
    // with a scan of a tiny file
    const wrapper = path.join(tree({}), 'measure.mjs');
    writeFileSync(wrapper, `process.on('exit', () => process.stderr.write('\\nMAXRSS ' + process.resourceUsage().maxRSS + '\\n'));\nprocess.argv.splice(1, 1, ${JSON.stringify(bin)});\nawait import(${JSON.stringify(bin)});\n`);
    const run = (...files: string[]): Promise<{ code: number | null; report: Report; maxRss: number }> =>
      new Promise((resolve, reject) => {
        // one thread (-j 1): the memory of streaming a file, not of a pool sized to the machine's cores
        const child = spawn(process.execPath, ['--max-old-space-size=200', wrapper, 'scan', ...files, '--format', 'json', '-j', '1'], { cwd: dir });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d));
        child.stderr.on('data', (d: Buffer) => (stderr += d));
        child.on('error', reject);
        child.on('close', (code) => {
          const rss = /MAXRSS (\d+)/.exec(stderr);
          try {
            resolve({ code, report: JSON.parse(stdout) as Report, maxRss: Number(rss![1]) * 1024 });
          } catch {
            reject(new Error(`no report (exit ${code}): ${stderr.slice(0, 2000)}`));
          }
        });
      });
    const tiny = await run('tiny.json');
    const heavy = await run('big.json', 'big.ndjson');
    rmSync(dir, { recursive: true, force: true });
    expect(heavy.code).toBe(1);
    for (const file of ['big.json', 'big.ndjson']) expect(heavy.report.findings).toContainEqual(expect.objectContaining({ file, line: 1, column: planted, category: 'nino' }));
    expect(heavy.report.errors).toEqual([]);
    expect(heavy.report.warnings).toEqual([expect.objectContaining({ file: 'big.ndjson', code: 'ELONGLINE' })]);
    expect(heavy.maxRss - tiny.maxRss).toBeLessThan(200 * 1024 * 1024);
  });
});

describe('the file system: links, special files, unreadable files', () => {
  it('a symlink loop terminates; links out of the folder are not followed', async () => {
    const base = tree({ 'outside/secret.txt': `NI ${NINO}\n`, 'outside/dir/more.txt': `${EMAIL}\n`, 'bundle/a.txt': 'hello\n', 'bundle/sub/b.txt': 'world\n' });
    const bundle = path.join(base, 'bundle');
    symlinkSync('..', path.join(bundle, 'sub/loop'));
    symlinkSync('self', path.join(bundle, 'self'));
    symlinkSync('../outside/secret.txt', path.join(bundle, 'secret.txt'));
    symlinkSync('../outside/dir', path.join(bundle, 'dir'));
    symlinkSync('a.txt', path.join(bundle, 'inside.txt'));
    const { code, report } = await scan(base, 'bundle');
    expect(code).toBe(0);
    expect(report.findings).toEqual([]);
    expect(report.warnings.map((w) => [w.file, w.code])).toEqual([
      ['bundle/dir', 'ESYMLINK'],
      ['bundle/secret.txt', 'ESYMLINK'],
      ['bundle/self', 'ESYMLINK'],
      ['bundle/sub/loop', 'ESYMLINK'],
    ]);
    expect(report.summary.files).toBe(3); // a.txt, inside.txt (a link within the folder), sub/b.txt
    // a glob is held to its fixed part the same way
    const glob = await scan(base, 'bundle/*.txt');
    expect(glob.report.warnings.map((w) => [w.file, w.code])).toEqual([['bundle/secret.txt', 'ESYMLINK']]);
    expect(glob.report.findings).toEqual([]);
  });

  it('a FIFO and a socket are never opened: a warning, and the scan does not block', async () => {
    const dir = tree({ 'a.csv': CSV });
    execFileSync('mkfifo', [path.join(dir, 'pipe.csv')]);
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(path.join(dir, 'sock'), resolve));
    try {
      for (const args of [['.'], ['pipe.csv', 'a.csv'], ['*']]) {
        const { code, report } = await scan(dir, ...args);
        expect(code).toBe(1);
        expect(report.findings).toContainEqual(expect.objectContaining(found('a.csv', CSV, NINO, 'nino')));
        expect(report.warnings).toContainEqual(expect.objectContaining({ file: 'pipe.csv', code: 'ESPECIAL' }));
        if (args[0] !== 'pipe.csv') expect(report.warnings).toContainEqual(expect.objectContaining({ file: 'sock', code: 'ESPECIAL' }));
      }
    } finally {
      server.close();
    }
  });

  it('an unreadable file is exit 2 naming it, the rest still reported', async () => {
    // /proc/self/mem is a regular file whose read fails (EIO), even for root
    const dir = tree({ 'a.csv': CSV });
    const { code, report } = await scan(dir, 'a.csv', '/proc/self/mem');
    expect(code).toBe(2);
    expect(report.errors).toEqual([expect.objectContaining({ code: 'EUNREADABLE', file: expect.stringMatching(/proc\/self\/mem$/) })]);
    expect(report.findings).toContainEqual(expect.objectContaining(found('a.csv', CSV, NINO, 'nino')));
  });
});

describe('archives that do not come from a file are read from their bytes', () => {
  it('a zip or .gz on standard input is opened, a fake one is an error', async () => {
    const cases: [string, Buffer, string][] = [
      ['bundle.zip', await zipOf([['x.csv', CSV]]), 'bundle.zip!/x.csv'],
      ['export.csv.gz', zlib.gzipSync(CSV), 'export.csv.gz'],
    ];
    for (const [name, bytes, file] of cases) {
      const r = await cli(['scan', '-', '--stdin-filename', name, '--format', 'json'], { cwd: tree({}), stdin: bytes });
      expect(r.code).toBe(1);
      expect((JSON.parse(r.stdout) as Report).findings).toContainEqual(expect.objectContaining(found(file, CSV, NINO, 'nino')));
    }
    const r = await cli(['scan', '-', '--stdin-filename', 'bundle.zip', '--format', 'json'], { cwd: tree({}), stdin: Buffer.from('PK\u0003\u0004 not a zip') });
    expect(r.code).toBe(2);
    expect((JSON.parse(r.stdout) as Report).errors).toEqual([expect.objectContaining({ file: 'bundle.zip', code: 'EUNREADABLE' })]);
  });

  it('a staged zip (--staged reads the git index) is opened from its blob, with the other staged files', async () => {
    const repo = tree({ 'bundle.zip': await zipOf([['x.csv', CSV]]), 'notes.csv': CSV });
    const env = { ...process.env, GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.com' };
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: repo, env });
    execFileSync('git', ['add', 'bundle.zip', 'notes.csv'], { cwd: repo, env });
    const { code, report } = await scan(repo, '--staged');
    expect(code).toBe(1);
    expect(report.errors).toEqual([]);
    expect(report.findings).toContainEqual(expect.objectContaining(found('bundle.zip!/x.csv', CSV, NINO, 'nino')));
    expect(report.findings).toContainEqual(expect.objectContaining(found('notes.csv', CSV, NINO, 'nino')));
  });
});

describe('scans leave the bundle alone and agree with each other', () => {
  /** A bundle with a bit of everything: zips, nested zips, a gz, encodings, broken files. */
  async function bundle(): Promise<string> {
    const dir = tree({
      'export.csv': CSV,
      'bundle.zip': await zipOf([['inner.zip', await zipOf([['x.csv', CSV]])], ['notes.txt', `${EMAIL}\n`]]),
      'trav.zip': renameEntry(await zipOf([['zz/evil.txt', `NI ${NINO}\n`]]), 'zz/evil.txt', '../evil.txt'),
      'data.json.gz': zlib.gzipSync(`{"phone": "${PHONE}"}`),
      'excel.csv': cp1252(CP1252_CSV),
      'soup.html': SOUP,
      'broken.json': `{"a": [1,, "${NINO}"`,
      'sub/deep.json': DEEP_JSON,
    });
    mkdirSync(path.join(dir, 'empty'));
    symlinkSync('..', path.join(dir, 'sub/loop'));
    return dir;
  }

  const withoutDuration = (r: Report): Report => ({ ...r, summary: { ...r.summary, durationMs: 0 } });

  it('two in-process scans at once give the same report', async () => {
    const dir = await bundle();
    const [a, b] = await Promise.all([scan(dir, '.'), scan(dir, '.')]);
    expect(a.code).toBe(1);
    expect(b.code).toBe(a.code);
    expect(withoutDuration(b.report)).toEqual(withoutDuration(a.report));
    expect(a.report.findings.length).toBeGreaterThan(5);
  });

  it('two real processes at once give the same report', async () => {
    const dir = await bundle();
    const run = (): Promise<{ code: number | null; stdout: string }> =>
      new Promise((resolve, reject) => {
        // the key file the in-process scans use: the same key makes the same fingerprints
        // (a LEAKGATE_KEY in the caller's environment would be a key the in-process scan does not use)
        const { LEAKGATE_KEY: _key, ...env } = process.env;
        const child = spawn(process.execPath, [bin, 'scan', '.', '--format', 'json'], { cwd: dir, env: { ...env, FORCE_COLOR: '0', XDG_CONFIG_HOME: testConfigHome() } });
        let stdout = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout }));
      });
    const [a, b] = await Promise.all([run(), run()]);
    expect(a.code).toBe(1);
    expect(b.code).toBe(1);
    const inProcess = await scan(dir, '.');
    expect(withoutDuration(JSON.parse(a.stdout) as Report)).toEqual(withoutDuration(JSON.parse(b.stdout) as Report));
    expect(withoutDuration(JSON.parse(a.stdout) as Report)).toEqual(withoutDuration(inProcess.report));
  });

  it('leaves every file of the scanned tree as it was, and writes nothing next to it', async () => {
    const dir = await bundle();
    const before = snapshot(dir);
    await scan(dir, '.');
    await scan(dir, 'bundle.zip', 'trav.zip', 'data.json.gz', '--max-file-size', '10');
    await cli(['scan', '.', '--format', 'sarif'], { cwd: dir });
    await cli(['scan', '.'], { cwd: dir });
    expect(snapshot(dir)).toEqual(before);
    // trav.zip's ../evil.txt was read in place, never written
    expect(existsSync(path.join(dir, '..', 'evil.txt'))).toBe(false);
  });
});
