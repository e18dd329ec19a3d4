import { SEVERITIES, type Report, type Severity, type Summary } from '../types.js';
import { PLAIN, type Paint } from './paint.js';
import { describePlace, documentOf } from './where-words.js';

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
  const p = opts.paint ?? PLAIN;
  const lines: string[] = [];
  if (!opts.quiet) {
    let file: string | undefined;
    for (const f of report.findings) {
      if (f.file !== file) {
        if (file !== undefined) lines.push('');
        file = f.file;
        lines.push(p.bold(f.file));
      }
      const field = f.field ? ` ${p.dim(`[${f.field}]`)}` : '';
      const value = f.value !== undefined ? ` ${p.dim('=')} ${f.value}` : '';
      const place = describePlace(f);
      const where = place ? ` (${place})` : '';
      lines.push(`${f.file}:${f.line}:${f.column} ${p.severity(f.severity, f.severity.padEnd(8))} ${f.category} ${f.masked}${value}${field}${where}`);
      if (opts.verbose) {
        const ev = f.evidence ?? {};
        const why = [
          `rule ${f.ruleId}`,
          `confidence ${f.confidence}`,
          ev.validator ? `validator ${ev.validator} passed` : '',
          ev.keyword ? `keyword "${ev.keyword}"` : '',
          ev.fieldName ? `field name "${ev.fieldName}"` : '',
        ].filter(Boolean);
        lines.push(p.dim(`    ${why.join('; ')}`));
      }
    }
    if (report.findings.length > 0) lines.push('');
    for (const e of report.errors) lines.push(`${p.bad('error')} ${e.file}: ${e.message} (${e.code})`);
    for (const w of report.warnings) lines.push(`${p.dim('warning')} ${w.file}: ${w.message} (${w.code})`);
    if (report.errors.length + report.warnings.length > 0) lines.push('');
    if (report.config) lines.push(p.dim(`config: ${report.config}`));
  }
  lines.push(verdict(report, p));
  return `${lines.join('\n')}\n`;
}

/** One line: what was found, and whether the gate failed. */
export function verdict(report: Report, p: Paint = PLAIN): string {
  const bySeverity = new Map<Severity, number>();
  for (const f of report.findings) bySeverity.set(f.severity, (bySeverity.get(f.severity) ?? 0) + 1);
  return verdictOf(report.summary, bySeverity, new Set(report.findings.map((f) => documentOf(f.file))).size, p);
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
  const gate = s.errors > 0
    ? p.bad('FAILED: some files could not be scanned')
    : s.failed
      ? p.bad(`FAILED (--fail-on ${s.failOn})`)
      : p.ok(s.failOn === 'none' ? 'passed (--fail-on none)' : 'passed');
  return `leakgate: ${parts.join(', ')}; ${gate}`;
}
