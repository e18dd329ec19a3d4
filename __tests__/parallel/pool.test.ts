import { WorkerPool } from '../../src/parallel/pool.js';
import type { RulesetRecipe } from '../../src/types.js';

// Issue 16: a run's threads start before its work is handed out (WorkerPool.start), while the
// main thread scans the names. A thread that fails while it loads must fail the run's work, never
// leave it waiting for an answer.

test('a thread started ahead of its work that fails to load fails the work given to the pool', async () => {
  // a recipe the worker cannot build a ruleset from: its script throws as it starts
  const broken = { packs: 'not a recipe' } as unknown as RulesetRecipe;
  const pool = new WorkerPool(1, { recipe: broken, keys: { valueKey: Buffer.alloc(32), fingerprintKey: Buffer.alloc(32) }, settings: {} as never }, true);
  try {
    pool.start(1);
    // the thread fails while this one waits: the work is refused, not left hanging
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await expect(pool.runBatch([{ display: 'a.txt', fsPath: import.meta.filename }], () => {}, () => {})).rejects.toThrow(/scan worker (crashed|exited)/);
  } finally {
    await pool.close();
  }
});
