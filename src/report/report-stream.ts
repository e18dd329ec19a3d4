import { SEVERITIES, type Finding, type Report, type ReportStream, type Severity, type Tally } from '../types.js';
import { documentOf } from './where-words.js';

/** Where a report writer puts its text, piece by piece. */
export type Out = (text: string) => void;

/**
 * The counts formats need before the findings, from findings already in memory. `folders` are
 * paths (as shown) of folders whose names hold findings: they are not files.
 */
export function tallyOf(findings: Iterable<Finding>, folders: ReadonlySet<string> = new Set()): Tally {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const byFile = new Map<string, number>();
  const rules: Tally['rules'] = new Map();
  const files = new Set<string>();
  let withValues = false;
  let withPlaces = false;
  for (const f of findings) {
    bySeverity[f.severity]++;
    byFile.set(f.file, (byFile.get(f.file) ?? 0) + 1);
    if (!rules.has(f.ruleId)) rules.set(f.ruleId, { category: f.category, severity: f.severity });
    // a workbook's sheets are parts of one file
    if (!folders.has(documentOf(f.file))) files.add(documentOf(f.file));
    if (f.value !== undefined) withValues = true;
    if (f.cell !== undefined || f.page !== undefined || f.hidden !== undefined) withPlaces = true;
  }
  return { bySeverity, byFile, filesWithFindings: files.size, rules, withValues, withPlaces };
}

/** A report held in memory as a stream, for the writers. */
export function streamOf(report: Report): ReportStream {
  const { findings, ...rest } = report;
  return { ...rest, tally: tallyOf(findings), findings: () => findings };
}

/** A streamed report read into memory (for small runs and tests). */
export function collectReport(stream: ReportStream): Report {
  return {
    version: stream.version,
    tool: stream.tool,
    ...(stream.config !== undefined ? { config: stream.config } : {}),
    summary: stream.summary,
    findings: [...stream.findings()],
    errors: stream.errors,
    warnings: stream.warnings,
  };
}

/** What a writer writes, as one string (for reports small enough to hold, and tests). */
export function capture(write: (out: Out) => void): string {
  const parts: string[] = [];
  write((s) => parts.push(s));
  return parts.join('');
}
