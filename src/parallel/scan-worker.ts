import { parentPort, workerData } from 'node:worker_threads';
import { buildRuleset } from '../packs/load-ruleset.js';
import { buildScanContext, type FileResult, type SourceHooks } from '../scan-context.js';
import { scanSmallFiles, SmallFileFailure } from '../scan-small-files.js';
import { scanSource } from '../scan-source.js';
import { FileWriters, RunBuilder } from '../spool/finding-spool.js';
import type { SourceRef } from '../types.js';
import type { BatchResult, HeldRun, WorkerAck, WorkerInit, WorkerJob, WorkerReply } from './pool.js';

// A scan worker: rebuilds the ruleset once from the recipe the main thread loaded and checked,
// then scans the sources and parts of files it is sent, one at a time, and sends back plain
// results. It prints nothing and decides nothing about the run.

/** Runs sent and not yet taken before the scan waits: memory stays bounded on both sides. */
const IN_FLIGHT = 4;

/**
 * Characters of findings' runs a batch of small files holds before it sends them (else they go
 * with its result): a message each way per file with findings kept the threads waking one
 * another (issue 16: about 1 ms a message on a busy machine, 1,000 a thread on 50,000 files).
 */
const HELD_TEXT = 1024 * 1024;

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
  // a batch's runs are held and go with its result, or together once they hold HELD_TEXT
  const held: HeldRun[] = [];
  let heldText = 0;
  const runs = new FileWriters((file, shown) => new RunBuilder((run) => {
    if (!('refs' in job)) {
      reply({ id: job.id, run, file, shown });
      inFlight++;
      return;
    }
    held.push({ run, file, shown });
    heldText += run.text.length;
    if (heldText < HELD_TEXT) return;
    reply({ id: job.id, runs: held.splice(0) });
    heldText = 0;
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
    void scanBatch(job.id, job.refs, runs, hooks, reply, held);
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
 * Scans a batch of small files one after another (scanSmallFiles); their progress and results go back in one
 * message, added up (BatchResult): one object a file, each with its own array of public keys,
 * cost the main thread a structured clone of 50,000 results on a folder of 50,000 files (issue 16).
 */
async function scanBatch(id: number, refs: SourceRef[], runs: FileWriters, hooks: SourceHooks, reply: (r: WorkerReply) => void, held: HeldRun[]): Promise<void> {
  const batch: BatchResult = { found: 0, suppressed: 0, bytes: 0, files: 0, publicKeys: [], problems: [] };
  const keys = new Set<string>();
  let bytes = 0;
  let findings = 0;
  try {
    await scanSmallFiles(refs, ctx, (b, f) => ((bytes += b), (findings += f)), hooks, (k, r: FileResult) => {
      runs.end();
      batch.found += r.found;
      batch.suppressed += r.suppressed;
      batch.bytes += r.bytes;
      batch.files += r.files;
      for (const key of r.publicKeys) keys.add(key);
      if (r.errors.length > 0 || r.warnings.length > 0) batch.problems.push({ at: k, errors: r.errors, warnings: r.warnings });
    });
  } catch (e) {
    const at = e instanceof SmallFileFailure ? e.at : -1;
    return reply({ id, failed: failure(e instanceof SmallFileFailure ? e.reason : e), ...(at >= 0 ? { file: refs[at]!.display } : {}) });
  }
  batch.publicKeys = [...keys];
  reply({ id, bytes, findings, batch, runs: held });
}

function failure(e: unknown): string {
  return e instanceof Error ? e.stack ?? e.message : String(e);
}
