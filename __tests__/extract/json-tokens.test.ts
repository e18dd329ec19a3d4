import { StringEnds } from '../../src/extract/json-tokens.js';

/** The tokenizer's character loop before StringEnds, the reference: the closing quote of a string whose content starts at `i`; -1 if not in the buffer, -2 on a raw line break. */
function findStringEnd(buf: string, i: number): number {
  // one pass over the string only: looking ahead for a line break with indexOf would scan the
  // rest of the buffer for every string, quadratic on single-line JSON
  for (let k = i; k < buf.length; k++) {
    const c = buf.charCodeAt(k);
    if (c === 34) return k;
    // a raw line break inside a string is invalid JSON, escaped or not
    if (c === 10) return -2;
    if (c === 92) {
      if (buf.charCodeAt(k + 1) === 10) return -2;
      k++;
    }
  }
  return -1;
}

/**
 * The strings of `buf` as the tokenizer reads them, left to right: each starts after the next
 * quote past the end of the one before. `ask(at)` is how the tokenizer finds where one ends.
 */
function walk(buf: string, ask: (at: number, index: number) => number): void {
  for (let q = buf.indexOf('"'), index = 0; q !== -1; index++) {
    const end = ask(q + 1, index);
    if (end < 0) return;
    q = buf.indexOf('"', end + 1);
  }
}

describe('StringEnds (native searches) against findStringEnd (the character loop)', () => {
  // buffers of quotes, escapes, line breaks and escaped line breaks in every order, including
  // a backslash as the last character and strings that never end
  const pieces = ['"', '\\"', '\\\\', '\\n', '\n', '\\\n', 'ab', 'x', '\\', '\r'];
  const buffers: string[] = [];
  let seed = 7;
  const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648);
  for (let b = 0; b < 3000; b++) {
    let buf = '';
    const n = 1 + (next() % 14);
    for (let i = 0; i < n; i++) buf += pieces[next() % pieces.length];
    buffers.push(buf);
  }
  buffers.push('"plain", "two", "three"', '"a\\"b" "c\\\\" "d', '"one\nline" "x"', '"ends with a backslash\\');

  it('finds the same end for every string, and whether it has an escape', () => {
    for (const buf of buffers) {
      const ends = new StringEnds();
      ends.reset(buf);
      walk(buf, (at) => {
        const expected = findStringEnd(buf, at);
        expect([buf, at, ends.end(at)]).toEqual([buf, at, expected]);
        if (expected >= 0) expect([buf, at, ends.escaped]).toEqual([buf, at, buf.slice(at, expected).includes('\\')]);
        return expected;
      });
    }
  });

  it('keeps its place past the strings it is not asked about (keys the tokenizer recognises)', () => {
    for (const buf of buffers) {
      const ends = new StringEnds();
      ends.reset(buf);
      walk(buf, (at, index) => {
        const expected = findStringEnd(buf, at);
        if (index % 2 === 1) expect([buf, at, ends.end(at)]).toEqual([buf, at, expected]);
        return expected;
      });
    }
  });
});
