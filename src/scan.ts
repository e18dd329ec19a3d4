import { randomBytes } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { createDetector } from './detect/detect.js';
import { ShapeCheck } from './detect/shapes.js';
import { discover } from './discover/discover.js';
import type { BaselineState } from './filter/baseline.js';
import { filterMatches, valueKeyer } from './filter/filter.js';
import { planSplit } from './parallel/plan.js';
import type { WorkerPool } from './parallel/pool.js';
import type { FilePart } from './read/read-source.js';
import { collectReport } from './report/report-stream.js';
import { scanNames } from './scan-names.js';
import { countSpooled } from './scan-report.js';
import { addFiltered, createMasker, decodeWarnings, emptyResult, type FileResult, filterOptions, scanSource, type SourceHooks, type SourceScanContext } from './scan-source.js';
import { FileWriters, FindingSpool } from './spool/finding-spool.js';
import { SEVERITIES, type Confidence, type Problem, type Report, type ReportStream, type Ruleset, type Severity, type SourceRef } from './types.js';

export interface ScanOptions {
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
  /**
   * Threads that scan (default 1): above 1, worker threads scan files, and parts of large CSV,
   * NDJSON and text files, at once, when the run is large enough to repay starting them.
   */
  jobs?: number;
  /** Runs with fewer bytes than this stay on one thread (default 16 MiB). */
  parallelMinBytes?: number;
  /** Files are split into parts of about this many bytes (default: 4 per thread, 8 to 32 MiB). */
  partBytes?: number;
  onProgress?: (p: Progress) => void;
  /** Told how the run is spread over threads, before it starts. */
  onPlan?: (plan: ScanPlan) => void;
  /** Told when a file split into parts had to be scanned again whole, and why. */
  onRescan?: (file: string, why: string) => void;
  /** Clock for durationMs (tests pin it). */
  now?: () => number;
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

/** Threads the run uses, and the files split into parts. */
export interface ScanPlan {
  threads: number;
  parts: { file: string; parts: number }[];
}

const PARALLEL_MIN_BYTES = 16 * 1024 * 1024;
const PART_BYTES = 32 * 1024 * 1024;
/** Parts are not made smaller than this to give each thread several. */
const MIN_PART_BYTES = 8 * 1024 * 1024;
/** Parts per thread a large file is cut into, at least: a thread that finishes early takes the next. */
const PARTS_PER_THREAD = 4;
/** Files read at once on one thread: reading overlaps while detection shares the thread. */
const SERIAL_CONCURRENCY = 4;

/** A scan's report, its findings read from a temporary spool as the report is written. */
export interface ScanResult extends ReportStream {
  /** Removes the spool. */
  close(): void;
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
  const discoverOpts: Parameters<typeof discover>[1] = { cwd: opts.cwd };
  if (opts.include) discoverOpts.include = opts.include;
  if (opts.exclude) discoverOpts.exclude = opts.exclude;
  if (opts.stdinFilename) discoverOpts.stdinFilename = opts.stdinFilename;
  if (opts.staged) discoverOpts.staged = true;
  if (opts.accept?.length) discoverOpts.accept = opts.accept;
  const found = await discover(opts.paths, discoverOpts);
  const { sources, skippedOwn } = leaveOut(found.sources, opts.skip ?? []);
  const skipped = [...found.skipped, ...skippedOwn];
  const unscannable = found.errors;
  const runKey = randomBytes(32);
  const fingerprintKey = opts.fingerprintKey ?? randomBytes(32);
  const detector = createDetector(opts.ruleset);
  const ctx: SourceScanContext = {
    ruleset: opts.ruleset,
    detector,
    masker: createMasker(detector),
    fingerprintKey,
    valueKey: valueKeyer(runKey),
    showValues: opts.showValues ?? false,
    verbose: opts.verbose ?? false,
    minConfidence: opts.minConfidence ?? 'low',
    ...(opts.maxFileSize !== undefined ? { maxFileSize: opts.maxFileSize } : {}),
    ...(opts.acceptImagePages ? { acceptImagePages: true } : {}),
    ...(opts.stdin ? { stdin: opts.stdin } : {}),
    ...(opts.accept?.length ? { accept: opts.accept } : {}),
  };
  const spool = new FindingSpool(opts.tmpdir);
  try {
    const sizes = await Promise.all(sources.map(sizeOf));
    const progress: Progress = { filesDone: 0, filesTotal: sources.length, bytes: 0, findings: 0 };
    if (sizes.every((n) => n !== undefined)) progress.bytesTotal = sizes.reduce<number>((a, n) => a + n!, 0);
    // findings are counted as they are found, before the run-wide filters: a progress figure
    const onBytes = (bytes: number, findings: number): void => {
      progress.bytes += bytes;
      progress.findings += findings;
      opts.onProgress?.(progress);
    };
    const done = (r: FileResult): FileResult => {
      progress.filesDone++;
      opts.onProgress?.(progress);
      return r;
    };
    // names are fields of their own: a folder called after a person is a finding
    const { errors: nameErrors, folders } = scanNames([...sources.map((s) => s.display), ...skipped.map((p) => p.file), ...unscannable.map((p) => p.file)], found.roots, ctx, spool);
    let pool: WorkerPool | undefined;
    let results: FileResult[];
    try {
      const plans = await planParallel(sources, sizes, opts);
      pool = plans && (await startPool(opts, runKey, fingerprintKey));
      if (pool && plans) results = await scanInParallel(sources, sizes, plans, ctx, pool, spool, opts, onBytes, done);
      else {
        opts.onPlan?.({ threads: 1, parts: [] });
        results = await scanHere(sources, ctx, spool, progress, onBytes, done);
      }
    } finally {
      await pool?.close();
    }
    // every path the report shows, as it shows it: with each finding in it masked
    const shown = (p: Problem): Problem => ({ file: ctx.masker.path(p.file), code: p.code, message: ctx.masker.label(p.message) });
    const errors = [...unscannable, ...nameErrors, ...results.flatMap((r) => r.errors)];
    const warnings = [...skipped, ...results.flatMap((r) => r.warnings)];
    const files = results.reduce((n, r) => n + r.files, 0);
    // nothing in scope: an empty upload is a broken upload (exit 2); nothing staged has nothing to judge
    if (files === 0 && errors.length === 0) {
      const where = opts.staged ? 'the git index' : opts.paths.join(' ');
      if (opts.staged) warnings.push({ file: where, code: 'ENOTHING', message: 'no file in scope is staged: nothing to judge' });
      else errors.push({ file: where, code: 'EEMPTY', message: 'no file in scope: an empty upload is a broken upload (check the paths and --include/--exclude)' });
    }
    const errorsShown = errors.map(shown);
    const warningsShown = warnings.map(shown);
    detector.close();

    // values allowed as public in one place (a station postcode) are public everywhere in the run
    const publicKeys = new Set(results.flatMap((r) => r.publicKeys));
    const spooled = countSpooled(spool, { publicKeys, folders, ...(opts.baseline ? { baseline: opts.baseline } : {}) });
    const { tally } = spooled;
    const failOn = opts.failOn;
    const failed = errorsShown.length > 0 || (failOn !== 'none' && SEVERITIES.some((sev) => tally.bySeverity[sev] > 0 && atOrAbove(sev, failOn)));
    return {
      version: 1,
      tool: { name: 'leakgate', version: opts.toolVersion },
      ...(opts.config !== undefined ? { config: opts.config === null ? null : ctx.masker.path(opts.config) } : {}),
      summary: {
        files,
        bytes: results.reduce((n, r) => n + r.bytes, 0),
        findings: spooled.count,
        errors: errorsShown.length,
        warnings: warningsShown.length,
        suppressed: results.reduce((n, r) => n + r.suppressed, 0) + spooled.suppressed,
        failOn,
        failed,
        durationMs: Math.max(0, Math.round(now() - started)),
      },
      errors: errorsShown,
      warnings: warningsShown,
      tally,
      findings: spooled.findings,
      close: () => spool.close(),
    };
  } catch (e) {
    detector.close();
    spool.close();
    throw e;
  }
}

/**
 * Sources that are not to be scanned (the report this run writes, inside the scanned folder),
 * left out with a warning each: nothing in scope is passed over without a line in the report.
 */
function leaveOut(sources: SourceRef[], skip: string[]): { sources: SourceRef[]; skippedOwn: Problem[] } {
  if (skip.length === 0) return { sources, skippedOwn: [] };
  const real = (p: string): string => {
    try {
      return realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  const own = new Set(skip.map(real));
  const skippedOwn: Problem[] = [];
  const kept = sources.filter((s) => {
    if (!s.fsPath || s.archive || s.gitBlob || !own.has(real(s.fsPath))) return true;
    skippedOwn.push({ file: s.display, code: 'EOUTPUT', message: "this run's own report (-o): not scanned" });
    return false;
  });
  return { sources: kept, skippedOwn };
}

/** Scans on this thread, a few files at once so that reading one overlaps detecting another. */
async function scanHere(
  sources: SourceRef[],
  ctx: SourceScanContext,
  spool: FindingSpool,
  progress: Progress,
  onBytes: (bytes: number, findings: number) => void,
  done: (r: FileResult) => FileResult,
): Promise<FileResult[]> {
  const results: FileResult[] = new Array(sources.length);
  let next = 0;
  const reader = async (): Promise<void> => {
    while (next < sources.length) {
      const i = next++;
      const ref = sources[i]!;
      progress.current = ctx.masker.path(ref.display);
      const writers = new FileWriters((file, shown) => spool.writer(file, shown));
      const hooks: SourceHooks = { onFindings: (findings, keys, file, shown) => writers.add(findings, keys, file, shown) };
      results[i] = done(await scanSource(ref, ctx, onBytes, undefined, hooks));
      writers.end();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(SERIAL_CONCURRENCY, sources.length)) }, reader));
  return results;
}

/**
 * Bytes of a file on disk, or undefined when not known before reading: an archive entry (its
 * archive is counted by runBytes), standard input, a staged blob.
 */
async function sizeOf(ref: SourceRef): Promise<number | undefined> {
  if (!ref.fsPath || ref.archive || ref.gitBlob || ref.stdin) return undefined;
  return stat(ref.fsPath).then((s) => s.size, () => 0);
}

/** Bytes on disk a run reads: its files, and each archive once, however many entries it has. */
async function runBytes(sources: SourceRef[], sizes: (number | undefined)[]): Promise<number> {
  const archives = [...new Set(sources.flatMap((r) => (r.archive ? [r.archive.file] : [])))];
  const archived = await Promise.all(archives.map((f) => stat(f).then((s) => s.size, () => 0)));
  return sizes.reduce<number>((a, n) => a + (n ?? 0), 0) + archived.reduce((a, n) => a + n, 0);
}

/**
 * Per source, the parts to scan it in (undefined: whole), when the run asks for several jobs and
 * is large enough to repay starting threads, and there are at least two pieces of work.
 */
async function planParallel(sources: SourceRef[], sizes: (number | undefined)[], opts: ScanOptions): Promise<(FilePart[] | undefined)[] | undefined> {
  if ((opts.jobs ?? 1) < 2 || !opts.ruleset.recipe) return undefined;
  if ((await runBytes(sources, sizes)) < (opts.parallelMinBytes ?? PARALLEL_MIN_BYTES)) return undefined;
  const maxBytes = opts.maxFileSize ?? Infinity;
  // several parts per thread, so that one slow part does not leave the other threads idle
  const partBytes = (size: number): number => opts.partBytes ?? Math.min(PART_BYTES, Math.max(MIN_PART_BYTES, Math.ceil(size / (opts.jobs! * PARTS_PER_THREAD))));
  const plans = await Promise.all(sources.map((ref, i) => ((sizes[i] ?? 0) <= maxBytes ? planSplit(ref, sizes[i] ?? 0, partBytes(sizes[i] ?? 0)) : undefined)));
  const units = sources.reduce((n, ref, i) => n + (ref.stdin ? 0 : plans[i]?.length ?? 1), 0);
  return units >= 2 ? plans : undefined;
}

/** A pool of scan workers, told the ruleset's recipe and the run's keys. */
async function startPool(opts: ScanOptions, runKey: Buffer, fingerprintKey: Buffer): Promise<WorkerPool> {
  const { WorkerPool } = await import('./parallel/pool.js');
  return new WorkerPool(opts.jobs!, {
    recipe: opts.ruleset.recipe!,
    valueKey: runKey,
    fingerprintKey,
    showValues: opts.showValues ?? false,
    verbose: opts.verbose ?? false,
    minConfidence: opts.minConfidence ?? 'low',
    ...(opts.maxFileSize !== undefined ? { maxFileSize: opts.maxFileSize } : {}),
    ...(opts.acceptImagePages ? { acceptImagePages: true } : {}),
    ...(opts.accept?.length ? { accept: opts.accept } : {}),
  });
}

/**
 * Scans on the pool: the largest files first, each large CSV, NDJSON or text file in parts.
 * Standard input is read on this thread. Workers send findings as they make them; each file's
 * (or part's) go to the spool.
 */
async function scanInParallel(
  sources: SourceRef[],
  sizes: (number | undefined)[],
  plans: (FilePart[] | undefined)[],
  ctx: SourceScanContext,
  pool: WorkerPool,
  spool: FindingSpool,
  opts: ScanOptions,
  onBytes: (bytes: number, findings: number) => void,
  done: (r: FileResult) => FileResult,
): Promise<FileResult[]> {
  const units = sources.reduce((n, ref, i) => n + (ref.stdin ? 0 : plans[i]?.length ?? 1), 0);
  const shownOf = (ref: SourceRef): string => ctx.masker.path(ref.display);
  opts.onPlan?.({ threads: Math.max(1, Math.min(pool.size, units)), parts: plans.flatMap((p, i) => (p ? [{ file: shownOf(sources[i]!), parts: p.length }] : [])) });
  const order = sources.map((_, i) => i).sort((a, b) => (sizes[b] ?? 0) - (sizes[a] ?? 0));
  const results: FileResult[] = new Array(sources.length);
  // each file's or part's findings come sorted and encoded, a run at a time, and go to the spool
  const run = async (ref: SourceRef, part?: FilePart, index = 0, bytes = onBytes): Promise<FileResult> => {
    if (!ref.stdin) return pool.run(ref, bytes, (r, file, shown) => spool.append(file, shown, index, r), part);
    const writers = new FileWriters((file, shown) => spool.writer(file, shown, index));
    try {
      return await scanSource(ref, ctx, bytes, undefined, { onFindings: (findings, keys, file, shown) => writers.add(findings, keys, file, shown) });
    } finally {
      writers.end();
    }
  };
  await Promise.all(order.map(async (i) => {
    const ref = sources[i]!;
    const parts = plans[i];
    if (ref.stdin || !parts) results[i] = await run(ref);
    else {
      const joined = joinParts(ref, await Promise.all(parts.map((p, k) => run(ref, p, k))), parts, ctx, spool);
      // a split inside a quoted cell, or broken structure: the file is scanned again, whole
      if (typeof joined === 'string') {
        opts.onRescan?.(shownOf(ref), joined);
        spool.dropParts(ref.display);
        results[i] = await run(ref, undefined, 0, () => {});
      } else results[i] = joined;
    }
    done(results[i]!);
  }));
  return results;
}

/**
 * One file's result from its parts' results: the parts' lines and `$[n]` record labels moved on
 * in the spool, the first ragged-row warning kept, a JSON shape judged on every part's keys.
 * When a part did not end on a record boundary or met broken structure, which only a whole scan
 * reports right: why.
 */
function joinParts(ref: SourceRef, parts: FileResult[], plan: FilePart[], ctx: SourceScanContext, spool: FindingSpool): FileResult | string {
  const failed = parts.find((r) => r.errors.length > 0);
  if (failed) {
    spool.dropParts(ref.display);
    return { ...emptyResult(), files: 1, errors: failed.errors };
  }
  if (parts.some((r) => r.part?.broken)) return 'its structure broke, and the rest is read as text';
  if (parts.some((r) => r.part?.deferred)) return "some values' allowance depends on the shape of the whole file";
  if (parts.some((r) => !r.part?.idle)) return 'a split fell inside a record';
  const file = ref.display;
  const out: FileResult = { ...emptyResult(), files: 1 };
  const shapes = new ShapeCheck(ctx.ruleset.shapes);
  let line = 1;
  let records = 0;
  let ragged = false;
  let replaced = 0;
  let nuls = 0;
  parts.forEach((r, k) => {
    const p = r.part!;
    const delta = line - p.startLine;
    spool.shift(file, k, delta, records - p.startRecords);
    out.found += r.found;
    for (const key of r.publicKeys) out.publicKeys.push(key);
    out.suppressed += r.suppressed;
    out.bytes += r.bytes;
    for (const w of p.warnings) {
      if (w.code === 'ERAGGED' && ragged) continue;
      if (w.code === 'ERAGGED') ragged = true;
      const message = w.line !== undefined && delta !== 0 ? w.message.replace(`line ${w.line}`, `line ${w.line + delta}`) : w.message;
      out.warnings.push({ file, code: w.code, message });
    }
    shapes.addKeys(p.shapeKeys, delta);
    replaced += p.replaced;
    nuls += p.nuls;
    line += p.endLine - p.startLine;
    records += p.endRecords - p.startRecords;
  });
  const unexpected = shapes.finish();
  if (unexpected.length > 0) {
    const opts = filterOptions(ctx, file);
    const writer = spool.writer(file, opts.shown, parts.length);
    addFiltered(out, filterMatches(unexpected, ctx.ruleset, opts), { onFindings: (findings, keys) => findings.forEach((f, k) => writer.add(f, keys[k]!)) }, opts);
    writer.end();
  }
  for (const w of decodeWarnings(file, { replaced, nuls }, plan[0]!.kind.encoding)) out.warnings.push(w);
  return out;
}

/** True when `s` is at least as severe as `threshold`. */
export function atOrAbove(s: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(s) <= SEVERITIES.indexOf(threshold);
}
