#!/usr/bin/env node
'use strict';

// V8 lets a heap grow to up to 4 times what survived its last full collection on a machine with
// much memory; the scan's heaps hold 15-35 MB and make garbage fast, so each thread sat at 60-150
// MB. Growing by half brings the 200 MB bench inputs to 165-225 MB with two threads (issue 16),
// at a price in CPU for the extra full collections: 50 MB of NDJSON, -j 2, user time 12.5 s
// without the flag (305 MB), 13.5 s at 100 % (217 MB), 14.7 s at 50 % (195 MB), 15.6 s at 25 %
// (189 MB). The flag is process-wide: worker threads share it.
require('node:v8').setFlagsFromString('--heap-growing-percent=50');

// Exit codes are 0, 1 or 2, whatever happens: anything unexpected is 2, its message one line with
// control characters escaped (it may quote a path from the scanned files).
const fail = (e) => {
  const text = String(e && e.message ? e.message : e).replace(/[\p{Cc}\u2028\u2029\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  process.stderr.write(`leakgate: ${text}\n`);
  process.exit(2);
};
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);
try {
  require('./load-cli.js').loadCli().main(process.argv.slice(2)).then((code) => (process.exitCode = code), fail);
} catch (e) {
  fail(e);
}
