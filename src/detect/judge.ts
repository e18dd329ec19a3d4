import { locate } from '../shared/locate.js';
import { LetterRegExp } from '../shared/letter-regexp.js';
import { insideNumber } from './inside-number.js';
import { GATE_DISABLED, GATE_ENABLED, GATE_KEYWORD_NAME } from './rule-gate.js';
import type { CompiledRule, Confidence, Evidence, Field, RawMatch } from '../types.js';

/** What stands before a keyword's first letter or digit in its match. */
const LEADING_NON_WORD = new LetterRegExp('^[^\\p{L}\\p{N}]+', 'u', /^[^A-Za-z0-9]+/);

/** Applies a rule's validator, field and context conditions to one candidate. */
export function judge(
  rule: CompiledRule,
  field: Field,
  words: string,
  bits: number,
  index: number,
  value: string,
  groups: Record<string, string> | undefined,
): RawMatch | undefined {
  if (bits & GATE_DISABLED) return undefined;
  const text = field.text;
  if (insideNumber(text, index, value)) return undefined;
  const valid = (): boolean => !rule.validator || rule.validator(value, groups ? { text, index, groups } : { text, index });
  // a rule that needs support looks for it before its validator runs: it is the cheaper test
  if (!rule.required && !valid()) return undefined;
  if (rule.exclude) {
    const before = text.slice(Math.max(0, index - rule.window), index);
    if (rule.exclude.test(before)) return undefined;
  }
  let named = (bits & GATE_ENABLED) !== 0;
  let keyword: string | undefined;
  if (rule.keywords) {
    const end = rule.direction === 'before' ? index : Math.min(text.length, index + value.length + rule.window);
    const around = text.slice(Math.max(0, index - rule.window), end);
    const k = rule.keywords.exec(around);
    if (k) keyword = k[0].replace(LEADING_NON_WORD.for(k[0]), '');
    else if (bits & GATE_KEYWORD_NAME) named = true;
  }
  const support = named || keyword !== undefined;
  if (rule.required && (!support || !valid())) return undefined;
  const evidence: Evidence = {};
  if (rule.validatorName) evidence.validator = rule.validatorName;
  if (named) evidence.fieldName = field.label ?? field.ctx.label ?? words;
  if (keyword !== undefined) evidence.keyword = keyword;
  const pos = locate(field, index);
  return {
    ruleId: rule.id,
    kind: 'pattern',
    category: rule.category,
    severity: rule.severity,
    confidence: support ? raise(rule.confidence) : rule.confidence,
    value,
    line: pos.line,
    column: pos.column,
    index,
    field,
    evidence,
  };
}

function raise(c: Confidence): Confidence {
  return c === 'low' ? 'medium' : 'high';
}
