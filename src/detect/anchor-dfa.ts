import { buildNfa, type Nfa } from './anchor-nfa.js';

/** A batch shorter than this is searched regex by regex, as before: the pass is not worth building. */
export const PASS_FROM = 1 << 14;
/** The states kept at once; past this the automaton starts again from what it knows (RE2's way). */
const STATE_CAP = 0x7000;
/** A text that runs out of states this many times is left to the regexes. */
const MAX_RESETS = 4;
/** In the transition table: the state reached holds the end of a match… */
const ENDS = 0x8000;
/** …or the transition is not known yet. */
const UNKNOWN = 0xffff;

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
  private readonly ascii = new Uint16Array(128);
  /** Class + 1 of each UTF-16 unit past ASCII, 0 when not yet met. */
  private wide: Uint16Array | undefined;
  private readonly signatures = new Map<string, number>();
  /** For each class, which positions read it. */
  private readonly members: Uint8Array[] = [];
  /** For each class, the positions a match may start with that read it. */
  private readonly starters: number[][] = [];
  private stride = 0;
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
  /** Which atoms the character being classed matches. */
  private readonly hits: Uint8Array;

  constructor(nfa: Nfa) {
    this.nfa = nfa;
    this.mark = new Uint8Array(nfa.atomOf.length);
    this.next = new Int32Array(nfa.atomOf.length);
    this.hits = new Uint8Array(nfa.atoms);
    for (let c = 0; c < 128; c++) this.ascii[c] = this.classOf(c);
    this.grow(256, Math.max(64, this.members.length + 16));
    this.intern(new Int32Array(0), hashOf(new Int32Array(0)));
  }

  /** How many states it has made. */
  get states(): number {
    return this.sets.length;
  }

  /**
   * For each pattern, the fields of `text` (joined by U+0000, field `i` at `starts[i]`) it occurs
   * in, in order; undefined when the text needs more states than the automaton keeps, again and
   * again (search for the regexes then).
   */
  scan(text: string, starts: Int32Array): number[][] | undefined {
    const lists: number[][] = [];
    for (let p = 0; p < this.nfa.patterns; p++) lists.push([]);
    const lastField = new Int32Array(this.nfa.patterns).fill(-1);
    this.noted.fill(-1);
    const ascii = this.ascii;
    let trans = this.trans;
    let stride = this.stride;
    // one run over the whole text: U+0000 is in no atom, so each field starts from the empty state
    let row = 0;
    let fi = 0;
    const length = text.length;
    for (let i = 0; i < length; i++) {
      const c = text.charCodeAt(i);
      let k: number;
      if (c < 128) k = ascii[c]!;
      else {
        k = this.wideClass(c);
        // a new class may widen the table
        if (stride !== this.stride) {
          row = (row / stride) * this.stride;
          trans = this.trans;
          stride = this.stride;
        }
      }
      let t = trans[row + k]!;
      if (t === UNKNOWN) {
        t = this.step(row / stride, k);
        trans = this.trans;
        if (this.resets > MAX_RESETS) return undefined;
      }
      if (t >= ENDS) {
        t -= ENDS;
        while (starts[fi + 1]! <= i) fi++;
        // a state met again in the same field has nothing new to note
        if (this.noted[t] !== fi) {
          this.noted[t] = fi;
          for (const p of this.outs[t]!) {
            if (lastField[p] === fi) continue;
            lastField[p] = fi;
            lists[p]!.push(fi);
          }
        }
      }
      row = t * stride;
    }
    return lists;
  }

  private wideClass(c: number): number {
    const wide = (this.wide ??= new Uint16Array(0x10000));
    const k = wide[c]!;
    if (k !== 0) return k - 1;
    const made = this.classOf(c);
    wide[c] = made + 1;
    return made;
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

  /** The transition of state `s` on a character of class `k` (made now), as the table holds it. */
  private step(s: number, k: number): number {
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
    const set = next.slice(0, size).sort();
    for (const q of set) mark[q] = 0;
    const hash = hashOf(set);
    let t = this.find(set, hash);
    if (t < 0) {
      if (this.sets.length >= STATE_CAP) {
        // start again with what the next character needs: the state reached, and the empty one
        this.resets++;
        this.noted.fill(-1);
        this.ids.clear();
        this.sets = [];
        this.outs = [];
        this.trans.fill(UNKNOWN);
        this.intern(new Int32Array(0), hashOf(new Int32Array(0)));
        t = this.intern(set, hash);
        return this.outs[t]!.length > 0 ? t + ENDS : t;
      }
      t = this.intern(set, hash);
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

/**
 * The pass is made once the detector's big batches have held this many characters, from the
 * regexes they were asked for: making it (its states, and V8 optimising its loops) costs about
 * what searching for them in 2 to 3 MB does, which a smaller input would not earn back (a 2 MB
 * case CSV took 9 % more CPU with the pass made after 1 MB).
 */
const LEARN_CHARS = 1 << 21;

/**
 * The anchors and keywords a detector's big batches (PASS_FROM) are searched for, found in one
 * pass per batch. Which regexes a batch is asked for depends on its text (a rule whose literal
 * prefilter is absent asks for nothing): the pass is made, once, from those its first 2 MB of big
 * batches were asked for (and `always`), each searched for as a regex until then, as are those it
 * leaves out.
 */
export class AnchorPass {
  private dfa: AnchorDfa | undefined;
  private covered: Map<RegExp, number> | undefined;
  private readonly asked: Set<RegExp>;
  /** The characters of the big batches seen before the pass was made. */
  private learnt = 0;

  constructor(always: readonly RegExp[]) {
    this.asked = new Set(always);
  }

  /** A batch of `length` characters begins: whether the pass serves it. */
  begin(length: number): boolean {
    if (length < PASS_FROM) return false;
    if (this.covered) return true;
    this.learnt += length;
    if (this.learnt > LEARN_CHARS) this.prepare();
    return this.covered !== undefined;
  }

  /** A batch the pass does not serve yet was asked for `re`. */
  ask(re: RegExp): void {
    if (!this.covered) this.asked.add(re);
  }

  /** Whether `re` is found by the pass. */
  covers(re: RegExp): boolean {
    return this.covered?.has(re) ?? false;
  }

  /** The fields each covered regex occurs in (`text` as AnchorSearch has it); none when the pass gives up. */
  run(text: string, starts: Int32Array): Map<RegExp, number[]> {
    const out = new Map<RegExp, number[]>();
    const lists = this.dfa!.scan(text, starts);
    if (!lists) {
      // too many states: the regexes from now on
      this.covered = new Map();
      this.dfa = undefined;
      return out;
    }
    for (const [re, p] of this.covered!) out.set(re, lists[p]!);
    return out;
  }

  private prepare(): void {
    const distinct = [...this.asked];
    const { nfa, index } = buildNfa(distinct);
    const covered = new Map<RegExp, number>();
    distinct.forEach((re, i) => {
      if (index[i] !== undefined) covered.set(re, index[i]!);
    });
    this.dfa = new AnchorDfa(nfa);
    this.covered = covered;
  }
}
