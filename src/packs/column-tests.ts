// What a neutral column's values must be for the column to be judged of a category (issue 14,
// column and key inference). The identifier tests are the packs' own rules run on the whole
// value, context aside: what a pack says a phone or an NHS number is, nothing written twice.
import type { Category, ColumnTest, CompiledRule } from '../types.js';
import { DEFAULT_SEVERITY } from './compile.js';
import { nameInColumn, nameValue } from './people.js';

/**
 * Categories a column may be judged to hold by its values, most specific first (a tie goes to the
 * first). Left out: categories whose bare value is any number or date (account numbers, dates of
 * birth, crime references), vehicle registrations (a dateless one is a letter and a number: "R1",
 * an id column's), and free text (addresses, secrets).
 */
const STRONG: readonly Category[] = ['email', 'nino', 'iban', 'payment-card', 'nhs-number', 'driving-licence', 'pnc-id', 'phone', 'postcode', 'ip-address'];
/**
 * A bare nine-digit number is a passport number only beside other personal columns: an order or
 * ticket number has the same shape (the "row's other findings" of issue 14).
 */
const WEAK: readonly Category[] = ['passport'];

/** Builds the column tests of a ruleset from its (trusted) rules. */
export function compileColumnTests(rules: readonly CompiledRule[]): ColumnTest[] {
  const out: ColumnTest[] = [];
  const names = rules.filter((r) => r.category === 'person-name' && !r.untrusted);
  if (names.length > 0) out.push({ category: 'person-name', severity: names[0]!.severity, test: nameValue, member: nameInColumn, clearShare: 0.5 });
  for (const category of [...STRONG, ...WEAK]) {
    const own = rules.filter((r) => r.category === category && !r.untrusted && !r.valueGroup);
    if (own.length === 0) continue;
    // anchored: the rule must take the whole value (lookbehinds at its start see nothing before it)
    const res = own.map((r) => ({ re: new RegExp(`^(?:${r.re.source})$`, r.re.flags.replace(/[gyd]/g, '')), validator: r.validator }));
    const test = (value: string): 0 | 2 => {
      for (const { re, validator } of res) {
        if (re.test(value) && (!validator || validator(value, { text: value, index: 0 }))) return 2;
      }
      return 0;
    };
    const t: ColumnTest = { category, severity: own[0]?.severity ?? DEFAULT_SEVERITY[category], test, clearShare: 0 };
    if (WEAK.includes(category)) t.weak = true;
    out.push(t);
  }
  return out;
}
