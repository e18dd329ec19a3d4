import type { Nfa } from './anchor-nfa.js';

/** The states kept at once; past this the automaton starts again from what it knows (RE2's way). */
const STATE_CAP = 0x7000;
/** A text that runs out of states this many times is left to the regexes. */
const MAX_RESETS = 4;
/** In the transition table: the state reached holds the end of a match… */
const ENDS = 0x8000;
/** …or the transition is not known yet. */
const UNKNOWN = 0xffff;
/** A buffer for a text's UTF-16 units up to this size is kept for the next text. */
const KEEP_BYTES = 1 << 20;
/** The class of a character not yet met. */
const NO_CLASS = 0xffff;

/**
 * One pass over a batch for all the anchors and keywords a detector searches for (issue 16): a
 * DFA made lazily, state by state as the text needs them, from the position automaton of those of
 * its regexes in the simple subset anchor-nfa.ts takes. Characters are read by class: the
 * characters every atom of the patterns treats alike share one (ASCII ones at the start, the
 * others when first met, each tested against the atoms as regexes with their patterns' flags, so
 * `i` and classes such as `\s` mean exactly what they mean to the regex). A field is listed for a
 * pattern iff the pattern matches somewhere in it, as the regex's search would find.
 */
export class AnchorDfa {
  private readonly nfa: Nfa;
  /** The class of each UTF-16 unit, NO_CLASS when not yet met. */
  private readonly classes = new Uint16Array(0x10000).fill(NO_CLASS);
  private readonly signatures = new Map<string, number>();
  /** For each class, which positions read it. */
  private readonly members: Uint8Array[] = [];
  /** For each class, the positions a match may start with that read it. */
  private readonly starters: number[][] = [];
  /** Classes per row of the table: a power of two, `1 << shift`. */
  private stride = 0;
  private shift = 0;
  private capacity = 0;
  /** By state and class: the state reached, with ENDS when it ends a match, or UNKNOWN. */
  private trans = new Uint16Array(0);
  /** By state: the patterns it ends a match of. */
  private outs: Int32Array[] = [];
  /** By state: its positions, in order. */
  private sets: Int32Array[] = [];
  /** The states by a hash of their positions. */
  private readonly ids = new Map<number, number | number[]>();
  private readonly mark: Uint8Array;
  private readonly next: Int32Array;
  /** By state: the field whose patterns it last noted. */
  private noted = new Int32Array(0);
  /** How often the states ran out. */
  private resets = 0;
  /**
   * While a text is scanned, for each of its halves: the lists it gives, by pattern; the field
   * each pattern was last listed for; the field of the last match end noted.
   */
  private lists: number[][][] = [];
  private lastField = new Int32Array(0);
  private readonly cursor = new Int32Array(2);
  /** Room for the UTF-16 units of a text. */
  private buffer = Buffer.alloc(0);
  /** Where the fields of the text scanned start. */
  private starts: Int32Array = new Int32Array(1);
  /** After the states ran out and were made anew, the other half's state, made anew. */
  private kept = 0;
  /** Which atoms the character being classed matches. */
  private readonly hits: Uint8Array;

  /** `cap` and `maxResets` are STATE_CAP and MAX_RESETS but in tests. */
  constructor(
    nfa: Nfa,
    private readonly cap = STATE_CAP,
    private readonly maxResets = MAX_RESETS,
  ) {
    this.nfa = nfa;
    this.mark = new Uint8Array(nfa.atomOf.length);
    this.next = new Int32Array(nfa.atomOf.length);
    this.hits = new Uint8Array(nfa.atoms);
    for (let c = 0; c < 128; c++) this.classes[c] = this.classOf(c);
    let stride = 64;
    while (stride < this.members.length + 16) stride *= 2;
    this.grow(256, stride);
    this.intern(new Int32Array(0), hashOf(new Int32Array(0)));
  }

  /** How many states it has made. */
  get states(): number {
    return this.sets.length;
  }

  /** How often it ran out of states and started again. */
  get restarts(): number {
    return this.resets;
  }

  /**
   * For each pattern, the fields of `text` (joined by U+0000, field `i` at `starts[i]`) it occurs
   * in, in order; undefined when the text needs more states than the automaton keeps, again and
   * again (search for the regexes then).
   */
  scan(text: string, starts: Int32Array): number[][] | undefined {
    const patterns = this.nfa.patterns;
    this.lists = [[], []];
    for (let p = 0; p < patterns; p++) {
      this.lists[0]!.push([]);
      this.lists[1]!.push([]);
    }
    this.lastField = new Int32Array(2 * patterns).fill(-1);
    this.starts = starts;
    this.cursor.fill(0);
    this.noted.fill(-1);
    const units = this.unitsOf(text);
    const length = text.length;
    // two halves, split where a field starts, run side by side: each character's step waits for
    // the one before it (a load from the table), and two such chains keep the processor busier
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! < length >> 1) lo = mid + 1;
      else hi = mid;
    }
    const half = lo > 0 && lo < starts.length - 1 ? starts[lo]! : length;
    const classes = this.classes;
    // as locals, which the optimising compiler folds (a module's constants it reads from memory)
    const noClass = NO_CLASS;
    const ends = ENDS;
    let trans = this.trans;
    let shift = this.shift;
    // U+0000 is in no atom, so each field starts from the empty state: so do both halves
    let a = 0;
    let b = 0;
    const both = Math.min(half, length - half);
    for (let i = 0; i < both; i++) {
      let k = classes[units[i]!]!;
      let kb = classes[units[half + i]!]!;
      if (k === noClass || kb === noClass) {
        if (k === noClass) k = this.newClass(units[i]!);
        if (kb === noClass) kb = this.newClass(units[half + i]!);
        // a new class may widen the table
        if (shift !== this.shift) {
          a = (a >> shift) << this.shift;
          b = (b >> shift) << this.shift;
          trans = this.trans;
          shift = this.shift;
        }
      }
      let t = trans[a + k]!;
      let tb = trans[b + kb]!;
      // the common case: a known transition to a state that ends no match
      if (t >= ends) {
        const resets = this.resets;
        t = this.arrive(t, a >> shift, k, b >> shift, i, 0);
        if (t < 0) return undefined;
        trans = this.trans;
        // the states were made anew: the other half's too, and the transition it read
        if (this.resets !== resets) tb = trans[(b = this.kept << shift) + kb]!;
      }
      a = t << shift;
      if (tb >= ends) {
        const resets = this.resets;
        tb = this.arrive(tb, b >> shift, kb, a >> shift, half + i, 1);
        if (tb < 0) return undefined;
        trans = this.trans;
        if (this.resets !== resets) a = this.kept << shift;
      }
      b = tb << shift;
    }
    // what is left of the longer half
    let row = half > both ? a : b;
    const side = half > both ? 0 : 1;
    for (let i = half > both ? both : half + both; i < (half > both ? half : length); i++) {
      let k = classes[units[i]!]!;
      if (k === noClass) {
        k = this.newClass(units[i]!);
        if (shift !== this.shift) {
          row = (row >> shift) << this.shift;
          trans = this.trans;
          shift = this.shift;
        }
      }
      let t = trans[row + k]!;
      if (t >= ends) {
        t = this.arrive(t, row >> shift, k, -1, i, side);
        if (t < 0) return undefined;
        trans = this.trans;
      }
      row = t << shift;
    }
    // the second half's fields all come after the first's
    const [first, second] = this.lists as [number[][], number[][]];
    this.lists = [];
    return first.map((fields, p) => (fields.length === 0 ? second[p]! : second[p]!.length === 0 ? fields : fields.concat(second[p]!)));
  }

  /**
   * The UTF-16 units of `text` (in its first `text.length`), as an array: read so, the scan need
   * not ask at each character what kind of string it reads. Kept for the next text when small.
   */
  private unitsOf(text: string): Uint16Array {
    const bytes = 2 * text.length;
    let buffer = this.buffer;
    if (buffer.length < bytes) {
      buffer = Buffer.allocUnsafeSlow(Math.max(bytes, 2 * buffer.length));
      if (buffer.length <= KEEP_BYTES) this.buffer = buffer;
    }
    buffer.write(text, 0, bytes, 'utf16le');
    return new Uint16Array(buffer.buffer, buffer.byteOffset, text.length);
  }

  /**
   * What the scan does with a table entry `t` past the common case, read in state `s` on class
   * `k` at `i` by the half `side` (the other half in state `other`, or -1): it makes the
   * transition when not known yet, and notes a match end. The state reached, or -1 when the
   * states ran out too often.
   */
  private arrive(t: number, s: number, k: number, other: number, i: number, side: number): number {
    if (t === UNKNOWN) {
      t = this.step(s, k, other);
      if (this.resets > this.maxResets) return -1;
    }
    if (t >= ENDS) {
      t -= ENDS;
      this.end(t, i, side);
    }
    return t;
  }

  /** Notes the patterns state `t`, reached at `i` by the half `side`, ends a match of. */
  private end(t: number, i: number, side: number): void {
    const starts = this.starts;
    let fi = this.cursor[side]!;
    while (starts[fi + 1]! <= i) fi++;
    this.cursor[side] = fi;
    // a state met again in the same field has nothing new to note (the halves' fields differ)
    if (this.noted[t] === fi) return;
    this.noted[t] = fi;
    const lastField = this.lastField;
    const lists = this.lists[side]!;
    const at = side * this.nfa.patterns;
    for (const p of this.outs[t]!) {
      if (lastField[at + p] === fi) continue;
      lastField[at + p] = fi;
      lists[p]!.push(fi);
    }
  }

  private newClass(c: number): number {
    const k = this.classOf(c);
    this.classes[c] = k;
    return k;
  }

  /** The class of UTF-16 unit `c`: which atoms match it, as a class number (made when new). */
  private classOf(c: number): number {
    const { atomOf } = this.nfa;
    const hits = this.hits;
    this.nfa.test(String.fromCharCode(c), hits);
    const sig = hits.join('');
    let k = this.signatures.get(sig);
    if (k !== undefined) return k;
    k = this.members.length;
    this.signatures.set(sig, k);
    const member = new Uint8Array(atomOf.length);
    for (let q = 0; q < atomOf.length; q++) member[q] = hits[atomOf[q]!]!;
    this.members.push(member);
    this.starters.push(this.nfa.first.filter((q) => member[q] === 1));
    if (k >= this.stride && this.stride > 0) this.grow(this.capacity, this.stride * 2);
    return k;
  }

  /**
   * The transition of state `s` on a character of class `k` (made now), as the table holds it;
   * `other` is the other half's state (or -1), kept in `kept` should the states be made anew.
   */
  private step(s: number, k: number, other: number): number {
    const { follow } = this.nfa;
    const member = this.members[k]!;
    const { mark, next } = this;
    let size = 0;
    for (const q of this.starters[k]!) {
      if (mark[q] === 0) {
        mark[q] = 1;
        next[size++] = q;
      }
    }
    for (const p of this.sets[s]!) {
      for (const q of follow[p]!) {
        if (member[q] === 1 && mark[q] === 0) {
          mark[q] = 1;
          next[size++] = q;
        }
      }
    }
    // a view: most transitions reach a state already made, and only a new one keeps a copy
    const set = next.subarray(0, size).sort();
    for (const q of set) mark[q] = 0;
    const hash = hashOf(set);
    let t = this.find(set, hash);
    if (t < 0) {
      if (this.sets.length >= this.cap) {
        // start again with what the next character needs: the state reached, and the empty one
        const keep = other >= 0 ? this.sets[other]! : undefined;
        this.resets++;
        this.noted.fill(-1);
        this.ids.clear();
        this.sets = [];
        this.outs = [];
        this.trans.fill(UNKNOWN);
        this.intern(new Int32Array(0), hashOf(new Int32Array(0)));
        t = this.intern(set.slice(), hash);
        if (keep) this.kept = this.find(keep, hashOf(keep)) >= 0 ? this.find(keep, hashOf(keep)) : this.intern(keep, hashOf(keep));
        return this.outs[t]!.length > 0 ? t + ENDS : t;
      }
      t = this.intern(set.slice(), hash);
    }
    const entry = this.outs[t]!.length > 0 ? t + ENDS : t;
    this.trans[s * this.stride + k] = entry;
    return entry;
  }

  private find(set: Int32Array, hash: number): number {
    const known = this.ids.get(hash);
    if (known === undefined) return -1;
    const list = typeof known === 'number' ? [known] : known;
    for (const id of list) if (same(this.sets[id]!, set)) return id;
    return -1;
  }

  private intern(set: Int32Array, hash: number): number {
    const id = this.sets.length;
    if (id >= this.capacity) this.grow(this.capacity * 2, this.stride);
    this.sets.push(set);
    const known = this.ids.get(hash);
    if (known === undefined) this.ids.set(hash, id);
    else if (typeof known === 'number') this.ids.set(hash, [known, id]);
    else known.push(id);
    const { ends } = this.nfa;
    const found: number[] = [];
    for (const q of set) if (ends[q]! >= 0 && !found.includes(ends[q]!)) found.push(ends[q]!);
    this.outs.push(Int32Array.from(found));
    return id;
  }

  /** Room for `capacity` states of `stride` classes, keeping the transitions known. */
  private grow(capacity: number, stride: number): void {
    const trans = new Uint16Array(capacity * stride).fill(UNKNOWN);
    for (let s = 0; s < this.sets.length; s++) {
      trans.set(this.trans.subarray(s * this.stride, s * this.stride + this.stride), s * stride);
    }
    const noted = new Int32Array(capacity).fill(-1);
    noted.set(this.noted.subarray(0, Math.min(this.noted.length, capacity)));
    this.trans = trans;
    this.noted = noted;
    this.capacity = capacity;
    this.stride = stride;
    this.shift = Math.log2(stride);
  }
}

function hashOf(set: Int32Array): number {
  let h = 0x811c9dc5;
  for (const q of set) h = Math.imul(h ^ q, 0x01000193);
  return h;
}

function same(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
