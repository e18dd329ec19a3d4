import { baselineFilter, type BaselineState } from './filter/baseline.js';
import { propagates, scopedKey } from './filter/filter.js';
import type { TextMasker } from './filter/text-mask.js';
import { tallyOf } from './report/report-stream.js';
import { compareFindings, type FindingSpool, type Spooled } from './spool/finding-spool.js';
import { SEVERITIES, type Finding, type Problem, type ReportStream, type Severity, type Tally } from './types.js';
import { documentOf } from './formats/registry.js';
import { byFile } from './shard/split.js';

/** What a scan's report holds, from its spool: counts first, the findings read again per writer. */
export interface SpooledReport {
  count: number;
  tally: Tally;
  /** Findings left out after the scan: public elsewhere in the run, or accepted by the baseline. */
  suppressed: number;
  /** Findings left out by a fingerprint line of a `.leakgateignore`. */
  ignored: number;
  /** The findings in report order; each call reads them again. */
  findings: () => Iterable<Finding>;
  /**
   * Each finding another file's allowance could still make public (its category propagates), as
   * its index in findings() and its value key: what a shard's report carries for merge.
   */
  held: () => Iterable<[index: number, key: string]>;
}

export interface SpoolFilters {
  /** Value keys an allowance made public run-wide (a station postcode from neighbourhood data). */
  publicKeys: ReadonlySet<string>;
  baseline?: BaselineState;
  /** Fingerprints of findings a `.leakgateignore` names. */
  ignored?: ReadonlySet<string>;
  /** Folders, as shown, whose names hold findings: they are not files. */
  folders: ReadonlySet<string>;
}

/**
 * The report's view of a spool: findings whose value was allowed as public elsewhere in the run
 * left out, and a baseline applied in report order (whatever order the files were scanned in).
 * The counts the writers need first come from the runs' own counts when nothing is left out;
 * otherwise from a first pass over the findings, which also records a baseline being made.
 */
export function countSpooled(spool: FindingSpool, filters: SpoolFilters): SpooledReport {
  const isPublic = (s: Spooled): boolean => isPublicValue(s.finding, s.key, filters.publicKeys);
  const ignoredSet = filters.ignored?.size ? filters.ignored : undefined;
  const readSpooled = function* (keep: (f: Finding) => boolean, onPublic?: () => void, onIgnored?: () => void): Generator<Spooled> {
    for (const { display } of spool.files()) {
      for (const s of spool.read(display)) {
        if (isPublic(s)) onPublic?.();
        else if (ignoredSet?.has(s.finding.fingerprint)) onIgnored?.();
        else if (keep(s.finding)) yield s;
      }
    }
  };
  const read = function* (keep: (f: Finding) => boolean, onPublic?: () => void, onIgnored?: () => void): Generator<Finding> {
    for (const s of readSpooled(keep, onPublic, onIgnored)) yield s.finding;
  };
  // a workbook's sheets are parts of one file; a folder named after a person is not a file
  const fileOf = (shown: string): string | undefined => {
    const file = documentOf(shown);
    return filters.folders.has(file) ? undefined : file;
  };
  const { baseline } = filters;
  const findings = (): Iterable<Finding> => read(baseline ? baselineFilter(baseline, false) : () => true);
  const held = function* (): Generator<[number, string]> {
    let i = 0;
    for (const s of readSpooled(baseline ? baselineFilter(baseline, false) : () => true)) {
      if (s.finding.category !== 'sensitive-field' && propagates(s.finding.category)) yield [i, s.key];
      i++;
    }
  };
  if (!baseline && filters.publicKeys.size === 0 && !ignoredSet) {
    const c = spool.counts();
    const files = new Set([...c.byFile.keys()].map(fileOf).filter((f) => f !== undefined));
    return { count: c.count, suppressed: 0, ignored: 0, findings, held, tally: { bySeverity: c.bySeverity, byFile: c.byFile, filesWithFindings: files.size, rules: c.rules, withValues: c.withValues, withPlaces: c.withPlaces } };
  }
  const tally: Tally = { bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Tally['bySeverity'], byFile: new Map(), filesWithFindings: 0, rules: new Map(), withValues: false, withPlaces: false };
  const files = new Set<string>();
  let count = 0;
  let suppressed = 0;
  let ignored = 0;
  const accepts = baseline ? baselineFilter(baseline, true) : undefined;
  const keep = (f: Finding): boolean => {
    if (!accepts || accepts(f)) return true;
    suppressed++;
    return false;
  };
  for (const f of read(keep, () => suppressed++, () => ignored++)) {
    count++;
    tally.bySeverity[f.severity]++;
    tally.byFile.set(f.file, (tally.byFile.get(f.file) ?? 0) + 1);
    if (!tally.rules.has(f.ruleId)) tally.rules.set(f.ruleId, { category: f.category, severity: f.severity });
    const file = fileOf(f.file);
    if (file !== undefined) files.add(file);
    if (f.value !== undefined) tally.withValues = true;
    if (f.cell !== undefined || f.page !== undefined || f.hidden !== undefined) tally.withPlaces = true;
  }
  tally.filesWithFindings = files.size;
  return { count, suppressed, ignored, findings, held, tally };
}

/** What a run's report is made of: scan, the parallel join's results and redaction's re-scan alike. */
export interface ReportParts {
  toolVersion: string;
  /** The config in use, as given (masked here); null: none; absent: not named in the report. */
  config?: string | null;
  files: number;
  bytes: number;
  /** Findings left out as files were scanned (allowances); the spool's own are added. */
  suppressed: number;
  failOn: Severity | 'none';
  durationMs: number;
  /** Problems as found: their paths and messages are masked here, as the report shows them. */
  errors: readonly Problem[];
  warnings: readonly Problem[];
  /** The findings: from a spool (countSpooled), or held in memory (put in report order here). */
  findings: SpooledReport | readonly Finding[];
  /** What `.leakgateignore` files left out of scope (when one is in play), and which files they are. */
  ignored?: { files: number; by: string[] };
  /** Masks every path and message the report shows. */
  masker: TextMasker;
}

/**
 * The report of a run, the one way every command makes it: problems masked, findings in report
 * order (file, line, column, rule), counted, and the verdict against `failOn` (any error fails).
 */
export function buildReport(p: ReportParts): ReportStream {
  const spooled = isSpooled(p.findings) ? p.findings : held(p.findings);
  const { tally } = spooled;
  const shown = (x: Problem): Problem => shownProblem(x, p.masker);
  // by file, so that the problems of shards merged are in the whole run's order
  const errors = byFile(p.errors.map(shown));
  const warnings = byFile(p.warnings.map(shown));
  const { failOn } = p;
  const failed = errors.length > 0 || (failOn !== 'none' && SEVERITIES.some((sev) => tally.bySeverity[sev] > 0 && atOrAbove(sev, failOn)));
  return {
    version: 1,
    tool: { name: 'leakgate', version: p.toolVersion },
    ...(p.config !== undefined ? { config: p.config === null ? null : p.masker.path(p.config) } : {}),
    summary: {
      files: p.files,
      bytes: p.bytes,
      findings: spooled.count,
      errors: errors.length,
      warnings: warnings.length,
      suppressed: p.suppressed + spooled.suppressed,
      ...(p.ignored ? { ignored: { files: p.ignored.files, findings: spooled.ignored, by: p.ignored.by.map((f) => p.masker.path(f)) } } : {}),
      failOn,
      failed,
      durationMs: p.durationMs,
    },
    errors,
    warnings,
    tally,
    findings: spooled.findings,
  };
}

/** True when `s` is at least as severe as `threshold`. */
export function atOrAbove(s: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(s) <= SEVERITIES.indexOf(threshold);
}

function isSpooled(f: SpooledReport | readonly Finding[]): f is SpooledReport {
  return !Array.isArray(f);
}

/** Findings held in memory as a spool gives them: in report order, counted. */
function held(findings: readonly Finding[]): SpooledReport {
  const sorted = [...findings].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : compareFindings(a, b)));
  return { count: sorted.length, tally: tallyOf(sorted), suppressed: 0, ignored: 0, findings: () => sorted, held: () => [] };
}

/** A problem as the report shows it: its path and message masked. */
export function shownProblem(x: Problem, masker: TextMasker): Problem {
  return { file: masker.path(x.file), code: x.code, message: masker.label(x.message) };
}

/**
 * True when a finding's value was allowed as public elsewhere in the run: run-wide (a phone
 * number, a mailbox), or in the folder of the file it is in (an address, a postcode; issue 15).
 */
export function isPublicValue(finding: Finding, key: string, publicKeys: ReadonlySet<string>): boolean {
  return finding.category !== 'sensitive-field' && (publicKeys.has(key) || publicKeys.has(scopedKey(key, finding.file)));
}

/**
 * What a run with no file in scope reports: an error, since an empty upload is a broken upload
 * (exit 2); or, for --staged, a warning, since nothing staged has nothing to judge.
 */
export function nothingInScope(staged: boolean, paths: string[]): { problem: Problem; error: boolean } {
  if (staged) return { error: false, problem: { file: 'the git index', code: 'ENOTHING', message: 'no file in scope is staged: nothing to judge' } };
  return { error: true, problem: { file: paths.join(' '), code: 'EEMPTY', message: 'no file in scope: an empty upload is a broken upload (check the paths and --include/--exclude)' } };
}
