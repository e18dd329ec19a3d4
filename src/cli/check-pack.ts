import { compilePacks } from '../packs/compile.js';
import { PackError } from '../packs/pack-error.js';
import { assertSafePatterns } from '../packs/regex-safety.js';
import { selfTest } from '../scan-examples.js';
import { RuleTimeoutError } from '../shared/rule-guard.js';
import type { Ruleset } from '../types.js';

/**
 * Refuses (exit 2, naming the file and the rule) a user pack that fails its own examples or has a
 * pattern that can backtrack catastrophically. The examples run on the packs as compiled before
 * overrides, as when the check sat in loadRuleset: a rule the config disables is still tested.
 */
export async function checkUserPacks(ruleset: Ruleset): Promise<void> {
  const recipe = ruleset.recipe;
  const user = recipe?.packs.filter((p) => !p.builtin) ?? [];
  if (!recipe || user.length === 0) return;
  const compiled = compilePacks(recipe.packs, recipe.knowledge);
  for (const pack of user) {
    await assertSafePatterns(pack);
    let failing: ReturnType<typeof selfTest>;
    try {
      failing = selfTest({ ...compiled, packs: [pack], rules: compiled.rules.filter((r) => r.packId === pack.file.id), fields: compiled.fields.filter((f) => f.packId === pack.file.id) });
    } catch (e) {
      // a regex that runs past its time budget on the pack's own examples can only hang a scan
      if (e instanceof RuleTimeoutError) throw new PackError(pack.source, `${e.message.replace(/; the file .*$/, '')}: it could hang a scan; rewrite it`, e.ruleId, 'examples');
      throw e;
    }
    const [first] = failing;
    if (first) {
      throw new PackError(pack.source, `example ${JSON.stringify(first.example)}${first.field ? ` (field "${first.field}")` : ''} should ${first.expected === 'match' ? '' : 'not '}match, but does${first.expected === 'match' ? ' not' : ''}: fix the pattern or the example`, first.ruleId, 'examples');
    }
  }
}
