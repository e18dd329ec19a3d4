import { realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import picomatch from 'picomatch';
import type { Problem, SourceRef } from '../types.js';
import { formatFromName } from '../read/detect-format.js';
import { stagedSources } from './git-index.js';

/** A command-line mistake (a path that does not exist, a glob that matches nothing): exit 2. */
export class UsageError extends Error {
  readonly code = 'EUSAGE';
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface DiscoverOptions {
  cwd: string;
  include?: string[];
  exclude?: string[];
  /** Name standing in for standard input, which also picks its format. */
  stdinFilename?: string;
  /** Scan the git index (staged blobs) instead of the working tree; paths narrow it. */
  staged?: boolean;
}

export interface Discovered {
  sources: SourceRef[];
  /** Things in scope that are not scanned (symlinks leaving the root, FIFOs…): warnings, never silence. */
  skipped: Problem[];
}

/** Folders never descended into. */
const ALWAYS_IGNORED = ['**/.git/**', '**/node_modules/**'];
const GLOB_CHARS = /[*?[\]{}!]/;

/** Turns command-line paths (files, folders, globs, `-`) into the list of sources to scan. */
export async function discover(paths: string[], opts: DiscoverOptions): Promise<Discovered> {
  const { cwd } = opts;
  const excluded = opts.exclude?.length ? picomatch(opts.exclude, { dot: true }) : undefined;
  const included = opts.include?.length ? picomatch(opts.include, { dot: true }) : undefined;
  const sources = new Map<string, SourceRef>();
  const skipped: Problem[] = [];
  const display = (abs: string): string => {
    const rel = path.relative(cwd, abs) || path.basename(abs);
    return rel.split(path.sep).join('/');
  };
  const keep = (rel: string): boolean => !(excluded && excluded(rel)) && (!included || included(rel));
  if (opts.staged) {
    const staged = await stagedSources(cwd, paths);
    return { sources: staged.filter((s) => keep(s.display)), skipped };
  }
  const addFile = (abs: string): void => {
    const d = display(abs);
    if (keep(d) && !sources.has(d)) sources.set(d, { display: d, fsPath: abs });
  };

  for (const p of paths) {
    if (p === '-') {
      const name = opts.stdinFilename ?? '-';
      const ref: SourceRef = { display: name, stdin: true };
      const format = opts.stdinFilename ? formatFromName(opts.stdinFilename) : undefined;
      if (format) ref.format = format;
      sources.set(`\u0000stdin`, ref);
      continue;
    }
    const abs = path.resolve(cwd, p);
    let st: Stats | undefined;
    try {
      st = statSync(abs);
    } catch {
      st = undefined;
    }
    if (st?.isDirectory()) {
      await walk(abs, display, keep, sources, skipped);
    } else if (st?.isFile()) {
      addFile(abs);
    } else if (st) {
      skipped.push({ file: display(abs), code: 'ESPECIAL', message: 'not a regular file (FIFO, socket or device): not read' });
    } else if (GLOB_CHARS.test(p)) {
      const found = await fg(p.split(path.sep).join('/'), { cwd, absolute: true, dot: true, onlyFiles: true, ignore: ALWAYS_IGNORED, followSymbolicLinks: false });
      if (found.length === 0) throw new UsageError(`no files match ${p}`);
      for (const f of found.sort()) addFile(path.resolve(f));
    } else {
      throw new UsageError(`no such file or directory: ${p}`);
    }
  }
  const list = [...sources.values()].sort((a, b) => (a.stdin ? -1 : b.stdin ? 1 : a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
  return { sources: list, skipped };
}

/** Lists a folder recursively; symlinks are followed only to files inside the folder. */
async function walk(
  root: string,
  display: (abs: string) => string,
  keep: (rel: string) => boolean,
  sources: Map<string, SourceRef>,
  skipped: Problem[],
): Promise<void> {
  const entries = await fg('**/*', {
    cwd: root,
    dot: true,
    onlyFiles: false,
    followSymbolicLinks: false,
    ignore: ALWAYS_IGNORED,
    objectMode: true,
    suppressErrors: false,
  });
  const realRoot = realpathSync(root);
  for (const e of entries.sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const abs = path.join(root, e.path);
    const d = display(abs);
    if (!keep(d)) continue;
    const dirent = e.dirent;
    if (dirent.isDirectory()) continue;
    if (dirent.isFile()) {
      if (!sources.has(d)) sources.set(d, { display: d, fsPath: abs });
      continue;
    }
    if (dirent.isSymbolicLink()) {
      let target: string;
      try {
        target = realpathSync(abs);
      } catch {
        skipped.push({ file: d, code: 'ESYMLINK', message: 'broken or looping symbolic link: not followed' });
        continue;
      }
      const inside = target === realRoot || target.startsWith(realRoot + path.sep);
      let st: Stats | undefined;
      try {
        st = statSync(target);
      } catch {
        st = undefined;
      }
      if (inside && st?.isFile()) {
        if (!sources.has(d)) sources.set(d, { display: d, fsPath: target });
      } else if (st?.isDirectory()) {
        skipped.push({ file: d, code: 'ESYMLINK', message: 'symbolic link to a folder: not followed (scan the folder itself)' });
      } else {
        skipped.push({ file: d, code: 'ESYMLINK', message: 'symbolic link out of the scanned folder: not followed' });
      }
      continue;
    }
    skipped.push({ file: d, code: 'ESPECIAL', message: 'not a regular file (FIFO, socket or device): not read' });
  }
}
