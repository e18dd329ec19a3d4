// The programmatic API (`import { scan } from 'leakgate'`), for upload scripts written in Node.
// It is an entry point like bin/: it runs exactly what `leakgate scan` runs, through the same
// function, and gives back the JSON report of DESIGN.md and the CLI's exit code. Its types are
// the package's published types (dist/api.d.ts): change them only as a contract.
import { ConfigError } from './shared/config-error.js';
import { PackError } from './packs/pack-error.js';
import { type Io, processIo } from './cli/io.js';
import { loadProjectKey } from './cli/project-key.js';
import { exitCode as exitCodeOf, readBaseline, scanWith, type ScanFlags } from './cli/scan-command.js';
import { collectReport } from './report/report-stream.js';
import { type Confidence, CONFIDENCES, type Report, SEVERITIES, type Severity, UsageError } from './types.js';
import path from 'node:path';

export type { Category, Confidence, Finding, Problem, Report, Severity, Summary } from './types.js';
export { CATEGORIES, CONFIDENCES, SEVERITIES } from './types.js';

/** What `scan` can be told; every option has the CLI flag of the same name, and the same default. */
export interface ScanOptions {
  /** Folder that paths, globs and the config search start from, and that report paths are relative to (default: the current folder). */
  cwd?: string;
  /** Config file (default: .leakgate.json, .leakgate.yaml or package.json "leakgate", found upwards from `cwd`). */
  config?: string;
  /** Packs to add: built-in ids, pack files or folders of packs (`--pack`). */
  packs?: string[];
  /** false: only the packs in `packs` (`--no-default-packs`). */
  defaultPacks?: boolean;
  /** Lowest severity that fails the run (default: the config's, else `low`). */
  failOn?: Severity | 'none';
  /** Leave out findings below this confidence (default: the config's, else `low`). */
  minConfidence?: Confidence;
  /** Scan only files matching these globs. */
  include?: string[];
  /** Skip files matching these globs. */
  exclude?: string[];
  /** A baseline file (`leakgate baseline create`): its findings are suppressed. */
  baseline?: string;
  /** Scan what is staged in the git index of `cwd` instead of the working tree. */
  staged?: boolean;
  /** A bigger file is an error, not skipped: bytes, or a size such as `"2GiB"` (default 8GiB). */
  maxFileSize?: number | string;
  /** Threads that scan (default: one per core). */
  jobs?: number;
  /** Put raw values in the findings (`value`): the report then holds personal data. */
  showValues?: boolean;
}

/** What a scan gives back: the JSON report and the exit code `leakgate scan` would have. */
export interface ScanResult {
  /** 0 nothing at or above `failOn`; 1 findings at or above it; 2 a file in scope could not be scanned. */
  exitCode: 0 | 1 | 2;
  report: Report;
}

/**
 * What `leakgate scan` reports as exit 2 before any file is scanned: a bad option, config or pack.
 * (A file that cannot be scanned is not thrown: it is in `report.errors`, with `exitCode` 2.)
 */
export class LeakgateError extends Error {
  readonly exitCode = 2;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LeakgateError';
  }
}

/**
 * Scans files, folders or globs (relative to `options.cwd`) as `leakgate scan` does, with the same
 * config, packs and defaults, and resolves to the report and exit code; it prints nothing.
 * Rejects with a LeakgateError (exitCode 2) on a usage, config or pack error.
 */
export async function scan(paths: string | string[], options: ScanOptions = {}): Promise<ScanResult> {
  const list = typeof paths === 'string' ? [paths] : [...paths];
  // nothing printed, no standard input, no spinner: a library, not a terminal program
  const quiet = { write: () => true, isTTY: false };
  const { cwd, env } = processIo();
  const io: Io = { stdout: quiet, stderr: quiet, cwd: path.resolve(cwd, options.cwd ?? '.'), env };
  try {
    const flags = toFlags(options);
    // fingerprints keyed as the CLI keys them: LEAKGATE_KEY, else the user's key file
    const key = loadProjectKey(env);
    const baseline = options.baseline ? await readBaseline(path.resolve(io.cwd, options.baseline), options.baseline, key) : undefined;
    const { report: stream } = await scanWith(list.length > 0 || options.staged ? list : ['.'], flags, io, key, baseline);
    try {
      const report = collectReport(stream);
      return { exitCode: exitCodeOf(report) as ScanResult['exitCode'], report };
    } finally {
      stream.close();
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof PackError || e instanceof ConfigError || e instanceof LeakgateError) {
      throw e instanceof LeakgateError ? e : new LeakgateError(e.message, { cause: e });
    }
    throw new LeakgateError(`internal error: ${(e as Error)?.message ?? String(e)}`, { cause: e });
  }
}

/** The options as the scan command's flags, checked as commander checks the CLI's. */
function toFlags(o: ScanOptions): ScanFlags {
  const oneOf = <T extends string>(name: string, value: T | undefined, allowed: readonly string[]): T | undefined => {
    if (value !== undefined && !allowed.includes(value)) throw new LeakgateError(`${name} must be one of ${allowed.join(', ')} (got ${String(value)})`);
    return value;
  };
  if (o.jobs !== undefined && !(Number.isInteger(o.jobs) && o.jobs >= 1)) throw new LeakgateError(`jobs must be a whole number of 1 or more (got ${o.jobs})`);
  const flags: ScanFlags = { defaultPacks: o.defaultPacks ?? true, progress: false };
  const failOn = oneOf('failOn', o.failOn, [...SEVERITIES, 'none']);
  const minConfidence = oneOf('minConfidence', o.minConfidence, CONFIDENCES);
  if (failOn) flags.failOn = failOn;
  if (minConfidence) flags.minConfidence = minConfidence;
  if (o.config !== undefined) flags.config = o.config;
  if (o.packs) flags.pack = [...o.packs];
  if (o.include) flags.include = [...o.include];
  if (o.exclude) flags.exclude = [...o.exclude];
  if (o.staged) flags.staged = true;
  if (o.maxFileSize !== undefined) flags.maxFileSize = String(o.maxFileSize);
  if (o.jobs !== undefined) flags.jobs = o.jobs;
  if (o.showValues) flags.showValues = true;
  return flags;
}
