import type { ContainerFormat } from './format.js';
import { bytes } from './magic.js';

/** An xz stream, decompressed by xz-decompress (WebAssembly, 64 MiB dictionary at most). */
export const xz: ContainerFormat = {
  kind: 'container',
  id: 'xz',
  title: 'xz',
  extensions: ['.xz', '.txz'],
  reads: 'decompressed as it is read (`.tar.xz`, `.txz` as a tar)',
  seen: 'xz stream',
  what: 'xz-compressed data',
  handler: 'unxz',
  sniff: bytes([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0]),
  inner: { '.xz': '', '.txz': '.tar' },
};
