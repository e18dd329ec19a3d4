import type { Pack, Ruleset } from '../types.js';
import { compilePacks } from './compile.js';
import { loadBuiltinPacks, loadPacks } from './load-packs.js';

export interface RulesetOptions {
  /** Built-in ids, pack files or folders named by the user. */
  packs?: string[];
  /** Include the built-in packs (default true). */
  defaultPacks?: boolean;
  cwd: string;
}

/** Loads the built-in and user packs and compiles them into one ruleset. */
export function loadRuleset(opts: RulesetOptions): Ruleset {
  const builtins = loadBuiltinPacks();
  const chosen: Pack[] = opts.defaultPacks === false ? [] : [...builtins];
  for (const spec of opts.packs ?? []) {
    for (const p of loadPacks(spec, opts.cwd, builtins)) {
      if (!chosen.includes(p)) chosen.push(p);
    }
  }
  return compilePacks(chosen);
}
