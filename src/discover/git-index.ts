import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { type Problem, type SourceRef, UsageError } from '../types.js';
import { formatFromName } from '../formats/registry.js';

const promisedExecFile = () => promisify(execFile);
type Run = ReturnType<typeof promisedExecFile>;
let promised: Run | undefined;
/** git, without a shell; execFile is first touched here: a scan that is not --staged never loads child_process (issue 16). */
const run = ((...args: Parameters<Run>) => (promised ??= promisedExecFile())(...args)) as Run;
const BIG = 256 * 1024 * 1024;

/**
 * The files staged in the git index (added, copied, modified, renamed or changed in type; not
 * deleted), as sources whose bytes are the staged blobs, not the working tree: a partly staged
 * file is scanned as it will be committed. Paths are shown as git shows them (relative to the
 * repository root); `only` (paths from pre-commit) narrows the list to those files.
 *
 * Names are read as bytes (`-z`, no quoting) and never passed back to git as arguments: a name
 * that is not UTF-8 is kept, shown with its odd bytes as `\xNN`. A symbolic link is scanned as
 * what git stores (its target); a submodule holds no content here and gets a warning.
 */
export async function stagedSources(cwd: string, only: string[] = [], skipped: Problem[] = []): Promise<SourceRef[]> {
  let root: string;
  try {
    root = (await run('git', ['rev-parse', '--show-toplevel'], { cwd })).stdout.trim();
  } catch {
    throw new UsageError('--staged needs a git repository (git rev-parse failed here)');
  }
  const names = (await run('git', ['diff', '--cached', '--name-only', '-z', '--no-renames', '--diff-filter=ACMRT'], { cwd: root, maxBuffer: BIG, encoding: 'buffer' })).stdout;
  const changed = new Set(split(names));
  if (changed.size === 0) return [];
  // the paths pre-commit passes come through argv, where Node has already decoded them as UTF-8:
  // a staged name is compared in that same (lossy) form
  const wanted = only.length > 0 ? new Set(only.map((p) => path.relative(root, path.resolve(cwd, p)).split(path.sep).join('/'))) : undefined;
  // one call, no names as arguments: `git ls-files --stage -z` prints "<mode> <sha> <stage>\t<path>"
  const index = (await run('git', ['ls-files', '--stage', '-z'], { cwd: root, maxBuffer: BIG, encoding: 'buffer' })).stdout;
  const sources: SourceRef[] = [];
  const seen = new Set<string>();
  for (const line of split(index)) {
    const m = /^(\d+) ([0-9a-f]+) (\d)\t([\s\S]*)$/.exec(line);
    // an unmerged path is listed once per stage: the first is scanned
    if (!m || !changed.has(m[4]!) || seen.has(m[4]!)) continue;
    const name = m[4]!;
    seen.add(name);
    const shown = showName(name);
    if (wanted && !wanted.has(Buffer.from(name, 'latin1').toString('utf8'))) continue;
    if (m[1] === '160000') {
      skipped.push({ file: shown, code: 'ESUBMODULE', message: 'a submodule: its content is in another repository, not scanned here' });
      continue;
    }
    const ref: SourceRef = { display: shown, gitBlob: { sha: m[2]!, repo: root } };
    const format = formatFromName(shown);
    if (format) ref.format = format;
    sources.push(ref);
  }
  return sources.sort((a, b) => (a.display < b.display ? -1 : 1));
}

/** NUL-separated names from git, each byte kept as one character (latin1), so no byte is lost. */
function split(out: Buffer): string[] {
  return out.toString('latin1').split('\0').filter(Boolean);
}

/** A name as shown: UTF-8 where it is, each byte that is not as `\xNN`. */
function showName(latin1: string): string {
  const bytes = Buffer.from(latin1, 'latin1');
  const text = bytes.toString('utf8');
  if (!text.includes('\uFFFD') || Buffer.from(text, 'utf8').equals(bytes)) return text;
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const len = utf8Length(bytes, i);
    if (len > 0) {
      out += bytes.toString('utf8', i, i + len);
      i += len;
    } else {
      out += `\\x${bytes[i]!.toString(16).padStart(2, '0')}`;
      i++;
    }
  }
  return out;
}

/** Bytes of the valid UTF-8 sequence at `i`, or 0. */
function utf8Length(b: Buffer, i: number): number {
  const c = b[i]!;
  const len = c < 0x80 ? 1 : c >= 0xc2 && c < 0xe0 ? 2 : c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
  if (len <= 1 || i + len > b.length) return len === 1 ? 1 : 0;
  for (let k = 1; k < len; k++) if ((b[i + k]! & 0xc0) !== 0x80) return 0;
  return Buffer.from(b.toString('utf8', i, i + len), 'utf8').equals(b.subarray(i, i + len)) ? len : 0;
}
