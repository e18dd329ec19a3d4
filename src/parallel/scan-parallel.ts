import type { FilePart } from '../read/read-source.js';
import { emptyResult, type FileResult, type RunKeys, type ScanSettings, type SourceScanContext } from '../scan-context.js';
import { type RunProgress, scanToSpool } from '../scan-here.js';
import type { FindingSpool } from '../spool/finding-spool.js';
import { runLimited } from '../shared/run-limited.js';
import type { RulesetRecipe, SourceRef } from '../types.js';
import { joinParts } from './join-parts.js';
import { type ParallelOptions, type RunPlan, threadsFor, unitsOf } from './plan-run.js';
import { type BatchResult, WorkerPool } from './pool.js';

/** Files (or batches of small files) handed to the pool per thread at once (a file split into parts counts once). */
const FILES_PER_THREAD = 4;

/**
 * Small files go to a worker in batches, one message each way for all of them: at most this many
 * files, or this many bytes, in a batch, of files up to BATCH_FILE_BYTES each.
 */
const BATCH_FILES = 64;
const BATCH_BYTES = 1024 * 1024;
const BATCH_FILE_BYTES = 256 * 1024;

/** A run planned over threads: its sources, their sizes and parts, and what the workers are told. */
export interface ParallelRun {
  sources: readonly SourceRef[];
  sizes: readonly (number | undefined)[];
  plans: RunPlan;
  /** This thread's context: standard input is read here, and the parts are joined with it. */
  ctx: SourceScanContext;
  recipe: RulesetRecipe;
  keys: RunKeys;
  settings: ScanSettings;
}

/** A run spread over threads whose workers are starting: `scan` does the work and stops them, `close` stops them unused. */
export interface StartedRun {
  scan(spool: FindingSpool, progress: RunProgress): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the worker threads of a run spread over threads, one for each piece of work up to
 * `jobs` and the machine's cores (threadsFor), before its work is handed out: a thread takes
 * some 0.25 s to load the scanner and build the ruleset, which it then does while this thread
 * scans the names (issue 16: 50,000 files gave the threads their first work 0.26 s after they
 * were asked for). The work is the same either way.
 */
export function startParallel(run: ParallelRun, opts: ParallelOptions): StartedRun {
  const { sources, sizes } = run;
  const order = sources.map((_, i) => i).sort((a, b) => (sizes[b] ?? 0) - (sizes[a] ?? 0));
  const units = batched(order, run);
  const smallFiles = units.every((u) => typeof u !== 'number');
  const pool = new WorkerPool(threadsFor(opts.jobs!), { recipe: run.recipe, keys: run.keys, settings: run.settings }, smallFiles);
  try {
    pool.start(jobsOf(units, run));
  } catch (e) {
    // a thread that could not start: those started before it must not keep the process alive
    void pool.close();
    throw e;
  }
  return {
    scan: async (spool, progress) => {
      try {
        await scanUnits(run, units, pool, spool, opts, progress);
      } finally {
        await pool.close();
      }
    },
    close: () => pool.close(),
  };
}

/**
 * Scans on a pool of worker threads: the largest files first, each large CSV, NDJSON, JSON or text file
 * in parts, joined when all are done. Standard input is read on this thread. Workers send findings
 * as they make them; each file's (or part's) go to the spool.
 */
async function scanUnits(run: ParallelRun, units: readonly (number | number[])[], pool: WorkerPool, spool: FindingSpool, opts: ParallelOptions, progress: RunProgress): Promise<void> {
  const { sources, plans, ctx } = run;
  const shownOf = (ref: SourceRef): string => ref.shown ?? ctx.masker.path(ref.display);
  opts.onPlan?.({ threads: Math.max(1, Math.min(pool.size, unitsOf(sources, plans))), parts: plans.flatMap((p, i) => (p ? [{ file: shownOf(sources[i]!), parts: p.length }] : [])) });
  // each file's or part's findings come sorted and encoded, a run at a time, and go to the spool
  const scanOne = (ref: SourceRef, part?: FilePart, index = 0, onBytes = progress.onBytes): Promise<FileResult> =>
    ref.stdin ? scanToSpool(ref, ctx, spool, onBytes, part, index) : pool.run(ref, onBytes, (r, file, shown) => spool.append(file, shown, index, r), part);
  // a few files more than threads are in hand at once, so that a thread never waits for work
  // and memory does not grow with the number of files
  await runLimited(units.length, pool.size * FILES_PER_THREAD, async (n) => {
    const unit = units[n]!;
    // the last unit's jobs go to the pool below, before this is called: a thread left idle
    // from then on has no more work (but a file scanned again whole) and is stopped
    if (n === units.length - 1) queueMicrotask(() => pool.lastJobs());
    if (typeof unit !== 'number') {
      const batch = await pool.runBatch(unit.map((i) => sources[i]!), progress.onBytes, (r, file, shown) => spool.append(file, shown, 0, r));
      return doneBatch(batch, unit, progress);
    }
    const i = unit;
    const ref = sources[i]!;
    const parts = plans[i];
    if (ref.stdin || !parts) return progress.done(await scanOne(ref), i);
    const joined = joinParts(ref, await Promise.all(parts.map((p, k) => scanOne(ref, p, k))), parts, ctx, spool);
    if (!('rescan' in joined)) return progress.done(joined.result, i);
    // a split inside a quoted cell, or broken structure: the file is scanned again, whole
    opts.onRescan?.(shownOf(ref), joined.rescan);
    spool.dropParts(ref.display);
    progress.done(await scanOne(ref, undefined, 0, () => {}), i);
  });
}

/**
 * Tells `progress` of each file of a batch, done: the batch's counts and public keys go with its
 * first file, each file's problems with it (the run adds up results and orders problems by file).
 */
function doneBatch(batch: BatchResult, unit: readonly number[], progress: RunProgress): void {
  const { problems } = batch;
  let p = 0;
  for (let k = 0; k < unit.length; k++) {
    const own = problems[p]?.at === k ? problems[p++]! : undefined;
    const r: FileResult = k === 0 ? { found: batch.found, publicKeys: batch.publicKeys, suppressed: batch.suppressed, bytes: batch.bytes, files: batch.files, warnings: [], errors: [] } : emptyResult();
    if (own) {
      r.errors = own.errors;
      r.warnings = own.warnings;
    }
    progress.done(r, unit[k]!);
  }
}

/** Jobs the pool is given for `units`: a batch or a whole file one each, a file split into parts one a part, standard input none (it is read here). */
function jobsOf(units: readonly (number | number[])[], run: Pick<ParallelRun, 'sources' | 'plans'>): number {
  let jobs = 0;
  for (const u of units) jobs += typeof u !== 'number' ? 1 : run.sources[u]!.stdin ? 0 : run.plans[u]?.length ?? 1;
  return jobs;
}

/**
 * The run's pieces of work in `order`: a source's index, or a batch of small whole files on disk
 * (their indexes), made of the small files next to one another in the order.
 */
function batched(order: readonly number[], run: Pick<ParallelRun, 'sources' | 'sizes' | 'plans'>): (number | number[])[] {
  const units: (number | number[])[] = [];
  let batch: number[] = [];
  let bytes = 0;
  for (const i of order) {
    const ref = run.sources[i]!;
    const size = run.sizes[i];
    if (ref.stdin || run.plans[i] || !ref.fsPath || ref.archive || ref.gitBlob || size === undefined || size > BATCH_FILE_BYTES) {
      units.push(i);
      continue;
    }
    if (batch.length >= BATCH_FILES || bytes + size > BATCH_BYTES) {
      units.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(i);
    bytes += size;
  }
  if (batch.length > 0) units.push(batch);
  return units;
}
