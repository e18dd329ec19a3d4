import { RecentKeys } from '../../src/filter/recent-keys.js';

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
});
