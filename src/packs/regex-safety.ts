import type { Pack } from '../types.js';
import { PackError } from './pack-error.js';

/** How long the backtracking analysis may take per pattern; beyond it the runtime bound still holds. */
const CHECK_MS = 3000;

export interface UnsafePattern {
  ruleId: string;
  where: string;
  complexity: string;
  attack?: string;
}

/**
 * Analyses every pattern of the packs for catastrophic backtracking with recheck (an automaton
 * analysis with fuzzing, not a star-height guess): a pattern proven exponential or polynomial is
 * refused. recheck is loaded only when a user pack is in play; built-in packs are analysed in CI.
 */
export async function findUnsafePatterns(packs: Pack[]): Promise<UnsafePattern[]> {
  const items: { ruleId: string; where: string; source: string; flags: string }[] = [];
  for (const p of packs) {
    for (const r of p.file.rules ?? []) items.push({ ruleId: r.id, where: 'pattern', source: r.pattern, flags: r.flags ?? '' });
    for (const f of p.file.fields ?? []) items.push({ ruleId: f.id, where: 'name', source: f.name, flags: '' });
    for (const a of p.file.allow ?? []) if (a.value) items.push({ ruleId: a.id, where: 'value', source: a.value, flags: 'i' });
  }
  if (items.length === 0) return [];
  const { checkSync } = await import('recheck');
  const unsafe: UnsafePattern[] = [];
  for (const it of items) {
    const d = checkSync(it.source, it.flags, { timeout: CHECK_MS });
    if (d.status === 'vulnerable') {
      const u: UnsafePattern = { ruleId: it.ruleId, where: it.where, complexity: d.complexity.type };
      const attack = d.attack as { string?: string; pattern?: string } | undefined;
      if (attack?.pattern) u.attack = attack.pattern;
      unsafe.push(u);
    }
  }
  return unsafe;
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
