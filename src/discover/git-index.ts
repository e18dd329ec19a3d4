import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { SourceRef } from '../types.js';
import { formatFromName } from '../read/detect-format.js';
import { UsageError } from './discover.js';

const run = promisify(execFile);

/**
 * The files staged in the git index (added, copied, modified or renamed; not deleted), as sources
 * whose bytes are the staged blobs, not the working tree: a partly staged file is scanned as it
 * will be committed. Paths are shown as git shows them (relative to the repository root);
 * `only` (paths from pre-commit) narrows the list to those files.
 */
export async function stagedSources(cwd: string, only: string[] = []): Promise<SourceRef[]> {
  let root: string;
  try {
    root = (await run('git', ['rev-parse', '--show-toplevel'], { cwd })).stdout.trim();
  } catch {
    throw new UsageError('--staged needs a git repository (git rev-parse failed here)');
  }
  const names = (await run('git', ['diff', '--cached', '--name-only', '-z', '--diff-filter=ACMR'], { cwd: root, maxBuffer: 64 * 1024 * 1024 })).stdout
    .split('\0')
    .filter(Boolean);
  const wanted = only.length > 0 ? new Set(only.map((p) => path.relative(root, path.resolve(cwd, p)).split(path.sep).join('/'))) : undefined;
  const chosen = names.filter((n) => !wanted || wanted.has(n));
  if (chosen.length === 0) return [];
  // one call for every blob id: `git ls-files --stage` prints "<mode> <sha> <stage>\t<path>"
  const staged = (await run('git', ['ls-files', '--stage', '-z', '--', ...chosen], { cwd: root, maxBuffer: 64 * 1024 * 1024 })).stdout
    .split('\0')
    .filter(Boolean);
  const sources: SourceRef[] = [];
  for (const line of staged) {
    const m = /^(\d+) ([0-9a-f]+) (\d)\t(.*)$/s.exec(line);
    if (!m || m[1] === '160000' || m[1] === '120000') continue; // submodules and symlinks hold no file content
    const ref: SourceRef = { display: m[4]!, gitBlob: { sha: m[2]!, repo: root } };
    const format = formatFromName(m[4]!);
    if (format) ref.format = format;
    sources.push(ref);
  }
  return sources.sort((a, b) => (a.display < b.display ? -1 : 1));
}
