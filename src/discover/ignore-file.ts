import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Ignore } from 'ignore';
import { UsageError } from '../types.js';

/** The ignore file's name, as gitleaks has `.gitleaksignore`. */
export const IGNORE_FILE = '.leakgateignore';

/**
 * A line naming one finding: its fingerprint as the JSON report and SARIF (`partialFingerprints`)
 * give it, an HMAC of rule, file and value under the project key (filter.ts `fingerprint`). It
 * holds no position, so moving the row keeps the finding ignored; a new value is a new finding.
 */
const FINGERPRINT = /^hmac-sha256:[A-Za-z0-9_-]{43}$/;

interface IgnoreFile {
  /** The folder its patterns are relative to. */
  dir: string;
  rules: Ignore;
}

/** What the `.leakgateignore` files in play leave out: paths (gitignore syntax) and single findings. */
export interface IgnoreFiles {
  /** The files read, absolute, shallowest first. */
  files: string[];
  /** True when a file on disk (an absolute path) is out of scope. */
  ignores(abs: string): boolean;
  /** Fingerprints of findings not to report. */
  fingerprints: ReadonlySet<string>;
}

/**
 * Reads the `.leakgateignore` of each folder given (the scanned roots) and of the git repository
 * around `cwd`. Each holds gitignore patterns, relative to its own folder (`drafts/`, `*.bak`,
 * `!keep.csv`), and fingerprint lines; `#` starts a comment. Where two files speak of a path, the
 * deeper one (a root inside the repository) decides, as nested .gitignore files do. A file that
 * exists but cannot be read is a usage error: what it would leave out must not be scanned by
 * surprise, nor the other way round. The gitignore matcher is loaded only when a file is found:
 * a pre-commit scan without one does not pay for it.
 */
export async function loadIgnoreFiles(dirs: readonly string[], cwd: string): Promise<IgnoreFiles> {
  const repo = repoRoot(cwd);
  const folders = [...new Set([...(repo ? [repo] : []), ...dirs.map((d) => path.resolve(cwd, d))])];
  const files: IgnoreFile[] = [];
  const fingerprints = new Set<string>();
  for (const dir of folders) {
    const file = path.join(dir, IGNORE_FILE);
    if (!existsSync(file)) continue;
    let text: string;
    try {
      if (!statSync(file).isFile()) throw new Error('not a regular file');
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read ${path.relative(cwd, file) || file}: ${(e as Error).message}`);
    }
    const ignore = (await import('ignore')).default;
    const patterns: string[] = [];
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.trim();
      if (FINGERPRINT.test(line)) fingerprints.add(line);
      else patterns.push(raw);
    }
    files.push({ dir, rules: ignore().add(patterns) });
  }
  files.sort((a, b) => a.dir.length - b.dir.length);
  return {
    files: files.map((f) => path.join(f.dir, IGNORE_FILE)),
    fingerprints,
    ignores(abs: string): boolean {
      // level by level from the top, as git walks: a folder left out hides all below it, and at
      // each level the deepest file that speaks of the path decides. A file that left out a
      // folder a deeper file took back has said all it says of what is below it.
      const top = files.find((f) => inside(f.dir, abs));
      if (!top) return false;
      const steps = path.relative(top.dir, abs).split(path.sep);
      const overruled = new Set<IgnoreFile>();
      let at = top.dir;
      for (let i = 0; i < steps.length; i++) {
        at = path.join(at, steps[i]!);
        const folder = i < steps.length - 1;
        let ignored = false;
        for (const f of files) {
          if (!inside(f.dir, at) || overruled.has(f)) continue;
          const t = f.rules.test(path.relative(f.dir, at).split(path.sep).join('/') + (folder ? '/' : ''));
          if (t.ignored) {
            ignored = true;
            overruled.add(f);
          } else if (t.unignored) ignored = false;
        }
        if (ignored) return true;
      }
      return false;
    },
  };
}

/** True when `abs` lies below the folder `dir`. */
function inside(dir: string, abs: string): boolean {
  const rel = path.relative(dir, abs);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** The top folder of the git work tree `cwd` is in (a `.git` folder or file above it), if any. */
export function repoRoot(cwd: string): string | undefined {
  let dir = path.resolve(cwd);
  for (;;) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}
