import type { ContainerFormat } from './format.js';
import { latin1 } from './magic.js';

/** Bytes the checksum field may hold and still read as one below: octal digits, NULs, and what trim() takes for space (Latin-1). */
const CHECKSUM_BYTE = Uint8Array.from({ length: 256 }, (_, c) => (c === 0 || (c >= 0x30 && c <= 0x37) || (c >= 0x09 && c <= 0x0d) || c === 0x20 || c === 0xa0 ? 1 : 0));

/**
 * A POSIX or GNU tar header: its checksum (octal, bytes 148-155) equals the sum of the header's
 * bytes with that field counted as spaces. Old (v7) tars carry no magic, only the checksum.
 */
function isTarHeader(b: Uint8Array): boolean {
  if (b.length < 512 || b[0] === 0) return false;
  // a byte no checksum field can hold (octal digits, NULs, spaces) rules it out before a string is made of it
  for (let i = 148; i < 156; i++) if (!CHECKSUM_BYTE[b[i]!]) return false;
  const field = latin1(b, 148, 156).replace(/[\0 ]+$/, '').trim();
  if (!/^[0-7]{1,7}$/.test(field)) return false;
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : b[i]!;
  return sum === parseInt(field, 8);
}

/** A tar archive (POSIX ustar, GNU, v7), read by our own streaming reader. */
export const tar: ContainerFormat = {
  kind: 'container',
  id: 'tar',
  title: 'tar',
  extensions: ['.tar'],
  reads: 'every entry (`a.tar!/x.csv`)',
  seen: 'tar archive',
  what: 'a tar archive',
  handler: 'tar',
  sniff: isTarHeader,
};
