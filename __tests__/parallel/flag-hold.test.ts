import { flagHold } from '../../src/scan-heap.js';

// Issue 16: a pool holds V8 flags (no pretenuring, a later tier-up) for the whole process while its
// workers run. Pools can overlap (a run inside another's lifetime): the flags are set when the first
// hold is taken and given back only when the last is released, once, whatever order they end in.

test('a flag hold sets its flags at the first hold and restores them after the last release, once', () => {
  const applied: string[] = [];
  const hold = flagHold('--interrupt-budget=270336', '--interrupt-budget=67584', (f) => applied.push(f));
  const first = hold();
  const second = hold();
  expect(applied).toEqual(['--interrupt-budget=270336']);
  first();
  // released twice: counted once, the other hold still stands
  first();
  expect(applied).toEqual(['--interrupt-budget=270336']);
  second();
  expect(applied).toEqual(['--interrupt-budget=270336', '--interrupt-budget=67584']);
  // held again after all were released: set again
  hold()();
  expect(applied).toEqual(['--interrupt-budget=270336', '--interrupt-budget=67584', '--interrupt-budget=270336', '--interrupt-budget=67584']);
});
