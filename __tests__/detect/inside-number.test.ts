import fc from 'fast-check';
import { insideNumber } from '../../src/detect/inside-number.js';

/** insideNumber as first written, reading past the text's ends (charCodeAt's NaN is no digit). */
function unbounded(text: string, index: number, value: string): boolean {
  const digit = (i: number): boolean => {
    const c = text.charCodeAt(i);
    return c >= 48 && c <= 57;
  };
  const end = index + value.length;
  if (digit(index) && (digit(index - 1) || (text.charCodeAt(index - 1) === 46 && digit(index - 2)))) return true;
  return digit(end - 1) && (digit(end) || (text.charCodeAt(end) === 46 && digit(end + 1)));
}

describe('insideNumber at the ends of a text (its reads stop there: issue 16)', () => {
  it('a value that is the whole text, or starts or ends it, is no part of a longer number', () => {
    expect(insideNumber('4111111111111111', 0, '4111111111111111')).toBe(false);
    expect(insideNumber('12 Acacia Avenue', 0, '12')).toBe(false);
    expect(insideNumber('call 07700900123', 5, '07700900123')).toBe(false);
    expect(insideNumber('.5', 1, '5')).toBe(false);
    expect(insideNumber('5.', 0, '5')).toBe(false);
  });

  it('digits next to it, or a point and a digit, still make it part of a number', () => {
    expect(insideNumber('53.4', 3, '4')).toBe(true);
    expect(insideNumber('53.4', 0, '53')).toBe(true);
    expect(insideNumber('2.4.3.3.1', 2, '4.3.3.1')).toBe(true);
    expect(insideNumber('x123', 2, '23')).toBe(true);
  });

  it('answers as the unbounded reads did, on any text and place', () => {
    const text = fc.array(fc.constantFrom('0', '1', '9', '.', ' ', 'a'), { maxLength: 12 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(), (t, a, b) => {
        const index = t.length === 0 ? 0 : a % t.length;
        const value = t.slice(index, index + 1 + (b % Math.max(1, t.length - index)));
        expect(insideNumber(t, index, value)).toBe(unbounded(t, index, value));
      }),
      { numRuns: 2000 },
    );
  });
});
