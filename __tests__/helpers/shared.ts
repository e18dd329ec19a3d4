import { existsSync } from 'node:fs';
import path from 'node:path';

/** The project's shared folder (corpora, eval tools), beside the repository: never copied into it. */
export const SHARED = path.resolve(import.meta.dirname, '../../../shared');

/**
 * A folder of ../shared, or undefined when it is absent (a clone on its own). Its absence is said
 * loudly, on the console of the test file and as a skipped test named after what is missing, never
 * skipped in silence; in CI the shared folder is beside the clone, so these tests run.
 */
export function sharedDir(rel: string): string | undefined {
  const dir = path.join(SHARED, rel);
  if (existsSync(dir)) return dir;
  if (!warned.has(dir)) console.warn(`leakgate tests: ${dir} is absent, so the tests that read it do not run (they need the shared folder beside the repository)`);
  warned.add(dir);
  return undefined;
}

const warned = new Set<string>();

/** describe() over a ../shared folder, or, when it is absent, one skipped test that says so. */
export function describeShared(rel: string, title: string, body: (dir: string) => void): void {
  const dir = sharedDir(rel);
  if (dir) describe(title, () => body(dir));
  else describe(title, () => test.skip(`NOT RUN: ../shared/${rel} is absent`, () => undefined));
}
