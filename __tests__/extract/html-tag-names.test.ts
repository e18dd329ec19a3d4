import { tagName } from '../../src/extract/html-tag-names.js';
import { seeded } from '../helpers/seeded.js';

// tagName stands for src.slice(from, to).toLowerCase(), interning the ASCII names it keeps.

describe('tagName', () => {
  it('gives what slice().toLowerCase() gives, on names of every kind', () => {
    const chars = 'abcdeTDHRxyzXYZ-_:.019\u0130\u212A\u017F\u00E9\u00C9\u00DF';
    const rand = seeded(36);
    for (let n = 0; n < 20000; n++) {
      let src = '';
      const len = Math.floor(rand() * 30);
      for (let k = 0; k < len; k++) src += chars[Math.floor(rand() * (n % 3 === 0 ? chars.length : 15))];
      const from = Math.floor(rand() * (src.length + 1));
      const to = from + Math.floor(rand() * (src.length - from + 1));
      expect([src, from, to, tagName(src, from, to)]).toEqual([src, from, to, src.slice(from, to).toLowerCase()]);
    }
  });

  it('gives a name it holds in any case it is written in', () => {
    expect(tagName('<DIV class=x>', 1, 4)).toBe('div');
    expect(tagName('<div>', 1, 4)).toBe('div');
    expect(tagName('<dIv>', 1, 4)).toBe('div');
    expect(tagName('<d\u0130v>', 1, 4)).toBe('d\u0130v'.toLowerCase());
  });
});
