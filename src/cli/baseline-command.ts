import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../types.js';
import { baselineFile, type BaselineState } from '../filter/baseline.js';
import { verdict } from '../report/text.js';
import { EXIT } from './exit-codes.js';
import { paintFor, type Io } from './io.js';
import { checkOutput } from './output.js';
import { loadProjectKey } from './project-key.js';
import { exitCode, readBaseline, scanWith, type ScanFlags } from './scan-command.js';

/**
 * `leakgate baseline create|update <paths> -o FILE`: records every current finding by its
 * fingerprint (an HMAC under the project key, which stays out of the file), so that `scan
 * --baseline FILE` reports only new ones. `update` needs the key the file was made with.
 * Exit 0 when written, 2 when a file could not be scanned (the baseline would be incomplete).
 */
export async function runBaseline(mode: 'create' | 'update', paths: string[], flags: ScanFlags & { output: string }, io: Io): Promise<number> {
  const file = path.resolve(io.cwd, flags.output);
  checkOutput(file, flags.output);
  const key = loadProjectKey(io.env);
  // a baseline made with a key that dies with the run would match nothing in the next one
  if (!key.lasting) throw new UsageError('no key to make a baseline with: set LEAKGATE_KEY, or let leakgate make its key file in your config folder ($XDG_CONFIG_HOME or ~/.config)');
  if (mode === 'update') await readBaseline(file, flags.output, key);
  const state: BaselineState = { keyId: key.id, accepted: new Map(), recorded: new Map() };
  const { report } = await scanWith(paths, { ...flags, output: undefined as never }, io, key, state, [file]);
  report.close();
  if (report.summary.errors > 0) {
    io.stderr.write(`${verdict(report, paintFor(0))}\nleakgate: baseline not written: some files could not be scanned\n`);
    return exitCode(report);
  }
  const out = baselineFile(state);
  await writeFile(file, `${JSON.stringify(out, null, 2)}\n`);
  const n = out.entries.reduce((sum, e) => sum + e.count, 0);
  io.stdout.write(`${mode === 'create' ? 'created' : 'updated'} ${path.relative(io.cwd, file) || file}: ${n} finding(s) accepted (fingerprints keyed with ${key.source === 'LEAKGATE_KEY' ? 'LEAKGATE_KEY' : 'your key file'}, kept out of the baseline; no values)\n`);
  return EXIT.OK;
}
