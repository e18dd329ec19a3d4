import { compileAllowConfig } from './compile-allow.js';
import type { AllowConfig, Pack, Ruleset, RulesetRecipe, Severity } from '../types.js';
import { compileColumnTests } from './column-tests.js';
import { compilePacks } from './compile.js';
import { loadBuiltinPacks, loadPacks } from './load-packs.js';
import { PackError } from './pack-error.js';

export interface RulesetOptions {
  /** Built-in ids, pack files or folders named by the user, resolved from `cwd`. */
  packs?: string[];
  /** Packs named by the config file, resolved from the config's folder. */
  configPacks?: { specs: string[]; dir: string };
  /** Include the built-in packs (default true). */
  defaultPacks?: boolean;
  cwd: string;
  /** How errors name the config file ("/repo/.leakgate.json", "/repo/package.json \"leakgate\""). */
  configName?: string;
  /** Rule ids that do not run, and new severities by rule id (from the config). */
  disable?: string[];
  severity?: Record<string, Severity>;
  /** The config's allowlist, and the file it came from (for errors). */
  allow?: { config: AllowConfig; file: string };
}

/**
 * Loads the built-in and user packs and compiles them into one ruleset; overrides (packs' and the
 * config's) apply last. The CLI then checks the user packs (cli/check-pack.ts): their examples run
 * through detection, which packs/ does not import.
 */
export async function loadRuleset(opts: RulesetOptions): Promise<Ruleset> {
  const builtins = await loadBuiltinPacks();
  const chosen: Pack[] = opts.defaultPacks === false ? [] : [...builtins];
  // by file, not by object: the config and --pack may name the same pack, as a file or a folder
  const add = (p: Pack): void => {
    if (!chosen.some((q) => q.source === p.source)) chosen.push(p);
  };
  for (const spec of opts.configPacks?.specs ?? []) for (const p of await loadPacks(spec, opts.configPacks!.dir, builtins)) add(p);
  for (const spec of opts.packs ?? []) for (const p of await loadPacks(spec, opts.cwd, builtins)) add(p);
  // what the built-in packs know about values (N/A is no name) holds with or without their rules
  const knowledge = opts.defaultPacks === false ? builtins : [];
  const ruleset = compilePacks(chosen, knowledge);
  const recipe: RulesetRecipe = { packs: chosen };
  if (knowledge.length) recipe.knowledge = knowledge;
  if (opts.configName) recipe.configName = opts.configName;
  if (opts.disable) recipe.disable = opts.disable;
  if (opts.severity) recipe.severity = opts.severity;
  if (opts.allow) recipe.allow = opts.allow;
  return finishRuleset(ruleset, recipe);
}

/**
 * The ruleset a recipe describes, with no file read and no check run: how worker threads rebuild
 * the ruleset the main thread loaded and checked (compiled regexes and functions cannot be sent).
 */
export function buildRuleset(recipe: RulesetRecipe): Ruleset {
  return finishRuleset(compilePacks(recipe.packs, recipe.knowledge), recipe);
}

function finishRuleset(ruleset: Ruleset, recipe: RulesetRecipe): Ruleset {
  applyOverrides(ruleset, recipe.packs, recipe);
  ruleset.columns = compileColumnTests(ruleset.rules);
  if (recipe.allow) {
    // a config may name a rule by a former id
    for (const a of compileAllowConfig(recipe.allow.config, recipe.allow.file)) {
      if (a.rules) a.rules = new Set([...a.rules].map((id) => ruleset.ids.get(id) ?? id));
      ruleset.allow.push(a);
    }
  }
  ruleset.recipe = recipe;
  return ruleset;
}

/**
 * Packs' `overrides` and the config's `disable`/`severity`: rules turned off or given a new
 * severity. A rule may be named by a former id (an alias).
 */
function applyOverrides(ruleset: Ruleset, packs: Pack[], opts: RulesetRecipe): void {
  const known = new Set([...ruleset.rules.map((r) => r.id), ...ruleset.fields.map((f) => f.id)]);
  const disable = new Set<string>();
  const severity = new Map<string, Severity>();
  const resolve = (id: string, source: string): string => {
    const current = ruleset.ids.get(id);
    if (current === undefined || !known.has(current)) throw new PackError(source, `override names no loaded rule: ${id} (see leakgate packs list)`, id);
    return current;
  };
  for (const p of packs) {
    for (const o of p.file.overrides ?? []) {
      const id = resolve(o.rule, p.source);
      if (o.disable) disable.add(id);
      if (o.severity) severity.set(id, o.severity);
    }
  }
  for (const id of opts.disable ?? []) disable.add(resolve(id, `${opts.configName ?? 'config'} "disable"`));
  for (const [id, sev] of Object.entries(opts.severity ?? {})) severity.set(resolve(id, `${opts.configName ?? 'config'} "severity"`), sev);
  ruleset.rules = ruleset.rules.filter((r) => !disable.has(r.id));
  ruleset.fields = ruleset.fields.filter((f) => !disable.has(f.id));
  for (const r of ruleset.rules) {
    const s = severity.get(r.id);
    if (s) r.severity = s;
  }
  for (const f of ruleset.fields) {
    const s = severity.get(f.id);
    if (s) {
      f.severity = s;
      f.valueSeverity = s;
    }
  }
}
