import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { ownString } from './own-string.js';

/** How long user rules may take on one batch of text before the file is failed (exit 2). */
export const RULE_BUDGET_MS = 2000;

/** How long a guard's worker may take to start before the first budget begins anyway. */
const WORKER_START_MS = 30000;

/** A user rule ran past its time budget: its pattern backtracks catastrophically on this input. */
export class RuleTimeoutError extends Error {
  readonly code = 'ETIMEOUT';
  constructor(readonly ruleId: string, readonly ms: number) {
    super(`rule ${ruleId} ran over ${ms} ms on one batch of text (catastrophic backtracking?); the file was not fully scanned and the rule is off for the rest of the run`);
    this.name = 'RuleTimeoutError';
  }
}

/** One regex match: offsets in the batch text, and the span of a `value` group when there is one. */
export type GuardMatch = [index: number, length: number, valueIndex: number, valueLength: number];

// The worker runs the user rules' regexes; it knows nothing else. It says which rule it is on
// in shared memory before running it, so that a timeout can name the rule.
const WORKER = `
const { workerData } = require('node:worker_threads');
const state = new Int32Array(workerData.shared);
const port = workerData.port;
const cache = new Map();
Atomics.store(state, 2, 1);
Atomics.notify(state, 2);
port.on('message', (job) => {
  const out = [];
  for (let r = 0; r < job.rules.length; r++) {
    Atomics.store(state, 1, r);
    const { source, flags } = job.rules[r];
    const key = flags + '/' + source;
    let re = cache.get(key);
    if (!re) { re = new RegExp(source, flags); cache.set(key, re); }
    const found = [];
    re.lastIndex = 0;
    for (let m = re.exec(job.text); m; m = re.exec(job.text)) {
      if (m[0].length === 0 && !job.first) { re.lastIndex++; continue; }
      const v = m.indices && m.indices.groups && m.indices.groups.value;
      found.push(m.index, m[0].length, v ? v[0] : m.index, v ? v[1] - v[0] : m[0].length);
      if (job.first) break;
    }
    out.push(found);
  }
  port.postMessage(out);
  Atomics.store(state, 0, 1);
  Atomics.notify(state, 0);
});
`;

/**
 * Runs user-pack regexes in a worker thread under a time budget, synchronously: the caller
 * blocks on shared memory until the worker answers or the budget runs out. A pattern that slipped
 * past the load-time analysis and backtracks without end fails the file (exit 2) instead of
 * hanging the gate; the worker is terminated and a fresh one serves the next call.
 */
export class RuleGuard {
  private worker: Worker | undefined;
  private port: MessagePort | undefined;
  private state: Int32Array | undefined;
  readonly disabled = new Set<string>();

  constructor(private readonly budgetMs = RULE_BUDGET_MS) {}

  /**
   * Runs each rule (its flags must include `g`) over the text; per rule, its matches as offsets,
   * or with `first` only the first match, which may be empty (a test, not a search).
   */
  run(text: string, rules: { id: string; source: string; flags: string }[], first = false): GuardMatch[][] {
    const live = rules.filter((r) => !this.disabled.has(r.id));
    if (live.length === 0) return rules.map(() => []);
    this.start();
    const state = this.state!;
    Atomics.store(state, 0, 0);
    this.port!.postMessage({ text, first, rules: live.map((r) => ({ source: r.source, flags: r.flags })) });
    if (Atomics.wait(state, 0, 0, this.budgetMs) === 'timed-out' && Atomics.load(state, 0) === 0) {
      const culprit = live[Atomics.load(state, 1)] ?? live[0]!;
      this.stop();
      this.disabled.add(culprit.id);
      throw new RuleTimeoutError(culprit.id, this.budgetMs);
    }
    const flat = (receiveMessageOnPort(this.port!)?.message ?? []) as number[][];
    const byRule = new Map<string, GuardMatch[]>();
    live.forEach((r, i) => {
      const f = flat[i] ?? [];
      const ms: GuardMatch[] = [];
      for (let k = 0; k + 3 < f.length; k += 4) ms.push([f[k]!, f[k + 1]!, f[k + 2]!, f[k + 3]!]);
      byRule.set(r.id, ms);
    });
    return rules.map((r) => byRule.get(r.id) ?? []);
  }

  /** Ends the worker (at the end of a run). */
  stop(): void {
    void this.worker?.terminate();
    this.port?.close();
    this.worker = undefined;
    this.port = undefined;
    this.state = undefined;
  }

  private start(): void {
    if (this.worker) return;
    const shared = new SharedArrayBuffer(12);
    const { port1, port2 } = new MessageChannel();
    this.worker = new Worker(WORKER, { eval: true, workerData: { shared, port: port2 }, transferList: [port2] });
    // the worker must never keep the process alive on its own
    this.worker.unref();
    port1.unref();
    this.port = port1;
    this.state = new Int32Array(shared);
    // the budget is for the regexes, not for starting a thread: on a loaded machine that alone
    // can take longer than the budget
    Atomics.wait(this.state, 2, 0, WORKER_START_MS);
  }
}

let shared: RuleGuard | undefined;

/** Inputs up to this length keep their answer: names and labels come back on every record. */
const CACHED_INPUT = 256;
const MAX_CACHED = 10000;

/**
 * A regular expression from a user pack or a config that is not a rule's pattern: a field name,
 * a role (`within`), an allow entry's value, path, field, text or sibling, a shape's column
 * value or tolerated names. Tested like a user rule's pattern, in the guard's worker under the
 * time budget, so that no user regex can hang a scan, whatever a load-time analysis says of it
 * (`(\d{1,9}){1,9}\1x`, which has a back-reference, passes the ReDoS analysis and backtracks
 * for minutes on a 61-digit header). Past the budget the file is an error and the regex stops
 * matching for the rest of the run, as a rule does.
 */
export class GuardedRegExp {
  private readonly cache = new Map<string, boolean>();
  private readonly spec: { id: string; source: string; flags: string };

  /** `id` names the pack entry and the place (`victim.name (name)`) when the budget runs out. */
  constructor(readonly source: string, readonly flags: string, id: string) {
    this.spec = { id, source, flags: flags.includes('g') ? flags : `${flags}g` };
  }

  /** True when the regex matches somewhere in `text`. */
  test(text: string): boolean {
    let hit = this.cache.get(text);
    if (hit !== undefined) return hit;
    shared ??= new RuleGuard();
    hit = shared.run(text, [this.spec], true)[0]!.length > 0;
    if (text.length <= CACHED_INPUT) {
      if (this.cache.size >= MAX_CACHED) this.cache.clear();
      this.cache.set(ownString(text), hit);
    }
    return hit;
  }
}
