import { compilePacks } from '../packs/compile.js';
import { loadBuiltinPacks, loadPacks } from '../packs/load-packs.js';
import { exportRegexes } from '../packs/export-regex.js';
import { findUnsafePatterns } from '../packs/regex-safety.js';
import { exampleClashes, selfTest } from '../scan-examples.js';
import type { Pack, Ruleset } from '../types.js';
import { EXIT } from './exit-codes.js';
import type { Io } from './io.js';
import { setup, type SetupFlags } from './setup.js';

/** `leakgate packs list`: the packs in use, with their counts and where they come from. */
export async function runPacksList(flags: SetupFlags, io: Io): Promise<number> {
  const { ruleset } = await setup(io, flags);
  const rows = ruleset.packs.map((p) => [
    p.file.id,
    p.file.version,
    [
      `${p.file.rules?.length ?? 0} rules`,
      `${p.file.fields?.length ?? 0} field names`,
      `${p.file.allow?.length ?? 0} allow`,
      `${p.file.shapes?.length ?? 0} shapes`,
    ].join(', '),
    p.builtin ? 'built-in' : p.source,
  ]);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length), 2));
  for (const r of rows) io.stdout.write(`${r.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c)).join('  ')}\n`);
  return EXIT.OK;
}

/** `leakgate packs show <id>`: a pack's description and every rule, field name, allowance and shape in it. */
export async function runPacksShow(id: string, flags: SetupFlags, io: Io): Promise<number> {
  const { ruleset } = await setup(io, flags);
  const pack = ruleset.packs.find((p) => p.file.id === id);
  if (!pack) {
    io.stderr.write(`leakgate: no pack with id ${id} (see leakgate packs list)\n`);
    return EXIT.ERROR;
  }
  const f = pack.file;
  const lines = [`${f.id} ${f.version} (${pack.builtin ? 'built-in' : pack.source})`, '', f.description, ''];
  if (f.rules?.length) {
    lines.push('Rules:');
    for (const r of f.rules) {
      const c = ruleset.rules.find((x) => x.id === r.id);
      lines.push(`  ${r.id.padEnd(34)} ${r.category.padEnd(20)} ${(c?.severity ?? 'off').padEnd(8)} ${r.validator ? `[${r.validator}] ` : ''}${r.description}`);
    }
    lines.push('');
  }
  if (f.fields?.length) {
    lines.push('Field names:');
    for (const r of f.fields) lines.push(`  ${r.id.padEnd(34)} ${(r.category ?? 'name only').padEnd(20)} ${r.description}`);
    lines.push('');
  }
  if (f.allow?.length) {
    lines.push('Public by design / allowed:');
    for (const a of f.allow) lines.push(`  ${a.id.padEnd(34)} ${a.description}`);
    lines.push('');
  }
  if (f.shapes?.length) {
    lines.push('Known file shapes:');
    for (const s of f.shapes) lines.push(`  ${s.id.padEnd(34)} ${s.format.padEnd(5)} ${s.description}`);
    lines.push('');
  }
  io.stdout.write(`${lines.join('\n').trimEnd()}\n`);
  return EXIT.OK;
}

/** Packs named on the command line (built-in ids, files, folders), or every built-in pack. */
async function namedPacks(specs: string[], io: Io): Promise<Pack[]> {
  const builtins = await loadBuiltinPacks();
  if (specs.length === 0) return builtins;
  const out: Pack[] = [];
  for (const s of specs) out.push(...(await loadPacks(s, io.cwd, builtins)));
  return out;
}

const exampleCount = (packs: Pack[]): number =>
  packs.reduce(
    (n, p) =>
      n
      + (p.file.rules ?? []).reduce((m, r) => m + r.examples.match.length + r.examples.noMatch.length, 0)
      + (p.file.fields ?? []).reduce((m, f) => m + (f.examples?.match.length ?? 0) + (f.examples?.noMatch.length ?? 0), 0)
      + (p.file.allow ?? []).reduce((m, a) => m + (a.examples?.allowed.length ?? 0) + (a.examples?.notAllowed.length ?? 0), 0),
    0,
  );

/** `leakgate packs test [packs…]`: every rule's examples must hold; exit 1 naming each that does not. */
export async function runPacksTest(specs: string[], io: Io): Promise<number> {
  const packs = await namedPacks(specs, io);
  const rs = compilePacks(packs);
  const failures = selfTest(rs);
  for (const f of failures) {
    io.stdout.write(`FAIL ${f.source} rule ${f.ruleId}: expected ${f.expected === 'match' ? 'a match' : 'no match'} in ${JSON.stringify(f.example)}${f.field ? ` (field "${f.field}")` : ''}\n`);
  }
  io.stdout.write(`${failures.length === 0 ? 'ok' : 'FAILED'}: ${rs.packs.length} packs, ${rs.rules.length} rules, ${rs.fields.length} field names, ${exampleCount(rs.packs)} examples, ${failures.length} failing\n`);
  return failures.length === 0 ? EXIT.OK : EXIT.FINDINGS;
}

/**
 * `leakgate packs lint [packs…]`: the schema (by loading), duplicate ids (by compiling), patterns
 * that can backtrack catastrophically, rules without examples that must not match, and examples
 * that a rule of another category also matches (two rules claiming the same text).
 */
export async function runPacksLint(specs: string[], io: Io): Promise<number> {
  const packs = await namedPacks(specs, io);
  const rs: Ruleset = compilePacks(packs);
  const problems: string[] = [];
  for (const u of await findUnsafePatterns(packs)) {
    problems.push(`${u.ruleId}: ${u.where} can backtrack catastrophically (${u.complexity}${u.attack ? `, e.g. ${u.attack}` : ''})`);
  }
  for (const p of packs) {
    for (const r of p.file.rules ?? []) {
      if (r.examples.noMatch.length === 0) problems.push(`${r.id}: no "noMatch" examples: show what the rule must not find`);
    }
    for (const f of p.file.fields ?? []) {
      if (!f.examples?.match.length) problems.push(`${f.id}: field-name rule without examples`);
    }
  }
  for (const c of exampleClashes(rs)) problems.push(`${c.ruleId}: example ${JSON.stringify(c.example)} is also matched by ${c.by} (${c.category})`);
  const failing = selfTest(rs);
  for (const f of failing) problems.push(`${f.ruleId}: example ${JSON.stringify(f.example)} should ${f.expected === 'match' ? '' : 'not '}match`);
  for (const p of problems) io.stdout.write(`${p}\n`);
  io.stdout.write(`${problems.length === 0 ? 'ok' : 'FAILED'}: ${packs.length} packs, ${rs.rules.length} rules, ${problems.length} problem(s)\n`);
  return problems.length === 0 ? EXIT.OK : EXIT.FINDINGS;
}

/** `leakgate packs export-regex`: the rules' patterns, one per line, for ripgrep (`rg -f`) or PCRE2 (`rg -P -f`). */
export async function runExportRegex(flags: SetupFlags & { pcre2?: boolean; explain?: boolean }, io: Io): Promise<number> {
  const { ruleset } = await setup(io, flags);
  for (const e of exportRegexes(ruleset, flags.pcre2 ? 'pcre2' : 'rust')) {
    if (flags.explain) io.stderr.write(`${e.id}: ${e.changes.length ? e.changes.join('; ') : 'unchanged'}\n`);
    io.stdout.write(`${e.pattern}\n`);
  }
  return EXIT.OK;
}
