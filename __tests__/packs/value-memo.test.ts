import { memoSpan, memoTest } from '../../src/packs/value-memo.js';

describe('memoSpan', () => {
  it('answers as the test does for every word read in place, however many words share its slots', () => {
    // a test by the word's own characters, so that a wrong slot's answer shows
    const test = (w: string): boolean => w.length % 3 === 0 || w.includes('q');
    let asked = 0;
    const span = memoSpan(
      memoTest((w) => {
        asked++;
        return test(w);
      }),
    );
    // 30,000 distinct words (more than the table's slots), prefixes of each other, and repeats
    const words: string[] = [];
    for (let i = 0; i < 30000; i++) words.push(`w${i.toString(36)}${'q'.repeat(i % 2)}`);
    words.push('', 'a', 'ab', 'abc', 'Zoë', 'Łukasz');
    const text = ` ${words.join(' ')} ${words.join(',')} `;
    let wrong = 0;
    for (let round = 0; round < 2; round++) {
      let at = 1;
      for (const w of words) {
        if (span(text, at, at + w.length) !== test(w)) wrong++;
        at += w.length + 1;
      }
    }
    expect(wrong).toBe(0);
    // a word met again in its slot is not asked of the memo again
    asked = 0;
    expect(span('x Zoë y', 2, 5)).toBe(test('Zoë'));
    expect(span('Zoë', 0, 3)).toBe(test('Zoë'));
    expect(asked).toBeLessThanOrEqual(1);
  });
});
