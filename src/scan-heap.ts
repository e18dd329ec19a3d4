import { setFlagsFromString } from 'node:v8';

/** V8's factor of young-generation growth (its default), given back when no run holds it. */
const GROWTH_FACTOR = 2;

/**
 * A V8 flag, for the whole process, set while any hold of it lasts: a hold is taken by calling the
 * function returned, and given back by calling the release that it returns; `restore` is set once
 * the last one is given back (`apply` sets them: V8's setFlagsFromString, or a test's own).
 */
export function flagHold(set: string, restore: string, apply: (flags: string) => void = setFlagsFromString): () => () => void {
  let holds = 0;
  return () => {
    if (holds++ === 0) apply(set);
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      if (--holds === 0) apply(restore);
    };
  };
}

/**
 * Keeps this thread's young generation at its size while a run is set up (found, sized, its names
 * scanned), and gives V8 back its growth when the returned release is called, before the scan.
 * Setting up 50,000 files keeps some 12 MB alive (their paths) while it makes garbage fast, and
 * V8, seeing that much survive, grew the main thread's semi-spaces from 1 to 16 MB: 32 MB more
 * RSS for the whole run, most of it while worker threads do the scanning and this thread only
 * writes their findings (issue 16: 50,000 JSON files, -j 2, peak RSS 251 -> 222 MB, same CPU).
 * The factor is V8's, for the whole process; it decides how the heaps grow, never what a scan finds.
 */
export const holdYoungGeneration: () => () => void = flagHold('--semi-space-growth-factor=1', `--semi-space-growth-factor=${GROWTH_FACTOR}`);

/**
 * Turns V8's allocation-site pretenuring off while scan workers run, and back on when the returned
 * release is called. V8 decides now and then, for good, that what an object literal makes lives
 * long and makes it in the old generation from then on; when it so decides for an object made per
 * match or per finding, each one, dead after its batch, keeps the batch's fields and their 64 KB
 * piece of text alive from the old generation until the next full collection, and the thread
 * promotes them all (issue 16: a 200 MB one-line JSON, -j 2, trace-gc-nvp: one thread in three
 * runs promoted 276-279 MB and made 41 full collections, against 20-33 MB and 3-6 in the others;
 * with pretenuring off none of six runs did). The flag is V8's, for the whole process: no thread
 * pretenures while any pool runs. It decides where objects are made, never what a scan finds.
 */
export const holdNoPretenuring: () => () => void = flagHold('--no-allocation-site-pretenuring', '--allocation-site-pretenuring');

/**
 * Raises V8's interrupt budget (the bytecode a function runs between checks of whether to optimise
 * it) to 4 times its default while scan workers run, and gives it back when the returned release is
 * called. Each worker compiles its own copy of the hot path with TurboFan, on V8's background threads,
 * which on a machine of two cores take them from the scan; at the default budget functions were
 * optimised before their types had settled (a batch's closures, fields of the header and of the
 * rows, findings with and without groups), thrown away at the next new shape and compiled again,
 * and functions that ran a few thousand times were compiled for nothing (issue 16: --trace-opt, 20 MB
 * case CSV, -j 2: 265 compilations, 40 bailouts at the default, 160 and 19 at 4 times). The budget
 * is V8's, for the whole process: the CLI's own thread, which only writes the workers' findings,
 * tiers up later too. It decides when V8 compiles, never what a scan finds.
 */
const INTERRUPT_BUDGET = 67584;
export const holdLateTierUp: () => () => void = flagHold(`--interrupt-budget=${INTERRUPT_BUDGET * 4}`, `--interrupt-budget=${INTERRUPT_BUDGET}`);

/**
 * Has V8 optimise a scan worker's functions on the worker's own thread, not queued for its
 * background threads, while held (while scan workers run). Each isolate queued up to
 * 8 compilations at once, each with its own zone of compiler memory, allocated and freed on V8's
 * background threads, whose malloc arenas keep what they once held: 200 MB inputs at -j 2, 3-4
 * interleaved runs on a loaded 2-core machine, peak RSS one-line JSON 180-196 -> 174-179 MiB, case
 * CSV 175-177 -> 167-171, HTML pages 165-172 -> 159, NDJSON 179-181 -> 174-185, pretty JSON
 * 175-176 -> 170-178; 20 MB inputs, 8 runs each: NDJSON 149-157 -> 145-148, case CSV 146-150 ->
 * 142-143; folders of 5,000 JSON and 2,000 HTML files 3 MB less, 50,000 JSON files the same; CPU
 * the same within the noise (issue 16). With both cores scanning, a background compilation took a
 * core from the other worker anyway; on a machine with idle cores it would have run beside the
 * scan. Read when a heap is made: the main thread keeps its own. It decides where V8 compiles,
 * never what a scan finds.
 */
export const holdOwnThreadOptimisation: () => () => void = flagHold('--no-concurrent-recompilation', '--concurrent-recompilation');

/**
 * Has V8 start marking a heap's old generation (the first step of a full collection) at once when
 * half the room it may grow into since its last full collection is used, while scan workers run.
 * That room is 16 MB in a worker whatever it holds (V8's least growth, 8 MB, and its new space's
 * capacity, 8 MB: pool.ts), and a worker holds some 14 MB (its rules, names and code): by default
 * V8 only queues a task to start marking at that point, which a busy worker runs late, and the
 * marking then ends near the limit, so each worker's old generation rose to 25-30 MB before it
 * was collected, and the run's peak came when both did at once (issue 16: 200 MiB NDJSON, -j 2,
 * --trace-gc-verbose: limits of 29-32 MB, full collections at 25-28 MB of objects). The flag is
 * V8's, for the whole process. It decides when V8 collects garbage, never what a scan finds.
 */
const MARKING_TRIGGER_PERCENT = 50;
export const holdEarlyMarking: () => () => void = flagHold(`--incremental-marking-hard-trigger=${MARKING_TRIGGER_PERCENT}`, '--incremental-marking-hard-trigger=0');

/**
 * Detaches a buffer of no bytes, once per thread, before a scan's code is hot. V8 holds an isolate's
 * typed-array code free of "is its buffer detached?" checks until the first buffer is detached, and
 * then throws away every optimised function that read a typed array. The anchor pass's WebAssembly
 * memory grows (which detaches its old buffer) in the middle of a scan, so each scan thread
 * threw away detect, filterMatches, observe and the rest of the hot path and compiled them again
 * (issue 16: --trace-protector-invalidation, "ArrayBufferDetaching", then a dozen functions
 * marked for deoptimisation, on every input). Giving the protector up first costs nothing: it
 * decides which checks V8 compiles, never what a scan finds.
 */
let detached = false;
export function detachOnce(): void {
  if (detached) return;
  detached = true;
  const none = new ArrayBuffer(0);
  structuredClone(none, { transfer: [none] });
}
