import { createHash, createHmac } from 'node:crypto';
import { UsageError } from '../types.js';

/** One shard of a run split N ways (`--shard K/N`, 1 ≤ K ≤ N). */
export interface ShardSpec {
  index: number;
  count: number;
}

/** The most shards a run is split into: far more than any batch engine runs at once. */
const MAX_SHARDS = 10_000;

/** `K/N` as given to --shard; anything else is a usage error (exit 2) that says what is expected. */
export function parseShard(text: string): ShardSpec {
  const m = /^(\d{1,5})\/(\d{1,5})$/.exec(text.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || index < 1 || count < 1 || index > count || count > MAX_SHARDS) {
    throw new UsageError(`--shard ${text}: expected K/N, two whole numbers with 1 ≤ K ≤ N ≤ ${MAX_SHARDS} (e.g. --shard 2/4: the second of four shards)`);
  }
  return { index, count };
}

/**
 * The shard (1 to `count`) a path belongs to: the first 48 bits of the SHA-256 of the path as
 * reports show it (relative to the working folder), modulo `count`. The same path falls in the
 * same shard on every machine, whatever order the files were found in; a hash spreads a folder's
 * files over the shards, so one big folder does not make one slow shard.
 */
export function shardOf(display: string, count: number): number {
  if (count === 1) return 1;
  return (createHash('sha256').update(display, 'utf8').digest().readUIntBE(0, 6) % count) + 1;
}

/** True when `display` is this shard's. */
export function inShard(display: string, shard: ShardSpec): boolean {
  return shardOf(display, shard.count) === shard.index;
}

/**
 * What every shard must agree on to be merged: how many paths the run's scope holds (files,
 * archive entries, and the files left out or unreadable, each named in some shard's report), and
 * a digest of them in order. Shards of different checkouts, paths or --include/--exclude differ here.
 */
export function scopeDigest(displays: string[]): { files: number; digest: string } {
  const h = createHash('sha256');
  for (const d of [...displays].sort()) h.update(d, 'utf8').update('\u0000');
  return { files: displays.length, digest: `sha256:${h.digest('hex')}` };
}

/**
 * The key of a shard run's value keys (the keyed hashes of values public by design): made from
 * the fingerprint key, so that every shard of a run keys a value alike and merge can match a
 * value made public in one shard with a finding of it in another. A run on one machine uses a
 * random key instead (its value keys never leave the process).
 */
export function shardValueKey(fingerprintKey: Buffer): Buffer {
  return createHmac('sha256', fingerprintKey).update('leakgate shard value key').digest();
}

/** A run's scope: what is scanned, what is left out with a warning, what cannot be scanned. */
export interface Scope<S extends { display: string }, P extends { file: string }> {
  sources: S[];
  skipped: P[];
  unscannable: P[];
}

/** The part of a run's scope that is this shard's: each path in exactly one shard. */
export function splitScope<S extends { display: string }, P extends { file: string }>(shard: ShardSpec, scope: Scope<S, P>): Scope<S, P> {
  return {
    sources: scope.sources.filter((s) => inShard(s.display, shard)),
    skipped: scope.skipped.filter((p) => inShard(p.file, shard)),
    unscannable: scope.unscannable.filter((p) => inShard(p.file, shard)),
  };
}

/** What a shard's run knows that merge needs: its scope, and what crosses files (issue 16). */
export interface ShardRun {
  spec: ShardSpec;
  /** The whole run's scope, which every shard must agree on. */
  scope: { files: number; digest: string };
  /** Value keys this shard's allowances made public (scoped ones with their folder), sorted. */
  public: string[];
  /** Index and value key of each finding another shard's allowance could make public. */
  held: () => Iterable<[number, string]>;
  /** Folders (as shown) whose names hold this shard's findings. */
  folders: string[];
  /** What the whole run reports if no shard scans a file (as shown), and whether it is an error. */
  empty: { problem: { file: string; code: string; message: string }; error: boolean };
}

/** Problems sorted by file as shown (code-unit order); a file's problems keep their order. */
export function byFile<P extends { file: string }>(problems: P[]): P[] {
  return problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}
