import { ArchiveError, type ArchiveLimits, entriesOf, nameOf, openEntry, openZip } from '../archive/archive.js';
import { archiveOfName } from '../formats/registry.js';
import { CopyError } from './redact-bundle.js';

/**
 * One entry of a zip as the copy must write it again: where it sits in the order, its name,
 * modification time, mode and compression. Its content comes from the redaction, never from here.
 */
export interface LayoutItem {
  name: string;
  /** A folder, a file, a nested zip (its own layout in `items`), or a .gz file (its content gzipped). */
  kind: 'dir' | 'file' | 'zip' | 'gz';
  mtime: Date;
  /** The entry has only the DOS time (no extended timestamp): write it back the same way. */
  dosTime: boolean;
  /** Unix mode bits, when the zip was made on Unix. */
  mode?: number;
  compress: boolean;
  items?: LayoutItem[];
}

/** An archive of the bundle: a zip with its entries in their order, or a .gz file of one. */
export interface ArchiveLayout {
  /** Path inside the bundle (`old/cases.zip`), as a BundleEntry names it. */
  name: string;
  /** The archive file on disk. */
  file: string;
  kind: 'zip' | 'gz';
  items: LayoutItem[];
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/**
 * Reads a zip's central directory, and those of the zips inside it, in their order. Why not
 * listZip: it does not keep order, folders or times, which the copy keeps. Entries are read
 * through openEntry, with its limits; symbolic links are left out (discovery warns of them).
 * A name a zip writer would refuse or change (`../x`, `a\b`) is a CopyError: the archive is left
 * out of the copy rather than written with other names.
 */
export async function readZipLayout(file: string, limits: ArchiveLimits, entries: string[] = []): Promise<LayoutItem[]> {
  const zip = await asCopyError(openZip(entries.length === 0 ? file : await nestedBytes(file, entries, limits)));
  const items: LayoutItem[] = [];
  try {
    const seen = new Set<string>();
    for (const e of await asCopyError(entriesOf(zip))) {
      const name = nameOf(e);
      const where = [...entries, name].join('!/');
      if (seen.has(name)) throw new CopyError('EUNREADABLE', `a second entry named ${where}: ambiguous archive`);
      seen.add(name);
      if (e.isEncrypted()) throw new CopyError('EENCRYPTED', `encrypted entry ${where}`);
      const unix = e.versionMadeBy >> 8 === 3;
      const mode = (e.externalFileAttributes >>> 16) & 0xffff;
      if (unix && (mode & S_IFMT) === S_IFLNK) continue;
      const dir = name.endsWith('/') && e.uncompressedSize === 0;
      checkName(dir ? name.slice(0, -1) : name, where);
      const dosTime = !e.extraFields.some((f) => f.id === 0x5455 || f.id === 0x000a);
      const item: LayoutItem = {
        name,
        kind: dir ? 'dir' : kindOfName(name),
        mtime: e.getLastModDate({ forceDosFormat: dosTime }),
        dosTime,
        compress: e.compressionMethod !== 0,
      };
      if (unix && mode !== 0) item.mode = mode;
      items.push(item);
    }
  } finally {
    zip.close();
  }
  for (const item of items) if (item.kind === 'zip') item.items = await readZipLayout(file, limits, [...entries, item.name]);
  return items;
}

/** A file entry as the copy writes it: a nested zip, a gzip of one file (`x.csv.gz`), or a file. */
function kindOfName(name: string): 'zip' | 'gz' | 'file' {
  const archive = archiveOfName(name);
  return archive === 'zip' ? 'zip' : archive === 'gzip' ? 'gz' : 'file';
}

/** Refuses a name yazl would reject or rewrite: empty, absolute, with `..` or a backslash. */
function checkName(name: string, where: string): void {
  if (name === '' || name.endsWith('/') || /^[\\/]|^[A-Za-z]:|\\/.test(name) || name.split('/').includes('..')) {
    throw new CopyError('EZIPNAME', `entry name ${JSON.stringify(where)} cannot be written back as it is (absolute, "..", a backslash or empty)`);
  }
}

/**
 * The zip and its central directory as archive.ts opens and reads them (discovery's names must
 * match), with their errors (a corrupt or truncated archive) as copy errors.
 */
function asCopyError<T>(step: Promise<T>): Promise<T> {
  return step.catch((e: unknown) => {
    throw e instanceof ArchiveError ? new CopyError(e.code, e.message) : e;
  });
}

/** A nested zip's bytes, read through openEntry and bounded as a scan bounds them. */
async function nestedBytes(file: string, entries: string[], limits: ArchiveLimits): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const c of openEntry({ file, entries }, limits)) {
    size += c.length;
    if (size > limits.maxNestedBytes) throw new CopyError('EZIPLIMIT', `nested zip ${entries.join('!/')} over ${limits.maxNestedBytes} bytes`);
    chunks.push(c);
  }
  return Buffer.concat(chunks);
}
