import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { openPart } from '../../src/read/read-part.js';
import { CHUNK_BYTES, type FilePart, ReadError } from '../../src/read/read-source.js';
import { tree } from '../helpers/cli.js';

// A part of a split file is read on a scan worker into one buffer, again and again: the text must
// be the part's bytes, however many reads it takes, and a part that cannot be read fails.

const HEADER = 'Ref,Note\n';
const row = (i: number): string => `${i},Caller said caf\u00e9 number ${i} was closed\n`;

function part(start: number, end: number, last = false): FilePart {
  return { kind: { format: 'csv', encoding: 'utf-8', bom: 0 }, start, end, header: Buffer.byteLength(HEADER), last };
}

async function text(opened: Awaited<ReturnType<typeof openPart>>): Promise<string> {
  let out = '';
  for await (const chunk of opened.chunks) out += chunk;
  return out;
}

test("a part over several reads is its bytes decoded, after the header record it is primed with", async () => {
  const rows = Array.from({ length: 60_000 }, (_, i) => row(i)).join('');
  const bytes = Buffer.from(HEADER + rows);
  expect(bytes.length).toBeGreaterThan(4 * CHUNK_BYTES);
  const file = path.join(tree({}), 'big.csv');
  writeFileSync(file, bytes);
  // a start after a line feed, an end inside a two-byte character's run of rows
  const start = bytes.indexOf('\n', 100_000) + 1;
  const end = bytes.indexOf('\n', 3 * CHUNK_BYTES + 12_345) + 1;
  const opened = await openPart(file, part(start, end));
  expect(opened.primer).toBe(HEADER);
  expect(await text(opened)).toBe(bytes.subarray(start, end).toString('utf8'));
  expect(opened.stats.bytes).toBe(end - start);
  // the last part, to the end of the file
  const lastPart = await openPart(file, part(end, bytes.length, true));
  expect(await text(lastPart)).toBe(bytes.subarray(end).toString('utf8'));
});

test('a part of a file that is gone, or whose place a FIFO took, is a read error (the thread is not held)', async () => {
  const dir = tree({});
  await expect(openPart(path.join(dir, 'gone.csv'), part(100, 200)).then(text)).rejects.toMatchObject({ name: 'ReadError', code: 'ENOENT' });
  // the header record is read first, then the part: each read fails alike
  await expect(openPart(path.join(dir, 'gone.csv'), part(0, 200)).then(text)).rejects.toMatchObject({ name: 'ReadError', code: 'ENOENT' });
  const fifo = path.join(dir, 'pipe.csv');
  execFileSync('mkfifo', [fifo]);
  await expect(openPart(fifo, part(100, 200)).then(text)).rejects.toBeInstanceOf(ReadError);
});
