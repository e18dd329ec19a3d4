// The tokens of JSON text (strings, their escapes, numbers, keys), for the JSON extractor; and
// escapes for redaction, which replaces them whole.
import { ownString } from '../shared/own-string.js';

const IDENT = /^[A-Za-z_$][\w$]*$/;
/** Key segments kept: the same keys come back on every record. */
const MAX_SEGMENTS = 10000;

/** A JSON number (RFC 8259 §6). */
export const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** A character of a literal or number (`true`, `-1.5e3`). */
export function isLiteralChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 45 || c === 43 || c === 46;
}

/** A key as read, and its label segment: `.key`, or `["odd key"]` for a key that is not an identifier. */
export interface Key {
  text: string;
  seg: string;
}

const keys = new Map<string, Key>();

/**
 * The key read as `text`, the same each time it comes back (on every record), as a copy that keeps
 * nothing else alive (ownString): a key of 13 or more characters cut from the file is a view into
 * its 64 KB piece, and keys outlive it in caches (contexts, names, segments) and in the key fields
 * a column judge or a name hold keeps to the end of the file (issue 16: memory on large JSON).
 */
export function internKey(text: string): Key {
  let key = keys.get(text);
  if (key === undefined) {
    const own = ownString(text);
    key = { text: own, seg: IDENT.test(own) ? `.${own}` : `[${JSON.stringify(own)}]` };
    if (keys.size >= MAX_SEGMENTS) keys.clear();
    keys.set(own, key);
  }
  return key;
}

/**
 * The end of each string of one buffer, read left to right, with native searches: the next
 * quote, and the next backslash and line break, each remembered until passed. Most strings have
 * neither, and the character loop cost a fifth of the JSON tokenizer's time (issue 16). Each
 * backslash and line break is searched for once per buffer: a search that finds none ahead is
 * not repeated, so a line of JSON with none costs one pass for each.
 */
export class StringEnds {
  private buf = '';
  /** The next backslash and line break at or after the last position asked about (buf.length: none). */
  private backslash = -1;
  private lineBreak = -1;
  /** Whether the last string found had an escape in it (decodeString need not look for one). */
  escaped = false;

  /** Starts on a new buffer. */
  reset(buf: string): void {
    this.buf = buf;
    this.backslash = -1;
    this.lineBreak = -1;
  }

  /**
   * Index of the closing quote of a string whose content starts at `i`, after the last one asked
   * about; -1 if not in the buffer, -2 on a raw line break.
   */
  end(i: number): number {
    const buf = this.buf;
    const n = buf.length;
    this.escaped = false;
    for (let k = i; ; ) {
      let q = buf.indexOf('"', k);
      if (q === -1) q = n;
      if (this.backslash < k) this.backslash = orEnd(buf.indexOf('\\', k), n);
      if (this.lineBreak < k) this.lineBreak = orEnd(buf.indexOf('\n', k), n);
      const bs = this.backslash;
      // a raw line break inside a string is invalid JSON, escaped or not
      if (this.lineBreak < q && this.lineBreak < bs) return -2;
      if (bs < q) {
        if (buf.charCodeAt(bs + 1) === 10) return -2;
        this.escaped = true;
        k = bs + 2;
        continue;
      }
      return q === n ? -1 : q;
    }
  }

  /** The raw index of each character of the last text() that had escapes; undefined when it had none. */
  offsets: Int32Array | undefined = undefined;

  /**
   * The decoded text of the last string found (`start` to `end`), with no search for escapes when it
   * had none (undefined: an invalid escape); its offsets are left in `offsets`. No object a string:
   * one was made for every key and value read.
   */
  text(start: number, end: number): string | undefined {
    if (!this.escaped) {
      this.offsets = undefined;
      return this.buf.slice(start, end);
    }
    const d = decodeString(this.buf, start, end);
    this.offsets = d?.offsets;
    return d?.text;
  }
}

function orEnd(at: number, n: number): number {
  return at === -1 ? n : at;
}

export interface Decoded {
  text: string;
  /** Set when escapes made the text differ from the raw slice: raw index of each character. */
  offsets?: Int32Array;
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Decodes the JSON string content buf[start, end); undefined on an invalid escape. */
function decodeString(buf: string, start: number, end: number): Decoded | undefined {
  // look for escapes in the string only (an indexOf on buf would scan past its end, once per string)
  const plain = buf.slice(start, end);
  if (plain.indexOf('\\') === -1) return { text: plain };
  const offsets = new Int32Array(end - start);
  let text = '';
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    if (c !== '\\') {
      offsets[n++] = i - start;
      text += c;
      continue;
    }
    const e = buf[i + 1];
    if (e === 'u') {
      const hex = buf.slice(i + 2, i + 6);
      if (!/^[\da-fA-F]{4}$/.test(hex)) return undefined;
      offsets[n++] = i - start;
      text += String.fromCharCode(parseInt(hex, 16));
      i += 5;
    } else if (e !== undefined && ESCAPES[e] !== undefined) {
      offsets[n++] = i - start;
      text += ESCAPES[e];
      i++;
    } else {
      return undefined;
    }
  }
  return { text, offsets: offsets.subarray(0, n) };
}

/** The length of the JSON escape at `at` (`\u00e9`: 6, `\n`: 2), 0 when none starts there. */
export function escapeLength(raw: string, at: number): number {
  if (raw[at] !== '\\') return 0;
  const e = raw[at + 1];
  if (e === 'u') return /^[\da-fA-F]{4}$/.test(raw.slice(at + 2, at + 6)) ? 6 : 0;
  return e !== undefined && ESCAPES[e] !== undefined ? 2 : 0;
}
