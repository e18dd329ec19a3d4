import { randomBytes } from 'node:crypto';
import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { discover } from './discover/discover.js';
import type { BaselineState } from './filter/baseline.js';
import { type FileStat, type ParallelOptions, planRun, sizeOf, statOf } from './parallel/plan-run.js';
import { collectReport } from './report/report-stream.js';
import { buildScanContext, scanSettings } from './scan-context.js';
import { type RunProgress, scanHere } from './scan-here.js';
import { holdYoungGeneration } from './scan-heap.js';
import { scanNames, scanNamesBetween } from './scan-names.js';
import { RunTotals } from './scan-totals.js';
import { buildReport, countSpooled, nothingInScope, shownProblem } from './scan-report.js';
import { inShard, scopeDigest, type ShardRun, type ShardSpec, shardValueKey, splitScope } from './shard/split.js';
import { FindingSpool } from './spool/finding-spool.js';
import type { StartedRun } from './parallel/scan-parallel.js';
import type { Confidence, Problem, Report, ReportStream, Ruleset, Severity, SourceRef } from './types.js';

export type { ScanPlan } from './parallel/plan-run.js';

export interface ScanOptions extends ParallelOptions {
  paths: string[];
  cwd: string;
  ruleset: Ruleset;
  toolVersion: string;
  failOn: Severity | 'none';
  showValues?: boolean;
  verbose?: boolean;
  /** Leave out findings below this confidence. */
  minConfidence?: Confidence;
  /** Files over this many bytes are an error (fail closed). */
  maxFileSize?: number;
  /** PDF pages with no text layer are accepted (not read), not errors. */
  acceptImagePages?: boolean;
  /** The key of fingerprints and baselines (LEAKGATE_KEY or the user's key file; random when absent). */
  fingerprintKey?: Buffer;
  /** A baseline to apply, or to record into (create/update). */
  baseline?: BaselineState;
  /** Kinds of file the config accepts unread (`"accept": ["image"]`). */
  accept?: string[];
  /** The config in use, named in the report (null: none). */
  config?: string | null;
  /** Files never scanned, by absolute path: the report this run writes (-o), when it is in scope. */
  skip?: string[];
  /** Where the findings spool goes (default: the system's temporary folder). */
  tmpdir?: string;
  include?: string[];
  exclude?: string[];
  stdin?: () => Readable;
  stdinFilename?: string;
  /** Scan the staged blobs of the git index (pre-commit). */
  staged?: boolean;
  onProgress?: (p: Progress) => void;
  /** Clock for durationMs (tests pin it). */
  now?: () => number;
  /** Scan only this shard's files (scan --shard K/N); the result then carries what merge needs. */
  shard?: ShardSpec;
}

export interface Progress {
  filesDone: number;
  filesTotal: number;
  bytes: number;
  /** Bytes in the run, when known (local files), for a percentage. */
  bytesTotal?: number;
  findings: number;
  current?: string;
}

/** A scan's report, its findings read from a temporary spool as the report is written. */
export interface ScanResult extends ReportStream {
  /** Removes the spool. */
  close(): void;
  /** A shard's part of the run (scan --shard): for the report's shard section. */
  shardRun?: ShardRun;
}

/**
 * Runs the stages in order for every path: discover → read → extract → detect → filter, and
 * builds the report, held in memory (for small runs and tests; the CLI uses scanStream).
 */
export async function scan(opts: ScanOptions): Promise<Report> {
  const result = await scanStream(opts);
  try {
    return collectReport(result);
  } finally {
    result.close();
  }
}

/**
 * Runs the stages in order for every path: discover → read → extract → detect → filter, and
 * builds the report. The only module that knows the order; it prints nothing. With `jobs` over 1
 * and enough bytes, worker threads do the reading to filtering, and this joins their results:
 * the report is the same as on one thread. Findings go to a spool on disk as they are made, so
 * memory does not grow with their number; the result reads them back in report order.
 */
export async function scanStream(opts: ScanOptions): Promise<ScanResult> {
  const now = opts.now ?? Date.now;
  const started = now();
  const release = holdYoungGeneration();
  try {
    return await scanHeld(opts, started, release);
  } finally {
    release();
  }
}

/** scanStream, its young generation held (holdYoungGeneration) until `release`, before the scan. */
async function scanHeld(opts: ScanOptions, started: number, release: () => void): Promise<ScanResult> {
  const now = opts.now ?? Date.now;
  const discoverOpts: Parameters<typeof discover>[1] = { cwd: opts.cwd };
  if (opts.include) discoverOpts.include = opts.include;
  if (opts.exclude) discoverOpts.exclude = opts.exclude;
  if (opts.stdinFilename) discoverOpts.stdinFilename = opts.stdinFilename;
  if (opts.staged) discoverOpts.staged = true;
  if (opts.accept?.length) discoverOpts.accept = opts.accept;
  const found = await discover(opts.paths, discoverOpts);
  // each file is asked its size and identity once: the sizes plan the run, the identity finds its own report
  const stats = new Map<SourceRef, FileStat>();
  const statOnce = (s: SourceRef): FileStat => {
    if (!stats.has(s)) stats.set(s, statOf(s));
    return stats.get(s);
  };
  const kept = leaveOut(found.sources, opts.skip ?? [], statOnce);
  const whole = { sources: kept.sources, skipped: [...found.skipped, ...kept.skippedOwn], unscannable: found.errors };
  const names = [...whole.sources.map((s) => s.display), ...whole.skipped.map((p) => p.file), ...whole.unscannable.map((p) => p.file)];
  // a shard scans its own files, and reports its own skipped and unscannable paths
  const { shard } = opts;
  const { sources, skipped, unscannable } = shard ? splitScope(shard, whole) : whole;
  const fingerprintKey = opts.fingerprintKey ?? randomBytes(32);
  const keys = { valueKey: shard ? shardValueKey(fingerprintKey) : randomBytes(32), fingerprintKey };
  const settings = scanSettings(opts);
  const ctx = buildScanContext(opts.ruleset, settings, keys, opts.stdin);
  const { detector } = ctx;
  const spool = new FindingSpool(opts.tmpdir);
  let threads: StartedRun | undefined;
  try {
    const sizes = sources.map((s) => sizeOf(stats.get(s) ?? statOf(s), s));
    stats.clear();
    const progress: Progress = { filesDone: 0, filesTotal: sources.length, bytes: 0, findings: 0 };
    if (sizes.every((n) => n !== undefined)) progress.bytesTotal = sizes.reduce<number>((a, n) => a + n!, 0);
    const totals = new RunTotals();
    // findings are counted as they are found, before the run-wide filters: a progress figure
    const told: RunProgress = {
      onBytes: (bytes, findings) => {
        progress.bytes += bytes;
        progress.findings += findings;
        opts.onProgress?.(progress);
      },
      done: (r, i) => {
        totals.add(i, r);
        progress.filesDone++;
        opts.onProgress?.(progress);
      },
      current: (shown) => (progress.current = shown),
    };
    // names are fields of their own: a folder called after a person is a finding
    // and how each file shows is worked out there, once: the threads that scan the files take it
    const shown = (i: number, s: string): void => {
      if (i < whole.sources.length) whole.sources[i]!.shown = s;
    };
    // the parallel stage, loaded only when the run is spread over threads, whose threads start
    // loading now, while this thread scans the names
    let nameErrors: Problem[];
    let folders: Set<string>;
    const plans = await planRun(sources, sizes, opts, opts.ruleset.recipe !== undefined);
    threads = plans && (await import('./parallel/scan-parallel.js')).startParallel({ sources, sizes, plans, ctx, recipe: opts.ruleset.recipe!, keys, settings }, opts);
    const keep = shard ? (file: string): boolean => inShard(file, shard) : undefined;
    if (threads) {
      // the threads are handed their first work now, and more as they finish, while this thread
      // scans the names between their messages (scanNamesBetween)
      const scanning = threads.scan(spool, told);
      // a failure of the threads is thrown below, once the names are done
      scanning.catch(() => {});
      const named = await scanNamesBetween(names, found.roots, ctx, spool, keep, shown);
      release();
      await scanning;
      nameErrors = named.errors;
      folders = named.folders;
    } else {
      ({ errors: nameErrors, folders } = scanNames(names, found.roots, ctx, spool, keep, shown));
      release();
      opts.onPlan?.({ threads: 1, parts: [] });
      await scanHere(sources, ctx, spool, told);
    }
    const problems = totals.ordered();
    const errors = [...unscannable, ...nameErrors, ...problems.errors];
    const warnings = [...skipped, ...problems.warnings];
    const { files, publicKeys } = totals;
    // nothing in scope: an empty upload is a broken upload (exit 2); nothing staged has nothing to
    // judge (for shards, merge decides this on the whole run)
    const nothing = nothingInScope(opts.staged ?? false, opts.paths);
    if (!shard && files === 0 && errors.length === 0 && found.ignored.files === 0) (nothing.error ? errors : warnings).push(nothing.problem);
    // values allowed as public in one place (a station postcode) are public everywhere in the run
    const spooled = countSpooled(spool, { publicKeys, folders, ignored: found.ignored.fingerprints, ...(opts.baseline ? { baseline: opts.baseline } : {}) });
    const report = buildReport({
      toolVersion: opts.toolVersion,
      ...(opts.config !== undefined ? { config: opts.config } : {}),
      files,
      bytes: totals.bytes,
      suppressed: totals.suppressed,
      failOn: opts.failOn,
      durationMs: Math.max(0, Math.round(now() - started)),
      errors,
      warnings,
      findings: spooled,
      ...(found.ignored.by.length > 0 ? { ignored: { files: found.ignored.files, by: found.ignored.by } } : {}),
      masker: ctx.masker,
    });
    detector.close();
    const shardRun: ShardRun | undefined = shard && {
      spec: shard, scope: scopeDigest(names), public: [...publicKeys].sort(), held: spooled.held, folders: [...folders].sort(),
      empty: { ...nothing, problem: shownProblem(nothing.problem, ctx.masker) },
    };
    return { ...report, close: () => spool.close(), ...(shardRun ? { shardRun } : {}) };
  } catch (e) {
    await threads?.close();
    detector.close();
    spool.close();
    throw e;
  }
}

/**
 * Sources that are not to be scanned (the report this run writes, inside the scanned folder),
 * left out with a warning each: nothing in scope is passed over without a line in the report.
 * A source is the report when it is the same file (device and inode; a hard link is the same
 * file too), found by one stat each: a real path each took a second on 50,000 files (issue 16).
 */
function leaveOut(sources: SourceRef[], skip: string[], statOnce: (s: SourceRef) => FileStat): { sources: SourceRef[]; skippedOwn: Problem[] } {
  // a report not written yet cannot be in scope
  const own = skip.flatMap((p) => {
    const st = statSync(p, { throwIfNoEntry: false });
    return st ? [{ st, real: real(p) }] : [];
  });
  if (own.length === 0) return { sources, skippedOwn: [] };
  const isOwn = (p: string, stat: FileStat): boolean => {
    if (stat && 'error' in stat) throw stat.error;
    const st = stat?.st;
    if (!st) return false;
    // a file system without inode numbers is compared by real path
    return own.some((o) => (o.st.ino === 0 && st.ino === 0 ? o.real === real(p) : o.st.ino === st.ino && o.st.dev === st.dev));
  };
  const skippedOwn: Problem[] = [];
  const kept = sources.filter((s) => {
    if (!s.fsPath || s.archive || s.gitBlob || !isOwn(s.fsPath, statOnce(s))) return true;
    skippedOwn.push({ file: s.display, code: 'EOUTPUT', message: "this run's own report (-o): not scanned" });
    return false;
  });
  return { sources: kept, skippedOwn };
}

function real(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}
