'use strict';
// Loads the CLI (dist/cli.js, built by scripts/build-cli.mjs) with V8's code cache made at build
// time (dist/cli.cache): the functions a scan runs start from bytecode instead of being parsed
// and compiled (issue 16). A Node that rejects the cache (another V8 version, other V8 flags)
// compiles the script as usual.
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
 */
const V8_FLAGS = ['--no-regexp-tier-up', '--heap-growing-percent=50'];

/** The CLI's exports ({ main }), and the script they came from (whose code cache the build writes). */
function loadCli() {
  // Node's own code cache of its modules holds only under the flags it was made with too: those
  // every scan needs are loaded before the flags are set, or they would be compiled from source
  // (crypto and stream: 7 ms; node:process, which the bundled commander requires: 1 M
  // instructions). Not node:fs/promises, stream/promises or string_decoder: a scan of small files
  // never loads them (they read a file over 256 KiB, or plan threads), and loading fs/promises
  // here cost every run 3.3 M instructions, about 0.7 ms; a run that needs it compiles it (14 M,
  // about 3 ms), next to the hundred milliseconds and more that reading such a file takes.
  for (const m of ['node:crypto', 'node:stream', 'node:os', 'node:process']) require(m);
  // and the modules behind standard output and error (tty and net on a terminal), made on first use
  void [process.stdout, process.stderr];
  for (const flag of V8_FLAGS) setFlagsFromString(flag);
  const script = compileCached('cli.js', 'cli.cache');
  return { main: runModule(script, 'cli.js').main, script };
}

module.exports = { loadCli };
