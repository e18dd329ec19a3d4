import { isAscii, isUtf8 } from 'node:buffer';
import { TextDecoder as NodeTextDecoder } from 'node:util';

/** How the bytes of a file turned out to be encoded. */
export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be' | 'windows-1252';

export interface Sniffed {
  /** undefined: binary (control bytes no text has), not text. */
  encoding: Encoding | undefined;
  /** Bytes of byte-order mark to skip. */
  bom: number;
}

/** Bytes looked at to decide between text and binary, as git does. */
const SNIFF = 8000;

/**
 * Control bytes text does not hold: 0x02-0x08 and 0x0E-0x1A. Tab, line ends, form feed, ESC
 * (terminal colours in logs), SOH (Hive's field delimiter) and the ASCII separators 0x1C-0x1F
 * (made for delimiting text records) are left out. Random or compressed bytes have about 8 %.
 */
function isBinaryControl(b: number): boolean {
  return (b >= 0x02 && b <= 0x08) || (b >= 0x0e && b <= 0x1a);
}

/** 1 for a NUL or a control byte no text has (isBinaryControl), by byte value. */
const NUL_OR_CONTROL = Uint8Array.from({ length: 256 }, (_, b) => (b === 0 || isBinaryControl(b) ? 1 : 0));

/** 0x1B in each byte of a 32-bit word: every byte NUL_OR_CONTROL marks is below it. */
const BELOW = 0x1b1b1b1b;

/** Whether the first SNIFF bytes hold a NUL or a control byte no text has. */
export function hasNulOrControl(head: Uint8Array): boolean {
  return controlBits(head, Math.min(head.length, SNIFF)) !== 0;
}

/**
 * The NUL_OR_CONTROL bits of the first `n` bytes, or-ed, four bytes at a time: `(x - BELOW) & ~x`
 * has a byte's high bit set only when some byte of x is below 0x1B (exact as a whole, "haszero" in
 * Anderson's Bit Twiddling Hacks), and only such words (a tab or a line end in them, in text) are
 * looked up byte by byte. Half the time of a lookup per byte (issue 16). The loops are a function
 * of their own: V8 optimises a loop alone (OSR), and a comparison after it, never reached by the
 * interpreter, threw that code out on each file (500 times in 2,000 HTML files).
 */
function controlBits(head: Uint8Array, n: number): number {
  let found = 0;
  // bytes up to the first one at a multiple of 4 in the buffer, which an Int32Array view needs
  let i = Math.min(n, (4 - (head.byteOffset & 3)) & 3);
  for (let k = 0; k < i; k++) found |= NUL_OR_CONTROL[head[k]!]!;
  const words = (n - i) >> 2;
  if (words > 0) {
    const view = new Int32Array(head.buffer, head.byteOffset + i, words);
    for (let w = 0; w < words; w++) {
      const x = view[w]!;
      if (((x - BELOW) & ~x & 0x80808080) !== 0) {
        const j = i + 4 * w;
        found |= NUL_OR_CONTROL[head[j]!]! | NUL_OR_CONTROL[head[j + 1]!]! | NUL_OR_CONTROL[head[j + 2]!]! | NUL_OR_CONTROL[head[j + 3]!]!;
      }
    }
    i += 4 * words;
  }
  for (; i < n; i++) found |= NUL_OR_CONTROL[head[i]!]!;
  return found;
}

/**
 * Decides the encoding from the first bytes: a byte-order mark; UTF-32 or UTF-16 without one
 * (NULs in every code unit's high bytes); binary when over 1 % of the other bytes are control
 * bytes no text has, or over 1 % of all are NULs in runs (zeros, as binary data pads); otherwise text, UTF-8 when the bytes are mostly valid UTF-8, else
 * Windows-1252, which Excel writes CSV in and which decodes any byte sequence. Text with a stray
 * NUL byte or a UTF-16 section is text: the decoder drops the NULs (and says how many).
 */
export function sniffEncoding(head: Uint8Array): Sniffed {
  const marked = byteOrderMark(head);
  if (marked) return marked;
  // most heads are valid UTF-8 with no NUL and no control byte: UTF-8 by the rules below, told
  // by the native UTF-8 check and one table lookup a byte (the loops below took some 4 µs of a
  // 1.4 KB file's 140, issue 16); valid UTF-8 is valid by countUtf8's looser count too
  if (isUtf8(head) && !hasNulOrControl(head)) return { encoding: 'utf-8', bom: 0 };
  const n = Math.min(head.length, SNIFF);
  const nul = [0, 0, 0, 0];
  let controls = 0;
  // NULs next to NULs: binary data has runs of zeros; a stray NUL or a UTF-16 section has lone ones
  let runs = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i]!;
    if (b === 0) {
      nul[i & 3]!++;
      if (head[i - 1] === 0 || head[i + 1] === 0) runs++;
    } else if (isBinaryControl(b)) controls++;
  }
  const nuls = nul[0]! + nul[1]! + nul[2]! + nul[3]!;
  if (nuls > 0) {
    // ASCII and Latin-1 text in UTF-32 has three NULs per character, in UTF-16 one: at fixed places
    const q = Math.floor(n / 4);
    const most = (k: number): boolean => nul[k]! >= q * 0.9;
    const few = (k: number): boolean => nul[k]! <= q * 0.1;
    if (q > 0 && most(2) && most(3) && few(0)) return { encoding: 'utf-32le', bom: 0 };
    if (q > 0 && most(0) && most(1) && few(3)) return { encoding: 'utf-32be', bom: 0 };
    const odd = nul[1]! + nul[3]!;
    const even = nul[0]! + nul[2]!;
    const half = Math.floor(n / 2);
    if (half > 0 && odd >= half * 0.9 && even <= half * 0.1) return { encoding: 'utf-16le', bom: 0 };
    if (half > 0 && even >= half * 0.9 && odd <= half * 0.1) return { encoding: 'utf-16be', bom: 0 };
  }
  if ((controls > 0 && controls * 100 > n - nuls) || (runs > 0 && runs * 100 > n)) return { encoding: undefined, bom: 0 };
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

/** Past this many characters beyond ASCII a byte, Node's decoder is quicker than the pieces below. */
const MAX_PAIRS_PER_BYTE = 1 / 512;

/**
 * UTF-8 whose only characters beyond ASCII are two-byte ones below U+0100 (lead byte C2 or C3:
 * `£`, `©`, `é`), decoded as Latin-1 pieces between them and one character for each pair: the
 * text Node's decoder gives, a one-byte string either way. undefined for any other bytes (a lead
 * byte cut at the end too) and past MAX_PAIRS_PER_BYTE. Why: Node's decoder (ICU) of UK records,
 * with a `£` in every few lines, was 2 % of a CSV scan's instructions; native scans for the two
 * lead bytes and for ASCII between them take a fifth of that.
 */
function decodeLatin1Range(b: Uint8Array): string | undefined {
  const buffer = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  let c2 = buffer.indexOf(0xc2);
  let c3 = buffer.indexOf(0xc3);
  if (c2 === -1 && c3 === -1) return undefined;
  const latin1 = buffer.toString('latin1');
  const parts: string[] = [];
  const most = b.length * MAX_PAIRS_PER_BYTE;
  let from = 0;
  for (let pairs = 0; c2 !== -1 || c3 !== -1; pairs++) {
    const at = c3 === -1 || (c2 !== -1 && c2 < c3) ? c2 : c3;
    const next = b[at + 1];
    if (pairs > most || next === undefined || next < 0x80 || next > 0xbf || !isAscii(b.subarray(from, at))) return undefined;
    parts.push(latin1.slice(from, at), String.fromCharCode(((b[at]! & 0x1f) << 6) | (next & 0x3f)));
    from = at + 2;
    if (at === c2) c2 = buffer.indexOf(0xc2, from);
    else c3 = buffer.indexOf(0xc3, from);
  }
  if (!isAscii(b.subarray(from))) return undefined;
  parts.push(latin1.slice(from));
  return parts.join('');
}

/**
 * Streams bytes into text in the sniffed encoding; counts bytes that could not be decoded, and
 * drops NUL characters (counted): a stray NUL, or the NULs of a UTF-16 section inside a UTF-8
 * file (`J\0a\0n\0e\0` reads `Jane`), would otherwise cut the values a rule looks for.
 */
export class Decoder {
  /** Made at the first bytes that are not ASCII: most small files never need one (50,000 files made 50,000, issue 16). */
  private decoder: NodeTextDecoder | undefined;
  private readonly utf32Units: boolean;
  private skip: number;
  /** The last chunk ended inside a UTF-8 character, so the decoder holds its first bytes. */
  private pending = false;
  /** UTF-32: bytes of a code unit cut at the chunk end. */
  private carry: number[] = [];
  replaced = 0;
  /** NUL characters dropped. */
  nuls = 0;

  constructor(readonly encoding: Encoding, bom: number) {
    // Node's TextDecoder has no UTF-32: it is decoded here
    this.utf32Units = encoding.startsWith('utf-32');
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
    if (this.encoding === 'windows-1252') return this.dropNuls(decodeCp1252(b));
    if (this.utf32Units) return this.dropNuls(this.utf32(b));
    // pure ASCII (most CSV exports) decodes the same in UTF-8 and latin1, and latin1 is a copy
    if (this.encoding === 'utf-8' && !this.pending) {
      if (isAscii(b)) return this.dropNuls(Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1'));
      // £ and é, and no other character beyond ASCII (most UK records); the decoder holds nothing after
      const latin1 = decodeLatin1Range(b);
      if (latin1 !== undefined) return this.dropNuls(latin1);
    }
    this.decoder ??= new NodeTextDecoder(this.encoding, { fatal: false, ignoreBOM: true });
    const text = this.decoder.decode(b, { stream: true });
    // a multi-byte character cut at the chunk end is held by the decoder until the next chunk
    this.pending = this.encoding === 'utf-8' && endsInsideCharacter(b);
    return this.dropNuls(this.count(text));
  }

  end(): string {
    if (this.utf32Units) {
      // a code unit cut short by the end of the file
      const cut = this.carry.length > 0;
      this.carry = [];
      if (cut) this.replaced++;
      return cut ? '\uFFFD' : '';
    }
    // no decoder: every byte was ASCII (or Windows-1252), nothing is held back
    return this.decoder ? this.dropNuls(this.count(this.decoder.decode())) : '';
  }

  private count(text: string): string {
    if (this.encoding === 'utf-8' || this.encoding.startsWith('utf-16')) {
      for (let i = text.indexOf('\uFFFD'); i !== -1; i = text.indexOf('\uFFFD', i + 1)) this.replaced++;
    }
    return text;
  }

  private dropNuls(text: string): string {
    if (text.indexOf('\0') === -1) return text;
    const out = text.replace(/\0+/g, '');
    this.nuls += text.length - out.length;
    return out;
  }

  /** UTF-32 code units to text; a unit that is not a Unicode scalar value becomes U+FFFD (counted). */
  private utf32(b: Uint8Array): string {
    const le = this.encoding === 'utf-32le';
    const all = this.carry.length > 0 ? Uint8Array.from([...this.carry, ...b]) : b;
    const whole = all.length - (all.length % 4);
    this.carry = Array.from(all.subarray(whole));
    const parts: string[] = [];
    let run: number[] = [];
    for (let i = 0; i < whole; i += 4) {
      const cp = le ? (all[i]! | (all[i + 1]! << 8) | (all[i + 2]! << 16) | (all[i + 3]! << 24)) >>> 0 : ((all[i]! << 24) | (all[i + 1]! << 16) | (all[i + 2]! << 8) | all[i + 3]!) >>> 0;
      if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
        run.push(0xfffd);
        this.replaced++;
      } else run.push(cp);
      if (run.length >= 8192) {
        parts.push(String.fromCodePoint(...run));
        run = [];
      }
    }
    if (run.length > 0) parts.push(String.fromCodePoint(...run));
    return parts.join('');
  }
}

/** The encoding and length of the byte-order mark the bytes start with, if any. */
function byteOrderMark(head: Uint8Array): Sniffed | undefined {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  // a UTF-32 LE mark starts like UTF-16 LE's: the longer one is tried first (as the WHATWG sniffers do)
  if (head[0] === 0xff && head[1] === 0xfe && head[2] === 0 && head[3] === 0) return { encoding: 'utf-32le', bom: 4 };
  if (head[0] === 0 && head[1] === 0 && head[2] === 0xfe && head[3] === 0xff) return { encoding: 'utf-32be', bom: 4 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  return undefined;
}

/**
 * The byte offset of each of the given offsets of the text the Decoder gave (ascending), for
 * redaction to splice the original bytes. Windows-1252 maps every byte to one code unit and
 * UTF-16 every two bytes (after the byte-order mark); UTF-8 is walked the way a WHATWG decoder reads it, so that invalid sequences, each decoded to one U+FFFD,
 * keep their true length.
 */
export function byteOffsets(bytes: Uint8Array, encoding: Encoding, offsets: readonly number[]): number[] {
  // the mark the decoder skipped, when it is this encoding's
  const mark = byteOrderMark(bytes);
  const bom = mark?.encoding === encoding ? mark.bom : 0;
  if (encoding === 'windows-1252') return offsets.map((o) => Math.min(o, bytes.length));
  if (encoding !== 'utf-8') return offsets.map((o) => Math.min(bom + 2 * o, bytes.length));
  const out: number[] = [];
  let k = 0;
  // chars: code units decoded so far; start: where the sequence being read began
  let chars = 0;
  const emit = (start: number, units: number): void => {
    while (k < offsets.length && offsets[k]! <= chars) out[k++] = start;
    chars += units;
  };
  let need = 0;
  let seen = 0;
  let cp = 0;
  let lower = 0x80;
  let upper = 0xbf;
  let start = bom;
  for (let i = bom; i < bytes.length && k < offsets.length; i++) {
    const b = bytes[i]!;
    if (need === 0) {
      start = i;
      if (b <= 0x7f) emit(i, 1);
      else if (b >= 0xc2 && b <= 0xdf) {
        need = 1;
        cp = b & 0x1f;
      } else if (b >= 0xe0 && b <= 0xef) {
        if (b === 0xe0) lower = 0xa0;
        if (b === 0xed) upper = 0x9f;
        need = 2;
        cp = b & 0xf;
      } else if (b >= 0xf0 && b <= 0xf4) {
        if (b === 0xf0) lower = 0x90;
        if (b === 0xf4) upper = 0x8f;
        need = 3;
        cp = b & 0x7;
      } else emit(i, 1);
      continue;
    }
    if (b < lower || b > upper) {
      // the sequence so far is one U+FFFD; this byte starts afresh
      need = seen = cp = 0;
      lower = 0x80;
      upper = 0xbf;
      emit(start, 1);
      i--;
      continue;
    }
    lower = 0x80;
    upper = 0xbf;
    cp = (cp << 6) | (b & 0x3f);
    if (++seen === need) {
      emit(start, cp > 0xffff ? 2 : 1);
      need = seen = cp = 0;
    }
  }
  if (need !== 0) emit(start, 1);
  while (k < offsets.length) out[k++] = bytes.length;
  return out;
}
