/**
 * The anchors and keywords of a detector as one position automaton (Glushkov), for the one pass
 * over a batch that finds them all (anchor-dfa.ts, issue 16). Only a simple regular subset is
 * taken: characters, escapes and classes, groups, alternation and quantifiers, flags g, i, m, s, d.
 * A regex with anything else (look-around, `\b`, `^`/`$`, back-references, the `u` or `v` or `y`
 * flag), one that can match the empty string or U+0000 (the separator of a batch's fields), or
 * one too long once its repeats are spelled out, is left out: it is searched for as a regex.
 */

/** What one place in a pattern reads: one character, of those its source matches with its flags. */
interface Atom {
  readonly src: string;
  readonly flags: string;
}

/** Which atoms match a one-character string, into `out` (1 or 0 by atom). */
export type AtomTest = (ch: string, out: Uint8Array) => void;

type Node =
  | { readonly t: 'atom'; readonly src: string }
  | { readonly t: 'cat'; readonly xs: readonly Node[] }
  | { readonly t: 'alt'; readonly xs: readonly Node[] }
  | { readonly t: 'rep'; readonly x: Node; readonly min: number; readonly max: number };

/** A repeat longer than this (`{1,63}`) spells out too many positions… */
const MAX_POSITIONS = 600;

/** The automaton of patterns 0..n-1: positions, what follows each, where each pattern starts and ends. */
export interface Nfa {
  /** Each position's atom (an index into `atoms`). */
  readonly atomOf: number[];
  /** How many distinct atoms (by source and flags). */
  readonly atoms: number;
  /** Which atoms a character matches. */
  readonly test: AtomTest;
  /** The positions that may come after each position. */
  readonly follow: number[][];
  /** The positions a match of any pattern may start with. */
  readonly first: number[];
  /** The pattern a position ends a match of, or -1. */
  readonly ends: Int32Array;
  /** How many patterns. */
  readonly patterns: number;
}

class Unsupported extends Error {}

/** Parses the subset; throws Unsupported on anything else. */
function parse(src: string): Node {
  let i = 0;
  const alt = (): Node => {
    const xs: Node[] = [cat()];
    while (src[i] === '|') {
      i++;
      xs.push(cat());
    }
    return xs.length === 1 ? xs[0]! : { t: 'alt', xs };
  };
  const cat = (): Node => {
    const xs: Node[] = [];
    while (i < src.length && src[i] !== '|' && src[i] !== ')') xs.push(quantified(atom()));
    return xs.length === 1 ? xs[0]! : { t: 'cat', xs };
  };
  const atom = (): Node => {
    const start = i;
    const c = src[i]!;
    if (c === '(') {
      i++;
      if (src.startsWith('?:', i)) i += 2;
      else if (src.startsWith('?<', i) && src[i + 2] !== '=' && src[i + 2] !== '!') {
        const close = src.indexOf('>', i);
        if (close < 0) throw new Unsupported();
        i = close + 1;
      } else if (src[i] === '?') throw new Unsupported();
      const inner = alt();
      if (src[i] !== ')') throw new Unsupported();
      i++;
      return inner;
    }
    if (c === '[') {
      i++;
      if (src[i] === '^') i++;
      while (i < src.length && src[i] !== ']') i += src[i] === '\\' ? 2 : 1;
      if (i >= src.length) throw new Unsupported();
      i++;
      return { t: 'atom', src: src.slice(start, i) };
    }
    if (c === '\\') {
      const e = src[i + 1];
      if (e === undefined || /[bBk1-9]/.test(e)) throw new Unsupported();
      if (e === 'u' && /^[0-9A-Fa-f]{4}$/.test(src.slice(i + 2, i + 6))) i += 6;
      else if (e === 'x' && /^[0-9A-Fa-f]{2}$/.test(src.slice(i + 2, i + 4))) i += 4;
      else if (e === 'c' || e === 'p' || e === 'P' || e === 'u' || e === 'x' || e === '0') throw new Unsupported();
      else i += 2;
      return { t: 'atom', src: src.slice(start, i) };
    }
    if ('^$*+?{}])|'.includes(c)) throw new Unsupported();
    i++;
    return { t: 'atom', src: c };
  };
  const quantified = (x: Node): Node => {
    for (;;) {
      const c = src[i];
      let min: number;
      let max: number;
      if (c === '?') [min, max] = [0, 1];
      else if (c === '*') [min, max] = [0, -1];
      else if (c === '+') [min, max] = [1, -1];
      else if (c === '{') {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(i));
        if (!m) throw new Unsupported();
        min = Number(m[1]);
        max = m[2] === undefined ? min : m[3] === '' ? -1 : Number(m[3]);
        if (max !== -1 && max < min) throw new Unsupported();
        i += m[0].length - 1;
      } else return x;
      i++;
      if (src[i] === '?') i++;
      x = { t: 'rep', x, min, max };
    }
  };
  const node = alt();
  if (i !== src.length) throw new Unsupported();
  return node;
}

/**
 * A node that occurs in a text iff `n` does, cut short at one end (`atEnd`, else at its start):
 * what can be left out there is (`(?:O')?Smith` occurs wherever `Smith` does), and a repeat needs
 * only its fewest copies. It matches no more than `n` does (a part of each of its matches), and
 * every match of `n` holds one of its, which is all a search for fields that hold a match needs.
 */
function trim(n: Node, atEnd: boolean): Node {
  if (n.t === 'atom') return n;
  if (n.t === 'alt') return { t: 'alt', xs: n.xs.map((x) => trim(x, atEnd)) };
  if (n.t === 'cat') {
    const xs = atEnd ? [...n.xs] : [...n.xs].reverse();
    while (xs.length > 1 && nullable(xs[xs.length - 1]!)) xs.pop();
    if (nullable(xs[xs.length - 1]!)) return n;
    xs[xs.length - 1] = trim(xs[xs.length - 1]!, atEnd);
    return { t: 'cat', xs: atEnd ? xs : xs.reverse() };
  }
  if (n.min === 0) return n;
  const xs: Node[] = [];
  for (let k = 1; k < n.min; k++) xs.push(n.x);
  if (atEnd) xs.push(trim(n.x, true));
  else xs.unshift(trim(n.x, false));
  return xs.length === 1 ? xs[0]! : { t: 'cat', xs };
}

function nullable(n: Node): boolean {
  if (n.t === 'atom') return false;
  if (n.t === 'alt') return n.xs.some(nullable);
  if (n.t === 'cat') return n.xs.every(nullable);
  return n.min === 0 || nullable(n.x);
}

/** What the construction knows of a node: may it match empty, where a match may start and end. */
interface Part {
  nullable: boolean;
  first: number[];
  last: number[];
}

/** Builds the automaton of `regexes`; those it cannot take are `undefined` in `index`. */
export function buildNfa(regexes: readonly RegExp[]): { nfa: Nfa; index: (number | undefined)[] } {
  const atomOf: number[] = [];
  const atoms: Atom[] = [];
  const atomIds = new Map<string, number>();
  const follow: number[][] = [];
  const ends: number[] = [];
  const first: number[] = [];
  const index: (number | undefined)[] = [];
  let patterns = 0;
  const nodes = regexes.map((re) => {
    if (!/^[gimsd]*$/.test(re.flags)) return undefined;
    const flags = re.flags.replace(/[gd]/g, '');
    try {
      const full = parse(re.source);
      const node = trim(trim(full, true), false);
      // every atom of the whole pattern, not only of the part searched for: a part trimmed away
      // that can match U+0000 could take a match into the field before (checked below)
      const ids: number[] = [];
      const walk = (n: Node): void => {
        if (n.t === 'atom') {
          const key = `${flags}/${n.src}`;
          if (!atomIds.has(key)) {
            atomIds.set(key, atoms.length);
            atoms.push({ src: n.src, flags });
          }
          ids.push(atomIds.get(key)!);
        } else if (n.t === 'rep') walk(n.x);
        else n.xs.forEach(walk);
      };
      walk(full);
      return { node, flags, ids };
    } catch (e) {
      if (e instanceof Unsupported) return undefined;
      throw e;
    }
  });
  const test = atomTest(atoms);
  // the fields of a batch are joined by U+0000: a match must not reach past its field
  const zero = new Uint8Array(atoms.length);
  test('\u0000', zero);
  for (const parsed of nodes) {
    index.push(undefined);
    if (!parsed || parsed.ids.some((a) => zero[a] === 1)) continue;
    const { node, flags } = parsed;
    const base = atomOf.length;
    let size = 0;
    let bad = false;
    const positions: number[] = [];
    // spells out repeats as it goes: each position made is a new atom occurrence
    const build = (n: Node): Part => {
      if (bad) return { nullable: true, first: [], last: [] };
      if (n.t === 'atom') {
        if (++size > MAX_POSITIONS) {
          bad = true;
          return { nullable: true, first: [], last: [] };
        }
        const a = atomIds.get(`${flags}/${n.src}`)!;
        const p = atomOf.length;
        atomOf.push(a);
        follow.push([]);
        ends.push(-1);
        positions.push(p);
        return { nullable: false, first: [p], last: [p] };
      }
      if (n.t === 'alt') {
        const parts = n.xs.map(build);
        return {
          nullable: parts.some((p) => p.nullable),
          first: parts.flatMap((p) => p.first),
          last: parts.flatMap((p) => p.last),
        };
      }
      if (n.t === 'cat') return concat(n.xs.map((x) => () => build(x)));
      // x{min,max}: min copies, then (x(x(…)?)?)? or x*
      const { x, min, max } = n;
      const seq: (() => Part)[] = [];
      for (let k = 0; k < min; k++) seq.push(() => build(x));
      if (max === -1) seq.push(() => star(build(x)));
      else if (max > min) seq.push(() => optionalChain(x, max - min));
      return concat(seq);
    };
    const link = (from: number[], to: number[]): void => {
      for (const p of from) for (const q of to) if (!follow[p]!.includes(q)) follow[p]!.push(q);
    };
    const concat = (seq: (() => Part)[]): Part => {
      let acc: Part = { nullable: true, first: [], last: [] };
      for (const make of seq) {
        const p = make();
        link(acc.last, p.first);
        acc = {
          nullable: acc.nullable && p.nullable,
          first: acc.nullable ? [...acc.first, ...p.first] : acc.first,
          last: p.nullable ? [...acc.last, ...p.last] : p.last,
        };
      }
      return acc;
    };
    const star = (p: Part): Part => {
      link(p.last, p.first);
      return { nullable: true, first: p.first, last: p.last };
    };
    const optionalChain = (x: Node, k: number): Part => {
      const head = build(x);
      if (k === 1) return { nullable: true, first: head.first, last: head.last };
      const rest = optionalChain(x, k - 1);
      link(head.last, rest.first);
      return { nullable: true, first: head.first, last: [...head.last, ...rest.last] };
    };
    const whole = build(node);
    if (bad || whole.nullable) {
      atomOf.length = follow.length = ends.length = base;
      continue;
    }
    for (const p of whole.last) ends[p] = patterns;
    first.push(...whole.first);
    index[index.length - 1] = patterns++;
  }
  return { nfa: { atomOf, atoms: atoms.length, test, follow, first, ends: Int32Array.from(ends), patterns }, index };
}

/**
 * The test of a character against every atom: for each set of flags, one regex of a look-ahead
 * per atom, `^(?=(a)?)(?=(b)?)…`, whose groups say which atoms the character matches (one
 * compilation for all, where a regex per atom took 50 ms to compile for one- and two-byte text).
 */
function atomTest(atoms: readonly Atom[]): AtomTest {
  const byFlags = new Map<string, number[]>();
  atoms.forEach((a, i) => {
    const ids = byFlags.get(a.flags);
    if (ids) ids.push(i);
    else byFlags.set(a.flags, [i]);
  });
  const tests = [...byFlags].map(([flags, ids]) => ({
    ids,
    re: new RegExp(`^${ids.map((i) => `(?=(${atoms[i]!.src})?)`).join('')}`, flags),
  }));
  return (ch, out) => {
    for (const { ids, re } of tests) {
      const m = re.exec(ch)!;
      for (let j = 0; j < ids.length; j++) out[ids[j]!] = m[j + 1] === undefined ? 0 : 1;
    }
  };
}
