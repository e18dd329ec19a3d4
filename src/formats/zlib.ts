import type { ContainerFormat } from './format.js';

/**
 * A zlib stream header (RFC 1950): deflate, a window of at most 32 KiB, a header check multiple of
 * 31, no preset dictionary. Only believed of bytes that are not text, and of a stream that inflates.
 */
function zlibHeader(head: Uint8Array): boolean {
  const [cmf, flg] = [head[0] ?? 0, head[1] ?? 0];
  return (cmf & 0x0f) === 8 && cmf >> 4 <= 7 && (cmf * 256 + flg) % 31 === 0 && (flg & 0x20) === 0;
}

/** A zlib stream: git keeps every loose object so (`blob 12\0…`). */
export const zlib: ContainerFormat = {
  kind: 'container',
  id: 'zlib',
  title: 'zlib (git loose objects)',
  extensions: ['.zz'],
  reads: 'inflated as it is read; a git blob, commit or tag without its header',
  what: 'zlib-compressed data (a git loose object, say)',
  handler: 'inflate',
  sniff: zlibHeader,
  inner: { '.zz': '' },
};
