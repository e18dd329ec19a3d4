import { realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import picomatch from 'picomatch';
import type { Problem, SourceRef } from '../types.js';
import { formatFromName } from '../read/detect-format.js';
import { stagedSources } from './git-index.js';
import { ArchiveError, type ArchiveLimits, DEFAULT_LIMITS, isArchiveName, listZip } from '../archive/archive.js';

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
  /** Limits on archives (zip bombs, nesting). */
  limits?: ArchiveLimits;
}

export interface Discovered {
  sources: SourceRef[];
  /** Things in scope that are not scanned (symlinks leaving the root, FIFOs…): warnings, never silence. */
  skipped: Problem[];
  /** Things in scope that cannot be scanned (an encrypted zip entry, a zip bomb): errors, exit 2. */
  errors: Problem[];
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
    const staged = (await stagedSources(cwd, paths)).filter((s) => keep(s.display));
    // archives are opened from files only: one in the index is an error, not a binary file passed by
    const errors = staged.filter((s) => isArchiveName(s.display)).map((s) => notOpened(s.display, 'the git index'));
    return { sources: staged.filter((s) => !isArchiveName(s.display)), skipped, errors };
  }
  const addFile = (abs: string): void => {
    const d = display(abs);
    if (keep(d) && !sources.has(d)) sources.set(d, { display: d, fsPath: abs });
  };

  const errors: Problem[] = [];
  for (const p of paths) {
    if (p === '-') {
      const name = opts.stdinFilename ?? '-';
      if (isArchiveName(name)) {
        errors.push(notOpened(name, 'standard input'));
        continue;
      }
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
      // every match, not only regular files: a symlink or FIFO a glob matches is reported, never dropped
      const pattern = p.split(path.sep).join('/');
      const found = await fg(pattern, { cwd, absolute: true, dot: true, onlyFiles: false, ignore: ALWAYS_IGNORED, followSymbolicLinks: false, objectMode: true });
      if (!found.some((e) => !e.dirent.isDirectory())) throw new UsageError(`no files match ${p}`);
      // symlinks may not leave the glob's fixed part (`data/` in `data/**/*.csv`), as they may not leave a folder
      const base = path.resolve(cwd, picomatch.scan(pattern).base || '.');
      const realBase = realpathSync(base);
      for (const e of found.sort((a, b) => (a.path < b.path ? -1 : 1))) {
        const abs = path.resolve(e.path);
        const d = display(abs);
        if (keep(d)) classify(abs, d, e.dirent, realBase, sources, skipped);
      }
    } else {
      throw new UsageError(`no such file or directory: ${p}`);
    }
  }
  const expanded: SourceRef[] = [];
  for (const ref of sources.values()) {
    if (ref.fsPath && isArchiveName(ref.display)) expanded.push(...(await expandArchive(ref, keep, opts.limits ?? DEFAULT_LIMITS, skipped, errors)));
    else expanded.push(ref);
  }
  const list = expanded.sort((a, b) => (a.stdin ? -1 : b.stdin ? 1 : a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
  // a path named twice (a folder and a glob inside it) is reported once
  const reported = new Set<string>();
  const unique = skipped.filter((w) => !reported.has(`${w.file}\u0000${w.code}`) && reported.add(`${w.file}\u0000${w.code}`));
  return { sources: list, skipped: unique, errors };
}

function notOpened(file: string, from: string): Problem {
  return { file, code: 'EUNREADABLE', message: `an archive is not opened from ${from}: not scanned (scan the file itself)` };
}

/**
 * The entries of a zip (nested zips too, shown as `outer.zip!/inner.zip!/x.csv`) or the inside of
 * a .gz, as sources read in place: nothing is extracted to disk. A corrupt archive, a bomb or an
 * encrypted entry is an error naming it; symlinks and traversal names are warnings.
 */
async function expandArchive(ref: SourceRef, keep: (rel: string) => boolean, limits: ArchiveLimits, skipped: Problem[], errors: Problem[]): Promise<SourceRef[]> {
  const file = ref.fsPath!;
  if (/\.gz$/i.test(ref.display)) {
    const inner = ref.display.replace(/\.gz$/i, '');
    const out: SourceRef = { display: ref.display, archive: { file, entries: [] } };
    const format = formatFromName(inner);
    if (format) out.format = format;
    return [out];
  }
  const out: SourceRef[] = [];
  const budget = { bytes: 0 };
  let refused = false;
  const walk = async (entries: string[], shown: string): Promise<void> => {
    if (refused) return;
    let listing;
    try {
      listing = await listZip({ file, entries }, limits, budget);
    } catch (e) {
      if (!(e instanceof ArchiveError)) throw e;
      // past a limit the archive is hostile: one error, not one per nested zip (a 42.zip has 65,536)
      const limit = e.code === 'EZIPBOMB' || e.code === 'EZIPLIMIT';
      if (limit) refused = true;
      errors.push({ file: shown, code: e.code, message: limit && entries.length > 0 ? `${e.message}; the rest of ${ref.display} not expanded` : e.message });
      return;
    }
    for (const p of listing.problems) (p.error ? errors : skipped).push({ file: `${shown}!/${p.file}`, code: p.code, message: p.message });
    for (const e of listing.entries) {
      const display = `${shown}!/${e.name}`;
      if (!keep(display)) continue;
      const src: SourceRef = { display, archive: { file, entries: [...entries, e.name] } };
      const format = formatFromName(e.name.replace(/\.gz$/i, ''));
      if (format) src.format = format;
      out.push(src);
    }
    for (const n of listing.nested) await walk([...entries, n.name], `${shown}!/${n.name}`);
  };
  await walk([], ref.display);
  return out;
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
    if (keep(d)) classify(abs, d, e.dirent, realRoot, sources, skipped);
  }
}

/** Adds a listed file to the sources, or says why it is not read: symlinks out of `realRoot`, FIFOs… */
function classify(abs: string, d: string, dirent: fg.Entry['dirent'], realRoot: string, sources: Map<string, SourceRef>, skipped: Problem[]): void {
  if (dirent.isDirectory()) return;
  if (dirent.isFile()) {
    if (!sources.has(d)) sources.set(d, { display: d, fsPath: abs });
    return;
  }
  if (dirent.isSymbolicLink()) {
    let target: string;
    try {
      target = realpathSync(abs);
    } catch {
      skipped.push({ file: d, code: 'ESYMLINK', message: 'broken or looping symbolic link: not followed' });
      return;
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
    return;
  }
  skipped.push({ file: d, code: 'ESPECIAL', message: 'not a regular file (FIFO, socket or device): not read' });
}
