import { baselineFilter, type BaselineState } from './filter/baseline.js';
import { scopedKey } from './filter/filter.js';
import type { FindingSpool, Spooled } from './spool/finding-spool.js';
import { IN_DOCUMENT, SEVERITIES, type Finding, type Tally } from './types.js';

/** What a scan's report holds, from its spool: counts first, the findings read again per writer. */
export interface SpooledReport {
  count: number;
  tally: Tally;
  /** Findings left out after the scan: public elsewhere in the run, or accepted by the baseline. */
  suppressed: number;
  /** The findings in report order; each call reads them again. */
  findings: () => Iterable<Finding>;
}

export interface SpoolFilters {
  /** Value keys an allowance made public run-wide (a station postcode from neighbourhood data). */
  publicKeys: ReadonlySet<string>;
  baseline?: BaselineState;
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
  const isPublic = (s: Spooled): boolean =>
    s.finding.category !== 'sensitive-field' && (filters.publicKeys.has(s.key) || filters.publicKeys.has(scopedKey(s.key, s.finding.file)));
  const read = function* (keep: (f: Finding) => boolean, onPublic?: () => void): Generator<Finding> {
    for (const { display } of spool.files()) {
      for (const s of spool.read(display)) {
        if (isPublic(s)) onPublic?.();
        else if (keep(s.finding)) yield s.finding;
      }
    }
  };
  // a workbook's sheets are parts of one file; a folder named after a person is not a file
  const fileOf = (shown: string): string | undefined => {
    const file = IN_DOCUMENT.exec(shown)?.[1] ?? shown;
    return filters.folders.has(file) ? undefined : file;
  };
  const { baseline } = filters;
  const findings = (): Iterable<Finding> => read(baseline ? baselineFilter(baseline, false) : () => true);
  if (!baseline && filters.publicKeys.size === 0) {
    const c = spool.counts();
    const files = new Set([...c.byFile.keys()].map(fileOf).filter((f) => f !== undefined));
    return { count: c.count, suppressed: 0, findings, tally: { bySeverity: c.bySeverity, byFile: c.byFile, filesWithFindings: files.size, rules: c.rules, withValues: c.withValues, withPlaces: c.withPlaces } };
  }
  const tally: Tally = { bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Tally['bySeverity'], byFile: new Map(), filesWithFindings: 0, rules: new Map(), withValues: false, withPlaces: false };
  const files = new Set<string>();
  let count = 0;
  let suppressed = 0;
  const accepts = baseline ? baselineFilter(baseline, true) : undefined;
  const keep = (f: Finding): boolean => {
    if (!accepts || accepts(f)) return true;
    suppressed++;
    return false;
  };
  for (const f of read(keep, () => suppressed++)) {
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
  return { count, suppressed, findings, tally };
}
