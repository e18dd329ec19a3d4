import { CATEGORIES, type Category, type Pack, type PackExample, type PackFieldRule, type PackRule, type Ruleset } from '../types.js';
import { EXIT } from './exit-codes.js';
import type { Io } from './io.js';
import { setup, type SetupFlags } from './setup.js';

const SHAPE_WHY = 'A file recognised as this shape that carries any other column or key gets an unexpected-field finding on it: the export mistake behind the 61-case leak, caught even when no value matches a pattern.';

/**
 * `leakgate explain <rule id | category>`: for a rule id (or a former id), what the rule finds,
 * why it matters and its examples; for a category (`nino`), every rule and field name that
 * reports it, so that a reader of a report's category column can find the rules behind it.
 */
export async function runExplain(name: string, flags: SetupFlags, io: Io): Promise<number> {
  const { ruleset } = await setup(io, flags);
  // a category first: three were once rule ids too (email, iban, payment-card), and the category
  // lists the rule under its id now
  const category = CATEGORIES.find((c) => c === name.toLowerCase());
  if (category) {
    io.stdout.write(`${explainCategory(category, ruleset)}\n`);
    return EXIT.OK;
  }
  const id = ruleset.ids.get(name);
  if (id !== undefined) {
    for (const pack of ruleset.packs) {
      const text = explainEntry(pack, id, ruleset);
      if (text === undefined) continue;
      const renamed = id === name ? '' : `\n\n(${name} is a former id of ${id}.)`;
      io.stdout.write(`${text}${renamed}\n`);
      return EXIT.OK;
    }
  }
  io.stderr.write(`leakgate: no rule or category named ${name} (rule ids: leakgate packs show <pack>; categories: ${CATEGORIES.join(', ')})\n`);
  return EXIT.ERROR;
}

/** The explanation of one entry of a pack by its id, or undefined when the pack has no such entry. */
function explainEntry(pack: Pack, id: string, rs: Ruleset): string | undefined {
  const head = (entryId: string, aliases: string[] | undefined, what: string): string =>
    `${entryId} (pack ${pack.file.id}${aliases?.length ? `; formerly ${aliases.join(', ')}` : ''}): ${what}`;
  const rule = pack.file.rules?.find((r) => r.id === id);
  if (rule) return [head(rule.id, rule.aliases, `${rule.category}, ${rs.rules.find((r) => r.id === id)?.severity ?? 'disabled'}`), '', ...describeRule(rule)].join('\n');
  const field = pack.file.fields?.find((r) => r.id === id);
  if (field) return [head(field.id, field.aliases, `field names → ${field.category ?? 'sensitive-field only'}`), '', ...describeField(field)].join('\n');
  const allow = pack.file.allow?.find((r) => r.id === id);
  if (allow) return [head(allow.id, allow.aliases, 'allowed, public by design or by your config'), '', allow.description].join('\n');
  const shape = pack.file.shapes?.find((s) => s.id === id);
  if (shape) return [head(shape.id, shape.aliases?.map((a) => `shape.${a}`) ?? [`shape.${shape.id}`], 'unexpected-field, high'), '', shape.description, '', SHAPE_WHY].join('\n');
  return undefined;
}

function describeRule(rule: PackRule): string[] {
  const show = (e: PackExample): string => `  ${typeof e === 'string' ? e : `${e.text}  (field "${e.field}")`}`;
  const lines = [rule.description];
  if (rule.why) lines.push('', `Why it matters: ${rule.why}`);
  if (rule.validator) lines.push('', `Validated by: ${rule.validator}`);
  if (rule.context?.keywords?.length) lines.push(`Context words: ${rule.context.keywords.join(', ')}${rule.context.required ? ' (one is required, or a field name)' : ''}`);
  lines.push('', 'Finds:', ...rule.examples.match.map(show));
  lines.push('Does not find:', ...rule.examples.noMatch.map(show));
  return lines;
}

function describeField(field: PackFieldRule): string[] {
  const lines = [field.description];
  if (field.examples) lines.push('', `Names it fits: ${field.examples.match.join(', ')}`, `Names it does not: ${field.examples.noMatch.join(', ')}`);
  return lines;
}

/** A category: each loaded rule and field-name rule that reports it, one line each, with its description. */
function explainCategory(category: Category, rs: Ruleset): string {
  const rows: string[] = [];
  for (const r of rs.rules) if (r.category === category) rows.push(`  ${r.id}  ${r.severity}: ${r.description}`);
  for (const f of rs.fields) {
    if (f.category === category || (category === 'sensitive-field' && f.category === null)) rows.push(`  ${f.id}  field names: ${f.description}`);
  }
  if (category === 'sensitive-field') rows.push('  (every field-name rule also reports the header or key itself as sensitive-field)');
  if (category === 'unexpected-field') for (const s of rs.shapes) rows.push(`  ${s.id}  a column or key that ${s.description.replace(/\.$/, '')} does not have`);
  const lines = [`${category} (category)`, ''];
  lines.push(...(rows.length ? ['Reported by:', ...rows] : ['No loaded rule reports this category.']));
  lines.push('', 'leakgate explain <rule id> shows a rule\'s examples; leakgate scan --verbose shows which rule made each finding.');
  return lines.join('\n');
}
