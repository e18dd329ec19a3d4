import type { ContainerFormat } from './format.js';
import { bytes, latin1 } from './magic.js';

/** A bzip2 stream, decompressed by unbzip2-stream's decoder. */
export const bzip2: ContainerFormat = {
  kind: 'container',
  id: 'bzip2',
  title: 'bzip2',
  extensions: ['.bz2', '.bzip2', '.tbz', '.tbz2'],
  reads: 'decompressed as it is read (`.tar.bz2`, `.tbz2` as a tar)',
  seen: 'bzip2 stream',
  what: 'bzip2-compressed data',
  handler: 'bunzip2',
  // "BZh" + block size, then a block header (π) or the end-of-stream mark (√π): text never has these
  sniff: (b) => /^BZh[1-9]/.test(latin1(b, 0, 4)) && (bytes([0x31, 0x41, 0x59, 0x26, 0x53, 0x59], 4)(b) || bytes([0x17, 0x72, 0x45, 0x38, 0x50, 0x90], 4)(b)),
  inner: { '.bz2': '', '.bzip2': '', '.tbz': '.tar', '.tbz2': '.tar' },
};
