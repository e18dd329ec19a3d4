import { SEVERITIES, type Finding, type Report, type ReportStream, type Severity, type Summary, type Tally } from '../types.js';
import { AllowHintTally, hintLines } from './allow-hint.js';
import { PLAIN, type Paint } from './paint.js';
import { capture, type Out, streamOf } from './report-stream.js';
import { visible } from './visible.js';
import { describePlace } from './where-words.js';

export interface TextOptions {
  paint?: Paint;
  /** Only the verdict line. */
  quiet?: boolean;
  verbose?: boolean;
}

/**
 * The human report: per file, one line per finding (`file:line:col severity category masked
 * [field]`, clickable in editors and CI logs), then errors and warnings, then the verdict.
 */
export function formatText(report: Report, opts: TextOptions = {}): string {
  return capture((out) => writeText(streamOf(report), opts, out));
}

/**
 * Writes the text report line by line. Everything that comes from the scanned files (paths,
 * field names, values, messages) is printed with its control characters escaped, so that a file
 * cannot move the cursor, recolour the terminal or print a verdict of its own.
 */
export function writeText(report: ReportStream, opts: TextOptions, out: Out): void {
  const p = opts.paint ?? PLAIN;
  if (!opts.quiet) {
    let file: string | undefined;
    let any = false;
    const columns = new AllowHintTally();
    for (const f of report.findings()) {
      columns.add(f);
      if (f.file !== file) {
        if (file !== undefined) out('\n');
        file = f.file;
        out(`${p.bold(visible(f.file))}\n`);
      }
      any = true;
      out(`${findingLine(f, p)}\n`);
      if (opts.verbose) out(`${p.dim(`    ${why(f).join('; ')}`)}\n`);
    }
    if (any) out('\n');
    for (const e of report.errors) out(`${p.bad('error')} ${visible(e.file)}: ${visible(e.message)} (${e.code})\n`);
    for (const w of report.warnings) out(`${p.dim('warning')} ${visible(w.file)}: ${visible(w.message)} (${w.code})\n`);
    if (report.errors.length + report.warnings.length > 0) out('\n');
    const hint = columns.hint();
    if (hint) out(`${hintLines(hint).map(visible).join('\n')}\n\n`);
    if (report.config) out(`${p.dim(`config: ${visible(report.config)}`)}\n`);
  }
  out(`${verdict(report, p)}\n`);
}

/** `file:line:col severity category masked [field] (place)`; a finding in a name has no line. */
function findingLine(f: Finding, p: Paint): string {
  const field = f.where === 'name' ? ` ${p.dim('[in the name]')}` : f.field ? ` ${p.dim(`[${visible(f.field)}]`)}` : '';
  const value = f.value !== undefined ? ` ${p.dim('=')} ${visible(f.value)}` : '';
  const place = describePlace(f);
  const where = place ? ` (${visible(place)})` : '';
  const at = f.where === 'name' ? visible(f.file) : `${visible(f.file)}:${f.line}:${f.column}`;
  return `${at} ${p.severity(f.severity, f.severity.padEnd(8))} ${f.category} ${visible(f.masked)}${value}${field}${where}`;
}

/** Why a finding fired (--verbose). */
function why(f: Finding): string[] {
  const ev = f.evidence ?? {};
  return [
    `rule ${f.ruleId}`,
    `confidence ${f.confidence}`,
    ev.validator ? `validator ${ev.validator} passed` : '',
    ev.keyword ? `keyword "${visible(ev.keyword)}"` : '',
    ev.fieldName ? `field name "${visible(ev.fieldName)}"` : '',
    // what a .leakgateignore line names to ignore this finding (a keyed hash: no value in it)
    `fingerprint ${f.fingerprint}`,
  ].filter(Boolean);
}

/** One line: what was found, and whether the gate failed. */
export function verdict(report: { summary: Summary; tally: Tally } | Report, p: Paint = PLAIN): string {
  const { summary, tally } = 'tally' in report ? report : streamOf(report);
  const bySeverity = new Map<Severity, number>(SEVERITIES.filter((s) => tally.bySeverity[s] > 0).map((s) => [s, tally.bySeverity[s]]));
  return verdictOf(summary, bySeverity, tally.filesWithFindings, p);
}

/** The verdict line from counts, for formatters that see findings one at a time. */
export function verdictOf(s: Summary, bySeverity: ReadonlyMap<Severity, number>, filesWith: number, p: Paint = PLAIN): string {
  const counts = SEVERITIES.filter((sev) => bySeverity.has(sev)).map((sev) => p.severity(sev, `${bySeverity.get(sev)} ${sev}`));
  const parts = [
    s.findings === 0 ? 'no findings' : `${s.findings} finding${s.findings === 1 ? '' : 's'} (${counts.join(', ')}) in ${filesWith} of ${s.files} file${s.files === 1 ? '' : 's'}`,
  ];
  if (s.findings === 0) parts[0] += ` in ${s.files} file${s.files === 1 ? '' : 's'}`;
  if (s.errors) parts.push(`${s.errors} error${s.errors === 1 ? '' : 's'}`);
  if (s.warnings) parts.push(`${s.warnings} warning${s.warnings === 1 ? '' : 's'}`);
  if (s.suppressed) parts.push(`${s.suppressed} suppressed`);
  const ig = s.ignored;
  if (ig && (ig.files || ig.findings)) {
    const what = [ig.files ? `${ig.files} file${ig.files === 1 ? '' : 's'}` : '', ig.findings ? `${ig.findings} finding${ig.findings === 1 ? '' : 's'}` : ''].filter(Boolean);
    parts.push(`ignored: ${what.join(' and ')} by .leakgateignore`);
  }
  const gate = s.errors > 0
    ? p.bad('FAILED: some files could not be scanned')
    : s.failed
      ? p.bad(`FAILED (--fail-on ${s.failOn})`)
      : p.ok(s.failOn === 'none' ? 'passed (--fail-on none)' : 'passed');
  return `leakgate: ${parts.join(', ')}; ${gate}`;
}
