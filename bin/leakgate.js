#!/usr/bin/env node
'use strict';

// V8's flags (a heap growing by half, regexes compiled once) are set by load-cli.js: the code
// cache holds only under the flags that made it.

// Exit codes are 0, 1 or 2, whatever happens: anything unexpected is 2, its message one line with
// control characters escaped (it may quote a path from the scanned files).
const fail = (e) => {
  const text = String(e && e.message ? e.message : e).replace(/[\p{Cc}\u2028\u2029\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  process.stderr.write(`leakgate: ${text}\n`);
  process.exit(2);
};
/** True while a stream holds written text it has not yet handed to the system. */
const holds = (stream) => stream.writableLength > 0 || stream.writableNeedDrain === true;
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);
try {
  const { main, script } = require('./load-cli.js').loadCli();
  // --debug says whether the build's code cache was used: a rejected one costs 60 ms a run
  if (process.argv.includes('--debug')) process.stderr.write(`leakgate: code cache ${script.cachedDataRejected === false ? 'used' : 'not used: dist/cli.js compiled from source'}\n`);
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
    // Once main has resolved, all that may be left is what standard output and error still hold
    // (a pipe that was full): with nothing held, the process ends at once instead of tearing down
    // V8's heap and threads one by one, as a natural exit does (issue 16: 2.5 M instructions, some
    // 1.5 ms of a one-file scan). 'exit' listeners run either way.
    if (!holds(process.stdout) && !holds(process.stderr)) process.exit(code);
  }, fail);
} catch (e) {
  fail(e);
}
