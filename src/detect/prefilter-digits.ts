import { RegExpParser, type AST } from '@eslint-community/regexpp';

/**
 * Derives how many digits in a row every match of a rule holds (issue 16): `\d{8}` eight, a NINO's
 * `\d{2} ?\d{2}` two, a payment card's `\d{4}[ .-]\d{4}` four. Prose is full of dates, times and
 * sums, but rarely of six digits in a row: one search of a batch for such a run serves every rule
 * that needs one, and their own anchors are then looked for only in the few fields it found.
 *
 * Only what is certain counts: a look-around consumes nothing and is skipped; an element that may
 * match nothing holds no run but does not break one (its neighbours may then touch); anything not
 * read (a back-reference) breaks it; an alternation holds the shortest run of its alternatives.
 * Runs at build time (scripts/build.mjs), like the anchors.
 */
export function deriveDigitRun(source: string, flags: string): number {
  let pattern: AST.Pattern;
  try {
    pattern = new RegExpParser({ ecmaVersion: 2025 }).parsePattern(source, 0, source.length, { unicode: /[uv]/.test(flags) });
  } catch {
    return 0;
  }
  return alternation(pattern.alternatives).run;
}

interface Sum {
  /** Digits every match holds in a row. */
  run: number;
  /** Every character a match holds is a digit. */
  digits: boolean;
  /** The shortest match's length. */
  min: number;
}

function alternation(alternatives: readonly AST.Alternative[]): Sum {
  const sums = alternatives.map((a) => sequence(a.elements));
  return { run: Math.min(...sums.map((s) => s.run)), digits: sums.every((s) => s.digits), min: Math.min(...sums.map((s) => s.min)) };
}

function sequence(elements: readonly AST.Element[]): Sum {
  let run = 0;
  let segment = 0;
  let digits = true;
  let min = 0;
  for (const el of elements) {
    if (el.type === 'Assertion') continue;
    const s = element(el);
    // digits in a row across elements that match only digits
    segment = s.digits ? segment + s.min : 0;
    run = Math.max(run, segment, s.run);
    digits &&= s.digits;
    min += s.min;
  }
  return { run, digits, min };
}

function element(el: AST.Element): Sum {
  switch (el.type) {
    case 'Character':
      return digitOnly(el.value >= 48 && el.value <= 57);
    case 'CharacterSet':
      return digitOnly(el.kind === 'digit' && !el.negate);
    case 'CharacterClass':
      return digitOnly(!el.negate && el.elements.length > 0 && el.elements.every(digitPart));
    case 'Group':
    case 'CapturingGroup':
      return alternation(el.alternatives);
    case 'Quantifier': {
      if (el.max === 0) return { run: 0, digits: true, min: 0 };
      const x = element(el.element);
      return { run: el.min === 0 ? 0 : x.digits ? Math.max(x.run, el.min * x.min) : x.run, digits: x.digits, min: el.min * x.min };
    }
    default:
      return { run: 0, digits: false, min: 0 };
  }
}

function digitOnly(yes: boolean): Sum {
  return { run: yes ? 1 : 0, digits: yes, min: 1 };
}

/** A part of a character class that matches digits alone (under any flag: digits have no case). */
function digitPart(e: AST.Node): boolean {
  if (e.type === 'Character') return e.value >= 48 && e.value <= 57;
  if (e.type === 'CharacterClassRange') return e.min.value >= 48 && e.max.value <= 57;
  if (e.type === 'CharacterSet') return e.kind === 'digit' && !e.negate;
  return false;
}
