import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { readWhole } from '../../src/read/read-source.js';
import { cli, tree } from '../helpers/cli.js';

// A small file whose size the run's planning stat gave is read at once, without a second stat:
// whatever happened to the file since, what is read is what the path holds when it is read, and
// anything that is no longer a small regular file is left to the stream, which reports it.

const TEXT = 'Ref,Note\n1,Caller said caf\u00e9 was closed\n';

function file(name: string, content: string | Buffer): string {
  const p = path.join(tree({}), name);
  writeFileSync(p, content);
  return p;
}

test('a small file is read whole, with the size it was planned with', () => {
  const p = file('a.csv', TEXT);
  const bytes = readWhole({ display: 'a.csv', fsPath: p, size: Buffer.byteLength(TEXT) }, Infinity);
  expect(Buffer.from(bytes!).toString('utf8')).toBe(TEXT);
});

test('a file that grew or shrank since it was planned is read as it is now', () => {
  const p = file('a.csv', TEXT);
  const n = Buffer.byteLength(TEXT);
  for (const size of [1, n - 1, n + 1, n + 500]) {
    expect(Buffer.from(readWhole({ display: 'a.csv', fsPath: p, size }, Infinity)!).toString('utf8')).toBe(TEXT);
  }
  // planned empty: the file is asked its size, not taken to be empty
  expect(Buffer.from(readWhole({ display: 'a.csv', fsPath: p, size: 0 }, Infinity)!).toString('utf8')).toBe(TEXT);
  const empty = file('empty.csv', '');
  expect(readWhole({ display: 'empty.csv', fsPath: empty, size: 0 }, Infinity)).toHaveLength(0);
});

test('a source with no planned size, a large file, or another kind of source is not read whole', () => {
  const p = file('a.csv', TEXT);
  expect(readWhole({ display: 'a.csv', fsPath: p }, Infinity)).toBeUndefined();
  expect(readWhole({ display: 'a.csv', fsPath: p, size: 10 * 1024 * 1024 }, Infinity)).toBeUndefined();
  expect(readWhole({ display: '-', stdin: true, size: 10 }, Infinity)).toBeUndefined();
  expect(readWhole({ display: 'a.zip!/a.csv', fsPath: p, archive: { file: p, entries: ['a.csv'] }, size: 10 }, Infinity)).toBeUndefined();
  // a file that grew past the small-file limit since it was planned is streamed
  const big = file('big.csv', Buffer.alloc(300 * 1024, 'a'));
  expect(readWhole({ display: 'big.csv', fsPath: big, size: 10 }, Infinity)).toBeUndefined();
});

test('a folder or a FIFO put in a planned file\'s place is left to the stream, and the thread is not held', () => {
  const dir = tree({});
  const folder = path.join(dir, 'was-a-file.csv');
  mkdirSync(folder);
  expect(readWhole({ display: 'was-a-file.csv', fsPath: folder, size: 40 }, Infinity)).toBeUndefined();
  const fifo = path.join(dir, 'pipe.csv');
  execFileSync('mkfifo', [fifo]);
  expect(readWhole({ display: 'pipe.csv', fsPath: fifo, size: 40 }, Infinity)).toBeUndefined();
});

test('a file that is gone, or over the size limit, fails closed', () => {
  const dir = tree({});
  expect(() => readWhole({ display: 'gone.csv', fsPath: path.join(dir, 'gone.csv'), size: 40 }, Infinity)).toThrow(expect.objectContaining({ name: 'ReadError', code: 'ENOENT' }));
  const p = file('a.csv', TEXT);
  const n = Buffer.byteLength(TEXT);
  expect(() => readWhole({ display: 'a.csv', fsPath: p, size: n }, n - 1)).toThrow(expect.objectContaining({ name: 'ReadError', code: 'ETOOBIG' }));
});

test('files read one after another into the one reused buffer each give their own bytes, however long', () => {
  const dir = tree({});
  const texts = ['x'.repeat(40_000), TEXT, '', 'y'.repeat(70_000), 'a,b\n'];
  for (const [k, text] of texts.entries()) writeFileSync(path.join(dir, `${k}.csv`), text);
  for (const [k, text] of [...texts.entries(), ...texts.entries()]) {
    const bytes = readWhole({ display: `${k}.csv`, fsPath: path.join(dir, `${k}.csv`), size: Buffer.byteLength(text) }, Infinity)!;
    expect(Buffer.from(bytes).toString('utf8')).toBe(text);
  }
});

test('a small file found compressed by its bytes keeps them while the files after it are read (the buffer is reused)', async () => {
  // the scan reads several files at once on a thread: a container's bytes outlive the next file's
  // read (named .csv, not .gz, it is read whole as text is, and found to be gzip by its bytes)
  const files: Record<string, string | Buffer> = {};
  for (let k = 0; k < 12; k++) {
    files[`${k}-notes.csv`] = zlib.gzipSync(`id,notes\n${k},"NI JM 45 67 89 C"\n`);
    files[`${k}-plain.csv`] = `id,notes\n${k},${'nothing to see here '.repeat(40 + k)}\n`;
  }
  const dir = tree(files);
  const r = await cli(['scan', '.', '-j', '1', '--format', 'json', '--no-progress'], { cwd: dir });
  const report = JSON.parse(r.stdout) as { errors: unknown[]; findings: { file: string; category: string }[] };
  expect(report.errors).toEqual([]);
  const found = new Set(report.findings.filter((f) => f.category === 'nino').map((f) => f.file));
  expect([...found].sort()).toEqual(Object.keys(files).filter((f) => f.includes('notes')).sort());
  expect(r.code).toBe(1);
});
