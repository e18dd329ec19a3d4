import picomatch from 'picomatch';
import { GuardedRegExp } from '../shared/rule-guard.js';
import { type AllowConfig, type CompiledAllow, type Matcher } from '../types.js';
import { documentOf } from '../formats/registry.js';
import { ConfigError } from '../shared/config-error.js';

/**
 * Turns a config's allowlist into allow entries: hashed values (by category when given, so a
 * phone is compared by its digits), value regexes, file globs, rule ids and field names. Every
 * finding they cover is counted as suppressed in the summary, never dropped silently.
 */
export function compileAllowConfig(allow: AllowConfig | undefined, file: string): CompiledAllow[] {
  if (!allow) return [];
  const out: CompiledAllow[] = [];
  const base = { packId: 'config', window: 80, propagate: false };
  if (allow.values?.length) {
    if (!allow.key) throw new ConfigError(file, '"allow.values" needs "allow.key" (run `leakgate allow add` to create both)');
    const key = Buffer.from(allow.key, 'base64');
    // one entry per category: a value's hash depends on how its category normalises it
    const byCategory = new Map<string, Set<string>>();
    for (const v of allow.values) {
      const c = v.category ?? '';
      if (!byCategory.has(c)) byCategory.set(c, new Set());
      byCategory.get(c)!.add(v.hash);
    }
    for (const [category, hashes] of byCategory) {
      const entry: CompiledAllow = { ...base, id: `config.allow.values${category ? `.${category}` : ''}`, description: 'values allowed by the project config (stored as keyed hashes)', hashed: { key, hashes } };
      if (category) entry.categories = new Set([category as never]);
      out.push(entry);
    }
  }
  // a config's regexes run under the time budget, as a user pack's do
  (allow.patterns ?? []).forEach((p, i) => {
    let value: Matcher;
    try {
      value = new GuardedRegExp(new RegExp(p.value, 'i').source, 'i', `config allow.patterns[${i}]`);
    } catch (e) {
      throw new ConfigError(file, `allow.patterns[${i}].value is not a valid regular expression: ${(e as Error).message}`);
    }
    const entry: CompiledAllow = { ...base, id: `config.allow.patterns[${i}]`, description: p.note ?? 'a value pattern allowed by the project config', value };
    if (p.categories) entry.categories = new Set(p.categories);
    out.push(entry);
  });
  if (allow.paths?.length) {
    const match = picomatch(allow.paths, { dot: true });
    // a workbook, document or PDF allowed is allowed whole: its parts are reported as `book.xlsx!/Sheet1`
    out.push({ ...base, id: 'config.allow.paths', description: 'files allowed by the project config', files: (f) => match(f) || match(documentOf(f)) });
  }
  if (allow.rules?.length) out.push({ ...base, id: 'config.allow.rules', description: 'rules allowed by the project config', rules: new Set(allow.rules) });
  (allow.fields ?? []).forEach((f, i) => {
    const source = typeof f === 'string' ? f : f.field;
    let field: Matcher;
    try {
      field = new GuardedRegExp(new RegExp(source).source, '', `config allow.fields[${i}]`);
    } catch (e) {
      throw new ConfigError(file, `allow.fields[${i}] is not a valid regular expression: ${(e as Error).message}`);
    }
    const entry: CompiledAllow = { ...base, id: `config.allow.fields[${i}]`, description: (typeof f === 'string' ? undefined : f.note) ?? 'a field allowed by the project config', field };
    if (typeof f !== 'string') {
      // a column public by design in one file: the same name elsewhere is still judged
      const match = picomatch(f.file, { dot: true });
      entry.files = (shown) => match(shown) || match(documentOf(shown));
    }
    out.push(entry);
  });
  return out;
}
