import crypto, { createHmac } from 'node:crypto';

const BLOCK = 64;

/** One-shot SHA-256 (Node 20.12 and later); undefined on older Node, where createHmac is used. */
const hash = (crypto as { hash?: (algorithm: string, data: Uint8Array, encoding: string) => string | Buffer }).hash;

/**
 * HMAC-SHA-256 (RFC 2104) under one key, for millions of short messages: the key's padded
 * blocks are made once and reused, and each message costs two one-shot hashes instead of a new
 * Hmac object (measured about twice as fast on a run of 8 million findings).
 */
export class KeyedHash {
  private inner: Buffer;
  private readonly outer = Buffer.alloc(BLOCK + 32);

  constructor(private readonly key: Buffer) {
    // keys longer than a block are hashed first (RFC 2104 §2); ours are 32 bytes
    const k = key.length > BLOCK ? crypto.createHash('sha256').update(key).digest() : key;
    this.inner = Buffer.alloc(BLOCK + 1024, 0x36);
    this.outer.fill(0x5c, 0, BLOCK);
    for (let i = 0; i < k.length; i++) {
      this.inner[i]! ^= k[i]!;
      this.outer[i]! ^= k[i]!;
    }
  }

  /** The HMAC of a message's UTF-8 bytes, in base64url (or base64). */
  digest(message: string, encoding: 'base64url' | 'base64' = 'base64url'): string {
    if (!hash) return createHmac('sha256', this.key).update(message).digest(encoding);
    const need = BLOCK + Buffer.byteLength(message, 'utf8');
    if (need > this.inner.length) {
      const grown = Buffer.alloc(need * 2);
      this.inner.copy(grown, 0, 0, BLOCK);
      this.inner = grown;
    }
    const n = this.inner.write(message, BLOCK, 'utf8');
    (hash('sha256', this.inner.subarray(0, BLOCK + n), 'buffer') as Buffer).copy(this.outer, BLOCK);
    return hash('sha256', this.outer, encoding) as string;
  }
}
