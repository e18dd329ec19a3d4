import { type Dirent, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { type Problem, type SourceRef, UsageError } from '../types.js';
import { archiveOfName, formatFromName, innerName } from '../formats/registry.js';
import { stagedSources } from './git-index.js';
import { loadIgnoreFiles } from './ignore-file.js';
import { ArchiveError, type ArchiveLimits, DEFAULT_LIMITS, listZip, officeKind } from '../archive/archive.js';
import { kindMessage } from '../formats/kinds.js';

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
  /** Kinds the config accepts unread (an Office package named .zip). */
  accept?: readonly string[];
}

export interface Discovered {
  sources: SourceRef[];
  /** Things in scope that are not scanned (symlinks leaving the root, FIFOs…): warnings, never silence. */
  skipped: Problem[];
  /** Things in scope that cannot be scanned (an encrypted zip entry, a zip bomb): errors, exit 2. */
  errors: Problem[];
  /**
   * The display paths above what is uploaded: each folder named on the command line (or a glob's
   * fixed part) and the folder of each file named on its own. Their names are the user's, not the
   * bundle's, so they are not scanned as names.
   */
  roots: string[];
  /**
   * What `.leakgateignore` files left out: files on disk (how many, and their absolute paths:
   * redact copies them as they are), and findings by fingerprint; `by` names the ignore files.
   */
  ignored: { files: number; paths: string[]; fingerprints: ReadonlySet<string>; by: string[] };
}

const GLOB_CHARS = /[*?[\]{}!]/;

/**
 * Turns command-line paths (files, folders, globs, `-`) into the list of sources to scan. Every
 * folder is walked whole (`.git/` and `node_modules/` too: an upload carries them); include and
 * exclude globs match paths relative to each scanned root (the folder, the glob's fixed part, the
 * git root with --staged), and what they leave out is counted in a report line, never dropped
 * unsaid. A folder that cannot be listed is an error naming it; a root with no file in scope is
 * an error too (an empty upload is a broken upload).
 */
export async function discover(paths: string[], opts: DiscoverOptions): Promise<Discovered> {
  const { cwd } = opts;
  const excluded = opts.exclude?.length ? picomatch(opts.exclude, { dot: true }) : undefined;
  const included = opts.include?.length ? picomatch(opts.include, { dot: true }) : undefined;
  const sources = new Map<string, SourceRef>();
  const skipped: Problem[] = [];
  const errors: Problem[] = [];
  const roots: string[] = [];
  const display = (abs: string): string => {
    const rel = path.relative(cwd, abs) || path.basename(abs);
    return rel.split(path.sep).join('/');
  };
  // a listed entry's display path from its folder's, worked out once a folder: per file, the
  // relative path of 50,000 files made some 40 MB of garbage before the scan began (issue 16)
  const folders = new Map<string, string>();
  const displayOf = (e: Listed): string => {
    let d = folders.get(e.dir);
    if (d === undefined) folders.set(e.dir, (d = path.relative(cwd, e.dir).split(path.sep).join('/')));
    if (d === '') return e.name;
    // the end of the file's own path when it is spelled the same there (a file under the working
    // folder, on POSIX): a view into that string, which the run keeps anyway, not a copy of its own
    const at = e.abs.length - e.name.length - d.length - 1;
    if (at > 0 && e.kind === 'file' && e.abs[at - 1] === '/' && e.abs[at + d.length] === '/' && e.abs.startsWith(d, at)) return e.abs.slice(at);
    // else joined, not concatenated: one flat string, without the concatenation's own object kept over it
    return [d, e.name].join('/');
  };
  const globs = excluded !== undefined || included !== undefined;
  // what the globs leave out, per root: one line in the report each
  let left = 0;
  const keep = (rel: string): boolean => {
    const kept = !(excluded && excluded(rel)) && (!included || included(rel));
    if (!kept) left++;
    return kept;
  };
  const tellLeftOut = (root: string): void => {
    if (left > 0) skipped.push({ file: root, code: 'EEXCLUDED', message: `${left} file(s) not scanned: left out by the include/exclude globs (flags or config)` });
    left = 0;
  };
  // the scanned roots' and the repository's .leakgateignore: what they leave out is counted in the summary
  const ignoring = await loadIgnoreFiles(opts.staged ? [] : rootsOf(paths, cwd), cwd);
  const ignored = { files: 0, paths: [] as string[], fingerprints: ignoring.fingerprints, by: ignoring.files.map(display) };
  const inScope = (abs: string): boolean => {
    if (!ignoring.ignores(abs)) return true;
    ignored.files++;
    ignored.paths.push(abs);
    return false;
  };
  if (opts.staged) {
    const staged = await stagedSources(cwd, paths, skipped);
    const kept = staged.filter((s) => keep(s.display) && inScope(path.join(s.gitBlob!.repo, s.display)));
    tellLeftOut('the git index');
    return { sources: kept, skipped, errors, roots, ignored };
  }

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
    const before = sources.size;
    // a root whose every file the ignore file leaves out is not empty: it was emptied on purpose
    const ignoredBefore = ignored.files;
    if (st?.isDirectory()) {
      const listed = listTree(abs, display, errors);
      const realRoot = realpathSync(abs);
      if (path.relative(cwd, abs) !== '') roots.push(display(abs));
      for (const e of listed) if ((!globs || keep(relative(abs, e.abs))) && inScope(e.abs)) classify(e.abs, displayOf(e), e.kind, realRoot, sources, skipped);
      tellLeftOut(p);
      if (sources.size === before && ignored.files === ignoredBefore && !errors.some((x) => x.file === display(abs) || x.file.startsWith(`${display(abs)}/`))) errors.push(empty(p));
    } else if (st?.isFile()) {
      // a file named on its own is its own root: the globs match its name
      if (keep(path.basename(abs)) && inScope(abs)) addFile(abs, display(abs), sources);
      const folder = path.dirname(abs);
      if (path.relative(cwd, folder) !== '') roots.push(display(folder));
      tellLeftOut(p);
    } else if (st) {
      skipped.push({ file: display(abs), code: 'ESPECIAL', message: 'not a regular file (FIFO, socket or device): not read' });
    } else if (GLOB_CHARS.test(p)) {
      // every match, not only regular files: a symlink or FIFO a glob matches is reported, never dropped
      const pattern = p.split(path.sep).join('/');
      const base = path.resolve(cwd, picomatch.scan(pattern).base || '.');
      const matches = picomatch(path.isAbsolute(pattern) ? pattern : pattern.replace(/^\.\//, ''), { dot: true });
      const failed = errors.length;
      const found = listTree(base, display, errors).filter((e) => matches(path.isAbsolute(pattern) ? e.abs.split(path.sep).join('/') : display(e.abs)));
      if (found.length === 0 && errors.length === failed) throw new UsageError(`no files match ${p}`);
      // symlinks may not leave the glob's fixed part (`data/` in `data/**/*.csv`), as they may not leave a folder
      const realBase = realpathSync(base);
      if (path.relative(cwd, base) !== '') roots.push(display(base));
      for (const e of found) if (keep(relative(base, e.abs)) && inScope(e.abs)) classify(e.abs, displayOf(e), e.kind, realBase, sources, skipped);
      tellLeftOut(p);
      if (sources.size === before && ignored.files === ignoredBefore) errors.push(empty(p));
    } else {
      throw new UsageError(`no such file or directory: ${p}`);
    }
  }
  const expanded: SourceRef[] = [];
  for (const ref of sources.values()) {
    if (!ref.fsPath || !archiveOfName(ref.display)) {
      expanded.push(ref);
      continue;
    }
    // a zip's entries are matched by the globs as `zip's path!/entry`, from the zip's root
    const root = [...rootsOf(paths, cwd)].find((r) => ref.fsPath === r || ref.fsPath!.startsWith(r + path.sep));
    const rel = root && root !== ref.fsPath ? relative(root, ref.fsPath) : path.basename(ref.fsPath);
    for (const x of await expandArchive(ref, (entry) => keep(`${rel}!/${entry}`), opts, skipped, errors)) expanded.push(x);
    tellLeftOut(ref.display);
  }
  const list = expanded.sort((a, b) => (a.stdin ? -1 : b.stdin ? 1 : a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
  // a path named twice (a folder and a glob inside it) is reported once
  const reported = new Set<string>();
  const unique = skipped.filter((w) => !reported.has(`${w.file}\u0000${w.code}`) && reported.add(`${w.file}\u0000${w.code}`));
  return { sources: list, skipped: unique, errors, roots, ignored };
}

function empty(root: string): Problem {
  return { file: root, code: 'EEMPTY', message: 'no file in scope: an empty upload is a broken upload (check the path and the include/exclude globs)' };
}

/** A path relative to a root, with forward slashes (what the include/exclude globs match). */
function relative(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join('/');
}

/** The folders named on the command line, resolved (the roots globs are relative to). */
function rootsOf(paths: string[], cwd: string): string[] {
  return paths.filter((p) => p !== '-').map((p) => path.resolve(cwd, GLOB_CHARS.test(p) ? picomatch.scan(p.split(path.sep).join('/')).base || '.' : p));
}

/**
 * A file on disk to scan, with room in the object for what planning the run adds (its size, how it
 * shows): added later, they took another block per file (some 60 bytes each on 50,000 files).
 */
function fileRef(display: string, fsPath: string): SourceRef {
  return { display, fsPath, size: undefined, shown: undefined };
}

function addFile(abs: string, d: string, sources: Map<string, SourceRef>): void {
  if (!sources.has(d)) sources.set(d, fileRef(d, abs));
}

/** A listed entry of a folder: its path, its folder, its name and its type (not following symbolic links). */
interface Listed {
  abs: string;
  dir: string;
  name: string;
  kind: EntryKind;
}

/** What a listed entry is, without following it: a folder is walked, not listed. */
type EntryKind = 'file' | 'link' | 'other';

const kindOf = (d: Dirent): EntryKind => (d.isFile() ? 'file' : d.isSymbolicLink() ? 'link' : 'other');

/**
 * Every entry under a folder, folders descended with an explicit stack (no recursion, no limit
 * on depth), symbolic links not followed. A folder that cannot be listed is an error naming it,
 * and the walk goes on with the rest.
 */
function listTree(root: string, display: (abs: string) => string, errors: Problem[]): Listed[] {
  const out: Listed[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    try {
      // listed at once: a promise per entry made garbage that outlived the walk (issue 16); and
      // each entry kept as what is needed of it, its path joined as it is (a name from a listing
      // has no separator, its folder is resolved already): path.join's normalising and the
      // Dirents kept until the walk ended made some 30 MB of garbage on 50,000 files
      const under = dir.endsWith(path.sep) ? dir : dir + path.sep;
      for (const dirent of readdirSync(dir, { withFileTypes: true })) {
        // joined, not concatenated: one flat string, kept as the file's fsPath
        const abs = [under, dirent.name].join('');
        if (dirent.isDirectory()) stack.push(abs);
        else out.push({ abs, dir, name: dirent.name, kind: kindOf(dirent) });
      }
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'EUNREADABLE';
      errors.push({ file: display(dir), code: code === 'EACCES' || code === 'EPERM' ? code : 'EUNREADABLE', message: `folder cannot be listed (${code}): nothing in it was scanned` });
    }
  }
  return out.sort((a, b) => (a.abs < b.abs ? -1 : 1));
}

/**
 * The entries of a zip (nested zips too, shown as `outer.zip!/inner.zip!/x.csv`) or the inside of
 * a .gz, as sources read in place: nothing is extracted to disk. A corrupt archive, a bomb or an
 * encrypted entry is an error naming it; symlinks and traversal names are warnings. Nested zips
 * are walked with a stack (no recursion), within the limits on depth, entries (in all) and bytes.
 */
async function expandArchive(ref: SourceRef, keep: (entry: string) => boolean, opts: DiscoverOptions, skipped: Problem[], errors: Problem[]): Promise<SourceRef[]> {
  const file = ref.fsPath!;
  const limits = opts.limits ?? DEFAULT_LIMITS;
  if (archiveOfName(ref.display) === 'gzip') {
    const out: SourceRef = { display: ref.display, archive: { file, entries: [] } };
    const format = formatFromName(innerName(ref.display));
    if (format) out.format = format;
    return [out];
  }
  const out: SourceRef[] = [];
  const budget = { bytes: 0, entries: 0 };
  // depth first, as the nesting goes: a nested bomb meets the depth limit after a few reads
  const stack: { entries: string[]; shown: string }[] = [{ entries: [], shown: ref.display }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { entries, shown } = next;
    let listing;
    try {
      listing = await listZip({ file, entries }, limits, budget);
    } catch (e) {
      if (!(e instanceof ArchiveError)) throw e;
      // past a limit the archive is hostile: one error, not one per nested zip (a 42.zip has 65,536)
      const limit = e.code === 'EZIPBOMB' || e.code === 'EZIPLIMIT';
      errors.push({ file: shown, code: e.code, message: limit && entries.length > 0 ? `${e.message}; ${ref.display} not scanned` : e.message });
      // a hostile archive is refused whole: reading the entries listed before the limit would
      // only cost time on an archive that fails the run anyway
      if (limit) return [];
      continue;
    }
    if (listing.office) {
      // a workbook or document named .zip is read as what it is; another Office package is refused
      const kind = await officeKind({ file, entries }, [...listing.entries, ...listing.nested].map((e) => e.name), limits);
      if (kind) {
        out.push(entries.length === 0 ? { display: shown, fsPath: file, document: kind } : { display: shown, archive: { file, entries }, document: kind });
        continue;
      }
      const accepted = (opts.accept ?? []).includes('office');
      const s = { kind: 'office' as const, detail: 'an Office package leakgate has no reader for (a presentation, an e-book…)' };
      (accepted ? skipped : errors).push({ file: shown, code: accepted ? 'EACCEPTED' : 'EFORMAT', message: kindMessage(s, accepted) });
      continue;
    }
    for (const p of listing.problems) (p.error ? errors : skipped).push({ file: `${shown}!/${p.file}`, code: p.code, message: p.message });
    const prefix = entries.length > 0 ? `${entries.join('!/')}!/` : '';
    for (const e of listing.entries) {
      if (!keep(`${prefix}${e.name}`)) continue;
      const src: SourceRef = { display: `${shown}!/${e.name}`, archive: { file, entries: [...entries, e.name] } };
      const format = formatFromName(archiveOfName(e.name) === 'gzip' ? innerName(e.name) : e.name);
      if (format) src.format = format;
      out.push(src);
    }
    for (const n of [...listing.nested].reverse()) stack.push({ entries: [...entries, n.name], shown: `${shown}!/${n.name}` });
  }
  return out;
}

/** Adds a listed file to the sources, or says why it is not read: symlinks out of `realRoot`, FIFOs… */
function classify(abs: string, d: string, kind: EntryKind, realRoot: string, sources: Map<string, SourceRef>, skipped: Problem[]): void {
  if (kind === 'file') {
    if (!sources.has(d)) sources.set(d, fileRef(d, abs));
    return;
  }
  if (kind === 'link') {
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
      if (!sources.has(d)) sources.set(d, fileRef(d, target));
    } else if (st?.isDirectory()) {
      skipped.push({ file: d, code: 'ESYMLINK', message: 'symbolic link to a folder: not followed (scan the folder itself)' });
    } else {
      skipped.push({ file: d, code: 'ESYMLINK', message: 'symbolic link out of the scanned folder: not followed' });
    }
    return;
  }
  skipped.push({ file: d, code: 'ESPECIAL', message: 'not a regular file (FIFO, socket or device): not read' });
}
