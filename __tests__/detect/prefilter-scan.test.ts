import fc from 'fast-check';
import { anchorScanOf, searchFormOf } from '../../src/detect/prefilter-scan.js';
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

/** The fields (split at U+0000) a regex finds, searched as AnchorSearch does: from each field's start. */
function fieldsFound(re: RegExp, text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\0'); i !== -1; i = text.indexOf('\0', i + 1)) starts.push(i + 1);
  starts.push(text.length + 1);
  const found: number[] = [];
  let fi = 0;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    while (starts[fi + 1]! <= m.index) fi++;
    found.push(fi);
    if (fi + 2 >= starts.length) break;
    re.lastIndex = starts[fi + 1]!;
  }
  return found;
}

describe('a cheaper search form of an anchor finds the fields it does', () => {
  const words = ['Cottage', 'Cottages', 'Farm', 'House', 'Coach House', 'Old School'];
  const anchor = new RegExp(`(?:${words.join('|')}),`, 'g');

  test('words and a comma, looked for from each comma', () => {
    const form = searchFormOf(anchor)!;
    expect(form.source).toBe(`,(?<=(?:${words.join('|')}),)`);
    const piece = fc.constantFrom(...words, 'ottage', 'Coach', 'Hous', 'e', 's', ',', ' ', '\0', 'x');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 25 }), (pieces) => {
        const text = pieces.join('');
        expect(fieldsFound(form, text)).toEqual(fieldsFound(anchor, text));
      }),
      { numRuns: 5000 },
    );
  });

  test('the named-house anchor of the built-in packs has one; other anchors do not', () => {
    const forms = new Set<string>();
    for (const rule of compilePacks(builtinPacks()).rules) {
      const a = anchorOf(rule.re);
      const form = a && searchFormOf(a);
      if (form) forms.add(form.source);
    }
    expect([...forms].some((f) => f.startsWith(',(?<=(?:Cottage|'))).toBe(true);
    expect(searchFormOf(/(?:House|Court)/g)).toBeUndefined();
  });
});
