import { keptSlot, tagName } from '../../src/extract/html-tag-names.js';
import { ID_BR, ID_OTHER, ID_TD, ID_TH, tagInfo } from '../../src/extract/html-elements.js';
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

describe('keptSlot', () => {
  it('finds a name tagName keeps, and no other', () => {
    const name = tagName('<Section>', 1, 8);
    expect(keptSlot(name)).toBeGreaterThanOrEqual(0);
    // the same name made anew is the same name
    expect(keptSlot('sec' + 'tion')).toBe(keptSlot(name));
    // another case, or a name never read, is not the table's
    expect(keptSlot('Section')).toBe(-1);
    expect(keptSlot('never-read-as-a-name')).toBe(-1);
    expect(keptSlot('')).toBe(-1);
  });
});

describe('tagInfo', () => {
  it('tells the names the extractor asks about, the same whether the name was read or written', () => {
    for (const [src, id] of [['<TD>', ID_TD], ['<th>', ID_TH], ['<Br>', ID_BR], ['<tdx>', ID_OTHER], ['<time>', ID_OTHER]] as const) {
      const name = tagName(src, 1, src.length - 1);
      expect([src, tagInfo(name).id]).toEqual([src, id]);
      // the name read from a page and the same name written here are one element
      expect(tagInfo(name)).toBe(tagInfo(src.slice(1, -1).toLowerCase()));
    }
  });
});
