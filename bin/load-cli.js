'use strict';
// Loads the CLI (dist/cli.js, built by scripts/build-cli.mjs) with V8's code cache made at build
// time (dist/cli.cache): the functions a scan runs start from bytecode instead of being parsed
// and compiled (issue 16). A Node that rejects the cache (another V8 version, other V8 flags)
// compiles the script as usual.
const { readFileSync } = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { setFlagsFromString } = require('node:v8');
const vm = require('node:vm');

const dist = path.join(__dirname, '..', 'dist');

/** The CLI's exports ({ main }), and the script they came from (whose code cache the build writes). */
function loadCli() {
  // A regex is compiled to bytecode on its first match and to machine code on its second; the
  // rules' 227 regexes then cost 55 ms of a one-file scan, against 20 ms compiled once, straight
  // to machine code. Set before the script loads: V8 accepts a code cache only under the flags
  // that made it. That holds for Node's own code cache of its modules too: those every scan needs
  // are loaded first, or they would be compiled from source (crypto, stream, fs/promises: 7 ms).
  for (const m of ['node:crypto', 'node:stream', 'node:stream/promises', 'node:fs/promises', 'node:string_decoder', 'node:os']) require(m);
  // and the modules behind standard output and error (tty and net on a terminal), made on first use
  void [process.stdout, process.stderr];
  setFlagsFromString('--no-regexp-tier-up');
  const file = path.join(dist, 'cli.js');
  let cachedData;
  try {
    cachedData = readFileSync(path.join(dist, 'cli.cache'));
  } catch {
    // no cache: compiled from source
  }
  // the build made it ASCII, and decoding latin1 costs nothing next to UTF-8
  const script = new vm.Script(readFileSync(file, 'latin1'), { filename: file, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, require('node:module').createRequire(file), module, pathToFileURL(file).href);
  return { main: module.exports.main, script };
}

module.exports = { loadCli };
