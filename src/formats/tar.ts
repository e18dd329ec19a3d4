import type { ContainerFormat } from './format.js';
import { latin1 } from './magic.js';

/**
 * A POSIX or GNU tar header: its checksum (octal, bytes 148-155) equals the sum of the header's
 * bytes with that field counted as spaces. Old (v7) tars carry no magic, only the checksum.
 */
function isTarHeader(b: Uint8Array): boolean {
  if (b.length < 512 || b[0] === 0) return false;
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
