import type { ContainerFormat } from './format.js';
import { any, bytes } from './magic.js';

/** A zip archive (APPNOTE 4.3.7): entries are read in place, nested zips too (`outer.zip!/inner.zip!/x.csv`). */
export const zip: ContainerFormat = {
  kind: 'container',
  id: 'zip',
  title: 'zip',
  extensions: ['.zip'],
  reads: 'every entry, in place (`a.zip!/x.csv`), zips in zips too; an Office package named `.zip` is read as the document it is',
  seen: 'zip archive',
  what: 'a zip archive',
  handler: 'zip',
  sniff: any(bytes([0x50, 0x4b, 3, 4]), bytes([0x50, 0x4b, 5, 6]), bytes([0x50, 0x4b, 7, 8])),
  inPlace: ['.zip'],
};
