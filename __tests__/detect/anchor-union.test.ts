import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { compilePacks } from '../../src/packs/compile.js';
import { anchorOf } from '../../src/detect/prefilter.js';
import { AnchorSearch, AnchorUnion } from '../../src/detect/anchor-search.js';
import type { Pack } from '../../src/types.js';

// One search for several anchors (issue 16): the fields each anchor occurs in must come out as its
// own search finds them, whatever the anchors, their flags and how often they occur.
const root = path.resolve(import.meta.dirname, '../..');

function builtinAnchors(): RegExp[] {
  const dir = path.join(root, 'patterns');
  const packs: Pack[] = readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
    .map((f) => ({ file: JSON.parse(readFileSync(path.join(dir, f), 'utf8')), source: path.join(dir, f), builtin: true }));
  return [...new Set(compilePacks(packs).rules.flatMap((r) => anchorOf(r.re) ?? []))];
}

/** Anchors that overlap one another, share a start, differ only in case, or repeat a group. */
const OWN = [/ab/g, /abc/g, /b/g, /AB/gi, /c\d{2}/g, /(x)\1/g, /(?<y>y)z/g, /\d{2}:\d{2}/g, /é/gu, /[A-Z]{2}\d/g, /ab/gi];

const ALPHABET = [...'abcxyzABCXYZ0123456789:é @.\t'];

/** A batch: fields joined by U+0000, with where each starts. */
function batch(texts: readonly string[]): { fields: { text: string }[]; text: string; starts: Int32Array } {
  const starts = new Int32Array(texts.length + 1);
  let total = 0;
  texts.forEach((t, i) => {
    starts[i] = total;
    total += t.length + 1;
  });
  starts[texts.length] = total;
  return { fields: texts.map((text) => ({ text })), text: texts.join('\u0000'), starts };
}

describe('AnchorUnion', () => {
  const anchors = [...builtinAnchors(), ...OWN];

  test('each anchor is found in the same fields as by its own search', () => {
    const field = fc.array(fc.constantFrom(...ALPHABET), { maxLength: 40 }).map((a) => a.join(''));
    const union = new AnchorUnion();
    let found = 0;
    fc.assert(
      fc.property(fc.array(field, { minLength: 1, maxLength: 12 }), fc.subarray(anchors, { minLength: 2 }), (texts, chosen) => {
        const { fields, text, starts } = batch(texts);
        const alone = new AnchorSearch(fields, text, starts);
        const shared = new AnchorSearch(fields, text, starts);
        shared.share(chosen, union);
        for (const a of chosen) {
          const want = alone.fieldsWith(a);
          found += want.length;
          expect([a.source, shared.fieldsWith(a)]).toEqual([a.source, want]);
        }
      }),
      { numRuns: 2000 },
    );
    expect(found).toBeGreaterThan(2000);
  });

  test('an anchor found at many places is searched for alone from then on', () => {
    const union = new AnchorUnion();
    const texts = Array.from({ length: 2000 }, (_, i) => `ab ${i} c12 xx`);
    const { text, starts } = batch(texts);
    const anchors = [/ab/g, /c\d{2}/g, /zz/g];
    const first = union.search(anchors, text, starts);
    expect(first.map((f) => f.fields.length)).toEqual([2000, 2000, 0]);
    // /ab/ and /c\d{2}/ occur in every field: only /zz/ is left, and a union of one is no union
    expect(union.search(anchors, text, starts)).toEqual([]);
  });

  test('a 20 MB single line is searched in one pass', () => {
    const union = new AnchorUnion();
    const line = 'abc 12:34 '.repeat(2_000_000);
    const { text, starts } = batch([line]);
    const out = union.search([/xyz/g, /\d{2}:\d{2}/g, /q{3}/g], text, starts);
    expect(out.map((f) => f.fields)).toEqual([[], [0], []]);
  });
});
