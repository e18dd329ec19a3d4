import { isAscii } from 'node:buffer';
import { TextDecoder as NodeTextDecoder } from 'node:util';

/** How the bytes of a file turned out to be encoded. */
export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface Sniffed {
  /** undefined: binary (NUL bytes with no UTF-16 shape), not text. */
  encoding: Encoding | undefined;
  /** Bytes of byte-order mark to skip. */
  bom: number;
}

/** Bytes looked at to decide between text and binary, as git does. */
const SNIFF = 8000;

/**
 * Decides the encoding from the first bytes: a byte-order mark; UTF-16 without one (NULs on every
 * other byte); binary (other NULs); UTF-8 when the bytes are mostly valid UTF-8; otherwise
 * Windows-1252, which Excel writes CSV in and which decodes any byte sequence.
 */
export function sniffEncoding(head: Uint8Array): Sniffed {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  const n = Math.min(head.length, SNIFF);
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i++) {
    if (head[i] === 0) {
      if (i % 2 === 0) evenNul++;
      else oddNul++;
    }
  }
  if (evenNul + oddNul > 0) {
    const half = Math.floor(n / 2);
    if (oddNul >= half * 0.9 && evenNul === 0) return { encoding: 'utf-16le', bom: 0 };
    if (evenNul >= half * 0.9 && oddNul === 0) return { encoding: 'utf-16be', bom: 0 };
    return { encoding: undefined, bom: 0 };
  }
  // a UTF-8 file with a few corrupt bytes is still UTF-8 (decoded with replacement characters and
  // a warning): read as Windows-1252, each of its accented letters would become two characters and
  // shift the columns after it; in real Windows-1252 text valid UTF-8 sequences are rare
  const { valid, invalid } = countUtf8(head);
  return { encoding: invalid === 0 || valid > invalid ? 'utf-8' : 'windows-1252', bom: 0 };
}

/** Counts valid multi-byte UTF-8 sequences and invalid bytes (a sequence cut at the end counts as valid). */
function countUtf8(bytes: Uint8Array): { valid: number; invalid: number } {
  let valid = 0;
  let invalid = 0;
  let i = 0;
  const n = bytes.length;
  next: while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const len = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xc2 && b < 0xe0 ? 2 : 0;
    if (len === 0) {
      invalid++;
      i++;
      continue;
    }
    for (let k = 1; k < len; k++) {
      if (i + k >= n) break next;
      if ((bytes[i + k]! & 0xc0) !== 0x80) {
        invalid++;
        i++;
        continue next;
      }
    }
    valid++;
    i += len;
  }
  return { valid, invalid };
}

/** True when the last bytes start a UTF-8 sequence that continues past them. */
function endsInsideCharacter(b: Uint8Array): boolean {
  for (let i = b.length - 1, seen = 0; i >= 0 && seen < 4; i--, seen++) {
    const c = b[i]!;
    if (c < 0x80) return false;
    if (c >= 0xc0) {
      const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
      return seen + 1 < need;
    }
  }
  return false;
}

/**
 * Windows-1252's characters for bytes 0x80–0x9F (the WHATWG table; the five bytes it leaves
 * undefined stay as the C1 code point). Node's own decoder, without full ICU, decodes the label
 * as Latin-1 and would turn curly quotes and the euro sign into control characters.
 */
const CP1252_HIGH = '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

/** Windows-1252 bytes as text: one character per byte, so offsets stay byte offsets. */
function decodeCp1252(b: Uint8Array): string {
  const latin1 = Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
  return /[\x80-\x9f]/.test(latin1) ? latin1.replace(/[\x80-\x9f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!) : latin1;
}

/** Streams bytes into text in the sniffed encoding; counts bytes that could not be decoded. */
export class Decoder {
  private readonly decoder: NodeTextDecoder;
  private skip: number;
  /** The last chunk ended inside a UTF-8 character, so the decoder holds its first bytes. */
  private pending = false;
  replaced = 0;

  constructor(readonly encoding: Encoding, bom: number) {
    this.decoder = new NodeTextDecoder(encoding, { fatal: false, ignoreBOM: true });
    this.skip = bom;
  }

  /** Decodes the next bytes (the first call drops the byte-order mark). */
  write(bytes: Uint8Array): string {
    let b = bytes;
    if (this.skip > 0) {
      const n = Math.min(this.skip, b.length);
      b = b.subarray(n);
      this.skip -= n;
    }
    if (this.encoding === 'windows-1252') return decodeCp1252(b);
    // pure ASCII (most CSV exports) decodes the same in UTF-8 and latin1, and latin1 is a copy
    if (this.encoding === 'utf-8' && !this.pending && isAscii(b)) return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
    const text = this.decoder.decode(b, { stream: true });
    // a multi-byte character cut at the chunk end is held by the decoder until the next chunk
    this.pending = this.encoding === 'utf-8' && endsInsideCharacter(b);
    return this.count(text);
  }

  end(): string {
    return this.count(this.decoder.decode());
  }

  private count(text: string): string {
    if (this.encoding === 'utf-8' || this.encoding.startsWith('utf-16')) {
      for (let i = text.indexOf('\uFFFD'); i !== -1; i = text.indexOf('\uFFFD', i + 1)) this.replaced++;
    }
    return text;
  }
}
