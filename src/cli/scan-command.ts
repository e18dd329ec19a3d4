import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BaselineError, baselineState, type BaselineState } from '../filter/baseline.js';
import { parseSize } from '../config/load-config.js';
import { describeJsonError } from '../shared/json-error.js';
import { setup } from './setup.js';
import { writeJson } from '../report/json.js';
import type { Out } from '../report/report-stream.js';
import { writeText, verdict } from '../report/text.js';
import { visible } from '../report/visible.js';
import { scanStream, type Progress, type ScanPlan, type ScanResult } from '../scan.js';
import { defaultJobs } from '../parallel/plan-run.js';
import { messageMasker } from '../scan-names.js';
import { type Confidence, type ReportStream, type Ruleset, type Severity, type Summary, UsageError } from '../types.js';
import { type RuleMeta, ruleMetas } from '../report/rule-meta.js';
import { EXIT } from './exit-codes.js';
import { colorLevel, paintFor, type Io } from './io.js';
import { bufferedOut, checkOutput, insideScope, openOutput } from './output.js';
import { loadProjectKey, type ProjectKey } from './project-key.js';
import { isSmallRun, SMALL_RUN_V8_FLAGS } from './small-run.js';
import { toolVersion } from './version.js';
import { baselineDigest, type ShardSettings, shardSection } from '../shard/section.js';
import { parseShard } from '../shard/split.js';

export const REPORT_FORMATS = ['text', 'json', 'sarif', 'junit', 'csv', 'html'] as const;
/** The most findings an HTML report is made of. */
const HTML_MAX_FINDINGS = 1_000_000;
/** Files over this size are an error unless excluded: large enough for a year of national data. */
export const DEFAULT_MAX_FILE_SIZE = '8GiB';
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The report format an output file's extension implies. */
const FORMAT_BY_EXTENSION: Readonly<Record<string, ReportFormat>> = {
  '.json': 'json',
  '.sarif': 'sarif',
  '.xml': 'junit',
  '.csv': 'csv',
  '.html': 'html',
  '.htm': 'html',
  '.txt': 'text',
  '.log': 'text',
};

export interface ScanFlags {
  format?: ReportFormat;
  output?: string;
  failOn?: Severity | 'none';
  minConfidence?: Confidence;
  /** The exit code for findings at or above --fail-on (default 1). */
  exitCode?: number;
  config?: string;
  maxFileSize?: string;
  pack?: string[];
  defaultPacks: boolean;
  include?: string[];
  exclude?: string[];
  stdinFilename?: string;
  staged?: boolean;
  baseline?: string;
  showValues?: boolean;
  verbose?: boolean;
  quiet?: boolean;
  progress: boolean;
  color?: boolean;
  jobs?: number;
  parallelMinBytes?: number;
  partBytes?: number;
  /** `K/N`: scan only the K-th of N shards of the files (merged again by `leakgate merge`). */
  shard?: string;
}

/** `leakgate scan`: scans, writes the report, returns the exit code. */
export async function runScan(paths: string[], flags: ScanFlags, io: Io): Promise<number> {
  const chosen = reportFormat(flags);
  flags = chosen.flags;
  const format = chosen.format;
  if (flags.shard !== undefined && format !== 'json') throw new UsageError(`--shard makes a JSON report for leakgate merge: add -f json (got ${format})`);
  // the report's place is checked before anything is scanned: a bad -o costs no scan
  const output = flags.output ? path.resolve(io.cwd, flags.output) : undefined;
  if (output) {
    checkOutput(output, flags.output!);
    // a report with raw values inside the bundle would be uploaded with it
    if (flags.showValues && insideScope(output, paths, io.cwd, flags.staged ?? false)) {
      throw new UsageError(`-o ${flags.output} is inside what is scanned, and --show-values puts raw personal data in the report: write it outside the bundle`);
    }
  }
  // a few small files (a pre-commit hook's): V8 compiles for a short run (small-run.ts); a run
  // that may start worker threads keeps the flags their code cache was made under
  if (io.setV8Flags && !flags.staged && flags.parallelMinBytes === undefined && isSmallRun(paths, io.cwd)) {
    io.setV8Flags(SMALL_RUN_V8_FLAGS);
    if (io.debug) io.stderr.write('leakgate: a small run: V8 compiles it without optimising\n');
  }
  const key = loadProjectKey(io.env);
  const baseline = flags.baseline ? await readBaseline(path.resolve(io.cwd, flags.baseline), flags.baseline, key) : undefined;
  const { report, ruleset } = await scanWith(paths, flags, io, key, baseline, output ? [output] : []);
  try {
    await writeReport(report, () => ruleMetas(ruleset), format, flags, io);
  } finally {
    report.close();
  }
  return exitCode(report, flags.exitCode);
}

/** How a report is written: where, and how it looks on a terminal. */
export interface WriteFlags {
  output?: string;
  showValues?: boolean;
  verbose?: boolean;
  quiet?: boolean;
  color?: boolean;
}

/** The report format: -f, else the -o file's extension, else text. `-o -` is standard output, as in gitleaks. */
export function reportFormat<F extends WriteFlags & { format?: ReportFormat }>(flags: F): { format: ReportFormat; flags: F } {
  if (flags.output === '-') flags = withoutOutput(flags);
  return { format: flags.format ?? (flags.output ? FORMAT_BY_EXTENSION[path.extname(flags.output).toLowerCase()] ?? 'text' : 'text'), flags };
}

/**
 * Writes a report in `format` to -o or standard output, and the verdict line to stderr whenever
 * standard output does not end with it. `rules` describe the rules, for the formats that list them.
 */
export async function writeReport(report: ReportStream, rules: () => RuleMeta[], format: ReportFormat, flags: WriteFlags, io: Io): Promise<void> {
  const output = flags.output ? path.resolve(io.cwd, flags.output) : undefined;
  // the page keeps a compact row per finding (its list is drawn from them): past this many it
  // would not open, and could run the process out of memory, so the run says so instead
  if (format === 'html' && report.summary.findings > HTML_MAX_FINDINGS) {
    throw new UsageError(`${report.summary.findings} findings are more than an HTML report holds (${HTML_MAX_FINDINGS}): write JSON, SARIF or CSV (-f json, sarif, csv)`);
  }
  const toStdout = !output;
  const level = colorLevel(toStdout ? io.stdout : io.stderr, io.env, flags.color);
  // -q quiets the terminal, never a report file: a text report written with -o is whole
  const text = { paint: toStdout ? paintFor(level) : paintFor(0), quiet: false, verbose: flags.verbose ?? false };
  if (output) {
    const sink = openOutput(output, flags.output!, flags.showValues ?? false);
    try {
      await render(format, report, rules, text, sink.out);
    } finally {
      sink.close();
    }
  } else if (!(flags.quiet && format === 'text')) {
    const out = bufferedOut((chunk) => io.stdout.write(chunk));
    await render(format, report, rules, text, out.out);
    out.flush();
  }
  // the verdict goes to stderr whenever stdout does not carry the text report that ends with it:
  // with -o, with a machine-readable format, and always with -q (one stream, whatever the format)
  if (output || format !== 'text' || flags.quiet) io.stderr.write(`${verdict(report, paintFor(colorLevel(io.stderr, io.env, flags.color)))}\n`);
}

function withoutOutput<F extends WriteFlags>(flags: F): F {
  const { output: _stdout, ...rest } = flags;
  return rest as F;
}

/** 2 when a file could not be scanned; on findings at or above --fail-on, 1 or --exit-code; else 0. */
export function exitCode(report: { summary: Summary }, findings: number = EXIT.FINDINGS): number {
  if (report.summary.errors > 0) return EXIT.ERROR;
  return report.summary.failed ? findings : EXIT.OK;
}

/** "2 threads; big.csv in 31 parts" or "1 thread". */
function describePlan(p: ScanPlan): string {
  const parts = p.parts.map((x) => `${x.file} in ${x.parts} parts`);
  return [`${p.threads} thread${p.threads === 1 ? '' : 's'}`, ...parts].join('; ');
}

/**
 * Reads a baseline file made with this run's key, failing with a usage error that names it and
 * says what to do; its content is never quoted (a data file passed by mistake stays unprinted).
 */
export async function readBaseline(file: string, shown: string, key: ProjectKey): Promise<BaselineState> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read baseline ${shown}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`baseline ${shown}: not valid JSON (${describeJsonError(text, e)})`);
  }
  try {
    return baselineState(json, key.id, `leakgate baseline create <paths> -o ${shown}`);
  } catch (e) {
    if (e instanceof BaselineError) throw new UsageError(`baseline ${shown}: ${e.message}`);
    throw e;
  }
}

/**
 * A masker of messages with the built-in rules, for an error met before a command loaded its
 * own (a data file passed as --config or --pack whose keys an error message would name).
 */
export async function builtinMessageMasker(cwd: string): Promise<((text: string) => string) | undefined> {
  try {
    const { loadRuleset } = await import('../packs/load-ruleset.js');
    return messageMasker(await loadRuleset({ cwd }), [cwd]);
  } catch {
    return undefined;
  }
}

/** Loads config and packs, merges flags over the config, and runs the scan; the report and ruleset. */
export async function scanWith(paths: string[], flags: ScanFlags, io: Io, key: ProjectKey, baseline?: BaselineState, skip: string[] = []): Promise<{ report: ScanResult; ruleset: Ruleset }> {
  if (paths.includes('-') && !io.stdin) throw new UsageError('standard input is not available');
  const shard = flags.shard !== undefined ? parseShard(flags.shard) : undefined;
  const { config, ruleset } = await setup(io, flags);
  // made on the first message to mask (a detector of its own: 1 ms), which a scan that works never has
  let mask: ((text: string) => string) | undefined;
  io.mask = (text) => (mask ??= messageMasker(ruleset, [io.cwd]))(text);
  if (!key.lasting && !flags.quiet) io.stderr.write('leakgate: no key file could be made in your config folder: fingerprints change from run to run (set LEAKGATE_KEY to keep them)\n');
  if (ruleset.rules.length + ruleset.fields.length === 0) throw new UsageError('no rules to run: --no-default-packs needs at least one --pack');
  const c = config.config;
  // flags win over the config file, which wins over the defaults
  const failOn = flags.failOn ?? c.failOn ?? 'low';
  const maxFileSize = parseSize(flags.maxFileSize ?? c.maxFileSize ?? DEFAULT_MAX_FILE_SIZE);

  const minConfidence = flags.minConfidence ?? c.minConfidence ?? 'low';
  const include = flags.include ?? c.include ?? [];
  const exclude = flags.exclude ?? c.exclude ?? [];
  const configName = config.file ? `${path.relative(io.cwd, config.file) || config.file}${config.kind === 'package.json' ? ' "leakgate"' : ''}` : null;

  const spinner = await startProgress(flags, io);
  let report: ScanResult;
  try {
    report = await scanStream({
      paths,
      cwd: io.cwd,
      ruleset,
      toolVersion: toolVersion(),
      failOn,
      minConfidence,
      maxFileSize,
      ...(c.acceptImagePages ? { acceptImagePages: true } : {}),
      showValues: flags.showValues ?? false,
      verbose: flags.verbose ?? false,
      include,
      exclude,
      ...(c.accept?.length ? { accept: c.accept } : {}),
      config: configName,
      ...(io.stdin ? { stdin: io.stdin } : {}),
      ...(flags.stdinFilename ? { stdinFilename: flags.stdinFilename } : {}),
      ...(flags.staged ? { staged: true } : {}),
      jobs: flags.jobs ?? defaultJobs(),
      ...(flags.parallelMinBytes ? { parallelMinBytes: flags.parallelMinBytes } : {}),
      ...(flags.partBytes ? { partBytes: flags.partBytes } : {}),
      ...(io.debug
        ? {
            onPlan: (p: ScanPlan) => io.stderr.write(`leakgate: ${visible(describePlan(p))}\n`),
            onRescan: (file: string, why: string) => io.stderr.write(`leakgate: ${visible(file)} scanned again whole: ${why}\n`),
          }
        : {}),
      ...(spinner ? { onProgress: spinner.update } : {}),
      ...(baseline ? { baseline } : {}),
      fingerprintKey: key.key,
      skip,
      ...(shard ? { shard } : {}),
    });
  } finally {
    spinner?.stop();
  }
  if (report.shardRun) {
    const settings: ShardSettings = {
      failOn, minConfidence, showValues: flags.showValues ?? false, verbose: flags.verbose ?? false, maxFileSize, acceptImagePages: c.acceptImagePages ?? false,
      accept: c.accept ?? [], include, exclude, config: configName, baseline: baselineDigest(baseline),
    };
    report.shard = shardSection(report.shardRun, { keyId: key.id, ruleset, rules: ruleMetas(ruleset), settings, paths, staged: flags.staged ?? false });
  }
  return { report, ruleset };
}

/** Writes the report in the asked format; formatters other than text and JSON load only when asked for. */
async function render(format: ReportFormat, report: ReportStream, rules: () => RuleMeta[], text: Parameters<typeof writeText>[1], out: Out): Promise<void> {
  switch (format) {
    case 'text':
      return writeText(report, text, out);
    case 'json':
      return writeJson(report, out);
    case 'sarif':
      return (await import('../report/sarif.js')).writeSarif(report, { rules: rules(), toolVersion: toolVersion() }, out);
    case 'junit':
      return (await import('../report/junit.js')).writeJunit(report, { rules: rules() }, out);
    case 'csv':
      return (await import('../report/csv.js')).writeCsv(report, out);
    case 'html': {
      const page = (await import('../report/html.js')).createHtmlReport({ rules: rules(), toolVersion: toolVersion() });
      for (const f of report.findings()) page.add(f);
      for (const piece of page.finish(report)) out(piece);
      return;
    }
  }
}

interface Spinner {
  update(p: Progress): void;
  stop(): void;
}

/**
 * The spinner's text: "scanning 3/12 files · 41.0 of 980.2 MB (4%) · 17 findings · bundle/x.csv".
 * The percentage is by bytes, so a long single file moves too; it is left out when the total is
 * unknown (standard input, staged blobs).
 */
export function progressLine(p: Progress): string {
  const mb = (n: number): string => (n / 1048576).toFixed(1);
  const total = p.bytesTotal;
  const bytes = total ? `${mb(p.bytes)} of ${mb(total)} MB (${Math.min(100, Math.floor((100 * p.bytes) / total))}%)` : `${mb(p.bytes)} MB`;
  const findings = `${p.findings} finding${p.findings === 1 ? '' : 's'}`;
  return [`scanning ${p.filesDone}/${p.filesTotal} files`, bytes, findings, ...(p.current ? [p.current] : [])].join(' · ');
}

/** Narrower than this, a terminal gets no spinner: it would wrap, or (0 columns) never end. */
const MIN_COLUMNS = 20;

/**
 * An ora spinner on stderr, only for a person at a terminal (never in pipes, CI or --quiet) that
 * says how wide it is. A pseudo-terminal of 0 columns (`script -c` under cron) gets none: ora
 * divides by the width to count the lines it must clear, and with 0 it never stops clearing.
 * The text is cut to the width, so that it never wraps and leaves lines behind.
 */
async function startProgress(flags: ScanFlags, io: Io): Promise<Spinner | undefined> {
  if (!flags.progress || flags.quiet || !io.stderr.isTTY || io.env.CI) return undefined;
  const columns = io.stderr.columns ?? 0;
  if (!(columns >= MIN_COLUMNS)) return undefined;
  const { default: ora } = await import('ora');
  const spinner = ora({ text: 'scanning…', stream: io.stderr as NodeJS.WritableStream, discardStdin: false }).start();
  let last = 0;
  return {
    update(p) {
      const t = Date.now();
      if (t - last < 80) return;
      last = t;
      spinner.text = clip(visible(progressLine(p)), columns - 3);
    },
    stop() {
      spinner.stop();
    },
  };
}

/** Text cut to `width` characters, with an ellipsis when cut. */
function clip(text: string, width: number): string {
  const chars = Array.from(text);
  return chars.length <= width ? text : `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}
