import type { Report, ReportStream } from '../types.js';
import { capture, type Out, streamOf } from './report-stream.js';

const COLUMNS = ['file', 'line', 'column', 'severity', 'category', 'confidence', 'rule', 'field', 'masked', 'fingerprint'] as const;

/**
 * The findings as RFC 4180 CSV, one row per finding, for spreadsheets and data-protection
 * registers: CRLF line ends, a header row, and a `value` column only when --show-values put
 * raw values in the report.
 */
export function formatCsv(report: Report): string {
  return capture((out) => writeCsv(streamOf(report), out));
}

/** Writes the CSV report row by row. */
export function writeCsv(report: ReportStream, out: Out): void {
  const withValues = report.tally.withValues;
  // where a value hid in a document: columns only when some finding is in one
  const withPlace = report.tally.withPlaces;
  const header: string[] = [...COLUMNS];
  if (withPlace) header.push('cell', 'page', 'hidden');
  if (withValues) header.push('value');
  out(`${header.map(cell).join(',')}\r\n`);
  for (const f of report.findings()) {
    const row = [f.file, String(f.line), String(f.column), f.severity, f.category, f.confidence, f.ruleId, f.field ?? '', f.masked, f.fingerprint];
    if (withPlace) row.push(f.cell ?? '', f.page === undefined ? '' : String(f.page), f.hidden ?? '');
    if (withValues) row.push(f.value ?? '');
    out(`${row.map(cell).join(',')}\r\n`);
  }
}

// Formula injection (OWASP "CSV Injection", CWE-1236): Excel, LibreOffice and Google Sheets run
// a cell that starts with = + - @ as a formula, and OWASP's list adds tab and CR. The cells here
// come from the scanned files (field names, values, paths): text anyone who wrote those files
// controls, in a report opened by the people triaging the leak. A leading apostrophe makes the
// spreadsheet show the cell as text (OWASP's advice); NUL is guarded too, after OWASP ASVS
// 1.2.10. The cost is an apostrophe before values such as "+44 20…" or "-" in the file.
const FORMULA_START = /^[=+\-@\t\r\0]/;

/** One cell: formula-guarded, then quoted as RFC 4180 §2 (items 6 and 7) requires. */
function cell(s: string): string {
  const safe = FORMULA_START.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
