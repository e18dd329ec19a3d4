import { positionKey, RecentKeys } from '../../src/filter/recent-keys.js';

describe('RecentKeys', () => {
  it('keeps a key through one generation of 65,536 new keys and forgets it after two', () => {
    const seen = new RecentKeys();
    seen.add('rule', 7);
    for (let i = 0; i < 65536; i++) seen.add('other', i + 100);
    // the first generation is full: the next key starts a new one, and the old is still asked
    seen.add('other', -1);
    expect(seen.has('rule', 7)).toBe(true);
    for (let i = 0; i < 65536; i++) seen.add('other', i + 200000);
    expect(seen.has('rule', 7)).toBe(false);
  });

  it('has no key before the first is added, and keeps the first one added', () => {
    const seen = new RecentKeys();
    expect(seen.has('rule', 7)).toBe(false);
    expect(seen.has('rule', 'key\u0000x')).toBe(false);
    seen.add('rule', 7);
    expect(seen.has('rule', 7)).toBe(true);
    expect(seen.has('rule', 8)).toBe(false);
  });

  it('counts a key added twice once, and keeps groups and kinds of key apart', () => {
    const seen = new RecentKeys();
    seen.add('a', 1);
    seen.add('a', 1);
    expect(seen.has('a', 1)).toBe(true);
    expect(seen.has('b', 1)).toBe(false);
    expect(seen.has('a', '1')).toBe(false);
    seen.add('a', 'key\u0000x.y');
    expect(seen.has('a', 'key\u0000x.y')).toBe(true);
    expect(seen.has('a', 'key\u0000x')).toBe(false);
  });

  it('answers as a set of group and key pairs would, for positions past 2^31, negative ones and key paths, across generations', () => {
    // a model: every pair added, by generation, as the keys were kept before the table of numbers
    const seen = new RecentKeys();
    let current = new Set<string>();
    let previous = new Set<string>();
    let size = 0;
    const pair = (g: string, k: number | string): string => `${g}\u0001${typeof k}\u0001${k}`;
    let wrong = 0;
    let x = 12345;
    const next = (): number => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
    for (let i = 0; i < 200_000; i++) {
      const group = `rule${next() % 5}`;
      const r = next();
      const key =
        r % 10 === 0 ? `key\u0000${r % 300}` : r % 10 === 1 ? positionKey(1, 2 ** 26 + (r % 5000)) : r % 10 === 2 ? -0 : positionKey(next() % 4000, r % 120);
      const has = current.has(pair(group, key)) || previous.has(pair(group, key));
      if (seen.has(group, key) !== has) wrong++;
      if (has && i % 3 !== 0) continue;
      seen.add(group, key);
      if (size >= 65536) {
        previous = current;
        current = new Set();
        size = 0;
      }
      if (!current.has(pair(group, key))) size++;
      current.add(pair(group, key));
    }
    expect(wrong).toBe(0);
    expect(seen.has('rule0', 0)).toBe(current.has(pair('rule0', 0)) || previous.has(pair('rule0', 0)));
  });

  it('gives every line and column its own position key, on short lines and on the long line of a one-line file', () => {
    const lines = [0, 1, 2, 2 ** 20 - 1, 2 ** 20, 2 ** 27 - 1, 2 ** 27, 2 ** 40];
    const columns = [0, 1, 2 ** 26 - 1, 2 ** 26, 2 ** 26 + 1, 2 ** 32 - 1, 2 ** 32, 2 ** 45];
    const keys = new Set<number | string>();
    for (const line of lines) for (const column of columns) keys.add(positionKey(line, column));
    expect(keys.size).toBe(lines.length * columns.length);
    // a one-line file's findings past 64 Mi columns are keyed by numbers too
    expect(typeof positionKey(1, 172_144_575)).toBe('number');
  });
});
