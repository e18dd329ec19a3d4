import { existsSync, lstatSync, realpathSync, readdirSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import fg from 'fast-glob';
import { archiveOfName } from '../formats/registry.js';
import { discover } from '../discover/discover.js';
import { ReadError } from '../read/read-source.js';
import { type Problem, UsageError } from '../types.js';
import { copyOutput } from './archive-copy.js';
import { type BundleEntry, type BundleOutput, MAX_REDACT_BYTES } from './redact-bundle.js';
import type { ArchiveLayout } from './zip-layout.js';
import { archiveEntries } from './zip-bundle.js';

export interface FolderEntries {
  entries: BundleEntry[];
  skipped: Problem[];
  errors: Problem[];
  /** The archives of the bundle, for the output to write them again. */
  archives: ArchiveLayout[];
}

/**
 * The files of a folder (or a single file) as bundle entries, named by their path inside it.
 * Discovery opens zip and gzip files in place: their files are entries too (`old.zip!/x.csv`),
 * in the archive's own order, so that the copy can write the archive again.
 */
export async function folderEntries(input: string, cwd: string): Promise<FolderEntries> {
  const abs = path.resolve(cwd, input);
  const root = statSync(abs).isDirectory() ? abs : path.dirname(abs);
  const nameOf = (file: string): string => path.relative(root, file).split(path.sep).join('/');
  const { sources, skipped, errors, ignored } = await discover([input], { cwd });
  const archived = await archiveEntries(sources, errors, { cwd, nameOf, files: await archiveFiles(abs) });
  const entries: BundleEntry[] = [];
  const placed = new Set<string>();
  for (const ref of sources) {
    if (ref.archive) {
      // an archive's entries go together, where its first one was listed
      const { file } = ref.archive;
      if (!placed.has(file)) for (const e of archived.byFile.get(file) ?? []) entries.push(e);
      placed.add(file);
      continue;
    }
    const fsPath = ref.fsPath!;
    entries.push({ name: nameOf(path.resolve(cwd, ref.display)), ref, read: () => readBounded(fsPath) });
  }
  // what a .leakgateignore leaves out of scope is copied as it is, unread, as a scan leaves it unread
  for (const fsPath of ignored.paths) {
    const display = path.relative(cwd, fsPath).split(path.sep).join('/') || path.basename(fsPath);
    if (!lstatSync(fsPath).isFile()) {
      skipped.push({ file: display, code: 'EIGNORED', message: 'ignored by .leakgateignore, and not a regular file: not copied' });
      continue;
    }
    entries.push({ name: nameOf(fsPath), ref: { display, fsPath }, read: () => readBounded(fsPath), asIs: 'ignored by .leakgateignore, not scanned' });
  }
  return { entries, skipped, errors: archived.errors, archives: archived.layouts };
}

/**
 * The archive files of a folder (or the input itself), by the rules discovery walks it with: an
 * archive with no file inside gives discovery no source, and would otherwise go missing.
 */
async function archiveFiles(input: string): Promise<string[]> {
  if (!statSync(input).isDirectory()) return archiveOfName(input) !== undefined ? [input] : [];
  const found = await fg('**/*.{zip,gz}', { cwd: input, absolute: true, dot: true, caseSensitiveMatch: false, onlyFiles: true, followSymbolicLinks: false });
  return found.map((f) => path.resolve(f)).sort();
}

/** Reads a whole file, refusing one too big to redact in memory. */
async function readBounded(file: string): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (e) {
    throw new ReadError((e as NodeJS.ErrnoException).code ?? 'EUNREADABLE', `cannot open: ${(e as Error).message}`);
  }
  try {
    const size = (await handle.stat()).size;
    if (size > MAX_REDACT_BYTES) throw new ReadError('ETOOBIG', `over ${MAX_REDACT_BYTES / 1048576} MiB: too big to redact in memory; left out of the copy`);
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/**
 * Checks a folder to write the copy into, before anything is written: not the input itself or
 * inside it (symbolic links resolved), and new or empty, so nothing is overwritten and nothing
 * already there passes for part of the copy. Creates nothing.
 */
export function checkFolderOut(input: string, out: string, cwd: string): void {
  const realInput = realpathSync(input);
  const realOut = resolveReal(out);
  if (realOut === realInput || realOut.startsWith(realInput + path.sep)) {
    throw new UsageError(`--out ${path.relative(cwd, out) || out} is inside the input: write the copy somewhere else`);
  }
  if (existsSync(out)) {
    if (!statSync(out).isDirectory()) throw new UsageError(`--out ${path.relative(cwd, out)} exists and is not a folder`);
    if (readdirSync(out).length > 0) throw new UsageError(`--out ${path.relative(cwd, out)} is not empty: give a new or empty folder`);
  }
}

/** The copy as a folder checked by checkFolderOut: each file at its path, each archive rewritten as one. */
export function folderOutput(out: string, archives: readonly ArchiveLayout[], cwd: string): BundleOutput {
  return copyOutput((name) => path.join(out, ...name.split('/')), archives, cwd);
}

/** The real path of a path that may not exist yet: its nearest existing ancestor, resolved, plus the rest. */
function resolveReal(p: string): string {
  const rest: string[] = [];
  let at = path.resolve(p);
  while (!existsSync(at)) {
    const parent = path.dirname(at);
    if (parent === at) break;
    rest.unshift(path.basename(at));
    at = parent;
  }
  const real = existsSync(at) ? realpathSync(at) : at;
  if (rest.length > 0 && existsSync(at) && !statSync(at).isDirectory()) throw new UsageError(`--out ${p}: ${at} is not a folder`);
  return path.join(real, ...rest);
}
