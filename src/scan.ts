import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createDetector } from './detect/detect.js';
import { ShapeCheck } from './detect/shapes.js';
import { discover } from './discover/discover.js';
import { applyBaseline, type BaselineState } from './filter/baseline.js';
import { filterMatches, fingerprint, valueKeyer } from './filter/filter.js';
import { planSplit } from './parallel/plan.js';
import type { WorkerPool } from './parallel/pool.js';
import type { FilePart } from './read/read-source.js';
import { addFiltered, decodeWarnings, emptyResult, type FileResult, scanSource, type SourceScanContext } from './scan-source.js';
import { SEVERITIES, type Confidence, type Finding, type Problem, type Report, type Ruleset, type Severity, type SourceRef } from './types.js';

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
  /** A baseline to apply, or to record into (create/update). */
  baseline?: BaselineState;
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
  /** Kinds of file the config accepts unread (`"accept": ["image"]`). */
  accept?: string[];
  /** The config in use, named in the report (null: none). */
  config?: string | null;
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

/**
 * Runs the stages in order for every path: discover → read → extract → detect → filter, and
 * builds the report. The only module that knows the order; it prints nothing. With `jobs` over 1
 * and enough bytes, worker threads do the reading to filtering, and this joins their results:
 * the report is the same as on one thread.
 */
export async function scan(opts: ScanOptions): Promise<Report> {
  const now = opts.now ?? Date.now;
  const started = now();
  const discoverOpts: Parameters<typeof discover>[1] = { cwd: opts.cwd };
  if (opts.include) discoverOpts.include = opts.include;
  if (opts.exclude) discoverOpts.exclude = opts.exclude;
  if (opts.stdinFilename) discoverOpts.stdinFilename = opts.stdinFilename;
  if (opts.staged) discoverOpts.staged = true;
  if (opts.accept?.length) discoverOpts.accept = opts.accept;
  const { sources, skipped, errors: unscannable } = await discover(opts.paths, discoverOpts);
  const runKey = randomBytes(32);
  const ctx: SourceScanContext = {
    ruleset: opts.ruleset,
    detector: createDetector(opts.ruleset),
    valueKey: valueKeyer(runKey),
    showValues: opts.showValues ?? false,
    verbose: opts.verbose ?? false,
    minConfidence: opts.minConfidence ?? 'low',
    ...(opts.maxFileSize !== undefined ? { maxFileSize: opts.maxFileSize } : {}),
    ...(opts.acceptImagePages ? { acceptImagePages: true } : {}),
    ...(opts.baseline ? { baselineKey: opts.baseline.key } : {}),
    ...(opts.stdin ? { stdin: opts.stdin } : {}),
    ...(opts.accept?.length ? { accept: opts.accept } : {}),
  };
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
  let pool: WorkerPool | undefined;
  let results: FileResult[];
  try {
    const plans = await planParallel(sources, sizes, opts);
    pool = plans && (await startPool(opts, runKey));
    if (pool && plans) results = await scanInParallel(sources, sizes, plans, ctx, pool, opts, onBytes, done);
    else {
      opts.onPlan?.({ threads: 1, parts: [] });
      results = await scanHere(sources, ctx, progress, onBytes, done);
    }
  } finally {
    ctx.detector.close();
    await pool?.close();
  }

  // values allowed as public in one place (a station postcode) are public everywhere in the run
  const publicKeys = new Set(results.flatMap((r) => r.publicKeys));
  let publicElsewhere = 0;
  const found = results
    .flatMap((r) => r.findings.flatMap((f, k) => {
      if (f.category !== 'sensitive-field' && publicKeys.has(r.keys[k]!)) {
        publicElsewhere++;
        return [];
      }
      return [{ item: f, hash: r.hashes[k] ?? '' }];
    }))
    .sort((a, b) => compareFindings(a.item, b.item));
  // a baseline is applied in report order, whatever order the files were scanned in
  const { kept: findings, suppressed: baselined } = opts.baseline ? applyBaseline(found, opts.baseline) : { kept: found.map((x) => x.item), suppressed: 0 };
  const errors = [...unscannable, ...results.flatMap((r) => r.errors)];
  const warnings = [...skipped, ...results.flatMap((r) => r.warnings)];
  const files = results.reduce((n, r) => n + r.files, 0);
  // nothing in scope: an empty upload is a broken upload (exit 2); nothing staged has nothing to judge
  if (files === 0 && errors.length === 0) {
    const where = opts.staged ? 'the git index' : opts.paths.join(' ');
    if (opts.staged) warnings.push({ file: where, code: 'ENOTHING', message: 'no file in scope is staged: nothing to judge' });
    else errors.push({ file: where, code: 'EEMPTY', message: 'no file in scope: an empty upload is a broken upload (check the paths and --include/--exclude)' });
  }
  const failed = opts.failOn !== 'none' && findings.some((f) => atOrAbove(f.severity, opts.failOn as Severity));
  return {
    version: 1,
    tool: { name: 'leakgate', version: opts.toolVersion },
    ...(opts.config !== undefined ? { config: opts.config } : {}),
    summary: {
      files,
      bytes: results.reduce((n, r) => n + r.bytes, 0),
      findings: findings.length,
      errors: errors.length,
      warnings: warnings.length,
      suppressed: results.reduce((n, r) => n + r.suppressed, 0) + publicElsewhere + baselined,
      failOn: opts.failOn,
      failed,
      durationMs: Math.max(0, Math.round(now() - started)),
    },
    findings,
    errors,
    warnings,
  };
}

/** Scans on this thread, a few files at once so that reading one overlaps detecting another. */
async function scanHere(
  sources: SourceRef[],
  ctx: SourceScanContext,
  progress: Progress,
  onBytes: (bytes: number, findings: number) => void,
  done: (r: FileResult) => FileResult,
): Promise<FileResult[]> {
  const results: FileResult[] = new Array(sources.length);
  let next = 0;
  const reader = async (): Promise<void> => {
    while (next < sources.length) {
      const i = next++;
      progress.current = sources[i]!.display;
      results[i] = done(await scanSource(sources[i]!, ctx, onBytes));
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
async function startPool(opts: ScanOptions, runKey: Buffer): Promise<WorkerPool> {
  const { WorkerPool } = await import('./parallel/pool.js');
  return new WorkerPool(opts.jobs!, {
    recipe: opts.ruleset.recipe!,
    valueKey: runKey,
    ...(opts.baseline ? { baselineKey: opts.baseline.key } : {}),
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
 * Standard input is read on this thread.
 */
async function scanInParallel(
  sources: SourceRef[],
  sizes: (number | undefined)[],
  plans: (FilePart[] | undefined)[],
  ctx: SourceScanContext,
  pool: WorkerPool,
  opts: ScanOptions,
  onBytes: (bytes: number, findings: number) => void,
  done: (r: FileResult) => FileResult,
): Promise<FileResult[]> {
  const units = sources.reduce((n, ref, i) => n + (ref.stdin ? 0 : plans[i]?.length ?? 1), 0);
  opts.onPlan?.({ threads: Math.max(1, Math.min(pool.size, units)), parts: plans.flatMap((p, i) => (p ? [{ file: sources[i]!.display, parts: p.length }] : [])) });
  const order = sources.map((_, i) => i).sort((a, b) => (sizes[b] ?? 0) - (sizes[a] ?? 0));
  const results: FileResult[] = new Array(sources.length);
  await Promise.all(order.map(async (i) => {
    const ref = sources[i]!;
    const parts = plans[i];
    if (ref.stdin) results[i] = await scanSource(ref, ctx, onBytes);
    else if (!parts) results[i] = await pool.run(ref, onBytes);
    else {
      const joined = joinParts(ref, await Promise.all(parts.map((p) => pool.run(ref, onBytes, p))), parts, ctx);
      // a split inside a quoted cell, or broken structure: the file is scanned again, whole
      if (typeof joined === 'string') opts.onRescan?.(ref.display, joined);
      results[i] = typeof joined === 'string' ? await pool.run(ref, () => {}) : joined;
    }
    done(results[i]!);
  }));
  return results;
}

/**
 * One file's result from its parts' results: lines renumbered, fingerprints remade, the first
 * ragged-row warning kept, a JSON shape judged on every part's keys. When a part did not end on
 * a record boundary or met broken structure, which only a whole scan reports right: why.
 */
function joinParts(ref: SourceRef, parts: FileResult[], plan: FilePart[], ctx: SourceScanContext): FileResult | string {
  const failed = parts.find((r) => r.errors.length > 0);
  if (failed) return { ...emptyResult(), files: 1, errors: failed.errors };
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
  for (const r of parts) {
    const p = r.part!;
    const delta = line - p.startLine;
    const recordDelta = records - p.startRecords;
    r.findings.forEach((f, k) => {
      if (recordDelta !== 0 && f.field?.startsWith('$')) f.field = renumberRecord(f.field, recordDelta);
      if (delta !== 0 || recordDelta !== 0) {
        f.line += delta;
        f.fingerprint = fingerprint(f.ruleId, f.file, f.field, f.line, f.column);
      }
      out.findings.push(f);
      out.keys.push(r.keys[k]!);
      if (r.hashes.length > 0) out.hashes.push(r.hashes[k]!);
    });
    for (const k of r.publicKeys) out.publicKeys.push(k);
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
  }
  const unexpected = shapes.finish();
  if (unexpected.length > 0) {
    const filterOpts = { file, showValues: ctx.showValues, verbose: ctx.verbose, valueKey: ctx.valueKey, seen: new Set<string>(), minConfidence: ctx.minConfidence };
    addFiltered(out, filterMatches(unexpected, ctx.ruleset, ctx.baselineKey ? { ...filterOpts, baselineKey: ctx.baselineKey } : filterOpts));
  }
  for (const w of decodeWarnings(file, { replaced, nuls }, plan[0]!.kind.encoding)) out.warnings.push(w);
  return out;
}

/** True when `s` is at least as severe as `threshold`. */
export function atOrAbove(s: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(s) <= SEVERITIES.indexOf(threshold);
}

/** An NDJSON label of record n (`$` is record 0, then `$[1]`, `$[2]`…) moved on by `delta` records. */
function renumberRecord(label: string, delta: number): string {
  return label.replace(/^\$(?:\[(\d+)\])?/, (_, n: string | undefined) => {
    const index = Number(n ?? 0) + delta;
    return index > 0 ? `$[${index}]` : '$';
  });
}

function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}
