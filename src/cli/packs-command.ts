import { loadBuiltinPacks, loadPacks } from '../packs/load-packs.js';
import { loadRuleset } from '../packs/load-ruleset.js';
import { compilePacks } from '../packs/compile.js';
import { selfTest } from '../packs/self-test.js';
import type { Pack } from '../types.js';
import { EXIT } from './exit-codes.js';
import type { Io } from './io.js';

/** `leakgate packs list`. */
export function runPacksList(flags: { pack?: string[]; defaultPacks: boolean }, io: Io): number {
  const rs = loadRuleset({ packs: flags.pack ?? [], defaultPacks: flags.defaultPacks, cwd: io.cwd });
  const rows = rs.packs.map((p) => [
    p.file.id,
    p.file.version,
    `${p.file.rules?.length ?? 0} rules, ${p.file.fields?.length ?? 0} field names, ${p.file.allow?.length ?? 0} allow`,
    p.builtin ? 'built-in' : p.source,
  ]);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length), 2));
  for (const r of rows) io.stdout.write(`${r.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c)).join('  ')}\n`);
  return EXIT.OK;
}

/** `leakgate packs test [packs…]`: every rule's examples must hold. */
export function runPacksTest(specs: string[], io: Io): number {
  const builtins = loadBuiltinPacks();
  const packs: Pack[] = specs.length === 0 ? builtins : specs.flatMap((s) => loadPacks(s, io.cwd, builtins));
  const rs = compilePacks(packs);
  const failures = selfTest(rs);
  for (const f of failures) {
    io.stdout.write(`FAIL ${f.source} rule ${f.ruleId}: expected ${f.expected === 'match' ? 'a match' : 'no match'} in ${JSON.stringify(f.example)}${f.field ? ` (field "${f.field}")` : ''}\n`);
  }
  const examples = rs.packs.reduce(
    (n, p) => n + (p.file.rules ?? []).reduce((m, r) => m + r.examples.match.length + r.examples.noMatch.length, 0)
      + (p.file.fields ?? []).reduce((m, f) => m + (f.examples?.match.length ?? 0) + (f.examples?.noMatch.length ?? 0), 0),
    0,
  );
  io.stdout.write(`${failures.length === 0 ? 'ok' : 'FAILED'}: ${rs.packs.length} packs, ${rs.rules.length} rules, ${rs.fields.length} field names, ${examples} examples, ${failures.length} failing\n`);
  return failures.length === 0 ? EXIT.OK : EXIT.FINDINGS;
}

/** `leakgate explain <ruleId>`. */
export function runExplain(ruleId: string, flags: { pack?: string[] }, io: Io): number {
  const rs = loadRuleset({ packs: flags.pack ?? [], cwd: io.cwd });
  for (const pack of rs.packs) {
    const rule = pack.file.rules?.find((r) => r.id === ruleId);
    const field = pack.file.fields?.find((r) => r.id === ruleId);
    const allow = pack.file.allow?.find((r) => r.id === ruleId);
    const lines: string[] = [];
    if (rule) {
      const c = rs.rules.find((r) => r.id === ruleId)!;
      lines.push(`${rule.id} (pack ${pack.file.id}): ${c.category}, ${c.severity}`, '', rule.description);
      if (rule.why) lines.push('', `Why it matters: ${rule.why}`);
      if (rule.validator) lines.push('', `Validated by: ${rule.validator}`);
      if (rule.context?.keywords?.length) lines.push(`Context words: ${rule.context.keywords.join(', ')}${rule.context.required ? ' (one is required, or a field name)' : ''}`);
      lines.push('', 'Finds:', ...rule.examples.match.map((e) => `  ${typeof e === 'string' ? e : `${e.text}  (field "${e.field}")`}`));
      lines.push('Does not find:', ...rule.examples.noMatch.map((e) => `  ${typeof e === 'string' ? e : `${e.text}  (field "${e.field}")`}`));
    } else if (field) {
      lines.push(`${field.id} (pack ${pack.file.id}): field names → ${field.category ?? 'sensitive-field only'}`, '', field.description);
      if (field.examples) lines.push('', `Names it fits: ${field.examples.match.join(', ')}`, `Names it does not: ${field.examples.noMatch.join(', ')}`);
    } else if (allow) {
      lines.push(`${allow.id} (pack ${pack.file.id}): allowed, public by design or by your config`, '', allow.description);
    } else continue;
    io.stdout.write(`${lines.join('\n')}\n`);
    return EXIT.OK;
  }
  io.stderr.write(`leakgate: no rule with id ${ruleId} (see leakgate packs list)\n`);
  return EXIT.ERROR;
}
