// Jest's global setup: builds dist/ when any of its sources is newer than it. Tests that spawn
// bin/ and the scan workers (dist/scan-worker.cjs, which each worker thread runs) then run
// the code the tests were written against, never a stale build. `npm test` has just built, and
// nothing is newer: this costs a directory walk.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUILT = path.join(root, 'dist/scan-worker.cjs');
const SOURCES = ['src', 'patterns', 'scripts/build.mjs', 'package.json'];

/** The newest modification time under `p` (a file or a folder). */
function newest(p) {
  const s = statSync(p, { throwIfNoEntry: false });
  if (!s) return 0;
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(p).reduce((m, name) => Math.max(m, newest(path.join(p, name))), s.mtimeMs);
}

export default function globalSetup() {
  const built = statSync(BUILT, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  if (SOURCES.every((s) => newest(path.join(root, s)) <= built)) return;
  execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
}
