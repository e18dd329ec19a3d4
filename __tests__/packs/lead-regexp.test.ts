import { compilePacks } from '../../src/packs/compile.js';
import { leadRegExp } from '../../src/packs/lead-regexp.js';
import { builtinPacks } from '../helpers/builtin-packs.js';
import { textsBelow } from '../helpers/files-below.js';
import { pieced, seeded } from '../helpers/seeded.js';
import { describeShared } from '../helpers/shared.js';

// leadRegExp runs a regex that starts `(?:^|[…])` as the regex at position 0 and the regex
// without `^|` elsewhere, so that V8 scans for the class (issue 16); it must find exactly what
// the written regex finds: the same matches at the same places, of the same length, with the
// same groups, on any text, from any lastIndex.

/** The built-in rules whose regex runs as a lead regex, with the regex as written. */
function leading(): { id: string; written: RegExp; run: RegExp }[] {
  return compilePacks(builtinPacks())
    .rules.filter((r) => leadRegExp(r.re.source, r.re.flags, r.re.source) !== undefined)
    .map((r) => ({ id: r.id, written: new RegExp(r.re.source, r.re.flags), run: r.re }));
}

/** Every match as detect.ts reads it: index, text, the groups and their places; `step` says where the next search starts. */
function matches(re: RegExp, text: string, step: 'next' | 'end' = 'next'): string[] {
  const out: string[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push(`${m.index}:${m[0]}:${JSON.stringify([...m])}:${JSON.stringify(m.groups ?? null)}:${JSON.stringify(m.indices ?? null)}:${re.lastIndex}`);
    // detect.ts looks again one character on when it refuses a match, at its end when it takes it
    if (step === 'next' || m[0] === '') re.lastIndex = m.index + 1;
  }
  out.push(`end:${re.lastIndex}`);
  return out;
}

// pieces of lower-case names, labels and what breaks them
const PIECES = [
  ' ', '  ', '\t', '\n', '\u0000', ':', '(', ')', '"', ',', '.', ';', '-', '–', "'", '’', 'x', 'A', 'jane', 'smith', "o'neil", 'de', 'van',
  'mary-ann', 'isla little', 'grace', 'Name:', 'the', 'Omer Spinka', 'Feeney, Kaya', 'é', 'ß',
];

describe('leadRegExp', () => {
  it('takes a regex that starts at the start or after a class, and nothing else', () => {
    expect(leadRegExp('(?:^|[,:])x+', 'g', '(?:^|[,:])x+')).toBeDefined();
    expect(leadRegExp('(?:^|\\u0000)x+', 'dg', '(?:^|\\u0000)x+')).toBeDefined();
    // not global, multi-line (^ after every line break), sticky, Unicode
    for (const flags of ['', 'gm', 'gy', 'gu']) expect(leadRegExp('(?:^|[,:])x+', flags, '(?:^|[,:])x+')).toBeUndefined();
    // a quantified group is optional; a branch of the whole has no lead
    expect(leadRegExp('(?:^|[,:])?x+', 'g', '')).toBeUndefined();
    expect(leadRegExp('(?:^|[,:])x+|y', 'g', '')).toBeUndefined();
    // not a class: a group, an alternation, a word
    expect(leadRegExp('(?:^|(a))x+', 'g', '')).toBeUndefined();
    expect(leadRegExp('(?:^|a|b)x+', 'g', '')).toBeUndefined();
    expect(leadRegExp('(?:^|ab)x+', 'g', '')).toBeUndefined();
    expect(leadRegExp('(?:$|[,:])x+', 'g', '')).toBeUndefined();
  });

  it('keeps the source and flags it was written with', () => {
    const re = leadRegExp('(?:^|[,:])x+', 'dg', 'written')!;
    expect(re.source).toBe('written');
    expect(re.flags).toBe('dg');
    expect(re.hasIndices).toBe(true);
  });

  it('finds what the written regex finds, from any lastIndex, through every use of a regex', () => {
    const src = '(?:^|[,:(])[ \\t]{0,2}(?<value>[a-z]+)(?=$|[,.])';
    const written = new RegExp(src, 'dg');
    const run = leadRegExp(src, 'dg', src)!;
    for (const text of ['ann', 'ann,bob', ' ann', ':ann.', 'x,ann', ',,ann', '', ' ', '(  ann,', 'ann:bob.']) {
      expect(matches(run, text)).toEqual(matches(written, text));
      expect(matches(run, text, 'end')).toEqual(matches(written, text, 'end'));
      for (let from = -1; from <= text.length + 1; from++) {
        written.lastIndex = from;
        run.lastIndex = from;
        expect([text, from, run.exec(text), run.lastIndex]).toEqual([text, from, written.exec(text), written.lastIndex]);
      }
      written.lastIndex = 0;
      run.lastIndex = 0;
      expect(run.test(text)).toBe(written.test(text));
      expect(text.replace(run, '<$<value>>')).toBe(text.replace(written, '<$<value>>'));
      expect([...text.matchAll(run)].map((m) => [m.index, m[0]])).toEqual([...text.matchAll(written)].map((m) => [m.index, m[0]]));
      expect(text.split(run)).toEqual(text.split(written));
    }
  });

  it('runs the lower-case name rules, keeping the source they were written with', () => {
    const rules = leading();
    expect(rules.map((r) => r.id)).toEqual(expect.arrayContaining(['uk-people.person-lower', 'uk-people.person-in-people-column']));
    for (const r of rules) {
      expect(r.run.source).toBe(r.written.source);
      expect(r.run.flags).toBe(r.written.flags);
    }
  });

  it('finds what the written regex finds on generated text', () => {
    const rand = seeded(16);
    const rules = leading();
    for (let i = 0; i < 3000; i++) {
      const text = pieced(rand, PIECES, 10);
      for (const r of rules) {
        expect([r.id, text, matches(r.run, text)]).toEqual([r.id, text, matches(r.written, text)]);
        expect([r.id, text, matches(r.run, text, 'end')]).toEqual([r.id, text, matches(r.written, text, 'end')]);
      }
    }
  });
});

describeShared('corpus', 'leadRegExp on the shared corpus', (dir) => {
  it('finds what the written regex finds in every corpus file, and in its lines', () => {
    const rules = leading();
    let found = 0;
    // whole files, and their lines joined as detect joins fields
    for (const [f, t] of textsBelow(dir, true)) {
      for (const r of rules) {
        const want = matches(r.written, t);
        found += want.length - 1;
        expect([f, r.id, matches(r.run, t)]).toEqual([f, r.id, want]);
      }
    }
    // the corpus holds lower-case names: the comparison is not of two empty lists
    expect(found).toBeGreaterThan(20);
  });
});
