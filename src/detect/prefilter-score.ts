/** How rare what an anchor looks for is in text, in bits: how prefilter-derive.ts picks between chains. */

/** Bits of an alternation of parts with these bits each. */
export function orScore(scores: number[]): number {
  const p = scores.reduce((sum, s) => sum + 2 ** -s, 0);
  return p >= 1 ? 0 : -Math.log2(p);
}

/**
 * How unlikely a character class is at a random place in text, in bits, from rough letter
 * frequencies of English prose with numbers in it. Only the order of the estimates matters: it
 * picks which chain of a pattern to look for.
 */
export class Scorer {
  private readonly cache = new Map<string, number>();
  constructor(private readonly flags: string) {}

  bits(raw: string): number {
    let b = this.cache.get(raw);
    if (b === undefined) {
      const re = new RegExp(`^(?:${raw})$`, this.flags);
      let p = 0;
      for (let c = 0; c < 128; c++) if (re.test(String.fromCharCode(c))) p += FREQ[c]!;
      // anything beyond ASCII: letters with accents, curly quotes, symbols
      if (re.test('é') || re.test('’') || re.test('€')) p += 0.002;
      b = p <= 0 ? 20 : Math.min(20, -Math.log2(p));
      this.cache.set(raw, b);
    }
    return b;
  }
}

/** Rough frequency of each ASCII character in text (sums to about 1). */
const FREQ: number[] = (() => {
  const f = new Array<number>(128).fill(0.0002);
  const lower = 'etaoinshrdlcumwfgypbvkjxqz';
  for (let i = 0; i < 26; i++) f[97 + lower.indexOf(String.fromCharCode(97 + i))] = 0;
  [...lower].forEach((ch, i) => {
    f[ch.charCodeAt(0)] = 0.09 / (1 + i * 0.25);
  });
  for (let c = 65; c <= 90; c++) f[c] = 0.0016;
  for (let c = 48; c <= 57; c++) f[c] = 0.005;
  f[32] = 0.15;
  f[46] = 0.01;
  f[44] = 0.01;
  f[45] = 0.004;
  f[47] = 0.002;
  f[58] = 0.002;
  f[10] = 0.004;
  f[39] = 0.002;
  f[34] = 0.004;
  f[64] = 0.00005;
  f[60] = 0.0005;
  return f;
})();
