// The tokens of JSON text (strings, their escapes, numbers), the open objects and arrays and their
// key paths, for the JSON extractor; and escapes for redaction, which replaces them whole.
import type { Field, FieldContext } from '../types.js';
import type { ListItem } from './extractor.js';

const IDENT = /^[A-Za-z_$][\w$]*$/;
/** Key segments kept: the same keys come back on every record. */
const MAX_SEGMENTS = 10000;

/** An object or array the JSON extractor is inside. */
export interface Frame {
  kind: 'object' | 'array';
  /** Object: expecting 'key' | 'colon' | 'value' | 'comma'. Array: 'value' | 'comma'. */
  state: 'key' | 'colon' | 'value' | 'comma' | 'first';
  key: string;
  index: number;
  /** Display label with indexes (`$.priorities[3]`) and normalized path (`priorities[*]`). */
  label: string;
  path: string;
  /** Name of this container (its key, or its array's key) and the words of its ancestors. */
  name: string;
  within: string;
  depth: number;
  siblings?: Record<string, string>;
  /** The contexts of this container's keys and values, by key (JsonExtractor.context). */
  keyContexts?: Map<string, FieldContext>;
  valueContexts?: Map<string, FieldContext>;
  /** How many keys `siblings` holds. */
  siblingCount?: number;
  pending?: Field[];
  /** The key just read, held until its value shows whether it names data (objects do not). */
  keyField?: Field;
  /** For a list sink: the object's members read so far, and where the current one's key starts. */
  members?: ListItem[];
  member?: { start: number; path: string };
}

const MAX_SIBLING_LENGTH = 200;
/** Siblings kept per object (a key repeated in one object counts once). */
const MAX_SIBLINGS = 64;

/** Keeps a scalar value of an object (its start) as a sibling of the object's other fields. */
export function rememberSibling(frame: Frame, text: string): void {
  // counted, not Object.keys(): that made an array of the keys for every value
  if (!frame.siblings || (frame.siblingCount ?? 0) >= MAX_SIBLINGS) return;
  // the values are strings: any other type read is no own key (`toString` is inherited; `__proto__`
  // is not set, and Object.keys did not count it)
  const siblings = frame.siblings;
  const had = typeof siblings[frame.key] === 'string';
  siblings[frame.key] = text.slice(0, MAX_SIBLING_LENGTH);
  if (!had && typeof siblings[frame.key] === 'string') frame.siblingCount = (frame.siblingCount ?? 0) + 1;
}

/** True when a value may start in `frame` (none: the top level). */
export function expectsValue(frame: Frame | undefined): boolean {
  // several top-level values in a row are read as a sequence (concatenated JSON, JSON Lines)
  if (!frame) return true;
  if (frame.kind === 'object') return frame.state === 'value';
  return frame.state === 'value' || frame.state === 'first';
}

/** A JSON number (RFC 8259 §6). */
export const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** A character of a literal or number (`true`, `-1.5e3`). */
export function isLiteralChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 45 || c === 43 || c === 46;
}

const segments = new Map<string, string>();

/** `.key`, or `["odd key"]` for a key that is not an identifier (the same keys come back on every record). */
export function keySegment(key: string): string {
  let seg = segments.get(key);
  if (seg === undefined) {
    seg = IDENT.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
    if (segments.size >= MAX_SEGMENTS) segments.clear();
    segments.set(key, seg);
  }
  return seg;
}

/** A key path with one more key. */
export function joinPath(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Two runs of words as one. */
export function joinWords(a: string, b: string): string {
  return a && b ? `${a} ${b}` : a || b;
}

/** Index of the closing quote of a string whose content starts at `i`; -1 if not in the buffer, -2 on a raw line break. */
export function findStringEnd(buf: string, i: number): number {
  // one pass over the string only: looking ahead for a line break with indexOf would scan the
  // rest of the buffer for every string, quadratic on single-line JSON
  for (let k = i; k < buf.length; k++) {
    const c = buf.charCodeAt(k);
    if (c === 34) return k;
    // a raw line break inside a string is invalid JSON, escaped or not
    if (c === 10) return -2;
    if (c === 92) {
      if (buf.charCodeAt(k + 1) === 10) return -2;
      k++;
    }
  }
  return -1;
}

export interface Decoded {
  text: string;
  /** Set when escapes made the text differ from the raw slice: raw index of each character. */
  offsets?: Int32Array;
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Decodes the JSON string content buf[start, end); undefined on an invalid escape. */
export function decodeString(buf: string, start: number, end: number): Decoded | undefined {
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
