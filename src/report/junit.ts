import type { Finding, Problem, Report, ReportStream } from '../types.js';
import { capture, type Out, streamOf } from './report-stream.js';
import type { RuleMeta } from './rule-meta.js';
import { describePlace } from './where-words.js';

export interface JunitContext {
  /** Loaded rules, to name each finding's rule in words; ids alone are used without them. */
  rules?: RuleMeta[];
}

/**
 * The JUnit XML report, for CI test dashboards (GitLab, Jenkins, Azure DevOps…): one test
 * suite per file with findings or problems, one failing test case per finding, one erroring
 * test case per unreadable file, and a single passing suite when nothing was found so the
 * dashboard shows a green run. Masked values only, as in SARIF: CI servers keep these files and
 * show them to everyone with access to the project, so --show-values stays in the terminal.
 */
export function formatJunit(report: Report, ctx: JunitContext = {}): string {
  // suites follow the files' order: findings held in memory may come in any
  const findings = [...report.findings].sort((a, b) => byCodeUnits(a.file, b.file));
  return capture((out) => writeJunit(streamOf({ ...report, findings }), ctx, out));
}

/** Writes the JUnit XML, test cases one at a time, suites in the files' order. */
export function writeJunit(report: ReportStream, ctx: JunitContext, out: Out): void {
  const describe = new Map(ctx.rules?.map((r) => [r.id, r.description] as const));
  const problems = new Map<string, { errors: Problem[]; warnings: Problem[] }>();
  const entry = (file: string) => {
    let e = problems.get(file);
    if (!e) problems.set(file, (e = { errors: [], warnings: [] }));
    return e;
  };
  for (const e of report.errors) entry(e.file).errors.push(e);
  for (const w of report.warnings) entry(w.file).warnings.push(w);
  let found = 0;
  for (const n of report.tally.byFile.values()) found += n;

  const tests = found + report.errors.length + report.warnings.length + (found === 0 ? 1 : 0);
  out('<?xml version="1.0" encoding="UTF-8"?>\n');
  out(`<testsuites name="leakgate" tests="${tests}" failures="${found}" errors="${report.errors.length}" time="${seconds(report.summary.durationMs)}">\n`);
  if (found === 0) {
    const n = report.summary.files;
    const name = `no personal data found in ${n} file${n === 1 ? '' : 's'}`;
    out(`${suiteHead('leakgate', 1, 0, 0)}\n    <testcase name="${attr(name)}" classname="leakgate"/>\n  </testsuite>\n`);
  }
  // the findings come in file order; the files with only errors or warnings slot in between
  const findings = report.findings()[Symbol.iterator]();
  let next = findings.next();
  const files = [...new Set([...report.tally.byFile.keys(), ...problems.keys()])].sort(byCodeUnits);
  for (const file of files) {
    const n = report.tally.byFile.get(file) ?? 0;
    const { errors, warnings } = problems.get(file) ?? { errors: [], warnings: [] };
    out(`${suiteHead(file, n + errors.length + warnings.length, n, errors.length)}\n`);
    for (; !next.done && next.value.file === file; next = findings.next()) out(`${findingCase(next.value, describe.get(next.value.ruleId))}\n`);
    for (const e of errors) out(`${errorCase(e)}\n`);
    for (const w of warnings) out(`${warningCase(w)}\n`);
    out('  </testsuite>\n');
  }
  out('</testsuites>\n');
}

/** The opening tag of a <testsuite>. */
function suiteHead(name: string, tests: number, failures: number, errors: number): string {
  return `  <testsuite name="${attr(name)}" tests="${tests}" failures="${failures}" errors="${errors}" skipped="0">`;
}

/** A finding as a failing test case; the body says what a reviewer needs to find it. */
function findingCase(f: Finding, description: string | undefined): string {
  const inName = f.where === 'name';
  const where = inName ? `${f.file} (its name)` : `${f.file}:${f.line}:${f.column}`;
  const body = [
    `masked: ${f.masked}`,
    f.field !== undefined ? `field: ${f.field}` : '',
    describePlace(f) ? `where: ${describePlace(f)}` : '',
    `rule: ${f.ruleId}${description ? ` (${description})` : ''}`,
    `confidence: ${f.confidence}`,
    `location: ${where}`,
  ].filter(Boolean).join('\n');
  return [
    `    <testcase name="${attr(`${f.ruleId} ${where}`)}" classname="${attr(f.category)}" file="${attr(f.file)}"${inName ? '' : ` line="${f.line}"`}>`,
    `      <failure message="${attr(`${f.severity} ${f.category} ${inName ? 'in the name' : `at line ${f.line}`}`)}" type="${attr(f.severity)}">${text(body)}</failure>`,
    '    </testcase>',
  ].join('\n');
}

/** A file that could not be scanned as an erroring test case. */
function errorCase(e: Problem): string {
  return [
    `    <testcase name="${attr(`${e.code} ${e.file}`)}" classname="leakgate.error" file="${attr(e.file)}">`,
    `      <error message="${attr(e.message)}" type="${attr(e.code)}">${text(`${e.file}: ${e.message} (${e.code})`)}</error>`,
    '    </testcase>',
  ].join('\n');
}

/**
 * A warning (scanned with a caveat) as a passing test case with the warning in its output:
 * the file was scanned, so failing it would turn a dashboard red for something that is not a leak.
 */
function warningCase(w: Problem): string {
  return [
    `    <testcase name="${attr(`${w.code} ${w.file}`)}" classname="leakgate.warning" file="${attr(w.file)}">`,
    `      <system-out>${text(`warning: ${w.file}: ${w.message} (${w.code})`)}</system-out>`,
    '    </testcase>',
  ].join('\n');
}

// XML 1.0 cannot carry these at all, not even as character references (XML 1.0 §2.2 "Char"):
// C0 controls other than tab, LF and CR, U+FFFE, U+FFFF and lone surrogates. C0 controls are
// shown as `\xNN` so a reader still sees what was there; the others become U+FFFD.
const NOT_XML = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|\p{Cs}/gu;

/** Replaces characters XML 1.0 cannot represent. */
function xmlSafe(s: string): string {
  return s.replace(NOT_XML, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x20 ? `\\x${code.toString(16).padStart(2, '0')}` : '\uFFFD';
  });
}

/**
 * Escapes element content. CR is written as a reference because parsers turn a literal CR into
 * LF (XML 1.0 §2.11); `>` is escaped too so that `]]>` can never appear in the output.
 */
function text(s: string): string {
  return xmlSafe(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/**
 * Escapes an attribute value in double quotes. Tab, LF and CR are written as references because
 * attribute-value normalization (XML 1.0 §3.3.3) would otherwise turn each into a space.
 */
function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}

/** Milliseconds as JUnit's seconds with three decimals. */
function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** Plain code-unit order, the order the JSON report sorts files in. */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
