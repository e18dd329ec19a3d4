import { LineIndex } from '../../src/extract/position.js';
import { seeded } from '../helpers/seeded.js';

// LineIndex starts each search where the last one ended: its answers must be a plain count's, in
// whatever order offsets are asked for, across chunks and after newlines are forgotten.

/** The line and column of `offset` in `text`, counted. */
function counted(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

describe('LineIndex', () => {
  it('gives the counted line and column, asked forwards, backwards and far ahead, chunk by chunk', () => {
    const rand = seeded(7);
    const wrong: unknown[] = [];
    let asked = 0;
    for (let n = 0; n < 200; n++) {
      let text = '';
      const length = 1 + Math.floor(rand() * 400);
      for (let i = 0; i < length; i++) text += rand() < 0.2 ? '\n' : 'a';
      const index = new LineIndex();
      const chunk = 1 + Math.floor(rand() * 50);
      let kept = 0;
      for (let base = 0; base < text.length; base += chunk) {
        index.add(text.slice(base, base + chunk), base);
        const end = Math.min(text.length, base + chunk);
        // now and then the window moves on: no offset before `kept` is asked for again
        if (rand() < 0.3) {
          kept = kept + Math.floor(rand() * (end - kept));
          index.forget(kept);
        }
        let offset = kept + Math.floor(rand() * (end - kept));
        for (let q = 0; q < 20; q++) {
          const got = index.at(offset);
          const want = counted(text, offset);
          if (got.line !== want.line || got.column !== want.column) wrong.push({ n, offset, got, want });
          asked++;
          const step = rand();
          // mostly a little on, sometimes back, sometimes far on
          offset = step < 0.6 ? offset + Math.floor(rand() * 6) : step < 0.8 ? offset - Math.floor(rand() * 20) : offset + Math.floor(rand() * 200);
          offset = Math.max(kept, Math.min(end, offset));
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(asked).toBeGreaterThan(10000);
  });
});
