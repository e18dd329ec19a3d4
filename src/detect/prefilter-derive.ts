import { RegExpParser, type AST } from '@eslint-community/regexpp';
import { alternation } from './prefilter-alternation.js';
import { Scorer, orScore } from './prefilter-score.js';
import { endingOf, firstOf } from './prefilter-ends.js';

/**
 * Derives a rule's prefilter (issue 16): an *anchor*, a small regex that every match of the rule
 * contains somewhere inside it, so that a field in which the anchor does not occur cannot hold a
 * match and the rule need not run on it. `\d{4}[ .-]\d{4}` for a payment card, `@` for an e-mail,
 * `\d{6}` for a driving licence (its date of birth): cheap to look for, and rare in most text.
 *
 * How: every element of the rule's pattern is over-approximated by a plain regex (look-arounds and
 * word boundaries dropped, they consume nothing), consecutive elements joined into chains (a
 * variable-length element ends one chain and starts the next), and the chain least likely to
 * occur in ordinary text wins. Dropping parts only widens what the anchor matches, so it can
 * never wrongly rule a field out.
 *
 * A rule gets no anchor when running it on one field alone could differ from running it on the
 * fields joined by U+0000 (how detect batches them): when any of its classes, look-arounds
 * included, can match U+0000 (`.`, `\S`, `[^…]`), or it uses `^`/`$`. Nor when nothing it needs
 * is rarer than a letter: then it runs unfiltered, as before. That floor does not hold for a rule
 * whose context is `required`: detect tests its anchor only on the fields its keywords or names
 * open, one by one, and runs it there, so any anchor, however common, spares running it on the
 * whole batch. Runs at build time (scripts/build.mjs): the parser stays out of start-up.
 */
export function deriveAnchor(source: string, flags: string, required = false): string | undefined {
  const unicode = flags.includes('u');
  let pattern: AST.Pattern;
  try {
    pattern = new RegExpParser({ ecmaVersion: 2025 }).parsePattern(source, 0, source.length, { unicode });
  } catch {
    return undefined;
  }
  const classFlags = flags.replace(/[gdy]/g, '');
  if (!separable(pattern, classFlags)) return undefined;
  const scorer = new Scorer(classFlags);
  const best = needOf(pattern.alternatives, scorer);
  if (!best || best.score < (required ? Number.MIN_VALUE : MIN_BITS)) return undefined;
  return startsAfterLookbehind(pattern, best, scorer) ? followedOf(pattern, best, scorer) : best.src;
}

/**
 * For an anchor refused by startsAfterLookbehind that is the whole of the element after the
 * look-behind: it with the character that always follows it (`(?:[Vv]ictim|…|[Hh]ome of)` then
 * a blank, colon or comma for person-role), or undefined. The words alone occur inside other
 * words ("reason", "Partnership") in most fields of case notes; followed, in the fields of 31 % of
 * a case CSV's text and 4 % of a case NDJSON's. The anchor pass finds them in its one pass over a
 * batch, where a search for them would cost more than the rule (see above): the rule then runs on
 * those fields alone, not over the whole batch.
 */
function followedOf(pattern: AST.Pattern, best: Need, scorer: Scorer): string | undefined {
  const elements = pattern.alternatives[0]!.elements;
  let i = 0;
  while (elements[i]?.type === 'Assertion') i++;
  const el = elements[i];
  if (!el || over(el, scorer)?.src !== best.src) return undefined;
  const next = firstOf(elements.slice(i + 1));
  if (!next || next.empty || next.chars.length === 0) return undefined;
  const chars = [...new Set(next.chars)];
  return `${best.src}${chars.length === 1 ? chars[0] : `(?:${chars.join('|')})`}`;
}

/** A look-behind's anchor worth no search: one that can start at more than this share of places. */
const MAX_START = 0.5;

/**
 * True when every match starts with the anchor, right after a look-behind, and the anchor can
 * start at most places: person-role's forty role words, `[Vv]ictim|[Oo]ffender|…`, start with
 * most letters in either case. The rule tries the same words only where its look-behind let it (at
 * a word's start); a search for them alone tries them everywhere, and cost twice the rule itself,
 * which then ran again on the fields found (more than half of a case export's text).
 */
function startsAfterLookbehind(pattern: AST.Pattern, best: Need, scorer: Scorer): boolean {
  if (pattern.alternatives.length !== 1) return false;
  const elements = pattern.alternatives[0]!.elements;
  let i = 0;
  while (elements[i]?.type === 'Assertion' && (elements[i] as AST.Assertion).kind === 'lookbehind') i++;
  const el = elements[i];
  const o = i > 0 && el ? over(el, scorer) : undefined;
  return o !== undefined && !o.empty && best.src.startsWith(o.src) && startChance(el!, scorer) > MAX_START;
}

/** The share of places in text at which a match of `el` can start (at most 1). */
function startChance(el: AST.Node, scorer: Scorer): number {
  switch (el.type) {
    case 'Character':
    case 'CharacterSet':
    case 'CharacterClass':
    case 'ExpressionCharacterClass':
      return 2 ** -scorer.bits(el.raw);
    case 'Group':
    case 'CapturingGroup':
      return Math.min(1, el.alternatives.reduce((sum, alt) => sum + startChance(alt, scorer), 0));
    case 'Alternative': {
      let p = 0;
      for (const e of el.elements) {
        if (e.type === 'Assertion') continue;
        p += startChance(e, scorer);
        if (e.type !== 'Quantifier' || e.min > 0) break;
      }
      return Math.min(1, p);
    }
    case 'Quantifier':
      return startChance(el.element, scorer);
    default:
      return 1;
  }
}

/** Bits by which a chain through elements of varying length must beat the best chain without. */
const THROUGH_GAIN = 6;
/** Bits of the character a chain that goes through elements of varying length starts with. */
const MIN_START = 4;
/** A chain goes on through an element of varying length that matches at most this many characters. */
const MAX_BETWEEN = 4;

/** An anchor must be rarer than this many bits (a letter is about 5, a digit about 8). */
const MIN_BITS = 7;

interface Over {
  /** A regex source matching every string the element matches (and perhaps more). */
  src: string;
  /** What an edge of a chain may use when the element's length varies (`x{2,4}` → `x{2}`). */
  edge: string;
  /** Bits: how unlikely a match of `edge` (or of `src`, when fixed) is at a random place in text. */
  score: number;
  fixed: boolean;
  /** When fixed: the length of every match. */
  length: number;
  /** The element can match the empty string. */
  empty: boolean;
  /** The longest match's length (Infinity when unbounded). */
  max: number;
  /** Bits of the first character every match starts with (0 when it may match nothing). */
  first: number;
}

interface Need {
  src: string;
  score: number;
}

/** True when no class of the pattern can match U+0000 and it has no `^` or `$`. */
function separable(pattern: AST.Pattern, flags: string): boolean {
  let ok = true;
  const visit = (node: AST.Node): void => {
    if (!ok) return;
    switch (node.type) {
      case 'Assertion':
        if (node.kind === 'start' || node.kind === 'end') ok = false;
        else if (node.kind === 'lookahead' || node.kind === 'lookbehind') node.alternatives.forEach(visit);
        return;
      case 'Character':
      case 'CharacterSet':
      case 'CharacterClass':
      case 'ExpressionCharacterClass':
        if (matchesChar(node.raw, flags, '\u0000')) ok = false;
        return;
      case 'Pattern':
      case 'Group':
      case 'CapturingGroup':
        node.alternatives.forEach(visit);
        return;
      case 'Alternative':
        node.elements.forEach(visit);
        return;
      case 'Quantifier':
        visit(node.element);
        return;
      default:
        return;
    }
  };
  visit(pattern);
  return ok;
}

function matchesChar(raw: string, flags: string, c: string): boolean {
  return new RegExp(`^(?:${raw})$`, flags).test(c);
}

/** The best anchor of a disjunction: each alternative's best, as one alternation. */
function needOf(alternatives: AST.Alternative[], scorer: Scorer): Need | undefined {
  const needs: Need[] = [];
  for (const alt of alternatives) {
    const n = needOfSequence(alt.elements, scorer);
    if (!n) return undefined;
    needs.push(n);
  }
  if (needs.length === 1) return needs[0];
  const unique = [...new Map(needs.map((n) => [n.src, n])).values()];
  return { src: alternation(unique.map((n) => n.src)), score: orScore(unique.map((n) => n.score)) };
}

/** The best chain of consecutive elements every match of the sequence contains. */
function needOfSequence(elements: AST.Element[], scorer: Scorer): Need | undefined {
  let best: Need | undefined;
  let chain: Need = { src: '', score: 0 };
  const offer = (n: Need | undefined): void => {
    if (n && n.src && (!best || n.score > best.score)) best = n;
  };
  const close = (start: Need = { src: '', score: 0 }): void => {
    offer(chain);
    chain = start;
  };
  // a chain that goes on through short elements of varying length (`(?: |[./-])?`, `\d{2,4}`):
  // from one element of fixed length to another, with what lies between as it is
  let through: Need = { src: '', score: 0 };
  let between: Need = { src: '', score: 0 };
  let bestThrough: Need | undefined;
  // the capturing groups every match of the sequence has been through, by node
  const captured = new Map<AST.Node, Over | undefined>();
  for (const el of unrolled(elements)) {
    if (el.type === 'Assertion') continue;
    if (el.type === 'Group' || el.type === 'CapturingGroup') {
      // what the text so far ends with: the chain through elements of varying length, or the plain one
      const ending = through.src && through.score + between.score > chain.score ? { src: through.src + between.src, score: through.score + between.score } : chain;
      offer(orBehind(el.alternatives, ending, scorer));
    }
    // a back-reference to such a group matches what the group matched (`\d{3}([ .-])\d{3}\1`)
    const o = el.type === 'Backreference' && !Array.isArray(el.resolved) ? captured.get(el.resolved) : over(el, scorer);
    if (el.type === 'CapturingGroup') captured.set(el, o);
    if (o && o.fixed) {
      // it starts only where a regex search is quick: at a character rarer than any letter
      if (through.src) through = { src: through.src + between.src + o.src, score: through.score + between.score + o.score };
      else if (o.first >= MIN_START) through = { src: o.src, score: o.score };
      between = { src: '', score: 0 };
      if (through.src && (!bestThrough || through.score > bestThrough.score)) bestThrough = through;
    } else if (o && through.src && o.max <= MAX_BETWEEN && between.src.length < 200) {
      between = { src: between.src + o.src, score: between.score + o.score };
    } else if (o && !o.empty && o.first >= MIN_START) {
      // every match of an element of varying length ends with its edge (`\d{2,4}` with `\d{2}`):
      // a chain may start there as at an element of fixed length
      through = { src: o.edge, score: o.score };
      between = { src: '', score: 0 };
    } else {
      through = { src: '', score: 0 };
      between = { src: '', score: 0 };
    }
    if (o && o.fixed) {
      chain = { src: chain.src + o.src, score: chain.score + o.score };
    } else if (o && !o.empty) {
      // a variable-length element: the chain so far with its start, then a chain from its end
      const edge = { src: o.edge, score: o.score };
      chain = { src: chain.src + edge.src, score: chain.score + edge.score };
      close(edge);
    } else {
      // an element that may match nothing, after text that ends with the chain: the text after it
      // ends with the chain (it matched nothing) or with what its matches end with; when that is
      // the chain too (`U{2,}(?:[-'’]U{2,})*,` ends with `U{2}` before its comma), the chain goes on
      // through it (an alternation of two would start the chain with a class V8 searches slowly)
      const end = o && chain.src ? endingOf(el, scorer) : undefined;
      close(end && end.src === chain.src ? chain : undefined);
      // an element that always matches something may still need something inside it
      if (!o && el.type !== 'Backreference') offer(needInside(el, scorer));
    }
  }
  close();
  // a chain through elements of varying length only when it is much rarer: the estimate is rough
  return bestThrough && (!best || bestThrough.score >= best.score + THROUGH_GAIN) ? bestThrough : best;
}

/**
 * The need of a group some of whose alternatives only look behind (a NINO's spaced digits,
 * `(?<=\d\d \d\d \d\d)`), after text that ends with `ending`: each other alternative's match
 * after `ending`, or what such a look-behind needs (it lies in the field, before this place, and
 * holds no U+0000: separable checks look-arounds too). Undefined when no alternative only looks behind.
 */
function orBehind(alternatives: AST.Alternative[], ending: Need, scorer: Scorer): Need | undefined {
  const behind = (alt: AST.Alternative): AST.LookbehindAssertion[] =>
    alt.elements.every((e) => e.type === 'Assertion') ? alt.elements.filter((e): e is AST.LookbehindAssertion => e.type === 'Assertion' && e.kind === 'lookbehind' && !e.negate) : [];
  if (!alternatives.some((alt) => behind(alt).length > 0)) return undefined;
  const needs: Need[] = [];
  for (const alt of alternatives) {
    const looks = behind(alt);
    let n: Need | undefined;
    if (looks.length > 0) {
      for (const look of looks) {
        const m = needOf(look.alternatives, scorer);
        if (m && (!n || m.score > n.score)) n = m;
      }
    } else {
      const o = overSequence(alt.elements, scorer);
      if (o && ending.src + o.src) n = { src: ending.src + o.src, score: ending.score + o.score };
    }
    if (!n) return undefined;
    needs.push(n);
  }
  const unique = [...new Map(needs.map((n) => [n.src, n])).values()];
  return { src: alternation(unique.map((n) => n.src)), score: orScore(unique.map((n) => n.score)) };
}

/** A group repeated this many times or fewer is read as its elements in turn (unrolled). */
const MAX_UNROLL = 4;

/**
 * The elements with each group of one alternative repeated a fixed number of times (`(?:\d{1,3}\.){3}`)
 * written out, so that chains run through the copies: an IPv4 address's `\d\.\d\.\d\.`, not `\d\.\d`.
 */
function unrolled(elements: AST.Element[]): AST.Element[] {
  const out: AST.Element[] = [];
  for (const el of elements) {
    const inner = el.type === 'Quantifier' ? el.element : undefined;
    if (el.type === 'Quantifier' && el.min === el.max && el.min >= 2 && el.min <= MAX_UNROLL && inner?.type === 'Group' && inner.alternatives.length === 1) {
      for (let i = 0; i < el.min; i++) out.push(...unrolled(inner.alternatives[0]!.elements));
    } else out.push(el);
  }
  return out;
}

/** What an element that cannot be over-approximated as a whole still always contains. */
function needInside(el: AST.Element, scorer: Scorer): Need | undefined {
  if (el.type === 'Group' || el.type === 'CapturingGroup') return needOf(el.alternatives, scorer);
  if (el.type === 'Quantifier' && el.min >= 1) return needInside(el.element, scorer);
  return undefined;
}

/** A plain regex over-approximating an element, or undefined (a back-reference, or one inside). */
function over(el: AST.Element, scorer: Scorer): Over | undefined {
  switch (el.type) {
    case 'Character':
    case 'CharacterSet':
    case 'CharacterClass':
    case 'ExpressionCharacterClass':
      return { src: el.raw, edge: el.raw, score: scorer.bits(el.raw), fixed: true, length: 1, empty: false, max: 1, first: scorer.bits(el.raw) };
    case 'Assertion':
      return { src: '', edge: '', score: 0, fixed: true, length: 0, empty: true, max: 0, first: 0 };
    case 'Group':
    case 'CapturingGroup': {
      const alts: Over[] = [];
      for (const alt of el.alternatives) {
        const o = overSequence(alt.elements, scorer);
        if (!o) return undefined;
        alts.push(o);
      }
      if (alts.length === 1) return alts[0];
      const src = alternation(alts.map((a) => a.src));
      const lengths = new Set(alts.map((a) => (a.fixed ? a.length : -1)));
      const fixed = lengths.size === 1 && !lengths.has(-1);
      const max = Math.max(...alts.map((a) => a.max));
      const first = Math.min(...alts.map((a) => a.first));
      return { src, edge: src, score: orScore(alts.map((a) => a.score)), fixed, length: fixed ? alts[0]!.length : 0, empty: alts.some((a) => a.empty), max, first };
    }
    case 'Quantifier': {
      const inner = over(el.element, scorer);
      if (!inner) return undefined;
      if (inner.src === '') return inner;
      const body = /^(?:\\[dDwWsS]|[^\\[(){}|*+?.^$]|\[(?:[^\]\\]|\\.)*\])$/.test(inner.src) ? inner.src : `(?:${inner.src})`;
      const max = el.max === Infinity ? '' : String(el.max);
      const src = el.min === el.max ? `${body}{${el.min}}` : `${body}{${el.min},${max}}`;
      const longest = el.max === 0 ? 0 : el.max * inner.max;
      if (el.min === 0) return { src, edge: '', score: 0, fixed: el.max === 0, length: 0, empty: true, max: longest, first: 0 };
      const fixed = el.min === el.max && inner.fixed;
      const edge = inner.fixed ? (el.min === 1 ? body : `${body}{${el.min}}`) : inner.edge;
      return { src, edge, score: inner.fixed ? inner.score * el.min : inner.score, fixed, length: fixed ? inner.length * el.min : 0, empty: inner.empty, max: longest, first: inner.first };
    }
    default:
      return undefined;
  }
}

/** The over-approximation of a sequence: its elements' in turn. */
function overSequence(elements: AST.Element[], scorer: Scorer): Over | undefined {
  let src = '';
  let score = 0;
  let length = 0;
  let fixed = true;
  let empty = true;
  let max = 0;
  let first = -1;
  for (const el of elements) {
    const o = over(el, scorer);
    if (!o) return undefined;
    if (first === -1 && !(o.empty && o.max === 0)) first = o.empty ? 0 : o.first;
    src += o.src;
    score += o.score;
    length += o.length;
    fixed &&= o.fixed;
    empty &&= o.empty;
    max += o.max;
  }
  return { src, edge: src, score, fixed, length, empty, max, first: Math.max(first, 0) };
}
