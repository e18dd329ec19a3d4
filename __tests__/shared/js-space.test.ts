import { hasNonSpace, isSpaceCode } from '../../src/shared/js-space.js';
import { seeded } from '../helpers/seeded.js';

// hasNonSpace stands for /\S/.test: it must answer as the regex does, for every character.

describe('hasNonSpace', () => {
  it('takes as spaces exactly the characters /\\s/ takes, of every UTF-16 code', () => {
    const wrong: number[] = [];
    for (let c = 0; c <= 0xffff; c++) if (isSpaceCode(c) !== /\s/.test(String.fromCharCode(c))) wrong.push(c);
    expect(wrong).toEqual([]);
  });

  it('answers as /\\S/.test on texts of spaces with a few other characters', () => {
    const spaces = ' \t\n\r\f\v\u00a0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';
    const others = 'a\u0000\u001f\u007f\u0085\u200b\u180e\ud83d\ude00é';
    const rand = seeded(35);
    for (let n = 0; n < 3000; n++) {
      let text = '';
      const len = Math.floor(rand() * 12);
      for (let k = 0; k < len; k++) {
        const from = rand() < 0.9 ? spaces : others;
        text += from[Math.floor(rand() * from.length)];
      }
      expect([text, hasNonSpace(text)]).toEqual([text, /\S/.test(text)]);
    }
  });
});
