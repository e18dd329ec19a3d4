import { parentPort, workerData } from 'node:worker_threads';
import { createDetector } from '../detect/detect.js';
import { valueKeyer } from '../filter/filter.js';
import { buildRuleset } from '../packs/load-ruleset.js';
import { scanSource, type SourceScanContext } from '../scan-source.js';
import type { WorkerInit, WorkerReply, WorkerJob } from './pool.js';

// A scan worker: rebuilds the ruleset once from the recipe the main thread loaded and checked,
// then scans the sources and parts of files it is sent, one at a time, and sends back plain
// results. It prints nothing and decides nothing about the run.

const init = workerData as WorkerInit;
const ruleset = buildRuleset(init.recipe);
const ctx: SourceScanContext = {
  ruleset,
  detector: createDetector(ruleset),
  valueKey: valueKeyer(Buffer.from(init.valueKey)),
  showValues: init.showValues,
  verbose: init.verbose,
  minConfidence: init.minConfidence,
  ...(init.maxFileSize !== undefined ? { maxFileSize: init.maxFileSize } : {}),
  ...(init.acceptImagePages ? { acceptImagePages: true } : {}),
  ...(init.baselineKey ? { baselineKey: Buffer.from(init.baselineKey) } : {}),
  ...(init.accept ? { accept: init.accept } : {}),
};

const port = parentPort!;
port.on('message', (job: WorkerJob | 'close') => {
  if (job === 'close') {
    ctx.detector.close();
    port.close();
    return;
  }
  const reply = (r: WorkerReply): void => port.postMessage(r);
  scanSource(job.ref, ctx, (bytes, findings) => reply({ id: job.id, bytes, findings }), job.part).then(
    (result) => reply({ id: job.id, result }),
    (e: unknown) => reply({ id: job.id, failed: e instanceof Error ? e.stack ?? e.message : String(e) }),
  );
});
