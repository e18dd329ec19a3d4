import { createHmac, randomBytes } from 'node:crypto';
import { KeyedHash } from '../../src/filter/keyed-hash.js';

describe('KeyedHash', () => {
  // node's own HMAC is the oracle: the fast path must give exactly RFC 2104's answer
  it.each([16, 32, 64, 100])('is HMAC-SHA-256 under a %i-byte key, for short, long and non-ASCII messages', (len) => {
    const key = randomBytes(len);
    const h = new KeyedHash(key);
    for (const m of ['', 'a', 'é\u0000x', 'x'.repeat(5000), 'uk.nino\u0000bundle/x.csv\u0000JM456789C', 'b']) {
      expect(h.digest(m)).toBe(createHmac('sha256', key).update(m).digest('base64url'));
      expect(h.digest(m, 'base64')).toBe(createHmac('sha256', key).update(m).digest('base64'));
    }
  });
});
