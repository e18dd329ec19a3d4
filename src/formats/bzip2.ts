import type { ContainerFormat } from './format.js';
import { ascii, bytes } from './magic.js';

/** Tested byte by byte: every file's head meets it, and a string of it was made for each (issue 16). */
const BZH = ascii('BZh');

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
  sniff: (b) => BZH(b) && b[3]! >= 0x31 && b[3]! <= 0x39 && (bytes([0x31, 0x41, 0x59, 0x26, 0x53, 0x59], 4)(b) || bytes([0x17, 0x72, 0x45, 0x38, 0x50, 0x90], 4)(b)),
  inner: { '.bz2': '', '.bzip2': '', '.tbz': '.tar', '.tbz2': '.tar' },
};
