import { LetterRegExp, MADE } from '../../src/shared/letter-regexp.js';
// the modules that make them: each LetterRegExp registers itself when its module is evaluated
import '../../src/packs/people.js';
import '../../src/packs/name-forms.js';
import '../../src/packs/word-scan.js';
import '../../src/detect/detect.js';
import '../../src/extract/csv-header.js';
import '../../src/filter/filter.js';
import '../../src/filter/mask.js';

// Every string of one and two ASCII characters, and of three and four over the characters the
// regexes look at, and some words: where a LetterRegExp runs its ASCII twin, the twin must answer
// as the Unicode regex would.
const EDGE = [...'AZaz09 \t.\'-_@Mc', 'O', 'F', 'i', 't', 'x'];
function asciiTexts(): string[] {
  const all = Array.from({ length: 128 }, (_, c) => String.fromCharCode(c));
  const out = [...all];
  for (const a of all) for (const b of all) out.push(a + b);
  for (const a of EDGE) for (const b of EDGE) for (const c of EDGE) out.push(a + b + c);
  for (const a of EDGE) for (const b of EDGE) for (const c of EDGE) for (const d of EDGE) out.push(a + b + c + d);
  out.push("O'Neill", 'McKenna', 'MacLeod', 'FitzGerald', "Smith's", ' \t- noted', ' - at 12', '  Jane Doe', 'J.', 'PNC', 'Grammar', "Mary-Jane", "-abc-", "'s");
  return out;
}

describe('LetterRegExp', () => {
  const texts = asciiTexts();

  it('was made by the name checks, detection, the CSV header and the filters', () => {
    expect(MADE.length).toBeGreaterThanOrEqual(17);
  });

  it.each(MADE.map((m, i) => [i, m] as const))('#%i: its ASCII twin matches as the Unicode regex on ASCII text', (_i, m) => {
    const { unicode, ascii } = m.pair;
    const answer = (re: RegExp, t: string): string => (re.global ? t.replace(re, '') : JSON.stringify(re.exec(t)?.slice() ?? null));
    const differ = texts.filter((t) => answer(ascii, t) !== answer(unicode, t));
    expect({ source: unicode.source, differ: differ.slice(0, 5) }).toEqual({ source: unicode.source, differ: [] });
  });

  it('runs the Unicode regex on text beyond ASCII', () => {
    const upper = new LetterRegExp('^\\p{Lu}', 'u', /^[A-Z]/);
    expect(upper.test('Émile')).toBe(true);
    expect(upper.test('émile')).toBe(false);
    expect(upper.test('Zoë')).toBe(true);
    expect(upper.for('Zoe')).not.toBe(upper.for('Zoë'));
  });

  it('a twin that does not agree is caught (control)', () => {
    const wrong = new LetterRegExp('^\\p{L}+$', 'u', /^[A-Z]+$/);
    MADE.pop();
    const { unicode, ascii } = wrong.pair;
    expect(texts.some((t) => unicode.test(t) !== ascii.test(t))).toBe(true);
  });
});
