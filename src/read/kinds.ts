import { constants, inflateSync } from 'node:zlib';
import { any, ascii, bytes, latin1, type Test } from '../formats/magic.js';
import { CONTAINER_FORMATS } from '../formats/registry.js';
import { zlib } from '../formats/zlib.js';
import type { KindId, Sniffed } from '../formats/kinds.js';

// Which kind (src/formats/kinds.ts) a source's first bytes show, when they are not text.

/**
 * Signatures that text cannot carry by accident (binary bytes, or a long exact header): checked
 * before the text test. Sources: each format's specification (ZIP APPNOTE 4.3.7, RFC 1952,
 * the bzip2 and .xz file formats, POSIX ustar, PDF 1.7 §7.5.2, [MS-CFB] 2.2, PNG §5.2…). The
 * containers' come from their format modules (src/formats/).
 */
const STRONG: [KindId, string, Test][] = [
  ...CONTAINER_FORMATS.flatMap((f): [KindId, string, Test][] => (f.seen ? [[f.id, f.seen, f.sniff]] : [])),
  ['archive', 'zstd stream', bytes([0x28, 0xb5, 0x2f, 0xfd])],
  ['archive', '7-Zip archive', bytes([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])],
  ['archive', 'RAR archive', ascii('Rar!\x1a\x07')],
  ['archive', 'lzip stream', ascii('LZIP\x01')],
  ['archive', 'cabinet archive', ascii('MSCF\0\0\0\0')],
  ['pdf', 'PDF document', ascii('%PDF-')],
  ['ole', 'OLE compound file', bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])],
  ['image', 'PNG image', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
  ['image', 'JPEG image', bytes([0xff, 0xd8, 0xff])],
  ['image', 'GIF image', any(ascii('GIF87a'), ascii('GIF89a'))],
  ['image', 'WebP image', (b) => ascii('RIFF')(b) && ascii('WEBP', 8)(b)],
  ['image', 'Photoshop image', (b) => ascii('8BPS')(b) && bytes([0, 1], 4)(b)],
  ['image', 'TIFF image', any(bytes([0x49, 0x49, 0x2a, 0]), bytes([0x4d, 0x4d, 0, 0x2a]))],
  ['image', 'HEIF/AVIF image', (b) => b[0] === 0 && ascii('ftyp', 4)(b) && /^(heic|heix|hevc|mif1|msf1|avif|avis)/.test(latin1(b, 8, 12))],
  ['video', 'MP4/QuickTime video', (b) => b[0] === 0 && ascii('ftyp', 4)(b)],
  ['video', 'Matroska/WebM video', bytes([0x1a, 0x45, 0xdf, 0xa3])],
  ['video', 'AVI video', (b) => ascii('RIFF')(b) && ascii('AVI ', 8)(b)],
  ['audio', 'WAV audio', (b) => ascii('RIFF')(b) && ascii('WAVE', 8)(b)],
  ['audio', 'Ogg media', ascii('OggS\0')],
  ['audio', 'FLAC audio', (b) => ascii('fLaC')(b) && ((b[4] ?? 1) & 0x7f) === 0],
  ['database', 'SQLite database', ascii('SQLite format 3\0')],
  ['executable', 'ELF executable', bytes([0x7f, 0x45, 0x4c, 0x46])],
  ['executable', 'Mach-O executable', any(bytes([0xfe, 0xed, 0xfa, 0xce]), bytes([0xfe, 0xed, 0xfa, 0xcf]), bytes([0xce, 0xfa, 0xed, 0xfe]), bytes([0xcf, 0xfa, 0xed, 0xfe]))],
  ['executable', 'Java class or fat Mach-O', bytes([0xca, 0xfe, 0xba, 0xbe])],
  ['executable', 'WebAssembly module', bytes([0, 0x61, 0x73, 0x6d])],
  ['git', 'git pack', (b) => ascii('PACK')(b) && bytes([0, 0, 0], 4)(b) && (b[7] === 2 || b[7] === 3)],
  ['git', 'git pack index', bytes([0xff, 0x74, 0x4f, 0x63])],
  ['git', 'git index', (b) => ascii('DIRC')(b) && bytes([0, 0, 0], 4)(b) && b[7]! >= 2 && b[7]! <= 4],
];

/** Signatures short or printable enough to start a text file: believed only of bytes that are not text. */
const WEAK: [KindId, string, Test][] = [
  ['image', 'BMP image', ascii('BM')],
  ['audio', 'MP3 audio', any(ascii('ID3'), bytes([0xff, 0xfb]), bytes([0xff, 0xf3]))],
  ['font', 'web font', any(ascii('wOFF'), ascii('wOF2'))],
  ['font', 'OpenType font', ascii('OTTO')],
  ['archive', 'LZMA stream', bytes([0x5d, 0, 0])],
  ['git', 'git reverse index, commit graph or multi-pack index', any(ascii('RIDX'), ascii('CGPH'), ascii('MIDX'))],
  ['image', 'icon', bytes([0, 0, 1, 0])],
  ['executable', 'Windows executable', ascii('MZ')],
  ['font', 'TrueType font', bytes([0, 1, 0, 0])],
  ['pdf', 'PDF document', (b) => latin1(b, 0, 1024).includes('%PDF-')],
];

/** The kind a source's first bytes show, when they show one before the text test (undefined: look further). */
export function sniffStrong(head: Uint8Array): Sniffed | undefined {
  for (const [kind, detail, test] of STRONG) if (test(head)) return { kind, detail };
  return undefined;
}

/** The kind of a source found not to be text: a weak signature, a zlib stream, or `binary`. */
export function sniffBinary(head: Uint8Array): Sniffed {
  for (const [kind, detail, test] of WEAK) if (test(head)) return { kind, detail };
  const z = zlibKind(head);
  if (z) return z;
  return { kind: 'binary', detail: 'binary data' };
}

/**
 * A zlib stream (src/formats/zlib.ts) that inflates: git keeps every loose object so (`blob 12\0…`).
 * A git tree holds names and binary ids, not text: it is refused with the rest of git's data.
 */
function zlibKind(head: Uint8Array): Sniffed | undefined {
  if (!zlib.sniff(head)) return undefined;
  let start: string;
  try {
    // the first 64 compressed bytes are enough for an object's header (and inflate to at most 66 kB)
    start = inflateSync(head.subarray(0, 64), { finishFlush: constants.Z_SYNC_FLUSH }).toString('latin1', 0, 64);
  } catch {
    return undefined;
  }
  if (/^tree \d+\0/.test(start)) return { kind: 'git', detail: 'git tree object' };
  return { kind: 'zlib', detail: /^(?:blob|commit|tag) \d+\0/.test(start) ? 'git loose object' : 'zlib stream' };
}

/** The header a git loose object's content starts with (`blob 12\0`), to drop before scanning. */
export const GIT_OBJECT_HEADER = /^(?:blob|commit|tag) \d+\0/;
