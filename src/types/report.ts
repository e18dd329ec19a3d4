// The report of a run, held in memory or streamed from a findings spool.
import type { Finding, Problem } from './finding.js';
import type { Category, Severity } from './vocabulary.js';

export interface Summary {
  files: number;
  bytes: number;
  findings: number;
  errors: number;
  warnings: number;
  suppressed: number;
  /**
   * What `.leakgateignore` files left out (present when one is in play): files never scanned, and
   * findings named by fingerprint; `by` lists the ignore files.
   */
  ignored?: { files: number; findings: number; by: string[] };
  failOn: Severity | 'none';
  failed: boolean;
  durationMs: number;
}

export interface Report {
  version: 1;
  tool: { name: 'leakgate'; version: string };
  /** The config file in use (relative to the cwd; `package.json "leakgate"` for that key), or null for none. */
  config?: string | null;
  summary: Summary;
  findings: Finding[];
  errors: Problem[];
  warnings: Problem[];
}

/** What report formats need to know of the findings before writing the first one. */
export interface Tally {
  bySeverity: Record<Severity, number>;
  /** Findings per `file`, for formats that group by file (JUnit suites). */
  byFile: Map<string, number>;
  /** Files scanned that hold a finding, in their content or their own name. */
  filesWithFindings: number;
  /** Per rule id of a finding: its category and severity (SARIF describes every rule a result names). */
  rules: Map<string, { category: Category; severity: Severity }>;
  /** Some finding carries its raw value (--show-values). */
  withValues: boolean;
  /** Some finding sits in a document's cell or page, or where a document hides it. */
  withPlaces: boolean;
}

/**
 * A report whose findings are read as they are written out, in report order, instead of held in
 * memory: a run with millions of findings writes a report of any size in bounded memory.
 */
export interface ReportStream {
  version: 1;
  tool: { name: 'leakgate'; version: string };
  /** The config file in use, or null for none (see Report). */
  config?: string | null;
  summary: Summary;
  errors: Problem[];
  warnings: Problem[];
  tally: Tally;
  /** The findings in report order (file, line, column); each call reads them again from the start. */
  findings(): Iterable<Finding>;
  /** A shard's section (scan --shard K/N): what `leakgate merge` needs; see src/shard/. */
  shard?: Readonly<Record<string, unknown>>;
}
