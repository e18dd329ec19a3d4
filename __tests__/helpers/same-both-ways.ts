import { cli } from './cli.js';

// Scans on one thread and in parts, for the parallel tests: the report must be the one a single
// thread gives. The thresholds are lowered (hidden flags) so that small files are cut into many parts.

export const TINY_PARTS = ['-j', '2', '--parallel-min-bytes', '1', '--part-bytes', '300'];

export interface Report {
  summary: Record<string, unknown>;
  findings: { file: string; line: number; field?: string; category: string; ruleId: string; evidence?: { fieldName?: string } }[];
  warnings: { code: string; message: string }[];
}

/** The JSON report of a scan, without its duration, what --debug said about threads, and all it said. */
export async function scanJson(target: string, cwd: string, extra: string[]): Promise<{ report: Report; plan: string; debug: string }> {
  const r = await cli(['scan', target, '-f', 'json', '--fail-on', 'none', '--debug', ...extra], { cwd });
  if (r.code !== 0) throw new Error(`scan exited ${r.code}: ${r.stderr}`);
  const report = JSON.parse(r.stdout) as Report;
  delete report.summary.durationMs;
  return { report, plan: r.stderr.split('\n').find((l) => / threads?/.test(l)) ?? '', debug: r.stderr };
}

/** Scans on one thread and in parts (TINY_PARTS, then `parts`, which may override them); expects the same report; returns it and what --debug said of the parts. */
export async function sameBothWays(target: string, cwd: string, extra: string[] = [], parts: string[] = []): Promise<{ serial: Report; plan: string; debug: string }> {
  const serial = await scanJson(target, cwd, ['-j', '1', ...extra]);
  const parallel = await scanJson(target, cwd, [...TINY_PARTS, ...parts, ...extra]);
  expect(serial.plan).toBe('leakgate: 1 thread');
  expect(parallel.report).toEqual(serial.report);
  return { serial: serial.report, plan: parallel.plan, debug: parallel.debug };
}

export function partsOf(plan: string, file: string): number {
  const m = new RegExp(`${file.replace(/\./g, '\\.')} in (\\d+) parts`).exec(plan);
  return m ? Number(m[1]) : 1;
}

