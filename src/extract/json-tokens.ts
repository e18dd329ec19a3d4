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
  /** The label segment of `key` (internKey). */
  seg: string;
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

/**
 * A copy of `text` that keeps nothing else alive, as shared/own-string.ts makes one: imported from
 * there, jest's ESM linker failed the formats' parallel imports of the extractors ("not in cache").
 */
function ownString(text: string): string {
  return text.length < 13 ? text : ` ${text}`.slice(1);
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
  // a copy: a longer value cut from the file is a view into its 64 KB piece, and the record goes with
  // every field of the object (a key field may be kept to the end of the file)
  siblings[frame.key] = ownString(text.slice(0, MAX_SIBLING_LENGTH));
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

/** Paths deeper than this keep their first levels only: deep nesting costs no more than shallow. */
export const MAX_PATH_DEPTH = 32;

/** The path of key `key` of object `frame`. */
export function keyPath(frame: Frame, key: string): string {
  return frame.depth > MAX_PATH_DEPTH ? frame.path : joinPath(frame.path, key);
}

/** The path of a value of `p` (`top`: a top-level value, `p` the root). */
export function valuePath(p: Frame, top: boolean): string {
  if (p.depth > MAX_PATH_DEPTH) return p.path;
  if (p.kind === 'object') return joinPath(p.path, p.key);
  return top ? '' : `${p.path}[*]`;
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
