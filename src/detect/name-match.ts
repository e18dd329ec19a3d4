import { locate } from '../shared/locate.js';
import type { Category, Field, RawMatch, Severity } from '../types.js';

/** A finding on a name itself (a CSV header, a JSON key): the whole name, at its first character. */
export function nameMatch(field: Field, ruleId: string, category: Category, severity: Severity, why: string): RawMatch {
  const pos = locate(field, 0);
  return {
    ruleId,
    kind: 'name',
    category,
    severity,
    confidence: 'high',
    value: field.text,
    line: pos.line,
    column: pos.column,
    index: 0,
    field,
    evidence: { fieldName: why },
  };
}
