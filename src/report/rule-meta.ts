import type { Category, Ruleset, Severity } from '../types.js';

/** What a report format may say about a rule (SARIF lists every rule with its help text). */
export interface RuleMeta {
  id: string;
  packId: string;
  category: Category;
  severity: Severity;
  description: string;
  /** Why it matters, when the pack says. */
  why?: string;
}

/** The rules of a ruleset as report formats see them: pattern rules, field-name rules, shapes. */
export function ruleMetas(ruleset: Ruleset): RuleMeta[] {
  const out: RuleMeta[] = [];
  for (const r of ruleset.rules) {
    const m: RuleMeta = { id: r.id, packId: r.packId, category: r.category, severity: r.severity, description: r.description };
    if (r.why) m.why = r.why;
    out.push(m);
  }
  for (const f of ruleset.fields) {
    out.push({ id: f.id, packId: f.packId, category: 'sensitive-field', severity: f.severity, description: f.description });
  }
  for (const s of ruleset.shapes) {
    out.push({
      id: s.id,
      packId: s.packId,
      category: 'unexpected-field',
      severity: 'high',
      description: `A column or key that ${s.description.replace(/\.$/, '')} does not have.`,
      why: 'A file in a known public shape that carries an extra column or key is the export mistake behind the 61-case leak: the extra field is usually the case system\'s personal data.',
    });
  }
  for (const c of ruleset.columns ?? []) {
    out.push({
      id: `column.${c.category}`,
      packId: 'column',
      category: c.category,
      severity: c.severity,
      description: `A column or JSON key with a neutral name whose values are mostly of category ${c.category}: its values, and its name as a sensitive field.`,
      why: 'A column is judged by what it holds, not by what it is called: a column of names headed "Col3" leaks as much as one headed "Victim name".',
    });
  }
  return out;
}
