import { statSync } from 'node:fs';
import path from 'node:path';

/** At most this many bytes in all: a run V8 need not optimise its code for. */
export const SMALL_RUN_BYTES = 16 * 1024;

/**
 * V8's flags for a small run (issue 16: a pre-commit hook's scan of one small file, within 40 ms
 * of bare node). A one-file scan compiles some 260 regexes, each to machine code on its first
 * match; compiled without V8's regex optimisations (Boyer-Moore look-ahead, quick checks) they
 * cost a third less to make, and the functions the scan runs most are not compiled again by
 * TurboFan. Callgrind, main thread, examples/leaky-bundle/asb-priorities.csv: 379 M -> 347 M
 * instructions. Matching is slower so (a 2 MB case CSV took twice the CPU time), which a few
 * kilobytes never notice. Sparkplug stays: its baseline code costs little to make and runs the
 * scan's loops faster than the interpreter (callgrind, whole process, all threads: that file
 * 773.6 -> 768.7 M instructions, with -f json 776.6 -> 772.0 M, examples/leaky-bundle's three
 * files named one by one 896.7 -> 872.6 M; bare node is some 500 M of each). The flags change
 * how V8 compiles, never what matches.
 * They are set after the CLI's script is compiled from its code cache (which holds only under
 * the flags that made it), and never for a run that may start worker threads.
 */
export const SMALL_RUN_V8_FLAGS = ['--no-regexp-optimization', '--no-turbofan'];

/**
 * True when the paths to scan are regular files, named one by one, of SMALL_RUN_BYTES or less in
 * all: a folder, a glob, standard input or the git index may hold any amount.
 */
export function isSmallRun(paths: readonly string[], cwd: string): boolean {
  if (paths.length === 0) return false;
  let bytes = 0;
  for (const p of paths) {
    if (p === '-') return false;
    const st = statSync(path.resolve(cwd, p), { throwIfNoEntry: false });
    if (!st?.isFile()) return false;
    bytes += st.size;
    if (bytes > SMALL_RUN_BYTES) return false;
  }
  return true;
}
