import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FilePart } from '../read/read-source.js';
import type { FileResult, RunKeys, ScanSettings } from '../scan-context.js';
import { holdEarlyMarking, holdLateTierUp, holdNoPretenuring, holdOwnThreadOptimisation } from '../scan-heap.js';
import type { EncodedRun } from '../spool/finding-spool.js';
import type { Problem, RulesetRecipe, SourceRef } from '../types.js';

/**
 * Young generation of a worker's heap. A worker's fields of one 64 KiB piece live across a few
 * scavenges: at 12 MB they were promoted and old-generation collections took the worker 5.7 s of
 * garbage collection on 30 MB of NDJSON (the main thread, on its own, 2.1 s), which is why -j 2
 * cost 40 % more CPU than -j 1 (issue 16); 24 MB: 1.0 s, 32 MB: 0.8 s, 48 MB: 0.8 s with more RSS.
 * V8's default for a worker thread is smaller still (4.6 s). The price is RSS, and 24 MB keeps the
 * CPU of 32 for less of it: 200 MB inputs, -j 2, same minute, user+sys and peak RSS, 32 MB vs 24 MB:
 * NDJSON 39.9 s 233 MB vs 40.4 s 199 MB; case CSV 23.8 s 230 MB vs 23.7 s 188 MB. The whole bench
 * (two runs minutes apart, -j 1 CPU equal within 2 %) puts a price on it: -j 2 CPU 32 -> 24 MB, case
 * CSV 24.4 -> 25.4 s, NDJSON 38.5 -> 41.0, pretty JSON 30.7 -> 36.6, one-line 41.8 -> 43.5, HTML
 * 26.4 -> 30.6; peak RSS 218-237 -> 180-200 MB on the 200 MB inputs (issue 16 asks < 200).
 */
const YOUNG_GENERATION_MB = 24;

/**
 * Young generation of a worker that scans only batches of small whole files (pool option
 * `smallFiles`): what a file of a few KB makes dies with the file, long before a scavenge of a
 * smaller space, so the 24 MB above bought no CPU there and cost RSS (issue 16: 50,000 JSON files,
 * -j 2, peak RSS 237 MB at 8 MB against 250 MB at 24, CPU the same within the noise).
 */
const SMALL_FILES_YOUNG_GENERATION_MB = 8;

/**
 * node's flags pass on to the threads (a loader, --enable-source-maps), but not those about the main
 * script's source. A thread refuses V8's and the process's own flags (`node --max-old-space-size=4096
 * leakgate …`, ERR_WORKER_INVALID_EXEC_ARGV): they already hold for the whole process, so a thread
 * starts without the ones node names, and failing that without any. Worked out once, at the first spawn.
 */
let threadArgv: string[] | undefined;

function startWorker(file: string | URL, init: WorkerInit, youngMb: number): Worker {
  const start = (execArgv: string[]): Worker =>
    new Worker(file, { workerData: init, resourceLimits: { maxYoungGenerationSizeMb: youngMb }, execArgv });
  let argv = threadArgv ?? process.execArgv.filter((a) => !/^(?:--input-type|--eval|--print|-[ep])(?:=|$)/.test(a));
  for (let attempt = 0; ; attempt++) {
    try {
      const w = start(argv);
      threadArgv = argv;
      return w;
    } catch (e) {
      if ((e as { code?: string }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV' || argv.length === 0) throw e;
      const named = String((e as Error).message).split(/flags?:\s*/)[1]?.split(/,\s*/) ?? [];
      argv = attempt === 0 ? argv.filter((a) => !named.includes(a)) : [];
    }
  }
}

/** What every worker starts with: the ruleset's recipe, the run's keys and its settings. */
export interface WorkerInit {
  recipe: RulesetRecipe;
  keys: RunKeys;
  settings: ScanSettings;
}

/** A file or a part of one; or a batch of small whole files, scanned one after another (`refs`). */
export type WorkerJob = { id: number; ref: SourceRef; part?: FilePart } | { id: number; refs: SourceRef[] };

/** What a worker says about a job: progress, a run of findings (answered with `{ ack }`), the end. */
export type WorkerReply =
  | { id: number; bytes: number; findings: number }
  | { id: number; run: EncodedRun; file: string; shown: string }
  | { id: number; result: FileResult }
  | { id: number; runs: HeldRun[] }
  | { id: number; bytes: number; findings: number; batch: BatchResult; runs: HeldRun[] }
  | { id: number; failed: string; file?: string };

/** A run of findings of a batch's file, held to be sent with others. */
export interface HeldRun {
  run: EncodedRun;
  file: string;
  shown: string;
}

/**
 * The results of a batch of small files, added up on the worker: counts, the public value keys
 * (each once), and the problems of the files that had any, by their place in the batch.
 */
export interface BatchResult {
  found: number;
  suppressed: number;
  bytes: number;
  files: number;
  publicKeys: string[];
  problems: { at: number; errors: Problem[]; warnings: Problem[] }[];
}

/** The main thread's answer to a run of findings: it has been taken (the worker may send more). */
export interface WorkerAck {
  ack: number;
}

interface Pending {
  job: WorkerJob;
  onBytes: (bytes: number, findings: number) => void;
  onRun: (run: EncodedRun, file: string, shown: string) => void;
  resolve: (r: FileResult | BatchResult) => void;
  reject: (e: Error) => void;
}

/**
 * A pool of scan workers (worker threads), started as jobs arrive, up to `size`. Jobs run in the
 * order given, each on the first free worker. A worker that dies fails the run: the scan must
 * not report a file it did not finish.
 */
export class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly queue: Pending[] = [];
  private readonly running = new Map<Worker, Pending>();
  private started = 0;
  private nextId = 0;
  private dead: Error | undefined;
  /** Set by `lastJobs`: a worker left with nothing to do is stopped at once. */
  private last = false;
  /** Workers stopped by `lastJobs`, awaited by close. */
  private readonly stopping: Promise<number>[] = [];
  /** Gives V8 its pretenuring (holdNoPretenuring) and its interrupt budget (holdLateTierUp) back, once the workers are stopped. */
  private heldFlags: (() => void) | undefined;

  /** With `smallFiles`, the run's every job is a batch of small whole files (runBatch): the workers' young generation is smaller. */
  constructor(readonly size: number, private readonly init: WorkerInit, private readonly smallFiles = false) {}

  /** Scans a file (or a part of one) on a worker; its findings come to `onRun`, sorted and encoded, a run at a time. */
  run(ref: SourceRef, onBytes: (bytes: number, findings: number) => void, onRun: (run: EncodedRun, file: string, shown: string) => void, part?: FilePart): Promise<FileResult> {
    return this.submit(part ? { id: this.nextId++, ref, part } : { id: this.nextId++, ref }, onBytes, onRun) as Promise<FileResult>;
  }

  /**
   * Scans small whole files on one worker, one message each way for all: a message and its
   * answer per file of 2 KB left the threads idle a third of the time (issue 16). Their results
   * come added up, with their progress, in one message (BatchResult).
   */
  runBatch(refs: SourceRef[], onBytes: (bytes: number, findings: number) => void, onRun: (run: EncodedRun, file: string, shown: string) => void): Promise<BatchResult> {
    return this.submit({ id: this.nextId++, refs }, onBytes, onRun) as Promise<BatchResult>;
  }

  private submit(job: WorkerJob, onBytes: Pending['onBytes'], onRun: Pending['onRun']): Promise<FileResult | BatchResult> {
    return new Promise((resolve, reject) => {
      if (this.dead) return reject(this.dead);
      this.queue.push({ job, onBytes, onRun, resolve, reject });
      this.dispatch();
    });
  }

  /** Starts workers now, up to `size` and `jobs` in all, rather than as their first jobs arrive: they load while the caller does other work. */
  start(jobs: number): void {
    while (this.started < Math.min(this.size, jobs)) this.idle.push(this.spawn());
  }

  /**
   * Tells the pool that every job of the run has been given to it, but for the rare one given
   * later (a file scanned again whole, say): from now on a worker with nothing to do is stopped,
   * its heap given back, rather than kept idle to the end of the run; a job that comes later
   * starts a new one.
   */
  lastJobs(): void {
    this.last = true;
    this.retireIdle();
  }

  private retireIdle(): void {
    if (!this.last || this.queue.length > 0) return;
    for (const w of this.idle.splice(0)) {
      this.started--;
      this.stopping.push(w.terminate());
    }
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    const all = [...this.idle, ...this.running.keys()];
    this.idle.length = 0;
    await Promise.all([...all.map((w) => w.terminate()), ...this.stopping.splice(0)]);
    this.heldFlags?.();
    this.heldFlags = undefined;
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const w = this.idle.pop() ?? (this.started < this.size ? this.spawn() : undefined);
      if (!w) return;
      const p = this.queue.shift()!;
      this.running.set(w, p);
      w.postMessage(p.job);
    }
  }

  private spawn(): Worker {
    this.started++;
    // set before the thread's heap is made, for the whole process (scan-heap.ts)
    // and each worker optimises on its own thread
    this.heldFlags ??= releaseAll([holdNoPretenuring(), holdLateTierUp(), holdOwnThreadOptimisation(), holdEarlyMarking()]);
    const w = startWorker(workerFile(), this.init, this.smallFiles ? SMALL_FILES_YOUNG_GENERATION_MB : YOUNG_GENERATION_MB);
    w.on('message', (m: WorkerReply) => {
      const p = this.running.get(w);
      if (!p || p.job.id !== m.id) return;
      if ('runs' in m) for (const r of m.runs) p.onRun(r.run, r.file, r.shown);
      if ('bytes' in m) {
        p.onBytes(m.bytes, m.findings);
        if (!('batch' in m)) return;
      }
      if ('run' in m || ('runs' in m && !('batch' in m))) {
        if ('run' in m) p.onRun(m.run, m.file, m.shown);
        w.postMessage({ ack: m.id } satisfies WorkerAck);
        return;
      }
      this.running.delete(w);
      this.idle.push(w);
      if ('result' in m) p.resolve(m.result);
      else if ('batch' in m) p.resolve(m.batch);
      else p.reject(new Error(`scan worker failed on ${m.file ?? ('ref' in p.job ? p.job.ref.display : '?')}: ${m.failed}`));
      this.dispatch();
      this.retireIdle();
    });
    const die = (e: Error): void => {
      this.dead ??= e;
      const p = this.running.get(w);
      this.running.delete(w);
      p?.reject(e);
      for (const q of this.queue.splice(0)) q.reject(e);
    };
    w.on('error', (e) => die(new Error(`scan worker crashed: ${e.message}`)));
    w.on('exit', (code) => {
      if (this.running.has(w)) return die(new Error(`scan worker exited (code ${code}) before finishing`));
      // a thread started ahead of its work (start) that ends before close: no job may wait for it
      const at = this.idle.indexOf(w);
      if (at === -1) return;
      this.idle.splice(at, 1);
      die(new Error(`scan worker exited (code ${code}) before its work`));
    });
    return w;
  }
}

/**
 * The worker's entry, bin/load-worker.js, which runs the worker bundled as one script
 * (dist/scan-worker.cjs) with its code cache: found from the CLI's script (dist/cli.js) or, run
 * from the TypeScript sources (the tests), from src/parallel; jest's global setup builds dist/
 * again whenever a source is newer (scripts/jest-global-setup.mjs): the worker runs the code under test.
 */
function workerFile(): URL {
  for (const up of ['../', '../../']) {
    const entry = new URL(`${up}bin/load-worker.js`, import.meta.url);
    if (!existsSync(fileURLToPath(entry))) continue;
    const built = new URL(`${up}dist/scan-worker.cjs`, import.meta.url);
    if (existsSync(fileURLToPath(built))) return entry;
    throw new Error(`the scan worker is not built (${fileURLToPath(built)}): run npm run build`);
  }
  throw new Error(`the scan worker's entry is missing (bin/load-worker.js beside ${fileURLToPath(new URL('../', import.meta.url))})`);
}

/** One release that gives back the holds (scan-heap.ts), the last taken first. */
function releaseAll(releases: readonly (() => void)[]): () => void {
  return () => {
    for (let i = releases.length - 1; i >= 0; i--) releases[i]!();
  };
}
