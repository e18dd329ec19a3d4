import { availableParallelism } from 'node:os';
import { readFile, writeFile } from 'node:fs/promises';
import { baselineState, type BaselineState } from '../filter/baseline.js';
import path from 'node:path';
import { UsageError } from '../discover/discover.js';
import { parseSize } from '../config/load-config.js';
import { setup } from './setup.js';
import { formatJson } from '../report/json.js';
import { formatText, verdict } from '../report/text.js';
import { scan, type Progress, type ScanPlan } from '../scan.js';
import type { Confidence, Report, Ruleset, Severity } from '../types.js';
import { ruleMetas } from '../report/rule-meta.js';
import { EXIT } from './exit-codes.js';
import { colorLevel, paintFor, type Io } from './io.js';
import { toolVersion } from './version.js';

export const REPORT_FORMATS = ['text', 'json', 'sarif', 'junit', 'csv', 'html'] as const;
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
}

/** `leakgate scan`: scans, writes the report, returns the exit code. */
export async function runScan(paths: string[], flags: ScanFlags, io: Io): Promise<number> {
  const format = flags.format ?? (flags.output ? FORMAT_BY_EXTENSION[path.extname(flags.output).toLowerCase()] ?? 'text' : 'text');
  const baseline = flags.baseline ? await readBaseline(path.resolve(io.cwd, flags.baseline)) : undefined;
  const { report, ruleset } = await scanWith(paths, flags, io, baseline);
  const toStdout = !flags.output;
  const level = colorLevel(toStdout ? io.stdout : io.stderr, io.env, flags.color);
  const body = await render(format, report, ruleset, {
    paint: toStdout ? paintFor(level) : paintFor(0),
    quiet: flags.quiet ?? false,
    verbose: flags.verbose ?? false,
  });
  if (flags.output) {
    await writeFile(path.resolve(io.cwd, flags.output), body);
    io.stderr.write(`${verdict(report, paintFor(colorLevel(io.stderr, io.env, flags.color)))}\n`);
  } else {
    io.stdout.write(body);
    // the verdict on stderr too when stdout carries machine-readable output
    if (format !== 'text' && !flags.quiet) io.stderr.write(`${verdict(report, paintFor(colorLevel(io.stderr, io.env, flags.color)))}\n`);
  }
  return exitCode(report);
}

/** 2 when a file could not be scanned, 1 on findings at or above --fail-on, else 0. */
export function exitCode(report: Report): number {
  if (report.summary.errors > 0) return EXIT.ERROR;
  return report.summary.failed ? EXIT.FINDINGS : EXIT.OK;
}

/** "2 threads; big.csv in 31 parts" or "1 thread". */
function describePlan(p: ScanPlan): string {
  const parts = p.parts.map((x) => `${x.file} in ${x.parts} parts`);
  return [`${p.threads} thread${p.threads === 1 ? '' : 's'}`, ...parts].join('; ');
}

/** Reads a baseline file, failing with a usage error that names it. */
export async function readBaseline(file: string): Promise<BaselineState> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read baseline ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return baselineState(JSON.parse(text));
  } catch (e) {
    throw new UsageError(`baseline ${file}: ${(e as Error).message}`);
  }
}

/** Loads config and packs, merges flags over the config, and runs the scan; the report and ruleset. */
export async function scanWith(paths: string[], flags: ScanFlags, io: Io, baseline?: BaselineState): Promise<{ report: Report; ruleset: Ruleset }> {
  if (paths.includes('-') && !io.stdin) throw new UsageError('standard input is not available');
  const { config, ruleset } = await setup(io, flags);
  if (ruleset.rules.length + ruleset.fields.length === 0) throw new UsageError('no rules to run: --no-default-packs needs at least one --pack');
  const c = config.config;
  // flags win over the config file, which wins over the defaults
  const failOn = flags.failOn ?? c.failOn ?? 'low';
  const maxFileSize = parseSize(flags.maxFileSize ?? c.maxFileSize ?? DEFAULT_MAX_FILE_SIZE);

  const spinner = await startProgress(flags, io);
  let report: Report;
  try {
    report = await scan({
      paths,
      cwd: io.cwd,
      ruleset,
      toolVersion: toolVersion(),
      failOn,
      minConfidence: flags.minConfidence ?? c.minConfidence ?? 'low',
      maxFileSize,
      ...(c.acceptImagePages ? { acceptImagePages: true } : {}),
      showValues: flags.showValues ?? false,
      verbose: flags.verbose ?? false,
      include: flags.include ?? c.include ?? [],
      exclude: flags.exclude ?? c.exclude ?? [],
      ...(c.accept?.length ? { accept: c.accept } : {}),
      config: config.file ? `${path.relative(io.cwd, config.file) || config.file}${config.kind === 'package.json' ? ' "leakgate"' : ''}` : null,
      ...(io.stdin ? { stdin: io.stdin } : {}),
      ...(flags.stdinFilename ? { stdinFilename: flags.stdinFilename } : {}),
      ...(flags.staged ? { staged: true } : {}),
      jobs: flags.jobs ?? availableParallelism(),
      ...(flags.parallelMinBytes ? { parallelMinBytes: flags.parallelMinBytes } : {}),
      ...(flags.partBytes ? { partBytes: flags.partBytes } : {}),
      ...(io.debug
        ? {
            onPlan: (p: ScanPlan) => io.stderr.write(`leakgate: ${describePlan(p)}\n`),
            onRescan: (file: string, why: string) => io.stderr.write(`leakgate: ${file} scanned again whole: ${why}\n`),
          }
        : {}),
      ...(spinner ? { onProgress: spinner.update } : {}),
      ...(baseline ? { baseline } : {}),
    });
  } finally {
    spinner?.stop();
  }
  return { report, ruleset };
}

/** The report in the asked format; formatters other than text and JSON load only when asked for. */
async function render(format: ReportFormat, report: Report, ruleset: Ruleset, text: Parameters<typeof formatText>[1]): Promise<string> {
  switch (format) {
    case 'text':
      return formatText(report, text);
    case 'json':
      return formatJson(report);
    case 'sarif':
      return (await import('../report/sarif.js')).formatSarif(report, { rules: ruleMetas(ruleset), toolVersion: toolVersion() });
    case 'junit':
      return (await import('../report/junit.js')).formatJunit(report, { rules: ruleMetas(ruleset) });
    case 'csv':
      return (await import('../report/csv.js')).formatCsv(report);
    case 'html':
      return (await import('../report/html.js')).formatHtml(report, { rules: ruleMetas(ruleset), toolVersion: toolVersion() });
  }
}

interface Spinner {
  update(p: Progress): void;
  stop(): void;
}

/** An ora spinner on stderr, only for a person at a terminal (never in pipes, CI or --quiet). */
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

async function startProgress(flags: ScanFlags, io: Io): Promise<Spinner | undefined> {
  if (!flags.progress || flags.quiet || !io.stderr.isTTY || io.env.CI) return undefined;
  const { default: ora } = await import('ora');
  const spinner = ora({ text: 'scanning…', stream: io.stderr as NodeJS.WritableStream, discardStdin: false }).start();
  let last = 0;
  return {
    update(p) {
      const t = Date.now();
      if (t - last < 80) return;
      last = t;
      spinner.text = progressLine(p);
    },
    stop() {
      spinner.stop();
    },
  };
}
