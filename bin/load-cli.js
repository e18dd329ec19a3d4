'use strict';
// Loads the CLI (dist/cli.js, built by scripts/build-cli.mjs) with V8's code cache made at build
// time (dist/cli.cache): the functions a scan runs start from bytecode instead of being parsed
// and compiled (issue 16). A Node that rejects the cache (another V8 version, other V8 flags)
// compiles the script as usual.
const { statSync } = require('node:fs');
const { setFlagsFromString } = require('node:v8');
const { compileCached, runModule } = require('./cached-script.js');

/**
 * V8's flags for the whole process (worker threads share them), set before the script compiles:
 * V8 accepts a code cache only under the flags that made it, so the build's training run sets
 * these same ones by calling loadCli (a flag set anywhere else, even before, and the cache is
 * rejected: the script is then compiled from source, 60 ms).
 * - A regex is compiled to bytecode on its first match and to machine code on its second; the
 *   rules' 227 regexes then cost 55 ms of a one-file scan, against 20 ms compiled once, straight
 *   to machine code.
 * - V8 lets a heap grow to up to 4 times what survived its last full collection on a machine with
 *   much memory; the scan's heaps hold 15-35 MB and make garbage fast, so each thread sat at
 *   60-150 MB. Growing by half brings the 200 MB bench inputs to 165-225 MB with two threads,
 *   at a price in CPU for the extra full collections: 50 MB of NDJSON, -j 2, user time 12.5 s
 *   without the flag (305 MB), 13.5 s at 100 % (217 MB), 14.7 s at 50 % (195 MB), 15.6 s at 25 %
 *   (189 MB).
 * - Garbage collection's copying and compacting run on the collecting thread alone, not split
 *   with V8's helper threads: on two cores the main thread and two scan workers already use both,
 *   and a helper woken for each young collection (500 per worker on 50,000 small JSON files) waits
 *   for a core. -j 2, interleaved pairs, stop 36: json-files-50000 CPU 9.93-10.13 -> 9.18-9.81 s,
 *   wall 5.47-5.62 -> 4.90-5.21 s, sys 0.79-0.90 -> 0.62 s; 200 MiB case CSV wall 5.41-5.58 ->
 *   5.16-5.29 s; NDJSON 5.96-6.16 -> 5.72-6.06 s; peak RSS the same. Marking and sweeping stay
 *   concurrent: V8 reads these three at each collection, but --no-parallel-marking set once the
 *   process has started aborts V8 at the next full collection (Check failed:
 *   concurrent_marking()->IsStopped()), as --single-threaded-gc does (below). That whole flag on
 *   node's command line gave more (json-files-50000 CPU -7 to -15 %) at +4-6 MB of RSS, but only
 *   a second process start could set it there.
 * Not here, measured and left out (issue 16, stop 36):
 * - --single-threaded-gc: set once the process has started, as here, V8 aborts at the first full
 *   collection (Check failed: concurrent_marking_handle_ ..., in cppgc's marker, whose concurrent
 *   marking began under the old flag): a 3 MB NDJSON slice at -j 1, and any -j 2 scan of a part.
 * - --maglev (V8 11.3's mid tier, still behind a flag here; Node turns it on from Node 22):
 *   callgrind, all threads, -j 1, 3 MB slices: NDJSON 6.62 -> 7.04 G instructions, case CSV
 *   5.83-5.89 -> 5.99 G, 800 JSON files 4.09 -> 4.13 G; a one-file scan the same.
 * - --no-lazy-feedback-allocation, --max-lazy, --always-sparkplug: within 1.5 % of none on the
 *   800 JSON files (4.06-4.14 G) and the NDJSON slice; on a one-file scan (two runs each, without
 *   NODE_EXTRA_CA_CERTS: 372-377 M instructions with none) the first two the same,
 *   --always-sparkplug 387-395 M and --no-sparkplug 380-382 M.
 */
const V8_FLAGS = [
  '--no-regexp-tier-up',
  '--heap-growing-percent=50',
  '--no-parallel-scavenge',
  '--no-parallel-compaction',
  '--no-parallel-pointer-update',
];

/** Node's modules a scan needs at once, loaded before V8's flags by loadCli. */
const EVERY_RUN = ['node:crypto', 'node:stream', 'node:os', 'node:process'];
/** And those only a run reading a file over READ_AT_ONCE_BYTES (or planning threads) needs. */
const LARGER_RUN = ['node:stream/promises', 'node:fs/promises', 'node:string_decoder'];
/** src/read/read-source.ts reads a regular file up to this size at once, without node:fs/promises (its SMALL_FILE_BYTES: change both). */
const READ_AT_ONCE_BYTES = 256 * 1024;

/**
 * True when the arguments (64 at most) name one or more regular files, all of READ_AT_ONCE_BYTES or
 * less, and no folder or standard input: a scan of them never loads LARGER_RUN. An option, and an
 * argument that is neither a file nor a folder (a command, an option's value, a glob, /dev/null),
 * are passed over. A guess for speed only: a run it misjudges loads the modules when it needs
 * them, compiled from source.
 */
function namesOnlySmallFiles(args) {
  let files = 0;
  for (const a of args.slice(0, 64)) {
    if (a === '-') return false;
    if (a.startsWith('-')) continue;
    let st;
    try {
      st = statSync(a, { throwIfNoEntry: false });
    } catch {
      continue;
    }
    if (st === undefined) continue;
    if (st.isDirectory() || (st.isFile() && st.size > READ_AT_ONCE_BYTES)) return false;
    if (st.isFile()) files++;
  }
  return files > 0 && args.length <= 64;
}

/** The CLI's exports ({ main }), and the script they came from (whose code cache the build writes). */
function loadCli(args = process.argv.slice(2)) {
  // Node's own code cache of its modules holds only under the flags it was made with too: those a
  // scan needs are loaded before the flags are set, or they would be compiled from source (crypto,
  // stream, fs/promises: 7 ms; node:process, which the bundled commander requires: 1 M
  // instructions). A scan of small files named one by one never loads LARGER_RUN, and loading
  // them cost it 3.3 M instructions, about 0.7 ms (issue 16); any other run loads them here, as a
  // run that reads a file over 256 KiB and compiles fs/promises from source pays 14 M (about 3 ms).
  for (const m of namesOnlySmallFiles(args) ? EVERY_RUN : [...EVERY_RUN, ...LARGER_RUN]) require(m);
  // and the modules behind standard output and error (tty and net on a terminal), made on first use
  void [process.stdout, process.stderr];
  for (const flag of V8_FLAGS) setFlagsFromString(flag);
  const script = compileCached('cli.js', 'cli.cache');
  return { main: runModule(script, 'cli.js').main, script };
}

module.exports = { loadCli, namesOnlySmallFiles };
