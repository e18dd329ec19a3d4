// Where a large JSON file can be cut: between the records of its first array of objects (`[{…},
// {…}]`, or `{"export": {…}, "priorities": [{…}, …]}`), found in the file's first bytes. A cut is
// a guess made from a small window of bytes; the join checks it (join-parts.ts): the part before
// it must end inside that very array, after a comma, or the file is scanned again whole.

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;
/** Arrays nested deeper than this are not looked for (the records of an export sit at depth 1 to 3). */
const MAX_DEPTH = 8;

/** The array of records a JSON file is cut in, as its first bytes show it. */
export interface JsonRecords {
  /** Bytes [0, header): the file up to and including the array's `[`, read first by every part after the first. */
  header: number;
  /** How deep the array is (1: the top-level value). */
  depth: number;
  /** Bytes of white space between the comma after the first record and the next record's `{`, when known: an export written with an indent repeats them. */
  indent: number | undefined;
  /** The first key of the first record, in its quotes: each record of an export starts with the same one. */
  firstKey: Uint8Array;
}

/**
 * The first array whose first element is an object holding a key, with the bytes before it (the
 * header) and the way its records start, from the first bytes of a file; undefined when none is
 * seen there (a file of scalars, one object, or a first record that does not end in `head`).
 */
export function findRecords(head: Uint8Array): JsonRecords | undefined {
  const stack: number[] = [];
  for (let i = 0; i < head.length; i++) {
    const c = head[i]!;
    if (c === QUOTE) {
      i = stringEnd(head, i + 1);
      if (i < 0) return undefined;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (stack.length >= MAX_DEPTH) return undefined;
      stack.push(c);
      if (c === OPEN_ARRAY) {
        const records = recordsAt(head, i + 1, stack.length);
        if (records) return records;
      }
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      stack.pop();
    }
  }
  return undefined;
}

/** The records of the array opened just before `at`, if its first element is an object with a key whose end is in `head`. */
function recordsAt(head: Uint8Array, at: number, depth: number): JsonRecords | undefined {
  const open = skipSpace(head, at);
  if (head[open] !== OPEN_OBJECT) return undefined;
  const key = skipSpace(head, open + 1);
  if (head[key] !== QUOTE) return undefined;
  const keyEnd = stringEnd(head, key + 1);
  if (keyEnd < 0) return undefined;
  const close = valueEnd(head, open);
  if (close < 0) return undefined;
  const comma = skipSpace(head, close + 1);
  const indent = head[comma] === COMMA ? skipSpace(head, comma + 1) - comma - 1 : undefined;
  return { header: at, depth, indent, firstKey: head.slice(key, keyEnd + 1) };
}

/**
 * In `window` (bytes of the file from some offset; `toEnd`: up to its end), the first place a
 * record of `records` seems to start: a `{` after `}` and a comma (with the records' indent, when
 * known) that opens an object with the records' first key, followed by a comma or an array's end;
 * and from which the structure closes no array before the window ends, or, when the window runs
 * to the end of the file, closes exactly the array and the values enclosing it there. A nested
 * array of objects that start with the same key (`"people": [{"ref": …}, {"ref": …}]`) closes
 * too soon; only a string could still deceive it, and a JSON string holds no unescaped quote.
 */
export function findCut(window: Uint8Array, records: JsonRecords, toEnd: boolean): number | undefined {
  for (let at = window.indexOf(COMMA); at !== -1; at = window.indexOf(COMMA, at + 1)) {
    if (lastNonSpace(window, at - 1) !== CLOSE_OBJECT) continue;
    const open = skipSpace(window, at + 1);
    if (window[open] !== OPEN_OBJECT) continue;
    if (records.indent !== undefined && open - at - 1 !== records.indent) continue;
    if (!startsWith(window, skipSpace(window, open + 1), records.firstKey)) continue;
    const end = valueEnd(window, open);
    if (end < 0) continue;
    const next = window[skipSpace(window, end + 1)];
    if (next !== COMMA && next !== CLOSE_ARRAY) continue;
    const closes = closing(window, end + 1, toEnd ? records.depth : undefined);
    if (closes === 'right') return open;
    // the end of the file is the same from any place: a file that does not end well is not cut there
    if (closes === 'wrong end') return undefined;
  }
  return undefined;
}

/**
 * From `at`, whether the values open there close more than `depth` of them (none when undefined)
 * before the end of `b` ('too soon'); given `depth`, whether exactly that many are closed at its
 * end ('wrong end' otherwise); else 'right'.
 */
function closing(b: Uint8Array, at: number, depth: number | undefined): 'right' | 'too soon' | 'wrong end' {
  let level = 0;
  const floor = -(depth ?? 0);
  for (let i = at; i < b.length; i++) {
    const c = b[i]!;
    if (c === QUOTE) {
      i = stringEnd(b, i + 1);
      if (i < 0) return depth === undefined ? 'right' : 'wrong end';
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) level++;
    else if ((c === CLOSE_OBJECT || c === CLOSE_ARRAY) && --level < floor) return 'too soon';
  }
  return depth === undefined || level === floor ? 'right' : 'wrong end';
}

/** Index of the `}` or `]` that closes the value opened at `open`; -1 when it is not in `b`. */
function valueEnd(b: Uint8Array, open: number): number {
  let depth = 0;
  for (let i = open; i < b.length; i++) {
    const c = b[i]!;
    if (c === QUOTE) {
      i = stringEnd(b, i + 1);
      if (i < 0) return -1;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) depth++;
    else if ((c === CLOSE_OBJECT || c === CLOSE_ARRAY) && --depth === 0) return i;
  }
  return -1;
}

/** Index of the quote that closes a string whose content starts at `i`; -1 when not in `b`. */
function stringEnd(b: Uint8Array, i: number): number {
  for (let k = i; k < b.length; k++) {
    const c = b[k];
    if (c === QUOTE) return k;
    if (c === BACKSLASH) k++;
  }
  return -1;
}

function isSpace(c: number | undefined): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

function skipSpace(b: Uint8Array, i: number): number {
  while (i < b.length && isSpace(b[i])) i++;
  return i;
}

function lastNonSpace(b: Uint8Array, i: number): number | undefined {
  while (i >= 0 && isSpace(b[i])) i--;
  return i >= 0 ? b[i] : undefined;
}

function startsWith(b: Uint8Array, at: number, prefix: Uint8Array): boolean {
  if (at + prefix.length > b.length) return false;
  for (let k = 0; k < prefix.length; k++) if (b[at + k] !== prefix[k]) return false;
  return true;
}
