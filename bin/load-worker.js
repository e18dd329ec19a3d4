'use strict';
// A scan worker thread's entry (src/parallel/pool.ts): runs dist/scan-worker.cjs, the worker
// bundled as one CommonJS script (scripts/build-worker.mjs), with V8's code cache made at build
// time (dist/scan-worker.cache), as bin/load-cli.js runs the CLI (issue 16). Threads share the
// process's V8 flags (set by load-cli.js), under which Node's own code cache is rejected: without
// a cache of its own each thread compiled the worker's modules from source. A Node that rejects
// the cache compiles the script as usual.
const { writeFileSync } = require('node:fs');
const { compileCached, runModule } = require('./cached-script.js');

const script = compileCached('scan-worker.cjs', 'scan-worker.cache');
const out = process.env.LEAKGATE_WORKER_CACHE_OUT;
if (out) {
  // the build's training run: the cache is written before each reply, so that the last one
  // holds the bytecode of every function a scan ran
  const { parentPort } = require('node:worker_threads');
  const post = parentPort.postMessage.bind(parentPort);
  parentPort.postMessage = (m, t) => {
    writeFileSync(out, script.createCachedData());
    post(m, t);
  };
}
runModule(script, 'scan-worker.cjs');
