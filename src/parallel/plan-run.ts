import { statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { FilePart } from '../read/read-source.js';
import { runLimited } from '../shared/run-limited.js';
import type { SourceRef } from '../types.js';
import { planSplit } from './plan.js';

/** What decides whether and how a run is spread over threads, and who is told how it was. */
export interface ParallelOptions {
  /**
   * Threads that scan (default 1): above 1, worker threads scan files, and parts of large CSV,
   * NDJSON, JSON and text files, at once, when the run is large enough to repay starting them.
   */
  jobs?: number;
  /** Runs with fewer bytes than this stay on one thread (default 16 MiB). */
  parallelMinBytes?: number;
  /** Files are split into parts of about this many bytes (default: 4 per thread, 8 to 32 MiB). */
  partBytes?: number;
  /** Files over this many bytes are not split: their scan reports them. */
  maxFileSize?: number;
  /** Told how the run is spread over threads, before it starts. */
  onPlan?: (plan: ScanPlan) => void;
  /** Told when a file split into parts had to be scanned again whole, and why. */
  onRescan?: (file: string, why: string) => void;
}

/**
 * Threads a scan starts when -j does not say: one a core, and no more than this many. Each thread
 * holds a heap of its own, some 45-65 MB of RSS while it scans a large file (the main thread
 * another 57 MB): one a core on a 16-core machine would take 1 GB (issue 16). Four cut a large
 * run to about a quarter of its one-thread time and stay near 300 MB; -j asks for more, up to the cores.
 */
export const DEFAULT_THREADS = 4;

/** The -j a scan runs with when it is not given: one thread a core, DEFAULT_THREADS at most. */
export function defaultJobs(): number {
  return Math.min(DEFAULT_THREADS, availableParallelism());
}

/**
 * Worker threads a run asks for `jobs` starts: no more than the machine's cores (or two). Each thread holds
 * its own heap (some 45 MB while it scans a large file), and a thread more than the cores only
 * waits for one: on 2 cores, 200 MB of pretty JSON, -j 4 took 291 MB of RSS and more time than
 * -j 2 (188 MB; issue 16 asks for < 200 MB on every input). The report is the same on any number.
 */
export function threadsFor(jobs: number): number {
  // two at least when asked for: a one-core machine still runs (and its tests still check) the threaded path
  return Math.max(1, Math.min(jobs, Math.max(2, availableParallelism())));
}

/** Threads the run uses, and the files split into parts. */
export interface ScanPlan {
  threads: number;
  parts: { file: string; parts: number }[];
}

/** Per source of a run, the parts to scan it in (undefined: whole). */
export type RunPlan = (FilePart[] | undefined)[];

const PARALLEL_MIN_BYTES = 16 * 1024 * 1024;
const PART_BYTES = 32 * 1024 * 1024;
/** Parts are not made smaller than this to give each thread several. */
const MIN_PART_BYTES = 8 * 1024 * 1024;
/** Parts per thread a large file is cut into, at least: a thread that finishes early takes the next. */
const PARTS_PER_THREAD = 4;
/** Files looked at at once to plan their split (most are too small to open). */
const PLAN_CONCURRENCY = 64;

/**
 * What a stat of a file on disk said (`st` undefined: it is gone), or why it could not be asked;
 * undefined for a source that is no file on disk (an archive entry, standard input, a staged blob).
 */
export type FileStat = { st: FileIdentity | undefined } | { error: unknown } | undefined;

/** What a run keeps of a file's stat: its size and identity (a stat object each, with its dates, took 20 MB for 50,000 files). */
export interface FileIdentity {
  size: number;
  ino: number;
  dev: number;
}

/**
 * A source's stat, asked without a promise (50,000 of them took a second, issue 16), once a file:
 * its size plans the run and its identity finds the run's own report (-o); a second stat for that
 * took a tenth of the start of a run of 50,000 files.
 */
export function statOf(ref: SourceRef): FileStat {
  if (!ref.fsPath || ref.archive || ref.gitBlob || ref.stdin) return undefined;
  try {
    const st = statSync(ref.fsPath, { throwIfNoEntry: false });
    return { st: st && { size: st.size, ino: st.ino, dev: st.dev } };
  } catch (error) {
    return { error };
  }
}

/**
 * Bytes of a file on disk from its stat (0 when it could not be asked: its scan says why), or
 * undefined when not known before reading. With `ref`, a size the stat gave is kept on it too
 * (SourceRef.size): its read then needs no second stat.
 */
export function sizeOf(stat: FileStat, ref?: SourceRef): number | undefined {
  if (stat === undefined) return undefined;
  const size = 'st' in stat ? stat.st?.size : undefined;
  if (ref && size !== undefined) ref.size = size;
  return size ?? 0;
}

/** Pieces of work a plan makes: a part, or a whole file; standard input is read on the main thread. */
export function unitsOf(sources: readonly SourceRef[], plans: RunPlan): number {
  return sources.reduce((n, ref, i) => n + (ref.stdin ? 0 : plans[i]?.length ?? 1), 0);
}

/**
 * Per source, the parts to scan it in (undefined: whole), when the run asks for several jobs, its
 * ruleset can be sent to workers (`shareable`), it is large enough to repay starting threads, and
 * there are at least two pieces of work. Undefined: the run stays on this thread.
 */
export async function planRun(sources: readonly SourceRef[], sizes: readonly (number | undefined)[], opts: ParallelOptions, shareable: boolean): Promise<RunPlan | undefined> {
  if ((opts.jobs ?? 1) < 2 || !shareable) return undefined;
  const jobs = threadsFor(opts.jobs ?? 1);
  if ((await runBytes(sources, sizes)) < (opts.parallelMinBytes ?? PARALLEL_MIN_BYTES)) return undefined;
  const maxBytes = opts.maxFileSize ?? Infinity;
  // several parts per thread, so that one slow part does not leave the other threads idle
  const partBytes = (size: number): number => opts.partBytes ?? Math.min(PART_BYTES, Math.max(MIN_PART_BYTES, Math.ceil(size / (jobs * PARTS_PER_THREAD))));
  const plans: RunPlan = new Array<FilePart[] | undefined>(sources.length).fill(undefined);
  // a file is split only when it holds two parts: the others (all 50,000 of a folder of small
  // files) are not asked at all, which took 50,000 promises (issue 16)
  const large = sources.flatMap((_, i) => ((sizes[i] ?? 0) >= 2 * partBytes(sizes[i] ?? 0) ? [i] : []));
  await runLimited(large.length, PLAN_CONCURRENCY, async (n) => {
    const i = large[n]!;
    const size = sizes[i] ?? 0;
    plans[i] = size <= maxBytes ? await planSplit(sources[i]!, size, partBytes(size)) : undefined;
  });
  return unitsOf(sources, plans) >= 2 ? plans : undefined;
}

/** Bytes on disk a run reads: its files, and each archive once, however many entries it has. */
async function runBytes(sources: readonly SourceRef[], sizes: readonly (number | undefined)[]): Promise<number> {
  const archives = [...new Set(sources.flatMap((r) => (r.archive ? [r.archive.file] : [])))];
  const archived = await Promise.all(archives.map((f) => stat(f).then((s) => s.size, () => 0)));
  return sizes.reduce<number>((a, n) => a + (n ?? 0), 0) + archived.reduce((a, n) => a + n, 0);
}
