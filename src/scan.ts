import type { Readable } from 'node:stream';
import { createDetector, type Detector } from './detect/detect.js';
import { RuleTimeoutError } from './detect/rule-guard.js';
import { ShapeCheck } from './detect/shapes.js';
import { discover } from './discover/discover.js';
import { createExtractor } from './extract/create-extractor.js';
import type { BaselineState } from './filter/baseline.js';
import { filterMatches, valueKeyer } from './filter/filter.js';
import { openSource, ReadError } from './read/read-source.js';
import { SEVERITIES, type Category, type Confidence, type Field, type Finding, type Problem, type RawMatch, type Report, type Ruleset, type Severity, type SourceRef } from './types.js';

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
  /** A baseline to apply, or to record into (create/update). */
  baseline?: BaselineState;
  include?: string[];
  exclude?: string[];
  stdin?: () => Readable;
  stdinFilename?: string;
  /** Scan the staged blobs of the git index (pre-commit). */
  staged?: boolean;
  /** Files scanned at once (I/O overlaps; detection shares one thread). */
  concurrency?: number;
  onProgress?: (p: Progress) => void;
  /** Clock for durationMs (tests pin it). */
  now?: () => number;
}

export interface Progress {
  filesDone: number;
  filesTotal: number;
  bytes: number;
  findings: number;
  current?: string;
}

interface FileResult {
  findings: Finding[];
  keys: string[];
  publicKeys: string[];
  suppressed: number;
  bytes: number;
  warnings: Problem[];
  error?: Problem;
}

/**
 * Runs the stages in order for every path: discover → read → extract → detect → filter, and
 * builds the report. The only module that knows the order; it prints nothing.
 */
export async function scan(opts: ScanOptions): Promise<Report> {
  const now = opts.now ?? Date.now;
  const started = now();
  const discoverOpts: Parameters<typeof discover>[1] = { cwd: opts.cwd };
  if (opts.include) discoverOpts.include = opts.include;
  if (opts.exclude) discoverOpts.exclude = opts.exclude;
  if (opts.stdinFilename) discoverOpts.stdinFilename = opts.stdinFilename;
  if (opts.staged) discoverOpts.staged = true;
  const { sources, skipped, errors: unscannable } = await discover(opts.paths, discoverOpts);
  const detector = createDetector(opts.ruleset);
  const valueKey = valueKeyer();
  const progress: Progress = { filesDone: 0, filesTotal: sources.length, bytes: 0, findings: 0 };
  const results: FileResult[] = new Array(sources.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < sources.length) {
      const i = next++;
      const ref = sources[i]!;
      progress.current = ref.display;
      results[i] = await scanSource(ref, detector, valueKey, opts, (bytes) => {
        progress.bytes += bytes;
        opts.onProgress?.(progress);
      });
      progress.filesDone++;
      progress.findings += results[i]!.findings.length;
      opts.onProgress?.(progress);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 4, sources.length)) }, worker));
  } finally {
    detector.close();
  }

  // values allowed as public in one place (a station postcode) are public everywhere in the run
  const publicKeys = new Set(results.flatMap((r) => r.publicKeys));
  let publicElsewhere = 0;
  const findings = results
    .flatMap((r) => r.findings.filter((f, k) => {
      if (f.category === 'sensitive-field' || !publicKeys.has(r.keys[k]!)) return true;
      publicElsewhere++;
      return false;
    }))
    .sort(compareFindings);
  const errors = [...unscannable, ...results.flatMap((r) => (r.error ? [r.error] : []))];
  const warnings = [...skipped, ...results.flatMap((r) => r.warnings)];
  const failed = opts.failOn !== 'none' && findings.some((f) => atOrAbove(f.severity, opts.failOn as Severity));
  return {
    version: 1,
    tool: { name: 'leakgate', version: opts.toolVersion },
    summary: {
      files: sources.length,
      bytes: results.reduce((n, r) => n + r.bytes, 0),
      findings: findings.length,
      errors: errors.length,
      warnings: warnings.length,
      suppressed: results.reduce((n, r) => n + r.suppressed, 0) + publicElsewhere,
      failOn: opts.failOn,
      failed,
      durationMs: Math.max(0, Math.round(now() - started)),
    },
    findings,
    errors,
    warnings,
  };
}

/** True when `s` is at least as severe as `threshold`. */
export function atOrAbove(s: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(s) <= SEVERITIES.indexOf(threshold);
}

async function scanSource(
  ref: SourceRef,
  detector: Detector,
  valueKey: (category: Category, value: string) => string,
  opts: ScanOptions,
  onBytes: (n: number) => void,
): Promise<FileResult> {
  const file = ref.display;
  const result: FileResult = { findings: [], keys: [], publicKeys: [], suppressed: 0, bytes: 0, warnings: [] };
  try {
    const opened = await openSource(ref, opts.stdin, opts.maxFileSize);
    if ('binary' in opened) {
      result.bytes = opened.bytes;
      result.warnings.push({ file, code: 'EBINARY', message: 'binary file (NUL bytes, not UTF-16): not scanned' });
      return result;
    }
    const shapes = new ShapeCheck(opts.ruleset.shapes);
    const extractor = await createExtractor(opened.format, {
      ...(opened.delimiter ? { delimiter: opened.delimiter } : {}),
      onHeader: (labels) => shapes.csvHeader(labels),
    });
    // matches are filtered batch by batch: raw values and the text they were cut from never pile up
    const filterOpts = {
      file,
      showValues: opts.showValues ?? false,
      verbose: opts.verbose ?? false,
      valueKey,
      seen: new Set<string>(),
      minConfidence: opts.minConfidence ?? 'low',
      ...(opts.baseline ? { baseline: opts.baseline } : {}),
    };
    const take = (matches: RawMatch[]): void => {
      if (matches.length === 0) return;
      const filtered = filterMatches(matches, opts.ruleset, filterOpts);
      for (const f of filtered.findings) result.findings.push(f);
      for (const k of filtered.keys) result.keys.push(k);
      for (const k of filtered.publicKeys) result.publicKeys.push(k);
      for (const n of filtered.suppressed.values()) result.suppressed += n;
    };
    const inspect = (fields: Field[]): RawMatch[] => {
      const matches = detector.detect(fields);
      for (const m of shapes.observe(fields)) matches.push(m);
      return matches;
    };
    let seen = 0;
    for await (const chunk of opened.chunks) {
      take(inspect(extractor.push(chunk)));
      onBytes(opened.stats.bytes - seen);
      seen = opened.stats.bytes;
    }
    take(inspect(extractor.end()));
    take(shapes.finish());
    result.bytes = opened.stats.bytes;
    for (const w of extractor.warnings) result.warnings.push({ file, code: w.code, message: w.message });
    if (opened.stats.replaced > 0) {
      result.warnings.push({ file, code: 'EDECODE', message: `${opened.stats.replaced} byte sequence(s) not valid ${opened.encoding}; scanned with replacement characters` });
    }
  } catch (e) {
    if (e instanceof RuleTimeoutError) {
      result.error = { file, code: e.code, message: e.message };
      return result;
    }
    if (!(e instanceof ReadError)) throw e;
    result.error = { file, code: ['ENOENT', 'EACCES', 'EPERM', 'ETOOBIG', 'EZIPBOMB', 'EZIPLIMIT', 'EENCRYPTED'].includes(e.code) ? e.code : 'EUNREADABLE', message: e.message };
  }
  return result;
}

function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}
