'use strict';
// A bundle of dist/ compiled with the V8 code cache the build made for it, and run as a CommonJS
// module: bin/load-cli.js (the CLI) and bin/load-worker.js (each scan worker thread) (issue 16).
// V8 rejects a cache made by another V8 version or under other V8 flags: the script is then
// compiled from source as usual.
const { readFileSync } = require('node:fs');
// loaded here, before bin/load-cli.js sets V8's flags, so that Node's code cache of it (and of the
// ES module loader it brings) holds: loaded in runModule, after the flags, it was compiled from source
const { createRequire } = require('node:module');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const vm = require('node:vm');

const dist = path.join(__dirname, '..', 'dist');

/** dist/NAME compiled with dist/CACHE when there is one. */
function compileCached(name, cache) {
  const file = path.join(dist, name);
  let cachedData;
  try {
    cachedData = readFileSync(path.join(dist, cache));
  } catch {
    // no cache: compiled from source
  }
  // the build made it ASCII, and decoding latin1 costs nothing next to UTF-8
  return new vm.Script(readFileSync(file, 'latin1'), { filename: file, cachedData });
}

/** Runs dist/NAME, compiled by compileCached, as a CommonJS module; its exports. */
function runModule(script, name) {
  const file = path.join(dist, name);
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, pathToFileURL(file).href);
  return module.exports;
}

module.exports = { compileCached, runModule };
