import { createHash } from 'node:crypto';
import type { BaselineState } from '../filter/baseline.js';
import { StreamedArray } from '../report/json-writer.js';
import type { RuleMeta } from '../report/rule-meta.js';
import type { Ruleset } from '../types.js';
import type { ShardRun } from './split.js';

/**
 * The settings of a run that change its findings or its verdict, as a shard records them: merge
 * refuses shards that differ in any. Paths are left out where they name the machine (a config
 * file's absolute path), kept where they decide the scope (the paths scanned, as given).
 */
export interface ShardSettings {
  failOn: string;
  minConfidence: string;
  showValues: boolean;
  verbose: boolean;
  maxFileSize: number;
  acceptImagePages: boolean;
  accept: string[];
  include: string[];
  exclude: string[];
  /** The config as the report names it, or null for none. */
  config: string | null;
  /** A digest of the baseline's accepted fingerprints, or null for none. */
  baseline: string | null;
}

/** What a shard's report adds to the JSON report: its place in the run and what merge needs. */
export interface ShardContext {
  keyId: string;
  ruleset: Ruleset;
  rules: RuleMeta[];
  settings: ShardSettings;
  paths: string[];
  staged: boolean;
}

/**
 * The `shard` section of a shard's JSON report. `public` and `held` are keyed hashes under the
 * project key (never values): the values an allowance made public in this shard's files, and
 * this shard's findings such a value elsewhere would make public (by index in `findings`), so
 * that merge applies "public elsewhere" across shards as one run does. `rules` describes every
 * rule, so that merge writes SARIF, JUnit and HTML without loading packs.
 */
export function shardSection(run: ShardRun, ctx: ShardContext): Record<string, unknown> {
  return {
    index: run.spec.index,
    count: run.spec.count,
    keyId: ctx.keyId,
    ruleset: rulesetDigest(ctx.ruleset, ctx.rules),
    settings: ctx.settings,
    scope: { paths: ctx.paths, staged: ctx.staged, files: run.scope.files, digest: run.scope.digest },
    public: run.public,
    folders: run.folders,
    empty: run.empty,
    held: new StreamedArray(run.held),
    rules: ctx.rules,
  };
}

/**
 * A digest of what the packs and the config make of detection: each pack's content, the built-in
 * knowledge, rules turned off or re-rated, the config's allowlist. File paths are left out, so
 * that the same packs checked out in another folder (another CI runner) digest alike.
 */
export function rulesetDigest(ruleset: Ruleset, rules: RuleMeta[]): string {
  const r = ruleset.recipe;
  const what = r
    ? { packs: r.packs.map((p) => p.file), knowledge: r.knowledge?.map((p) => p.file) ?? [], disable: r.disable ?? [], severity: r.severity ?? {}, allow: r.allow?.config ?? null }
    : { rules };
  return `sha256:${createHash('sha256').update(JSON.stringify(what)).digest('hex')}`;
}

/** A digest of a baseline's accepted fingerprints and counts, in a fixed order. */
export function baselineDigest(b: BaselineState | undefined): string | null {
  if (!b) return null;
  const entries = [...b.accepted.entries()].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  return `sha256:${createHash('sha256').update(JSON.stringify(entries)).digest('hex')}`;
}
