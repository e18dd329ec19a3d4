import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { phraseRegExp } from '../../src/packs/build-regexp.js';
import { pieced, seeded } from '../helpers/seeded.js';

// phraseRegExp's regex finds its phrases first without the `u` flag (issue 16: cheap to
// compile); it must match exactly as its source does under `iu`, on any text.

const root = path.resolve(import.meta.dirname, '../..');

/** Every phrase list of the built-in packs: rules' keywords and excludes, allow entries' near. */
function builtinPhraseLists(): string[][] {
  const lists: string[][] = [];
  for (const f of readdirSync(path.join(root, 'patterns')).filter((n) => n.endsWith('.json') && !n.endsWith('.schema.json'))) {
    const pack = JSON.parse(readFileSync(path.join(root, 'patterns', f), 'utf8'));
    for (const r of pack.rules ?? []) for (const l of [r.context?.keywords, r.context?.exclude]) if (l?.length) lists.push(l);
    for (const a of pack.allow ?? []) if (a.near?.length) lists.push(a.near);
  }
  return lists;
}

/** What the regex's source finds under its own flags, and what the phrase regex finds. */
function both(re: RegExp, text: string): [string, string] {
  const plain = new RegExp(re.source, re.flags);
  const show = (m: RegExpExecArray | null): string => (m ? `${m.index}:${JSON.stringify(m[0])}` : 'none');
  return [show(plain.exec(text)), show(re.exec(text))];
}

// pieces around and inside phrases: letters and digits of other scripts and beyond the BMP, lone
// surrogates, the two characters Unicode case folding takes to s and k, apostrophes, spaces
const PIECES = [
  ' ', '  ', '\t', '\n', '\u00a0', '.', ',', '/', '-', '_', '\u2019', "'", '(', ':', '0', '7', 'x', 'X', 'e', '\u00e9', '\u00c9', '\u0131', '\u0130',
  '\u017f', '\u212a', '\u00b2', '\u0663', '\u2160', '\u{1d400}', '\u{1f600}', '\ud835', '\udc00', '\u{10400}', 'DOB', 'd.o.b', 'tel', 'TEL', 'mob',
  'victim', 'VICTIM', 'reported by', 'reported   by', 'a/c', 'account', 'born on', 'b.', 'licence', 'driving licence', 'near', 'of',
];

describe('phraseRegExp', () => {
  it('keeps the source and flags rule-gate.ts reads', () => {
    const re = phraseRegExp(['date of birth', 'DOB']);
    expect(re.source).toBe('(?:^|[^\\p{L}\\p{N}])(?:date\\s*of\\s*birth|DOB)(?![\\p{L}\\p{N}])');
    expect(re.flags).toBe('iu');
    expect(re).toBeInstanceOf(RegExp);
    expect(String(re)).toBe(`/${re.source}/iu`);
    expect([re.unicode, re.ignoreCase, re.global]).toEqual([true, true, false]);
  });

  it('matches as its source does on random texts, for every phrase list of the built-in packs', () => {
    const rand = seeded(16);
    const lists = [...builtinPhraseLists(), ['a/c', 'b.', 's', 'k'], ['Kelvin', 'sis']];
    expect(lists.length).toBeGreaterThan(15);
    for (const list of lists) {
      const re = phraseRegExp(list);
      for (let i = 0; i < 600; i++) {
        const text = pieced(rand, PIECES, 8);
        const [want, got] = both(re, text);
        if (got !== want) throw new Error(`${JSON.stringify(list)} on ${JSON.stringify(text)}: ${got}, the regex ${want}`);
        expect(re.test(text)).toBe(want !== 'none');
      }
    }
  });

  it('matches a phrase written with ſ or the Kelvin sign, as Unicode case folding does, and no other letter beyond ASCII', () => {
    const wrong: string[] = [];
    const folded: string[] = [];
    for (const l of 'abcdefghijklmnopqrstuvwxyz') {
      const re = phraseRegExp([l]);
      const folds = new RegExp(`^${l}$`, 'iu');
      for (let c = 0x80; c <= 0xffff; c++) {
        const ch = String.fromCharCode(c);
        const m = re.exec(` ${ch} `);
        if (folds.test(ch)) folded.push(`${l} U+${c.toString(16)}`);
        if ((m !== null) !== folds.test(ch) || (m !== null && (m.index !== 0 || m[0] !== ` ${ch}`))) wrong.push(`${l} U+${c.toString(16)}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(folded).toEqual(['k U+212a', 's U+17f']);
    expect(phraseRegExp(['desk']).exec('my \u017fde\u017f\u212a')).toBeNull();
    expect(phraseRegExp(['desk']).exec('my de\u017f\u212a.')?.[0]).toBe(' de\u017f\u212a');
  });

  it('is whole words of any script: a letter or digit beyond ASCII on either side cuts a phrase', () => {
    const re = phraseRegExp(['tel', 'telephone']);
    expect(re.test('\u00e9tel')).toBe(false);
    expect(re.test('tel\u00e9')).toBe(false);
    expect(re.test('tel\u00b2')).toBe(false);
    expect(re.test('\u{1d400}tel')).toBe(false);
    expect(re.exec('\u{1f600}tel')?.[0]).toBe('\u{1f600}tel');
    expect(re.exec('\u00e9tel telephone')?.[0]).toBe(' telephone');
    expect(re.exec('victim\u2019s tel\u2019s')?.index).toBe(8);
  });

  it('gives a phrase beyond ASCII a plain regex', () => {
    const re = phraseRegExp(['né']);
    expect(Object.getPrototypeOf(re)).toBe(RegExp.prototype);
    expect(re.test('Mme Smith né Jones')).toBe(true);
  });
});
