import type { Pack } from '../types.js';
import { RuleGuard, RuleTimeoutError } from '../shared/rule-guard.js';
import { expandFragments } from './fragments.js';
import { pumpAttacks } from './pump-attacks.js';
import { PackError } from './pack-error.js';

/**
 * How long one regex may take on one pumped input before it is called super-linear: a linear
 * pattern takes milliseconds on it, a quadratic one seconds, an exponential one forever. The
 * margin keeps a loaded machine from calling a linear pattern slow; the worker is started before
 * the clock runs, and a pattern is refused only if it runs out of time twice.
 */
const PUMP_BUDGET_MS = 1000;

export interface UnsafePattern {
  ruleId: string;
  where: string;
  complexity: string;
  attack?: string;
}

interface PackRegex {
  ruleId: string;
  where: string;
  source: string;
  flags: string;
}

/**
 * Finds the patterns of the packs that can backtrack catastrophically, in two passes:
 * - scslre (the analysis behind eslint-plugin-regexp's no-super-linear-backtracking: an automaton
 *   analysis, not a star-height guess) proves exponential or polynomial backtracking on inputs
 *   that repeat one character, as in `(a+)+`, `(\w+\s?)*$` or `\d+\d+x`;
 * - what it cannot see, backtracking over a repeated word of several characters (`(?:a|b|ab)*c`,
 *   `(ab|abab)+$`), is found by running the pattern in a worker on inputs that pump each
 *   unbounded repetition's words, under a time budget.
 * It replaces recheck (a 57 MB native binary and JAR) with about 0.5 MB of pure JavaScript; a
 * user rule's `pattern` that slips past both still runs under the scan's time budget (rule-guard).
 */
export async function findUnsafePatterns(packs: Pack[]): Promise<UnsafePattern[]> {
  const items = packRegexes(packs);
  if (items.length === 0) return [];
  const [scslre, { RegExpParser }] = await Promise.all([import('scslre'), import('@eslint-community/regexpp')]);
  // scslre is CommonJS: its exports object is the default export, bundled or not
  const { analyse } = scslre.default;
  const parser = new RegExpParser({ ecmaVersion: 2025 });
  const pump = new Pump();
  const unsafe: UnsafePattern[] = [];
  try {
    for (const it of items) {
      // `source` of a RegExp escapes "/", so the literal parses back to the same pattern
      const literal = parser.parseLiteral(`/${new RegExp(it.source, it.flags).source}/${it.flags}`);
      const report = analyse(literal, { maxReports: 1 }).reports[0];
      if (report) {
        unsafe.push({ ...pick(it), complexity: report.exponential ? 'exponential' : 'polynomial', attack: `a long run of ${JSON.stringify(report.character.pick)}` });
        continue;
      }
      const slow = pumpAttacks(literal.pattern, it.flags).find((attack) => pump.slow(it, attack.text) && pump.slow(it, attack.text));
      if (slow) unsafe.push({ ...pick(it), complexity: 'super-linear', attack: slow.description });
    }
  } finally {
    pump.stop();
  }
  return unsafe;
}

/** Runs patterns on pumped inputs in the rule guard's worker, timing only the match. */
class Pump {
  private readonly guard = new RuleGuard(PUMP_BUDGET_MS);
  private runs = 0;

  /** True when the pattern runs past the budget on the text. */
  slow(it: PackRegex, text: string): boolean {
    this.warm();
    return this.timesOut(it.source, it.flags, text);
  }

  stop(): void {
    this.guard.stop();
  }

  /** Starts the worker (after a timeout, a new one) with a trivial job, so its start is not timed. */
  private warm(): void {
    for (let i = 0; i < 3 && this.timesOut('x', '', 'x'); i++);
  }

  private timesOut(source: string, flags: string, text: string): boolean {
    try {
      // a new id each time: the guard turns off a rule that timed out
      this.guard.run(text, [{ id: `pump-${this.runs++}`, source, flags: `g${flags}` }]);
      return false;
    } catch (e) {
      if (e instanceof RuleTimeoutError) return true;
      throw e;
    }
  }
}

function pick(it: PackRegex): { ruleId: string; where: string } {
  return { ruleId: it.ruleId, where: it.where };
}

/** Every regex a pack can hold, with the flags compile.ts gives it. */
function packRegexes(packs: Pack[]): PackRegex[] {
  const items: PackRegex[] = [];
  // a proven catastrophic one is refused at load, with its place named; every regex of a user
  // pack also runs under the time budget during a scan (rule-guard.ts), for what no analysis
  // proves (back-references, an analysis that ran out of time)
  for (const p of packs) {
    // the regex as compile.ts builds it: its {{fragments}} expanded
    const add = (ruleId: string, where: string, source: string | undefined, flags: string): void => {
      if (source !== undefined) items.push({ ruleId, where, source: expandFragments(source, p.file.fragments, p.source, ruleId, where), flags });
    };
    for (const r of p.file.rules ?? []) {
      add(r.id, 'pattern', r.pattern, r.flags ?? '');
      add(r.id, 'fields.enable', r.fields?.enable, '');
      add(r.id, 'fields.disable', r.fields?.disable, '');
    }
    for (const f of p.file.fields ?? []) {
      add(f.id, 'name', f.name, '');
      add(f.id, 'within', f.within, '');
    }
    for (const a of p.file.allow ?? []) {
      add(a.id, 'value', a.value, 'i');
      add(a.id, 'path', a.path, '');
      add(a.id, 'field', a.field, '');
      add(a.id, 'text', a.text, 'i');
      for (const [k, v] of Object.entries(a.when ?? {})) add(a.id, `when.${k}`, v, 'i');
    }
    for (const sh of p.file.shapes ?? []) {
      for (const c of sh.columns ?? []) add(sh.id, `columns.${c.name}.value`, c.value === undefined ? undefined : `^(?:${c.value})$`, '');
      add(sh.id, 'tolerate', sh.tolerate, '');
    }
  }
  return items;
}

/** Refuses a user pack with a pattern that can backtrack catastrophically, naming the rule and the fix. */
export async function assertSafePatterns(pack: Pack): Promise<void> {
  const [bad] = await findUnsafePatterns([pack]);
  if (!bad) return;
  throw new PackError(
    pack.source,
    `pattern can backtrack catastrophically (${bad.complexity} time${bad.attack ? `, e.g. on ${bad.attack}` : ''}): it could hang a scan; rewrite it without nested or overlapping repetition such as (a+)+ or (a|a)*`,
    bad.ruleId,
    bad.where,
  );
}
