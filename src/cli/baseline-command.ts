import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { baselineFile, baselineState, newBaselineKey, type BaselineState } from '../filter/baseline.js';
import { verdict } from '../report/text.js';
import { EXIT } from './exit-codes.js';
import { paintFor, type Io } from './io.js';
import { exitCode, scanWith, type ScanFlags } from './scan-command.js';

/**
 * `leakgate baseline create|update <paths> -o FILE`: records every current finding as a keyed
 * hash, so that `scan --baseline FILE` reports only new ones. `update` keeps the file's key.
 * Exit 0 when written, 2 when a file could not be scanned (the baseline would be incomplete).
 */
export async function runBaseline(mode: 'create' | 'update', paths: string[], flags: ScanFlags & { output: string }, io: Io): Promise<number> {
  const file = path.resolve(io.cwd, flags.output);
  let key = newBaselineKey();
  if (mode === 'update') {
    let previous: BaselineState;
    try {
      previous = baselineState(JSON.parse(await readFile(file, 'utf8')));
    } catch (e) {
      io.stderr.write(`leakgate: cannot update ${flags.output}: ${(e as Error).message}; use baseline create\n`);
      return EXIT.ERROR;
    }
    key = previous.key;
  }
  const state: BaselineState = { key, remaining: new Map(), recorded: new Map() };
  const { report } = await scanWith(paths, { ...flags, output: undefined as never }, io, state);
  if (report.summary.errors > 0) {
    io.stderr.write(`${verdict(report, paintFor(0))}\nleakgate: baseline not written: some files could not be scanned\n`);
    return exitCode(report);
  }
  const out = baselineFile(state);
  await writeFile(file, `${JSON.stringify(out, null, 2)}\n`);
  const n = out.entries.reduce((sum, e) => sum + e.count, 0);
  io.stdout.write(`${mode === 'create' ? 'created' : 'updated'} ${path.relative(io.cwd, file) || file}: ${n} finding(s) accepted (keyed hashes only; no values)\n`);
  return EXIT.OK;
}
