import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { mergeShards, type ShardInput } from '../shard/merge.js';
import { describeJsonError } from '../shared/json-error.js';
import { type Severity, UsageError } from '../types.js';
import type { Io } from './io.js';
import { checkOutput } from './output.js';
import { exitCode, type ReportFormat, reportFormat, type WriteFlags, writeReport } from './scan-command.js';
import { toolVersion } from './version.js';

export interface MergeFlags extends WriteFlags {
  format?: ReportFormat;
  failOn?: Severity | 'none';
  exitCode?: number;
}

/**
 * `leakgate merge REPORT.json…`: one report and one exit code from the JSON reports of every
 * shard of a run (scan --shard K/N), as if the run had been one. Reports that are not of one run
 * are refused (exit 2) before anything is written.
 */
export async function runMerge(files: string[], flags: MergeFlags, io: Io): Promise<number> {
  const chosen = reportFormat(flags);
  flags = chosen.flags;
  if (flags.output) checkOutput(path.resolve(io.cwd, flags.output), flags.output);
  const inputs = await Promise.all(files.map((f) => readReport(f, io.cwd)));
  const { report, rules } = mergeShards(inputs, flags.failOn, toolVersion());
  // a report whose findings carry raw values (shards made with --show-values) is its owner's only
  await writeReport(report, () => rules, chosen.format, { ...flags, showValues: report.tally.withValues }, io);
  return exitCode(report, flags.exitCode);
}

/** A shard report's JSON, or a usage error that names the file and never quotes its content. */
async function readReport(file: string, cwd: string): Promise<ShardInput> {
  let text: string;
  try {
    text = await readFile(path.resolve(cwd, file), 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return { name: file, json: JSON.parse(text) };
  } catch (e) {
    throw new UsageError(`${file}: not valid JSON (${describeJsonError(text, e)}): merge takes the JSON reports of leakgate scan --shard K/N -f json`);
  }
}
