'use strict';
// A bundle of dist/ compiled with the V8 code cache the build made for it, and run as a CommonJS
// module: bin/load-cli.js (the CLI) and bin/load-worker.js (each scan worker thread) (issue 16).
// V8 rejects a cache made by another V8 version or under other V8 flags: the script is then
// compiled from source as usual.
const { closeSync, fstatSync, openSync, readSync } = require('node:fs');
// loaded here, before bin/load-cli.js sets V8's flags, so that Node's code cache of it (and of the
// ES module loader it brings) holds: loaded in runModule, after the flags, it was compiled from source
const { createRequire } = require('node:module');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const vm = require('node:vm');

const dist = path.join(__dirname, '..', 'dist');

/**
 * dist/NAME compiled with dist/CACHE when there is one. Both files are read into one buffer, the
 * script first (its text is copied out of it), then the cache: each page of memory a process
 * touches first costs a page fault (10 us on a virtual machine), and a buffer for each file cost
 * a one-file scan 490 more of them (issue 16).
 */
function compileCached(name, cache) {
  const file = path.join(dist, name);
  const fd = openSync(file, 'r');
  let cfd;
  try {
    cfd = openSync(path.join(dist, cache), 'r');
  } catch {
    // no cache: compiled from source
  }
  try {
    const size = fstatSync(fd).size;
    const cacheSize = cfd === undefined ? 0 : fstatSync(cfd).size;
    const buffer = Buffer.allocUnsafeSlow(Math.max(size, cacheSize));
    // the build made it ASCII, and decoding latin1 costs nothing next to UTF-8
    const source = buffer.toString('latin1', 0, readAll(fd, buffer, size));
    const cachedData = cfd === undefined ? undefined : buffer.subarray(0, readAll(cfd, buffer, cacheSize));
    return new vm.Script(source, { filename: file, cachedData });
  } finally {
    closeSync(fd);
    if (cfd !== undefined) closeSync(cfd);
  }
}

/** Reads the file open as fd into the start of buffer, up to size bytes; how many it read. */
function readAll(fd, buffer, size) {
  let n = 0;
  for (let r; n < size && (r = readSync(fd, buffer, n, size - n, n)) > 0; ) n += r;
  return n;
}

/** Runs dist/NAME, compiled by compileCached, as a CommonJS module; its exports. */
function runModule(script, name) {
  const file = path.join(dist, name);
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, pathToFileURL(file).href);
  return module.exports;
}

module.exports = { compileCached, runModule };
