import fc from 'fast-check';
import { anchorScanOf } from '../../src/detect/prefilter-scan.js';
import { anchorOf } from '../../src/detect/prefilter.js';
import { compilePacks } from '../../src/packs/compile.js';
import { builtinPacks } from '../helpers/builtin-packs.js';

// The hand-written anchor searches (issue 16) must find what their regexes find: from any place,
// the first match that starts there or later.
const searched: [string, string][] = [
  ['\\d{6}', 'g'],
  ['\\d{8}', 'gi'],
  ['(?:\\d{8})', 'gi'],
  ['\\d{10}', 'g'],
  [':[0-9a-f]{0,4}:', 'gi'],
];

/** Where the regex's first match from `from` starts, or -1. */
function regexAt(re: RegExp, text: string, from: number): number {
  re.lastIndex = from;
  return re.exec(text)?.index ?? -1;
}

describe('a hand-written anchor search finds what its regex does', () => {
  // the characters the searches look at, and their neighbours
  const char = fc.constantFrom(...'0123456789:aAfFgG \u0000x\u00e9\u2019\uff10\u0660');
  for (const [src, flags] of searched) {
    test(`${flags}/${src}`, () => {
      const re = new RegExp(src, flags);
      const scan = anchorScanOf(re)!;
      expect(scan).toBeDefined();
      fc.assert(
        fc.property(fc.array(char, { maxLength: 40 }), fc.nat(45), (chars, from) => {
          const text = chars.join('');
          expect(scan(text, from)).toBe(regexAt(re, text, from));
        }),
        { numRuns: 3000 },
      );
    });
  }

  test('only ASCII hex digits are [0-9a-f] with the i flag and without u', () => {
    const hex = /^[0-9a-f]$/i;
    const ascii = /^[0-9a-fA-F]$/;
    const differ: number[] = [];
    for (let c = 0; c < 0x10000; c++) if (hex.test(String.fromCharCode(c)) !== ascii.test(String.fromCharCode(c))) differ.push(c);
    expect(differ).toEqual([]);
  });

  test('a regex it does not know keeps its own search', () => {
    expect(anchorScanOf(/\d{6}/gu)).toBeUndefined();
    expect(anchorScanOf(/:[0-9a-f]{0,4}:/g)).toBeUndefined();
    expect(anchorScanOf(/[A-Z]{2}/g)).toBeUndefined();
    expect(anchorScanOf(/\d{6}x/g)).toBeUndefined();
  });

  test('the built-in anchors it is written for are searched with it', () => {
    const sources = new Set<string>();
    for (const rule of compilePacks(builtinPacks()).rules) {
      const anchor = anchorOf(rule.re);
      if (anchor && anchorScanOf(anchor)) sources.add(anchor.source);
    }
    expect(sources).toContain(':[0-9a-f]{0,4}:');
    expect([...sources].some((s) => /^(?:\(\?:)?\\d\{\d+\}\)?$/.test(s))).toBe(true);
  });
});
