import { createDetector } from '../../src/detect/detect.js';
import { normalizeName } from '../../src/shared/field-name.js';
import { compilePacks } from '../../src/packs/compile.js';
import { loadBuiltinPacks } from '../../src/packs/load-packs.js';
import { selfTest } from '../../src/scan-examples.js';
import { allows } from '../../src/filter/filter.js';
import type { Field, PackExample, RawMatch } from '../../src/types.js';

// A rule's examples are its test (gitleaks): one jest test per example, so a failure names the
// pack, the rule and the example in its title.

const ruleset = compilePacks(await loadBuiltinPacks());

/** The text and optional field name of an example, as self-test reads them. */
function parts(ex: PackExample): { text: string; field?: string } {
  return typeof ex === 'string' ? { text: ex } : ex;
}

/** An example as a field: a cell under its field name when it has one, free text otherwise. */
function fieldOf(ex: PackExample): Field {
  const { text, field } = parts(ex);
  return {
    text,
    line: 1,
    column: 1,
    offset: 0,
    ctx: field ? { where: 'cell', label: field, name: normalizeName(field) } : { where: 'text' },
  };
}

/** Whether the pattern rule `ruleId`, alone in a ruleset, matches the example. */
function ruleMatches(ruleId: string, ex: PackExample): boolean {
  const rule = ruleset.rules.find((r) => r.id === ruleId)!;
  const detector = createDetector({ packs: [], rules: [rule], fields: [], allow: [], shapes: [], ids: new Map(), fingerprintIds: new Map() });
  return detector.detect([fieldOf(ex)]).some((m) => m.ruleId === ruleId);
}

/** Whether the field-name rule `ruleId`, alone, fires on a header named like the example ("name within victim"). */
function fieldRuleMatches(ruleId: string, example: string): boolean {
  const rule = ruleset.fields.find((f) => f.id === ruleId)!;
  const [leaf, within] = example.split(' within ');
  const field: Field = { text: leaf!, line: 1, column: 1, offset: 0, ctx: { where: 'key', name: normalizeName(leaf!), within: normalizeName(within ?? '') } };
  return createDetector({ packs: [], rules: [], fields: [rule], allow: [], shapes: [], ids: new Map(), fingerprintIds: new Map() }).detect([field]).some((m) => m.ruleId === ruleId);
}

const show = (ex: PackExample): string => {
  const { text, field } = parts(ex);
  return field ? `${JSON.stringify(text)} under field ${JSON.stringify(field)}` : JSON.stringify(text);
};

it('loads the seven built-in packs', () => {
  expect(ruleset.packs.map((p) => p.file.id).sort()).toEqual(['field-names', 'police-uk-public', 'public-by-design', 'uk-contact', 'uk-financial', 'uk-identifiers', 'uk-people']);
  expect(ruleset.rules.length).toBeGreaterThan(0);
  expect(ruleset.fields.length).toBeGreaterThan(0);
});

it('passes selfTest as a whole (the check `leakgate packs --test` runs)', () => {
  expect(selfTest(ruleset)).toEqual([]);
});

describe.each(ruleset.packs.map((p) => [p.file.id, p] as const))('pack %s', (_packId, pack) => {
  const rules = pack.file.rules ?? [];
  const fields = pack.file.fields ?? [];

  if (rules.length > 0) {
    it.each(rules.map((r) => [r.id, r.examples.match.length, r.examples.noMatch.length]))(
      'rule %s has at least one match and one noMatch example (%i / %i)',
      (_id, matches, noMatches) => {
        expect(matches).toBeGreaterThan(0);
        expect(noMatches).toBeGreaterThan(0);
      },
    );

    const matchRows = rules.flatMap((r) => r.examples.match.map((ex) => [r.id, show(ex), ex] as const));
    it.each(matchRows)('rule %s matches %s', (id, _shown, ex) => {
      expect(ruleMatches(id, ex)).toBe(true);
    });

    const noMatchRows = rules.flatMap((r) => r.examples.noMatch.map((ex) => [r.id, show(ex), ex] as const));
    it.each(noMatchRows)('rule %s does not match %s', (id, _shown, ex) => {
      expect(ruleMatches(id, ex)).toBe(false);
    });
  }

  if (fields.length > 0) {
    it.each(fields.map((f) => [f.id, f.examples?.match.length ?? 0, f.examples?.noMatch.length ?? 0]))(
      'field-name rule %s has match and noMatch examples (%i / %i)',
      (_id, matches, noMatches) => {
        expect(matches).toBeGreaterThan(0);
        expect(noMatches).toBeGreaterThan(0);
      },
    );

    const matchRows = fields.flatMap((f) => (f.examples?.match ?? []).map((ex) => [f.id, ex] as const));
    if (matchRows.length > 0) {
      it.each(matchRows)('field-name rule %s matches the name %j', (id, ex) => {
        expect(fieldRuleMatches(id, ex)).toBe(true);
      });
    }

    const noMatchRows = fields.flatMap((f) => (f.examples?.noMatch ?? []).map((ex) => [f.id, ex] as const));
    if (noMatchRows.length > 0) {
      it.each(noMatchRows)('field-name rule %s does not match the name %j', (id, ex) => {
        expect(fieldRuleMatches(id, ex)).toBe(false);
      });
    }
  }

  const allowRows = (pack.file.allow ?? []).flatMap((a) => [
    ...(a.examples?.allowed ?? []).map((ex) => [a.id, 'allows', ex.value, ex.field ?? '', ex, true] as const),
    ...(a.examples?.notAllowed ?? []).map((ex) => [a.id, 'does not allow', ex.value, ex.field ?? '', ex, false] as const),
  ]);
  if (allowRows.length > 0) {
    it.each(allowRows)('allow entry %s %s %j under %j', (id, _verb, _value, _field, ex, expected) => {
      const entry = ruleset.allow.find((a) => a.id === id)!;
      const text = ex.text ?? ex.value;
      const field: Field = { ...fieldOf(ex.field ? { text, field: ex.field } : text) };
      if (ex.row) field.row = Object.fromEntries(Object.entries(ex.row).map(([k, v]) => [normalizeName(k), v]));
      const index = Math.max(0, text.indexOf(ex.value));
      const m: RawMatch = { ruleId: 'example', kind: 'pattern', category: ex.category, severity: 'high', confidence: 'high', value: ex.value, line: 1, column: index + 1, index, field, evidence: {} };
      expect(allows(entry, m, 'example')).toBe(expected);
    });
  }

  if (rules.length === 0 && fields.length === 0) {
    it('has allow entries only, each scoped', () => {
      expect(pack.file.allow?.length ?? 0).toBeGreaterThan(0);
    });
  }
});
