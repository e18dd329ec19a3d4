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
  const add = (ruleId: string, where: string, source: string | undefined, flags: string): void => {
    if (source !== undefined) items.push({ ruleId, where, source, flags });
  };
  // every regex a pack can hold, with the flags compile.ts gives it: only `pattern` runs in the
  // guarded worker; the others (allow entries, field names, shape columns) run in the main thread
  for (const p of packs) {
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
