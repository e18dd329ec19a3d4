import type { Report } from '../types.js';

/** The JSON report of DESIGN.md (a contract: tools and tests read it). */
export function formatJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
