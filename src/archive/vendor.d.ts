// Types for the internals of unbzip2-stream that decompress.ts uses (the package has none).

declare module 'unbzip2-stream/lib/bit_iterator.js' {
  /** Reads `n` bits (null: skips to the next byte boundary); `bytesRead` counts bytes started. */
  interface BitReader {
    (n: number | null): number;
    bytesRead: number;
  }
  export default function bitIterator(nextBuffer: () => Uint8Array): BitReader;
}

declare module 'unbzip2-stream/lib/bzip2.js' {
  import type bitIterator from 'unbzip2-stream/lib/bit_iterator.js';
  type BitReader = ReturnType<typeof bitIterator>;
  const bzip2: {
    /** Reads a stream header ("BZh" and the block size digit); returns the block size (1-9). */
    header(bits: BitReader): number;
    /** Decodes one block, writing each byte to `out`; returns the running stream CRC, or null at the end of a stream. */
    decompress(bits: BitReader, out: (byte: number) => void, buf: Int32Array, bufsize: number, streamCRC: number | null): number | null;
  };
  export default bzip2;
}
