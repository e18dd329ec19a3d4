import type { Finding, Report, ReportStream } from '../types.js';
import { StreamedArray, writePrettyJson } from './json-writer.js';
import { capture, type Out, streamOf } from './report-stream.js';

/** The JSON report of DESIGN.md (a contract: tools and tests read it). */
export function formatJson(report: Report): string {
  return capture((out) => writeJson(streamOf(report), out));
}

/** Writes the JSON report, findings one at a time, byte for byte what formatJson gives. */
export function writeJson(report: ReportStream, out: Out): void {
  writePrettyJson(out, {
    version: report.version,
    tool: report.tool,
    config: report.config,
    summary: report.summary,
    findings: new StreamedArray<Finding>(() => report.findings()),
    errors: report.errors,
    warnings: report.warnings,
    shard: report.shard,
  });
  out('\n');
}
