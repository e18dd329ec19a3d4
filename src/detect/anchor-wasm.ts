/**
 * The inner loop of the anchor pass (anchor-dfa.ts, issue 16) as a WebAssembly module of two
 * functions, assembled here from the instructions below (no binary is kept or fetched). In its
 * linear memory: the class of each UTF-16 unit, the units of the text being read, the transition
 * table, and a log of the match ends met. The loop steps the automaton by table look-ups alone,
 * logs each match end, and returns to JavaScript only at a transition not known yet (or a
 * character not met yet, whose class 0 has none), which JavaScript makes before it resumes.
 * The JavaScript loop it replaces ran some 75 instructions a character, and deoptimised once a
 * batch; this one about 16, and the whole pass (with noting the match ends) is 2.0-2.6 times cheaper.
 */

/** The class of each UTF-16 unit (0: not met yet), 2 bytes each, at 0. */
export const CLASSES = 0;
/** Where a run leaves its step, rows and log end (4 × 4 bytes). */
export const OUT = 0x20000;
/** The units a run reads at most: the log holds one match end a unit for each of two chains. */
export const WINDOW = 1 << 14;
/** The match ends logged, one 32-bit entry each: state << 16 | chain << 15 | step. */
export const LOG = OUT + 16;
/** Room for the units of the text, 2 × WINDOW of them. */
export const UNITS = LOG + 4 * 2 * WINDOW;
/** The transition table: by state row and class, the state reached (+ ENDS) or UNKNOWN, 2 bytes each. */
export const TRANS = UNITS + 2 * 2 * WINDOW;
/** In the table: the state reached ends a match… */
export const ENDS = 0x8000;
/** …or the transition is not known yet. */
export const UNKNOWN = 0xffff;

/** What this module uses of the WebAssembly API, which the project's lib (ES2023) does not declare. */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
};

/** The module's exports. */
interface Exports {
  readonly memory: WasmMemory;
  /**
   * Steps two chains `n` units side by side, from units at byte addresses `pa` and `pb`, in rows
   * at byte addresses `a` and `b` (TRANS + state << `shift1`, where a row is 1 << (shift1 - 1)
   * classes). 0 when done, 1 or 2 when chain a or b met an unknown transition at the step left in
   * OUT (chain a having taken that step when it is b's).
   */
  readonly run2: (pa: number, pb: number, n: number, a: number, b: number, shift1: number) => number;
  /** The same with one chain, `a`. */
  readonly run1: (pa: number, n: number, a: number, shift1: number) => number;
}

// the instructions used (https://webassembly.github.io/spec/core/binary/instructions.html)
const I32 = 0x7f;
const VOID = 0x40;
const op = {
  block: [0x02, VOID],
  loop: [0x03, VOID],
  if: [0x04, VOID],
  end: [0x0b],
  return: [0x0f],
  brIf: (depth: number) => [0x0d, depth],
  br: (depth: number) => [0x0c, depth],
  get: (local: number) => [0x20, local],
  set: (local: number) => [0x21, local],
  tee: (local: number) => [0x22, local],
  const: (value: number) => [0x41, ...sleb(value)],
  load16: [0x2f, 1, 0],
  store: (offset: number) => [0x36, 2, ...uleb(offset)],
  add: [0x6a],
  sub: [0x6b],
  or: [0x72],
  shl: [0x74],
  eq: [0x46],
  geU: [0x4f],
};

/**
 * One chain's step, with the unit at byte address `p` and the row at byte address `row`: the
 * entry read into `t`, then (after `others`, the other chain's read, for the processor to overlap)
 * the row reached, the match end logged, or a return with `status` at an unknown transition.
 */
function read(p: number, row: number, t: number): number[] {
  // t = trans[row + 2 * classes[units[p]]]
  return [...op.get(row), ...op.get(p), ...op.load16, ...op.const(1), ...op.shl, ...op.load16, ...op.const(1), ...op.shl, ...op.add, ...op.load16, ...op.set(t)];
}

function advance(t: number, row: number, chain: number, status: number, saved: number[], L: Locals): number[] {
  return [
    ...op.get(t), ...op.const(ENDS), ...op.geU, ...op.if,
    ...op.get(t), ...op.const(UNKNOWN), ...op.eq, ...op.if, ...saved, ...op.const(status), ...op.return, ...op.end,
    // log[log++] = (t - ENDS) << 16 | chain << 15 | j
    ...op.get(L.log), ...op.get(t), ...op.const(ENDS), ...op.sub, ...op.tee(t), ...op.const(16), ...op.shl, ...op.get(L.j), ...op.or,
    ...(chain === 1 ? [...op.const(1 << 15), ...op.or] : []), ...op.store(0),
    ...op.get(L.log), ...op.const(4), ...op.add, ...op.set(L.log),
    ...op.end,
    // row = TRANS + t << shift1
    ...op.const(TRANS), ...op.get(t), ...op.get(L.shift1), ...op.shl, ...op.add, ...op.set(row),
  ];
}

interface Locals {
  pa: number;
  pb: number;
  n: number;
  a: number;
  b: number;
  shift1: number;
  j: number;
  ta: number;
  tb: number;
  log: number;
}

/** The body of run2 (`two`) or run1: a loop over the units with one or two chains. */
function body(two: boolean): number[] {
  // run2's parameters pa, pb, n, a, b, shift1; run1's pa, n, a, shift1 (pb and b unused)
  const L: Locals = two
    ? { pa: 0, pb: 1, n: 2, a: 3, b: 4, shift1: 5, j: 6, ta: 7, tb: 8, log: 9 }
    : { pa: 0, pb: -1, n: 1, a: 2, b: -1, shift1: 3, j: 4, ta: 5, tb: -1, log: 6 };
  // OUT: the step, the rows, the log's end
  const saved = [
    ...op.const(OUT), ...op.get(L.j), ...op.store(0),
    ...op.const(OUT), ...op.get(L.a), ...op.store(4),
    ...(two ? [...op.const(OUT), ...op.get(L.b), ...op.store(8)] : []),
    ...op.const(OUT), ...op.get(L.log), ...op.store(12),
  ];
  const next = (p: number): number[] => [...op.get(p), ...op.const(2), ...op.add, ...op.set(p)];
  return [
    ...op.const(LOG), ...op.set(L.log),
    ...op.block, ...op.loop,
    ...op.get(L.j), ...op.get(L.n), ...op.geU, ...op.brIf(1),
    ...read(L.pa, L.a, L.ta),
    ...(two ? read(L.pb, L.b, L.tb) : []),
    ...advance(L.ta, L.a, 0, 1, saved, L),
    ...(two ? advance(L.tb, L.b, 1, 2, saved, L) : []),
    ...next(L.pa),
    ...(two ? next(L.pb) : []),
    ...op.get(L.j), ...op.const(1), ...op.add, ...op.set(L.j),
    ...op.br(0),
    ...op.end, ...op.end,
    ...saved,
    ...op.const(0),
    ...op.end,
  ];
}

function uleb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

function sleb(value: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, content: number[]): number[] => [id, ...uleb(content.length), ...content];
const name = (s: string): number[] => vec([...s].map((c) => [c.charCodeAt(0)]));

/** The module's bytes (https://webassembly.github.io/spec/core/binary/modules.html). */
export function anchorLoopBytes(): Uint8Array {
  const code = (locals: number, instructions: number[]): number[] => {
    const fn = [...vec([[...uleb(locals), I32]]), ...instructions];
    return [...uleb(fn.length), ...fn];
  };
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([
      [0x60, ...vec(Array.from({ length: 6 }, () => [I32])), ...vec([[I32]])],
      [0x60, ...vec(Array.from({ length: 4 }, () => [I32])), ...vec([[I32]])],
    ])),
    ...section(3, vec([[0], [1]])),
    // a memory of one page at first, grown from JavaScript
    ...section(5, vec([[0x00, 1]])),
    ...section(7, vec([
      [...name('memory'), 0x02, 0],
      [...name('run2'), 0x00, 0],
      [...name('run1'), 0x00, 1],
    ])),
    ...section(10, vec([code(4, body(true)), code(3, body(false))])),
  ]);
}

let compiled: object | undefined;

/** Whether the loop can run here (not where WebAssembly is not: node --jitless). */
export const canLoop = typeof WebAssembly !== 'undefined';

/**
 * The loop with a memory of its own, and views of that memory's tables: the views are made anew
 * when the memory grows (the old ones are then empty), so read them from here each time.
 */
export class AnchorLoop {
  private readonly exports: Exports;
  classes!: Uint16Array;
  /** The transition table, `entries` long (resize). */
  trans!: Uint16Array;
  /** The step, rows and log end a run left. */
  out!: Int32Array;
  log!: Uint32Array;
  private bytes!: Buffer;

  constructor() {
    compiled ??= new WebAssembly.Module(anchorLoopBytes());
    this.exports = new WebAssembly.Instance(compiled).exports as unknown as Exports;
    this.resize(0);
  }

  /** Makes the transition table `entries` long (what it held past that is lost, and what is new is not cleared). */
  resize(entries: number): void {
    const { memory } = this.exports;
    const need = TRANS + 2 * entries;
    if (memory.buffer.byteLength < need) memory.grow(Math.ceil((need - memory.buffer.byteLength) / 0x10000));
    const buffer = memory.buffer;
    this.classes = new Uint16Array(buffer, CLASSES, 0x10000);
    this.out = new Int32Array(buffer, OUT, 4);
    this.log = new Uint32Array(buffer, LOG, 2 * WINDOW);
    this.trans = new Uint16Array(buffer, TRANS, entries);
    this.bytes = Buffer.from(buffer);
  }

  /** Puts the `n` units of `text` from `from` where chain a (or b, `second`) reads them. */
  load(text: string, from: number, n: number, second: boolean): void {
    this.bytes.write(from === 0 && n === text.length ? text : text.slice(from, from + n), UNITS + (second ? 2 * WINDOW : 0), 2 * n, 'utf16le');
  }

  /** Runs chains a and b from step `j` of the units loaded to `n`, in states `a` and `b` of rows 1 << `shift`. */
  run2(j: number, n: number, a: number, b: number, shift: number): number {
    return this.exports.run2(UNITS + 2 * j, UNITS + 2 * WINDOW + 2 * j, n - j, TRANS + (a << (shift + 1)), TRANS + (b << (shift + 1)), shift + 1);
  }

  /** Runs chain a alone (its units loaded to `n`, up to 2 × WINDOW). */
  run1(j: number, n: number, a: number, shift: number): number {
    return this.exports.run1(UNITS + 2 * j, n - j, TRANS + (a << (shift + 1)), shift + 1);
  }

  /** The state of the row a run left at OUT `at` (1 for chain a, 2 for b). */
  stateLeft(at: number, shift: number): number {
    return (this.out[at]! - TRANS) >> (shift + 1);
  }
}
