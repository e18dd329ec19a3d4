import type { Finding, Problem, Report, ReportStream, Severity } from '../types.js';
import { StreamedArray, writePrettyJson } from './json-writer.js';
import { capture, type Out, streamOf } from './report-stream.js';
import type { RuleMeta } from './rule-meta.js';
import { describePlace } from './where-words.js';

export interface SarifContext {
  /** Every loaded rule: SARIF lists them all, so viewers can explain a rule no finding used. */
  rules: RuleMeta[];
  toolVersion: string;
}

type Level = 'error' | 'warning' | 'note';

// GitHub code scanning ranks alerts by a rule's `security-severity` (a number in a string): "over
// 9.0 is critical, 7.0 to 8.9 is high, 4.0 to 6.9 is medium and 3.9 or less is low" (GitHub docs,
// "SARIF support for code scanning"). Each value sits in its band, so GitHub shows leakgate's word.
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.0', high: '7.0', medium: '5.0', low: '3.0' };
const LEVEL: Record<Severity, Level> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };

/**
 * The SARIF 2.1.0 log of a report, for code-scanning services and IDE viewers: one run, every
 * loaded rule with its help text, one result per finding, and errors and warnings as tool
 * notifications. Never carries a raw value, even after --show-values: SARIF files are uploaded
 * to services that keep them and show them to everyone with access to the repository.
 */
export function formatSarif(report: Report, ctx: SarifContext): string {
  return capture((out) => writeSarif(streamOf(report), ctx, out));
}

/** Writes the SARIF log, results one at a time. */
export function writeSarif(report: ReportStream, ctx: SarifContext, out: Out): void {
  const rules: Record<string, unknown>[] = [];
  const index = new Map<string, number>();
  const add = (r: RuleMeta): void => {
    if (index.has(r.id)) return; // one descriptor per id, or ruleIndex would be ambiguous
    index.set(r.id, rules.length);
    rules.push(describeRule(r));
  };
  for (const r of ctx.rules) add(r);
  // A finding whose rule the caller did not list still gets a descriptor, so that every
  // result's ruleIndex points at a rule with its id.
  for (const [id, r] of report.tally.rules) {
    add({ id, packId: 'unknown', category: r.category, severity: r.severity, description: `${r.category} (rule not loaded)` });
  }

  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        // informationUri is left out on purpose: leakgate has no public page to point at yet.
        tool: { driver: { name: 'leakgate', version: ctx.toolVersion, rules } },
        invocations: [
          {
            executionSuccessful: report.errors.length === 0,
            toolExecutionNotifications: [
              ...report.errors.map((e) => notification(e, 'error')),
              ...report.warnings.map((w) => notification(w, 'warning')),
            ],
          },
        ],
        // Columns are JavaScript string indexes of the decoded text, i.e. UTF-16 code units.
        columnKind: 'utf16CodeUnits',
        results: new StreamedArray<Finding>(() => report.findings(), (f) => result(f, index.get(f.ruleId)!)),
        properties: { ...report.summary },
      },
    ],
  };
  writePrettyJson(out, log);
  out('\n');
}

/** A rule as a SARIF reportingDescriptor. */
function describeRule(r: RuleMeta): Record<string, unknown> {
  return {
    id: r.id,
    name: pascalName(r.id),
    shortDescription: { text: r.description },
    fullDescription: { text: r.why ? `${r.description} ${r.why}` : r.description },
    help: { text: r.why ? `${r.description}\n\nWhy it matters: ${r.why}` : r.description },
    defaultConfiguration: { level: LEVEL[r.severity] },
    properties: {
      category: r.category,
      pack: r.packId,
      'security-severity': SECURITY_SEVERITY[r.severity],
      tags: ['security', 'privacy', r.category],
    },
  };
}

/** One finding as a SARIF result: masked value only. */
function result(f: Finding, ruleIndex: number): Record<string, unknown> {
  const place = describePlace(f);
  const where = `${f.where === 'name' ? ' in the file or folder name' : f.field ? ` in field ${JSON.stringify(f.field)}` : ''}${place ? ` (${place})` : ''}`;
  const properties: Record<string, string | number> = { category: f.category, confidence: f.confidence };
  if (f.field !== undefined) properties.field = f.field;
  if (f.cell) properties.cell = f.cell;
  if (f.page) properties.page = f.page;
  if (f.hidden) properties.hidden = f.hidden;
  if (f.where) properties.where = f.where;
  // a finding in a name has no line: the result points at the file (or folder) itself
  const physicalLocation: Record<string, unknown> = { artifactLocation: { uri: fileUri(f.file) } };
  if (f.line > 0) physicalLocation.region = { startLine: f.line, startColumn: f.column };
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: `${f.category} found${where}: ${f.masked}` },
    locations: [{ physicalLocation }],
    // keyed and position-free (rule, file, keyed hash of the value): an alert survives a row moving
    partialFingerprints: { 'leakgate/v2': f.fingerprint },
    properties,
  };
}

/** An error or warning as a tool execution notification located at its file. */
function notification(p: Problem, level: 'error' | 'warning'): Record<string, unknown> {
  return {
    level,
    message: { text: `${p.file}: ${p.message} (${p.code})` },
    locations: [{ physicalLocation: { artifactLocation: { uri: fileUri(p.file) } } }],
    properties: { code: p.code },
  };
}

/**
 * A report path as a relative URI reference (SARIF's artifactLocation.uri must be a valid one):
 * forward slashes, and each segment percent-encoded so that spaces, `#`, `?`, `%`, `:` and
 * non-ASCII names survive. encodeURIComponent leaves `!` alone, so archive paths
 * (`a.zip!/x.csv`) read as they do in the other reports.
 */
function fileUri(file: string): string {
  return file.replace(/\\/g, '/').split('/').map(encodeURIComponent).join('/');
}

/** The rule id as one Pascal-case word (`uk-identifiers.nino` → `UkIdentifiersNino`): SARIF's `name` is a readable identifier, not the id again. */
function pascalName(id: string): string {
  return id.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}
