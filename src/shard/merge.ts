import { tallyOf } from '../report/report-stream.js';
import type { RuleMeta } from '../report/rule-meta.js';
import { isPublicValue } from '../scan-report.js';
import { SEVERITIES, type Finding, type Problem, type Report, type ReportStream, type Severity, type Summary, UsageError } from '../types.js';
import { byFile } from './split.js';

/** A shard report's `shard` section, as merge reads it (see section.ts). */
interface Section {
  index: number;
  count: number;
  keyId: string;
  ruleset: string;
  settings: Record<string, unknown>;
  scope: { paths: string[]; staged: boolean; files: number; digest: string };
  public: string[];
  folders: string[];
  empty: { problem: Problem; error: boolean };
  held: [number, string][];
  rules: RuleMeta[];
}

/** A shard's JSON report. */
interface ShardReport extends Report {
  shard: Section;
}

/** One report given to merge: its name as the user gave it, and its parsed JSON. */
export interface ShardInput {
  name: string;
  json: unknown;
}

/** The merged report, and the rules the shards described (for SARIF, JUnit and HTML). */
export interface Merged {
  report: ReportStream;
  rules: RuleMeta[];
}

/**
 * One report from the reports of every shard of a run (scan --shard K/N), equal to the report
 * one whole run would have written, but for durationMs (the longest shard's): findings a value
 * made public in another shard's files are left out (and counted as suppressed), findings and
 * problems sorted by file, the verdict taken again over everything (with `failOn`, when given,
 * instead of the shards' own). Shards that are not of one run are refused with a usage error
 * saying why: another leakgate version (than each other, or than `version`, this one), key, ruleset, setting, scope or N; a shard given twice
 * or missing.
 */
export function mergeShards(inputs: ShardInput[], failOn: Severity | 'none' | undefined, version: string): Merged {
  if (inputs.length === 0) throw new UsageError('merge needs the JSON reports of every shard (leakgate scan --shard K/N -f json -o shard-K.json)');
  const shards = inputs.map((i) => ({ name: i.name, report: asShardReport(i) }));
  const first = shards[0]!;
  // SARIF and HTML name the version that wrote them: the one that made the shards
  if (first.report.tool.version !== version) {
    throw new UsageError(`${first.name} was made by leakgate ${first.report.tool.version}, and this is leakgate ${version}: merge with the version that made the shards`);
  }
  for (const s of shards.slice(1)) checkSameRun(first, s);
  checkComplete(shards);
  shards.sort((a, b) => a.report.shard.index - b.report.shard.index);

  const publicKeys = new Set(shards.flatMap((s) => s.report.shard.public));
  let dropped = 0;
  const kept: Finding[] = [];
  for (const { report } of shards) {
    const held = new Map(report.shard.held);
    report.findings.forEach((f, i) => {
      const key = held.get(i);
      if (key !== undefined && isPublicValue(f, key, publicKeys)) dropped++;
      else kept.push(f);
    });
  }
  // each file's findings come from one shard, in order: a stable sort by file merges them
  kept.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const errors = byFile(shards.flatMap((s) => s.report.errors));
  const warnings = byFile(shards.flatMap((s) => s.report.warnings));
  const sum = (pick: (s: Summary) => number): number => shards.reduce((n, s) => n + pick(s.report.summary), 0);
  const files = sum((s) => s.files);
  // what .leakgateignore files left out of scope: every shard counts the whole run's files
  const left = first.report.summary.ignored;
  const ignored = left && { files: left.files, findings: sum((s) => s.ignored?.findings ?? 0), by: left.by };
  // nothing in scope in any shard: what the whole run would have said
  if (files === 0 && errors.length === 0 && !ignored?.files) (first.report.shard.empty.error ? errors : warnings).push(first.report.shard.empty.problem);
  const tally = tallyOf(kept, new Set(shards.flatMap((s) => s.report.shard.folders)));
  const threshold = failOn ?? first.report.summary.failOn;
  const failing = threshold === 'none' ? [] : SEVERITIES.slice(0, SEVERITIES.indexOf(threshold) + 1);
  const report: ReportStream = {
    version: 1,
    tool: first.report.tool,
    ...(first.report.config !== undefined ? { config: first.report.config } : {}),
    summary: {
      files,
      bytes: sum((s) => s.bytes),
      findings: kept.length,
      errors: errors.length,
      warnings: warnings.length,
      suppressed: sum((s) => s.suppressed) + dropped,
      ...(ignored ? { ignored } : {}),
      failOn: threshold,
      failed: errors.length > 0 || failing.some((sev) => tally.bySeverity[sev] > 0),
      durationMs: Math.max(...shards.map((s) => s.report.summary.durationMs)),
    },
    errors,
    warnings,
    tally,
    findings: () => kept,
  };
  return { report, rules: first.report.shard.rules };
}

/** The input as a shard report, or a usage error naming it. */
function asShardReport(input: ShardInput): ShardReport {
  const r = input.json as Partial<ShardReport> | null;
  const s = r?.shard;
  const ok = r && typeof r === 'object' && r.version === 1 && r.tool?.name === 'leakgate' && typeof r.summary === 'object' && r.summary !== null
    && Array.isArray(r.findings) && Array.isArray(r.errors) && Array.isArray(r.warnings);
  if (!ok) throw new UsageError(`${input.name} is not a leakgate JSON report (leakgate scan --shard K/N -f json -o ${input.name})`);
  const whole = s && typeof s === 'object' && Number.isInteger(s.index) && Number.isInteger(s.count) && typeof s.keyId === 'string' && typeof s.ruleset === 'string'
    && typeof s.settings === 'object' && typeof s.scope === 'object' && Array.isArray(s.public) && Array.isArray(s.folders) && Array.isArray(s.held)
    && Array.isArray(s.rules) && typeof s.empty === 'object';
  if (!whole) throw new UsageError(`${input.name} is the report of a whole run, not of a shard: merge takes the reports of leakgate scan --shard K/N`);
  return r as ShardReport;
}

/** Refuses a shard that is not of the same run as the first: what differs, and in which files. */
function checkSameRun(a: { name: string; report: ShardReport }, b: { name: string; report: ShardReport }): void {
  const differ = (what: string, x: unknown, y: unknown, fix: string): void => {
    if (JSON.stringify(x) === JSON.stringify(y)) return;
    throw new UsageError(`${a.name} and ${b.name} are not shards of one run: ${what} differ (${JSON.stringify(x)} and ${JSON.stringify(y)}); ${fix}`);
  };
  const x = a.report;
  const y = b.report;
  differ('leakgate versions', x.tool.version, y.tool.version, 'make every shard with the same leakgate version');
  differ('key ids', x.shard.keyId, y.shard.keyId, 'set the same LEAKGATE_KEY in every shard');
  differ('numbers of shards', x.shard.count, y.shard.count, 'give every shard the same N in --shard K/N');
  differ('packs and rules', x.shard.ruleset, y.shard.ruleset, 'use the same packs and config in every shard');
  for (const k of new Set([...Object.keys(x.shard.settings), ...Object.keys(y.shard.settings)])) {
    differ(`settings (${k})`, x.shard.settings[k], y.shard.settings[k], 'run every shard with the same options and config');
  }
  differ('paths scanned', [x.shard.scope.paths, x.shard.scope.staged], [y.shard.scope.paths, y.shard.scope.staged], 'scan the same paths in every shard');
  const scope = (r: ShardReport): unknown[] => [r.shard.scope.files, r.shard.scope.digest, r.summary.ignored?.files ?? 0, r.summary.ignored?.by ?? []];
  differ('files in scope', scope(x), scope(y), 'scan the same checkout, from the same folder, in every shard');
}

/** Refuses a shard given twice, and a run with a shard missing. */
function checkComplete(shards: { name: string; report: ShardReport }[]): void {
  const n = shards[0]!.report.shard.count;
  const seen = new Map<number, string>();
  for (const { name, report } of shards) {
    const k = report.shard.index;
    const other = seen.get(k);
    if (other !== undefined) throw new UsageError(`shard ${k}/${n} is given twice (${other} and ${name})`);
    seen.set(k, name);
  }
  const missing = Array.from({ length: n }, (_, i) => i + 1).filter((k) => !seen.has(k));
  if (missing.length > 0) {
    throw new UsageError(`shard${missing.length === 1 ? '' : 's'} ${missing.map((k) => `${k}/${n}`).join(', ')} missing: merge needs the report of every shard, or files would pass unread`);
  }
}
