import type { Nfa } from './anchor-nfa.js';
import { AnchorLoop, ENDS, LOG, UNKNOWN, WINDOW } from './anchor-wasm.js';

/** The states kept at once; past this the automaton starts again from what it knows (RE2's way). */
const STATE_CAP = 0x7000;
/** A text that runs out of states this many times is left to the regexes. */
const MAX_RESETS = 4;
/** The class of a character not yet met: no transition on it is known. */
const NO_CLASS = 0;
/**
 * The list of a pattern that occurs in no field: one for all, never added to. Not frozen: a frozen
 * array has an elements kind of its own, and the detector's loops over field lists, optimised
 * for the lists' kind, were thrown away and compiled again on meeting it.
 */
const NONE: number[] = [];

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
  /** The loop, and its memory: the class of each UTF-16 unit, the transition table. */
  private readonly loop = new AnchorLoop();
  private readonly signatures = new Map<string, number>();
  /** For each class, which positions read it (none for NO_CLASS). */
  private readonly members: Uint8Array[] = [new Uint8Array(0)];
  /** For each class, the positions a match may start with that read it. */
  private readonly starters: number[][] = [[]];
  /** Classes per row of the table: a power of two, `1 << shift`. */
  private stride = 0;
  private shift = 0;
  private capacity = 0;
  /** By state: the patterns it ends a match of. */
  private outs: number[] = [];
  /** By state: where its patterns start in `outs` (and end, at the next state's). */
  private outAt: number[] = [0];
  /**
   * By state: its positions, in order, those of state `s` at `positions[setAt[s]]` up to
   * `setAt[s + 1]`. One array for all: an Int32Array a state, each with a buffer of its own, held
   * some 1.5 MB of RSS per scan thread for 5,000 states (issue 16).
   */
  private positions = new Int32Array(1024);
  private setAt: number[] = [0];
  /** The states by a hash of their positions. */
  private readonly ids = new Map<number, number | number[]>();
  private readonly mark: Uint8Array;
  private readonly next: Int32Array;
  /** By state: the field whose patterns it last noted. */
  private noted = new Int32Array(0);
  /** How often the states ran out. */
  private resets = 0;
  /**
   * While a text is scanned, for each of its halves: the lists it gives, by pattern (NONE until
   * it has a field: most patterns occur in none of a small file's fields); the field of the last
   * match end noted.
   */
  private lists: number[][][] = [];
  private readonly cursor = new Int32Array(2);
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
    for (let c = 0; c < 128; c++) this.loop.classes[c] = this.classOf(c);
    let stride = 64;
    while (stride < this.members.length + 16) stride *= 2;
    this.grow(256, stride);
    this.intern(new Int32Array(0), hashOf(new Int32Array(0)));
  }

  /** How many states it has made. */
  get states(): number {
    return this.setAt.length - 1;
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
    this.lists = [new Array<number[]>(patterns).fill(NONE), new Array<number[]>(patterns).fill(NONE)];
    this.starts = starts;
    this.cursor.fill(0);
    this.noted.fill(-1);
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
    const loop = this.loop;
    // U+0000 is in no atom, so each field starts from the empty state: so do both halves
    let a = 0;
    let b = 0;
    const both = Math.min(half, length - half);
    for (let i = 0; i < both; i += WINDOW) {
      const n = Math.min(WINDOW, both - i);
      loop.load(text, i, n, false);
      loop.load(text, half + i, n, true);
      for (let j = 0; j < n; ) {
        const status = loop.run2(j, n, a, b, this.shift);
        const at = j + loop.out[0]!;
        a = loop.stateLeft(1, this.shift);
        b = loop.stateLeft(2, this.shift);
        this.noteLogged(i + j, half + i + j);
        if (status === 0) break;
        // an unknown transition at `at`: made here, the other half's step too when still to take
        if (status === 1) {
          const resets = this.resets;
          a = this.stepAt(text, i + at, a, b, 0);
          if (a < 0) return undefined;
          // the states were made anew: the other half's too
          if (this.resets !== resets) b = this.kept;
        }
        const resets = this.resets;
        b = this.stepAt(text, half + i + at, b, a, 1);
        if (b < 0) return undefined;
        if (this.resets !== resets) a = this.kept;
        j = at + 1;
      }
    }
    // what is left of the longer half
    let s = half > both ? a : b;
    const side = half > both ? 0 : 1;
    const end = half > both ? half : length;
    for (let i = half > both ? both : half + both; i < end; i += 2 * WINDOW) {
      const n = Math.min(2 * WINDOW, end - i);
      loop.load(text, i, n, false);
      for (let j = 0; j < n; ) {
        const status = loop.run1(j, n, s, this.shift);
        const at = j + loop.out[0]!;
        s = loop.stateLeft(1, this.shift);
        this.noteLogged(i + j, 0, side);
        if (status === 0) break;
        s = this.stepAt(text, i + at, s, -1, side);
        if (s < 0) return undefined;
        j = at + 1;
      }
    }
    // the second half's fields all come after the first's
    const [first, second] = this.lists as [number[][], number[][]];
    this.lists = [];
    for (let p = 0; p < patterns; p++) {
      const more = second[p]!;
      if (more !== NONE) first[p] = first[p] === NONE ? more : first[p]!.concat(more);
    }
    return first;
  }

  /**
   * Notes the match ends the loop logged, chain a's from `fromA` and chain b's from `fromB`
   * (steps counted from there); a lone chain's are chain a's unless it is the half `alone`.
   */
  private noteLogged(fromA: number, fromB: number, alone = 0): void {
    const { log, out } = this.loop;
    const count = (out[3]! - LOG) >> 2;
    for (let e = 0; e < count; e++) {
      const entry = log[e]!;
      const chain = (entry >> 15) & 1;
      this.end(entry >>> 16, (chain === 0 ? fromA : fromB) + (entry & 0x7fff), chain | alone);
    }
  }

  /** The step the loop left to JavaScript: the half `side` in state `s` reads `text[i]` (the other half in `other`, or -1). */
  private stepAt(text: string, i: number, s: number, other: number, side: number): number {
    const c = text.charCodeAt(i);
    let k = this.loop.classes[c]!;
    if (k === NO_CLASS) {
      k = this.classOf(c);
      this.loop.classes[c] = k;
    }
    return this.arrive(this.loop.trans[(s << this.shift) + k]!, s, k, other, i, side);
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
    const lists = this.lists[side]!;
    const { outs, outAt } = this;
    for (let o = outAt[t]!; o < outAt[t + 1]!; o++) {
      const p = outs[o]!;
      const list = lists[p]!;
      if (list === NONE) lists[p] = [fi];
      else if (list[list.length - 1] !== fi) list.push(fi);
    }
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
    const { positions } = this;
    for (let at = this.setAt[s]!, end = this.setAt[s + 1]!; at < end; at++) {
      for (const q of follow[positions[at]!]!) {
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
      if (this.states >= this.cap) {
        // start again with what the next character needs: the state reached, and the empty one
        const keep = other >= 0 ? this.positions.slice(this.setAt[other]!, this.setAt[other + 1]!) : undefined;
        this.resets++;
        this.noted.fill(-1);
        this.ids.clear();
        this.setAt = [0];
        this.outs = [];
        this.outAt = [0];
        this.loop.trans.fill(UNKNOWN);
        this.intern(new Int32Array(0), hashOf(new Int32Array(0)));
        t = this.intern(set, hash);
        if (keep) this.kept = this.find(keep, hashOf(keep)) >= 0 ? this.find(keep, hashOf(keep)) : this.intern(keep, hashOf(keep));
        return this.ends(t) ? t + ENDS : t;
      }
      t = this.intern(set, hash);
    }
    const entry = this.ends(t) ? t + ENDS : t;
    this.loop.trans[s * this.stride + k] = entry;
    return entry;
  }

  /** Whether state `t` ends a match. */
  private ends(t: number): boolean {
    return this.outAt[t + 1]! > this.outAt[t]!;
  }

  private find(set: Int32Array, hash: number): number {
    const known = this.ids.get(hash);
    if (known === undefined) return -1;
    const list = typeof known === 'number' ? [known] : known;
    for (const id of list) if (this.holds(id, set)) return id;
    return -1;
  }

  /** Whether state `id`'s positions are `set`. */
  private holds(id: number, set: Int32Array): boolean {
    const at = this.setAt[id]!;
    if (this.setAt[id + 1]! - at !== set.length) return false;
    const { positions } = this;
    for (let i = 0; i < set.length; i++) if (positions[at + i] !== set[i]) return false;
    return true;
  }

  private intern(set: Int32Array, hash: number): number {
    const id = this.states;
    if (id >= this.capacity) this.grow(this.capacity * 2, this.stride);
    const at = this.setAt[id]!;
    if (at + set.length > this.positions.length) {
      const more = new Int32Array(Math.max(2 * this.positions.length, at + set.length));
      more.set(this.positions.subarray(0, at));
      this.positions = more;
    }
    this.positions.set(set, at);
    this.setAt.push(at + set.length);
    const known = this.ids.get(hash);
    if (known === undefined) this.ids.set(hash, id);
    else if (typeof known === 'number') this.ids.set(hash, [known, id]);
    else known.push(id);
    const { ends } = this.nfa;
    const found: number[] = [];
    for (const q of set) if (ends[q]! >= 0 && !found.includes(ends[q]!)) found.push(ends[q]!);
    this.outs.push(...found);
    this.outAt.push(this.outs.length);
    return id;
  }

  /** Room for `capacity` states of `stride` classes, keeping the transitions known. */
  private grow(capacity: number, stride: number): void {
    const made = this.states * this.stride;
    // rows of a new width are laid out anew; more rows of the same width just follow the others
    const known = stride === this.stride ? undefined : this.loop.trans.slice(0, made);
    this.loop.resize(capacity * stride);
    const trans = this.loop.trans;
    if (!known) trans.fill(UNKNOWN, made);
    else {
      trans.fill(UNKNOWN);
      for (let s = 0; s < this.states; s++) {
        trans.set(known.subarray(s * this.stride, s * this.stride + this.stride), s * stride);
      }
    }
    const noted = new Int32Array(capacity).fill(-1);
    noted.set(this.noted.subarray(0, Math.min(this.noted.length, capacity)));
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
