import path from 'node:path';
import { loadRuleset } from '../../src/packs/load-ruleset.js';
import { ruleMetas, type RuleMeta } from '../../src/report/rule-meta.js';
import { scan } from '../../src/scan.js';
import type { Report } from '../../src/types.js';

export const root = path.resolve(import.meta.dirname, '../..');

/**
 * A real report: the engine run in-process over examples/leaky-bundle with the built-in packs,
 * with the rules a report format is given. `showValues` puts raw values in, as --show-values does.
 */
export async function scanLeakyBundle(showValues = false): Promise<{ report: Report; rules: RuleMeta[] }> {
  const ruleset = await loadRuleset({ cwd: root });
  const report = await scan({ paths: ['examples/leaky-bundle'], cwd: root, ruleset, toolVersion: '0.0.0-test', failOn: 'low', showValues });
  return { report, rules: ruleMetas(ruleset) };
}
