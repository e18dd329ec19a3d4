import type { AST } from '@eslint-community/regexpp';
import { alternation } from './prefilter-alternation.js';
import { type Scorer, orScore } from './prefilter-score.js';

/**
 * What the matches of a part of a rule's pattern start and end with, for prefilter-derive.ts's
 * anchors (issue 16): the characters a match starts with (firstOf), and a plain regex every
 * non-empty match ends with (endingOf). Both over-approximate: a look-around is dropped, what is
 * not known is undefined.
 */

/** A regex source, and how unlikely a match of it is at a random place in text (bits). */
interface Need {
  src: string;
  score: number;
}

/** A class, a class escape or one character: one character, whose raw source stands alone as a regex. */
function isCharacter(el: AST.Node): el is AST.Character | AST.CharacterSet | AST.CharacterClass | AST.ExpressionCharacterClass {
  return el.type === 'Character' || el.type === 'CharacterSet' || el.type === 'CharacterClass' || el.type === 'ExpressionCharacterClass';
}

/** The characters a match of a sequence can start with, as regex sources (undefined when unknown), and whether it may match nothing. */
export function firstOf(elements: readonly AST.Node[]): { chars: string[]; empty: boolean } | undefined {
  const chars: string[] = [];
  for (const el of elements) {
    // a look-around consumes nothing: what follows it comes first (dropping it only widens the set)
    if (el.type === 'Assertion') continue;
    const f = firstOfElement(el);
    if (!f) return undefined;
    chars.push(...f.chars);
    if (!f.empty) return { chars, empty: false };
  }
  return { chars, empty: true };
}

function firstOfElement(el: AST.Node): { chars: string[]; empty: boolean } | undefined {
  switch (el.type) {
    case 'Character':
    case 'CharacterSet':
    case 'CharacterClass':
    case 'ExpressionCharacterClass':
      return { chars: [el.raw], empty: false };
    case 'Quantifier': {
      if (el.max === 0) return { chars: [], empty: true };
      const f = firstOfElement(el.element);
      return f && { chars: f.chars, empty: f.empty || el.min === 0 };
    }
    case 'Group':
    case 'CapturingGroup': {
      const chars: string[] = [];
      let empty = false;
      for (const alt of el.alternatives) {
        const f = firstOf(alt.elements);
        if (!f) return undefined;
        chars.push(...f.chars);
        empty ||= f.empty;
      }
      return { chars, empty };
    }
    default:
      return undefined;
  }
}

/** Longest source of an ending kept: beyond it, the element is taken to end with anything. */
const MAX_ENDING = 200;

/**
 * A plain regex that every match of `el` but the empty one ends with (`-U{2,}` ends with `U{2}`),
 * or undefined when none is known. A sequence ends with what its last element that cannot match
 * nothing ends with, or with what one after it does (the last one that matched something).
 */
export function endingOf(el: AST.Node, scorer: Scorer): Need | undefined {
  switch (el.type) {
    case 'Character':
    case 'CharacterSet':
    case 'CharacterClass':
    case 'ExpressionCharacterClass':
      return { src: el.raw, score: scorer.bits(el.raw) };
    case 'Quantifier': {
      if (el.max === 0) return undefined;
      const inner = el.element;
      // a character repeated: its last `min` times (one, when it may be none); else the last time round that matched something
      if (isCharacter(inner)) {
        const n = Math.max(el.min, 1);
        return { src: n === 1 ? inner.raw : `${inner.raw}{${n}}`, score: scorer.bits(inner.raw) * n };
      }
      return endingOf(inner, scorer);
    }
    case 'Group':
    case 'CapturingGroup': {
      const ends: Need[] = [];
      for (const alt of el.alternatives) {
        // an alternative that matches nothing ends no match that matched something
        if (alt.elements.every((e) => e.type === 'Assertion')) continue;
        const e = endingOf(alt, scorer);
        if (!e) return undefined;
        ends.push(e);
      }
      if (ends.length === 0) return undefined;
      const unique = [...new Map(ends.map((n) => [n.src, n])).values()];
      return unique.length === 1 ? unique[0] : { src: alternation(unique.map((n) => n.src)), score: orScore(unique.map((n) => n.score)) };
    }
    case 'Alternative': {
      const els = el.elements.filter((e) => e.type !== 'Assertion');
      if (els.length === 0) return undefined;
      let last = els.length - 1;
      while (last > 0 && firstOfElement(els[last]!)?.empty !== false) last--;
      let end: Need | undefined;
      for (let i = last; i < els.length; i++) {
        const e = endingOf(els[i]!, scorer);
        if (!e) return undefined;
        end = !end || end.src === e.src ? e : { src: alternation([end.src, e.src]), score: orScore([end.score, e.score]) };
      }
      return end && end.src.length <= MAX_ENDING ? end : undefined;
    }
    default:
      return undefined;
  }
}
