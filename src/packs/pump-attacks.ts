import type { AST } from '@eslint-community/regexpp';

/** Length of a pumped input: long enough that quadratic backtracking outlasts the time budget. */
const ATTACK_CHARS = 40_000;
/** Attacks tried per pattern, at most: a long pattern has many repetitions. */
const MAX_ATTACKS = 48;
/** Characters tried, in order, when a character class or escape needs one it matches. */
const CANDIDATES = ['a', 'b', '0', '1', ' ', 'A', '-', '.', '/', '@', 'x', 'é', '_', ','];
/** What ends a pumped input: characters the repetition does not take, so the match must fail and backtrack. */
const ENDINGS = ['!', '\u0000'];

export interface PumpAttack {
  text: string;
  description: string;
}

/**
 * Inputs that make a backtracking engine try every way an unbounded repetition can split a run of
 * its own words: for each `*`, `+` or `{n,}` whose element matches words of more than one
 * character, what comes before it, then its words repeated, then a character that fails the
 * match. This is the "pumping" of ReDoS fuzzers (Shen et al., ReScue, ASE 2018; recheck), aimed
 * at what scslre leaves out: a word of several characters, as in `(?:a|b|ab)*c`.
 * Back-references and look-arounds match the empty string here, so a pattern that needs them to
 * reach the repetition is not attacked: the scan's time budget is the bound for those.
 */
export function pumpAttacks(pattern: AST.Pattern, flags: string): PumpAttack[] {
  const sampler = new Sampler(flags);
  const attacks = new Map<string, PumpAttack>();
  const visit = (node: AST.Node): void => {
    if (attacks.size >= MAX_ATTACKS) return;
    if (node.type === 'Quantifier' && node.max === Infinity) {
      const words = alternativesOf(node.element).map((a) => sampler.sample(a)).filter((w) => w.length > 0);
      const pumps = new Set([words.join(''), ...words].filter((w) => w.length > 1 || words.length > 1));
      const before = sampler.prefix(node);
      for (const pump of pumps) {
        for (const end of ENDINGS) {
          const text = before + pump.repeat(Math.ceil(ATTACK_CHARS / pump.length)) + end;
          if (!attacks.has(text)) attacks.set(text, { text, description: `${JSON.stringify(pump)} repeated after ${JSON.stringify(before)}` });
        }
      }
    }
    for (const child of childrenOf(node)) visit(child);
  };
  visit(pattern);
  return [...attacks.values()].slice(0, MAX_ATTACKS);
}

/** The alternatives of a group, or the element itself as the only one. */
function alternativesOf(element: AST.Node): AST.Node[] {
  return element.type === 'Group' || element.type === 'CapturingGroup' ? element.alternatives : [element];
}

function childrenOf(node: AST.Node): AST.Node[] {
  switch (node.type) {
    case 'Pattern':
    case 'Group':
    case 'CapturingGroup':
      return node.alternatives;
    case 'Alternative':
      return node.elements;
    case 'Quantifier':
      return [node.element];
    case 'Assertion':
      return node.kind === 'lookahead' || node.kind === 'lookbehind' ? node.alternatives : [];
    default:
      return [];
  }
}

/** Short strings that parts of a pattern match. */
class Sampler {
  private readonly cache = new Map<AST.Node, string>();

  constructor(private readonly flags: string) {}

  /** A string the node matches (the empty string for assertions and back-references). */
  sample(node: AST.Node): string {
    let s = this.cache.get(node);
    if (s === undefined) {
      s = this.compute(node);
      this.cache.set(node, s);
    }
    return s;
  }

  /** What the pattern must match before reaching the node: its earlier siblings, up to the top. */
  prefix(node: AST.Node): string {
    let out = '';
    for (let child: AST.Node = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
      if (parent.type === 'Alternative') {
        const i = parent.elements.indexOf(child as AST.Element);
        out = parent.elements.slice(0, i).map((e) => this.sample(e)).join('') + out;
      }
      if (parent.type === 'Assertion') return '';
    }
    return out;
  }

  private compute(node: AST.Node): string {
    switch (node.type) {
      case 'Character':
        return String.fromCodePoint(node.value);
      case 'CharacterSet':
      case 'CharacterClass':
      case 'ExpressionCharacterClass':
        return this.member(node.raw);
      case 'Group':
      case 'CapturingGroup':
        return node.alternatives.length > 0 ? this.sample(node.alternatives[0]!) : '';
      case 'Alternative':
        return node.elements.map((e) => this.sample(e)).join('');
      case 'Quantifier':
        return this.sample(node.element).repeat(node.min);
      default:
        return '';
    }
  }

  /** A candidate character that the class or escape `raw` matches ('' when none does). */
  private member(raw: string): string {
    let re: RegExp;
    try {
      re = new RegExp(`^(?:${raw})$`, this.flags.replace(/[gyd]/g, ''));
    } catch {
      return '';
    }
    return CANDIDATES.find((c) => re.test(c)) ?? '';
  }
}
