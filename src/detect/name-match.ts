import { locate } from '../shared/locate.js';
import { LETTER_OR_DIGIT } from '../shared/letter-regexp.js';
import type { Category, CompiledFieldRule, Field, Knowledge, RawMatch, Severity } from '../types.js';

/** Fields longer than this are free text, not a value a column name can speak for. */
const MAX_NAMED_VALUE = 200;
/** Made once: a regex literal in valueMatch was a new RegExp object per value. */
const NOT_BLANK = /\S/;

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

/** A value under a sensitive name: the whole (trimmed) value is a finding of the name's category. */
export function valueMatch(field: Field, rule: CompiledFieldRule, knowledge: Knowledge): RawMatch | undefined {
  const text = field.text;
  const start = text.search(NOT_BLANK);
  if (start === -1) return undefined;
  const value = text.trim();
  // a placeholder (N/A, redacted) or a value of another shape ("Email sent": Yes) is not the data
  if (value.length > MAX_NAMED_VALUE || knowledge.placeholder?.test(value) || !LETTER_OR_DIGIT.test(value)) return undefined;
  const shape = knowledge.plausible.get(rule.category!);
  if (shape && !shape.test(value)) return undefined;
  const pos = locate(field, start);
  return {
    ruleId: rule.id,
    kind: 'name',
    category: rule.category!,
    severity: rule.valueSeverity,
    confidence: 'high',
    value,
    line: pos.line,
    column: pos.column,
    index: start,
    field,
    evidence: { fieldName: field.label ?? field.ctx.label ?? field.ctx.name ?? '' },
  };
}
