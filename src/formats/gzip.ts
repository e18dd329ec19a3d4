import type { ContainerFormat } from './format.js';
import { bytes } from './magic.js';

/** A gzip stream (RFC 1952): inflated as it is read, and looked at again. */
export const gzip: ContainerFormat = {
  kind: 'container',
  id: 'gzip',
  title: 'gzip',
  extensions: ['.gz', '.gzip', '.z', '.tgz'],
  reads: 'inflated as it is read (`x.csv.gz` is scanned as `x.csv`; `.tgz`, `.tar.gz` as a tar)',
  seen: 'gzip stream',
  what: 'gzip-compressed data',
  handler: 'gunzip',
  sniff: bytes([0x1f, 0x8b, 8]),
  inner: { '.gz': '', '.gzip': '', '.z': '', '.tgz': '.tar' },
  inPlace: ['.gz'],
};
