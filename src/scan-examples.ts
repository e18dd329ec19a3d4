import { createDetector } from './detect/detect.js';
import { allows } from './filter/filter.js';
import { normalizeName } from './shared/field-name.js';
import type { AllowExample, Category, Field, Pack, PackExample, RawMatch, Ruleset } from './types.js';

export interface ExampleFailure {
  pack: string;
  source: string;
  ruleId: string;
  /** 'match': an example that should match did not; 'noMatch': one that should not, did. */
  expected: 'match' | 'noMatch';
  example: string;
  field?: string;
}

/**
 * Runs every rule's own examples (a rule's examples are its test, as in gitleaks): each `match`
 * example must produce a match of that rule, each `noMatch` example none. Field-name rules are
 * checked on their example names the same way, and allow entries on their allowed and
 * not-allowed values ('match': an allowed value the entry did not allow).
 */
export function selfTest(ruleset: Ruleset): ExampleFailure[] {
  const failures: ExampleFailure[] = [];
  const bySource = new Map<string, Pack>(ruleset.packs.map((p) => [p.file.id, p]));
  for (const rule of ruleset.rules) {
    const pack = bySource.get(rule.packId)!;
    const spec = pack.file.rules!.find((r) => r.id === rule.id)!;
    const detector = createDetector({ packs: [], rules: [rule], fields: [], allow: [], shapes: [], ids: new Map(), fingerprintIds: new Map() });
    const run = (ex: PackExample, expected: 'match' | 'noMatch'): void => {
      const { text, field } = typeof ex === 'string' ? { text: ex, field: undefined } : ex;
      const f: Field = { text, line: 1, column: 1, offset: 0, ctx: field ? { where: 'cell', label: field, name: normalizeName(field) } : { where: 'text' } };
      const hit = detector.detect([f]).some((m) => m.ruleId === rule.id);
      if (hit !== (expected === 'match')) {
        const failure: ExampleFailure = { pack: pack.file.id, source: pack.source, ruleId: rule.id, expected, example: text };
        if (field) failure.field = field;
        failures.push(failure);
      }
    };
    for (const ex of spec.examples.match) run(ex, 'match');
    for (const ex of spec.examples.noMatch) run(ex, 'noMatch');
  }
  for (const fr of ruleset.fields) {
    const pack = bySource.get(fr.packId)!;
    const spec = pack.file.fields!.find((f) => f.id === fr.id)!;
    const test = (name: string): boolean => {
      const [leaf, within] = name.split(' within ');
      return fr.name.test(normalizeName(leaf!)) && (!fr.within || fr.within.test(normalizeName(within ?? '')));
    };
    for (const ex of spec.examples?.match ?? []) {
      if (!test(ex)) failures.push({ pack: pack.file.id, source: pack.source, ruleId: fr.id, expected: 'match', example: ex });
    }
    for (const ex of spec.examples?.noMatch ?? []) {
      if (test(ex)) failures.push({ pack: pack.file.id, source: pack.source, ruleId: fr.id, expected: 'noMatch', example: ex });
    }
  }
  for (const a of ruleset.allow) {
    const pack = bySource.get(a.packId);
    const spec = pack?.file.allow?.find((x) => x.id === a.id);
    if (!pack || !spec?.examples) continue;
    const run = (ex: AllowExample, expected: 'match' | 'noMatch'): void => {
      const text = ex.text ?? ex.value;
      const field: Field = { text, line: 1, column: 1, offset: 0, ctx: ex.field ? { where: 'cell', label: ex.field, name: normalizeName(ex.field) } : { where: 'text' } };
      if (ex.row) field.row = Object.fromEntries(Object.entries(ex.row).map(([k, v]) => [normalizeName(k), v]));
      const index = Math.max(0, text.indexOf(ex.value));
      const m: RawMatch = { ruleId: 'example', kind: 'pattern', category: ex.category, severity: 'high', confidence: 'high', value: ex.value, line: 1, column: index + 1, index, field, evidence: {} };
      if (allows(a, m, 'example') !== (expected === 'match')) {
        const failure: ExampleFailure = { pack: pack.file.id, source: pack.source, ruleId: a.id, expected, example: ex.value };
        if (ex.field) failure.field = ex.field;
        failures.push(failure);
      }
    };
    for (const ex of spec.examples.allowed) run(ex, 'match');
    for (const ex of spec.examples.notAllowed) run(ex, 'noMatch');
  }
  return failures;
}

export interface ExampleClash {
  ruleId: string;
  example: string;
  /** The rule of another category that also matches most of the example. */
  by: string;
  category: Category;
}

/**
 * Examples a rule of another category also claims (`packs lint`): a match of another category
 * covering at least half of a rule's `match` example means two rules report the same text.
 */
export function exampleClashes(rs: Ruleset): ExampleClash[] {
  const out: ExampleClash[] = [];
  for (const rule of rs.rules) {
    const spec = rs.packs.find((p) => p.file.id === rule.packId)!.file.rules!.find((r) => r.id === rule.id)!;
    for (const ex of spec.examples.match) {
      const example = typeof ex === 'string' ? ex : ex.text;
      const others = rs.rules.filter((o) => o.category !== rule.category && o.id !== rule.id);
      const detector = createDetector({ ...rs, rules: others, fields: [] });
      const hits = detector.detect([{ text: example, line: 1, column: 1, offset: 0, ctx: { where: 'text' } }]);
      detector.close();
      const clash = hits.find((h) => h.value.length >= example.length / 2);
      if (clash) out.push({ ruleId: rule.id, example, by: clash.ruleId, category: clash.category });
    }
  }
  return out;
}
