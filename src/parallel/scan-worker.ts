import { parentPort, workerData } from 'node:worker_threads';
import { buildRuleset } from '../packs/load-ruleset.js';
import { buildScanContext, type FileResult, type SourceHooks } from '../scan-context.js';
import { scanSource } from '../scan-source.js';
import { FileWriters, RunBuilder } from '../spool/finding-spool.js';
import type { SourceRef } from '../types.js';
import type { BatchResult, WorkerAck, WorkerInit, WorkerJob, WorkerReply } from './pool.js';

// A scan worker: rebuilds the ruleset once from the recipe the main thread loaded and checked,
// then scans the sources and parts of files it is sent, one at a time, and sends back plain
// results. It prints nothing and decides nothing about the run.

/** Runs sent and not yet taken before the scan waits: memory stays bounded on both sides. */
const IN_FLIGHT = 4;

const init = workerData as WorkerInit;
const ctx = buildScanContext(buildRuleset(init.recipe), init.settings, init.keys);

const port = parentPort!;
let inFlight = 0;
let wake: (() => void) | undefined;
port.on('message', (job: WorkerJob | WorkerAck | 'close') => {
  if (job === 'close') {
    ctx.detector.close();
    port.close();
    return;
  }
  if ('ack' in job) {
    inFlight--;
    wake?.();
    return;
  }
  const reply = (r: WorkerReply): void => port.postMessage(r);
  // findings are sorted and encoded here, on the worker, a run at a time: the main thread only writes them
  const runs = new FileWriters((file, shown) => new RunBuilder((run) => {
    reply({ id: job.id, run, file, shown });
    inFlight++;
  }));
  const hooks: SourceHooks = {
    onFindings(found, file, shown) {
      runs.add(found, file, shown);
    },
    ready() {
      if (inFlight < IN_FLIGHT) return undefined;
      return new Promise<void>((resolve) => {
        wake = () => {
          if (inFlight >= IN_FLIGHT) return;
          wake = undefined;
          resolve();
        };
      });
    },
  };
  if ('refs' in job) {
    void scanBatch(job.id, job.refs, runs, hooks, reply);
    return;
  }
  scanSource(job.ref, ctx, (bytes, findings) => reply({ id: job.id, bytes, findings }), job.part, hooks).then(
    (result) => {
      runs.end();
      reply({ id: job.id, result });
    },
    (e: unknown) => reply({ id: job.id, failed: failure(e) }),
  );
});

/**
 * Scans a batch of small files one after another; their progress and results go back in one
 * message, added up (BatchResult): one object a file, each with its own array of public keys,
 * cost the main thread a structured clone of 50,000 results on a folder of 50,000 files (issue 16).
 */
async function scanBatch(id: number, refs: SourceRef[], runs: FileWriters, hooks: SourceHooks, reply: (r: WorkerReply) => void): Promise<void> {
  const batch: BatchResult = { found: 0, suppressed: 0, bytes: 0, files: 0, publicKeys: [], problems: [] };
  const keys = new Set<string>();
  let bytes = 0;
  let findings = 0;
  for (let k = 0; k < refs.length; k++) {
    let r: FileResult;
    try {
      r = await scanSource(refs[k]!, ctx, (b, f) => ((bytes += b), (findings += f)), undefined, hooks);
    } catch (e) {
      return reply({ id, failed: failure(e), file: refs[k]!.display });
    }
    runs.end();
    batch.found += r.found;
    batch.suppressed += r.suppressed;
    batch.bytes += r.bytes;
    batch.files += r.files;
    for (const key of r.publicKeys) keys.add(key);
    if (r.errors.length > 0 || r.warnings.length > 0) batch.problems.push({ at: k, errors: r.errors, warnings: r.warnings });
  }
  batch.publicKeys = [...keys];
  reply({ id, bytes, findings, batch });
}

function failure(e: unknown): string {
  return e instanceof Error ? e.stack ?? e.message : String(e);
}
