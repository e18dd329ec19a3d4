import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { planSplit } from '../../src/parallel/plan.js';
import { tree } from '../helpers/cli.js';

// Where a large CSV or text file is cut: right after the first line feed past each multiple of
// the part size, however far it is (a line end is looked for in a short window first, then in a
// long one), and for text at a blank line close by. Values are fiction.

const PART = 256 * 1024;

/** The cuts a plan should make: after the first line feed (or, for text, blank line) at or past each nominal point. */
function expectedStarts(bytes: Buffer, header: number, text = false): number[] {
  const starts = [0];
  for (let nominal = Math.max(PART, header); nominal < bytes.length - PART / 2; nominal += PART) {
    const window = bytes.subarray(nominal, nominal + 1024 * 1024);
    const nl = window.indexOf(10);
    if (nl === -1) continue;
    const near = window.subarray(0, 64 * 1024);
    const blank = text ? near.indexOf('\n\n') : -1;
    const start = nominal + (blank !== -1 ? blank + 2 : nl + 1);
    if (start > starts.at(-1)! && start < bytes.length) starts.push(start);
  }
  return starts;
}

test('a CSV whose rows are longer than the first window past a split point is cut at their ends', async () => {
  // rows of 100 KB after the short ones the header decision reads: a split point often falls
  // more than 64 KB before the next line end
  const row = (i: number): string => `${i},Caller ${'spoke at length '.repeat(i < 30 ? 2 : 6400)}\n`;
  const bytes = Buffer.from(`Ref,Note\n${Array.from({ length: 70 }, (_, i) => row(i)).join('')}`);
  const file = path.join(tree({}), 'long.csv');
  writeFileSync(file, bytes);
  const parts = (await planSplit({ display: 'long.csv', fsPath: file }, bytes.length, PART))!;
  // the first part starts with the header and the rows the header decision reads: its cuts start past them
  expect(parts.map((p) => p.start)).toEqual(expectedStarts(bytes, parts[0]!.header));
  expect(parts.length).toBeGreaterThan(5);
  for (const p of parts.slice(1)) expect(bytes[p.start - 1]).toBe(10);
});

test('text is cut at a blank line near a split point, else at a line end', async () => {
  const para = (i: number): string => `Note ${i}: ${'the caller rang again about the gate '.repeat(40 + (i % 7) * 30)}\n${i % 3 === 0 ? '\n' : ''}`;
  const bytes = Buffer.from(Array.from({ length: 900 }, (_, i) => para(i)).join(''));
  const file = path.join(tree({}), 'notes.txt');
  writeFileSync(file, bytes);
  const parts = (await planSplit({ display: 'notes.txt', fsPath: file }, bytes.length, PART))!;
  expect(parts.map((p) => p.start)).toEqual(expectedStarts(bytes, 0, true));
  expect(parts.length).toBeGreaterThan(5);
});
