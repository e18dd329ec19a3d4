import { existsSync, lstatSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { ArchiveError, type ArchiveLimits, DEFAULT_LIMITS } from '../archive/archive.js';
import { archiveOfName } from '../formats/registry.js';
import { type Problem, type SourceRef, UsageError } from '../types.js';
import { copyOutput, readArchived } from './archive-copy.js';
import { type BundleEntry, type BundleOutput, CopyError, MAX_REDACT_BYTES } from './redact-bundle.js';
import { type ArchiveLayout, type LayoutItem, readZipLayout } from './zip-layout.js';

export interface ArchiveEntries {
  /** The entries of each archive that can be copied, in its own order, by archive file. */
  byFile: Map<string, BundleEntry[]>;
  layouts: ArchiveLayout[];
  /** Discovery's errors, and one for each archive left out of the copy. */
  errors: Problem[];
}

/**
 * The files inside the archives discovery opened (zip entries, nested zips' entries, the inside
 * of a .gz) as bundle entries, in each archive's order, with the layouts the copy rewrites them
 * in. An archive is copied whole or not at all: one with an error (corrupt, a bomb, an encrypted
 * entry, a name that cannot be written back) is left out of the copy, and says so.
 */
export async function archiveEntries(
  sources: readonly SourceRef[],
  errors: readonly Problem[],
  opts: { cwd: string; nameOf: (file: string) => string; limits?: ArchiveLimits; files?: readonly string[] },
): Promise<ArchiveEntries> {
  const { cwd, nameOf, limits = DEFAULT_LIMITS } = opts;
  const archives = new Map<string, { display: string; refs: Map<string, SourceRef> }>();
  // archives with nothing to scan (no files, only folders) give discovery no source: the copy
  // still has them, as discovery would show them
  for (const file of opts.files ?? []) archives.set(file, { display: path.relative(cwd, file).split(path.sep).join('/') || path.basename(file), refs: new Map() });
  for (const ref of sources) {
    if (!ref.archive) continue;
    const { file, entries } = ref.archive;
    let a = archives.get(file);
    if (!a) {
      const suffix = entries.map((e) => `!/${e}`).join('');
      a = { display: ref.display.slice(0, ref.display.length - suffix.length), refs: new Map() };
      archives.set(file, a);
    }
    a.refs.set(entries.join('\u0000'), ref);
  }
  const displays = new Set([...archives.values()].map((a) => a.display));
  const refused = new Map<string, Problem[]>();
  const out: ArchiveEntries = { byFile: new Map(), layouts: [], errors: [] };
  for (const e of errors) {
    out.errors.push(e);
    const archive = archiveOf(e.file, displays, cwd);
    if (archive !== undefined) refused.set(archive, [...(refused.get(archive) ?? []), e]);
  }
  for (const [display, problems] of refused) {
    const n = problems.filter((p) => p.file !== display).length;
    out.errors.push(leftOut(display, n < problems.length ? 'it cannot be read safely (above)' : `${n} of its entries cannot be scanned (above)`));
  }
  for (const [file, a] of archives) {
    if (refused.has(a.display)) continue;
    try {
      const kind = archiveOfName(file) === 'gzip' ? 'gz' : 'zip';
      // named by where it is in the bundle (a symbolic link's name, not its target's)
      const layout: ArchiveLayout = { name: nameOf(path.resolve(cwd, a.display)), file, kind, items: kind === 'zip' ? await readZipLayout(file, limits) : [] };
      const entries = kind === 'gz' ? [entryOf(layout.name, a.refs.get('')!, limits)] : layoutEntries(layout, a.refs, limits);
      out.byFile.set(file, entries);
      out.layouts.push(layout);
    } catch (e) {
      if (!(e instanceof CopyError || e instanceof ArchiveError)) throw e;
      out.errors.push(leftOut(a.display, e.message, e.code));
    }
  }
  return out;
}

/**
 * The archive a problem is about, by its display path: `a.zip` for `a.zip` or anything inside it
 * (`a.zip!/inner.zip!/x.csv`). One whose entries were all refused is known by its file on disk.
 */
function archiveOf(file: string, displays: ReadonlySet<string>, cwd: string): string | undefined {
  const prefixes = [...file.matchAll(/!\//g)].map((m) => file.slice(0, m.index)).concat(file);
  return prefixes.find((p) => displays.has(p) || (archiveOfName(p) !== undefined && isFile(path.resolve(cwd, p))));
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function leftOut(display: string, why: string, code = 'EARCHIVE'): Problem {
  return { file: display, code, message: `${why}: left out of the copy (an archive is redacted whole or not at all)` };
}

/**
 * The entries of a zip in its layout's order, depth first into nested zips: the order the zip
 * writer needs them in. Every file of the layout must be one discovery listed, and the reverse.
 */
function layoutEntries(layout: ArchiveLayout, refs: ReadonlyMap<string, SourceRef>, limits: ArchiveLimits): BundleEntry[] {
  const out: BundleEntry[] = [];
  const walk = (items: readonly LayoutItem[], down: string[]): void => {
    for (const item of items) {
      const at = [...down, item.name];
      if (item.kind === 'zip') walk(item.items ?? [], at);
      if (item.kind !== 'file' && item.kind !== 'gz') continue;
      const ref = refs.get(at.join('\u0000'));
      if (!ref) throw new CopyError('EARCHIVE', `entry ${at.join('!/')} was not listed for scanning`);
      out.push(entryOf(`${layout.name}${at.map((e) => `!/${e}`).join('')}`, ref, limits));
    }
  };
  walk(layout.items, []);
  if (out.length !== refs.size) throw new CopyError('EARCHIVE', `${refs.size - out.length} scanned entr${refs.size - out.length === 1 ? 'y is' : 'ies are'} not in its central directory`);
  return out;
}

function entryOf(name: string, ref: SourceRef, limits: ArchiveLimits): BundleEntry {
  const at = ref.archive!;
  return { name, ref, read: () => readArchived(at, limits, MAX_REDACT_BYTES) };
}

/**
 * Checks `--out` for an archive input before anything is written: an archive of the same kind
 * (`.zip` or `.gz`), new (nothing is ever overwritten), not the input, in an existing folder.
 */
export function checkArchiveOut(input: string, out: string, cwd: string): void {
  const shown = path.relative(cwd, out) || out;
  const kind = archiveOfName(input) === 'gzip' ? '.gz' : '.zip';
  if (!out.toLowerCase().endsWith(kind)) throw new UsageError(`--out ${shown}: a ${kind} input is redacted into a new ${kind} file; give a name ending in ${kind}`);
  if (existsSync(out) && realpathSync(out) === realpathSync(input)) throw new UsageError(`--out ${shown} is the input: write the copy somewhere else`);
  let exists = true;
  try {
    // lstat: a dangling symbolic link is there too
    lstatSync(out);
  } catch {
    exists = false;
  }
  if (exists) throw new UsageError(`--out ${shown} exists: redact never overwrites; give a new file name`);
  const dir = path.dirname(out);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--out ${shown}: the folder ${path.relative(cwd, dir) || dir} does not exist`);
}

/** The copy of an archive input: the one archive of the bundle, written as a new archive at `out`. */
export function archiveOutput(out: string, layouts: readonly ArchiveLayout[], cwd: string): BundleOutput {
  return copyOutput(() => out, layouts, cwd);
}
