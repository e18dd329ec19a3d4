import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import yauzl from 'yauzl';
import type { DocumentKind, Problem } from '../types.js';
import { archiveOfName, packageKind } from '../formats/registry.js';

/**
 * Limits that stop a hostile archive without inflating it: too many entries, a compression ratio
 * no real data has (a zip bomb), too many bytes in all, archives nested too deep. Each is an
 * error (exit 2), never a silent skip.
 */
export interface ArchiveLimits {
  maxEntries: number;
  /** Uncompressed ÷ compressed size above which an entry is a bomb (counted once past 1 MiB). */
  maxRatio: number;
  /** Uncompressed bytes of one archive, nested ones included. */
  maxTotalBytes: number;
  /** Zips inside zips, counting the outermost as 1. */
  maxDepth: number;
  /** A nested zip is held in memory to be read: up to this size. */
  maxNestedBytes: number;
  /** Entries of one outermost archive, nested archives' entries included. */
  maxTotalEntries?: number;
}

export const DEFAULT_LIMITS: ArchiveLimits = {
  maxEntries: 20_000,
  maxRatio: 200,
  maxTotalBytes: 8 * 1024 ** 3,
  maxDepth: 3,
  maxNestedBytes: 256 * 1024 ** 2,
  maxTotalEntries: 100_000,
};

/** An archive that cannot be scanned safely: the run exits 2 naming it. */
export class ArchiveError extends Error {
  constructor(readonly code: 'EZIPBOMB' | 'EZIPLIMIT' | 'EENCRYPTED' | 'EUNREADABLE', message: string) {
    super(message);
    this.name = 'ArchiveError';
  }
}

/** Where an archive entry lives: the archive file on disk, then entry names down the nesting. */
export interface ArchivePath {
  file: string;
  entries: string[];
  /** The outermost zip's bytes when they are not a file on disk (a zip inside a tar or a .gz, on stdin…). */
  buffer?: Buffer;
}

export interface ListedEntry {
  name: string;
  uncompressed: number;
  compressed: number;
}

export interface Listing {
  entries: ListedEntry[];
  /** Nested zips, to expand in turn. */
  nested: ListedEntry[];
  /** Entries not scanned and why (encrypted ones are errors; symlinks and traversal names warn). */
  problems: (Problem & { error: boolean })[];
  /** An Office Open XML or OpenDocument package ([Content_Types].xml, mimetype): not a bundle to open. */
  office: boolean;
}

/**
 * The entry that makes a zip an Office Open XML package (`[Content_Types].xml`, ECMA-376 part 2)
 * or an OpenDocument one (`mimetype`, ODF 1.2 part 3): a document, not a bundle to open.
 */
const OFFICE_ENTRY = /^(?:\[Content_Types\]\.xml|mimetype)$/;
const MIB = 1024 * 1024;

type ZipFile = yauzl.ZipFile;

/** Opens a zip (a file, or a nested zip's bytes) to read its central directory and entries. */
export function openZip(source: string | Buffer): Promise<ZipFile> {
  // names are decoded here, not by yauzl, which refuses a "../" name outright: leakgate reports
  // such names and scans the entry (it never writes it anywhere)
  const opts: yauzl.Options = { lazyEntries: true, autoClose: false, validateEntrySizes: true, decodeStrings: false };
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, zip?: ZipFile): void => (err || !zip ? reject(unreadable(err)) : resolve(zip));
    if (typeof source === 'string') yauzl.open(source, opts, done);
    else yauzl.fromBuffer(source, opts, done);
  });
}

function unreadable(err: Error | null): ArchiveError {
  return new ArchiveError('EUNREADABLE', `corrupt or truncated archive: ${err?.message ?? 'unknown error'}`);
}

/** An entry's name: UTF-8 when the entry says so (general purpose bit 11), else read byte for byte. */
export function nameOf(e: yauzl.Entry): string {
  const raw = e.fileName as unknown as Buffer | string;
  if (typeof raw === 'string') return raw;
  return raw.toString((e.generalPurposeBitFlag & 0x800) !== 0 ? 'utf8' : 'latin1');
}

/** Reads every central-directory entry (no content is inflated). */
export function entriesOf(zip: ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const out: yauzl.Entry[] = [];
    zip.on('entry', (e: yauzl.Entry) => {
      out.push(e);
      zip.readEntry();
    });
    zip.on('end', () => resolve(out));
    zip.on('error', (err: Error) => reject(unreadable(err)));
    zip.readEntry();
  });
}

/** Bytes and entries of nested archives, counted against the limits across one outermost archive. */
export interface Budget {
  bytes: number;
  entries?: number;
}

/**
 * Lists a zip's entries from its central directory, refusing bombs and over-limit archives by
 * their declared sizes before anything is inflated (inflating also checks the real sizes).
 */
export async function listZip(at: ArchivePath, limits: ArchiveLimits, budget: Budget): Promise<Listing> {
  if (at.entries.length + 1 > limits.maxDepth) throw new ArchiveError('EZIPLIMIT', `zips nested deeper than ${limits.maxDepth}`);
  const shared = await acquire(at, limits);
  try {
    const { zip, entries } = shared.open;
    if (zip.entryCount > limits.maxEntries) throw new ArchiveError('EZIPLIMIT', `${zip.entryCount} entries, over the limit of ${limits.maxEntries}`);
    budget.entries = (budget.entries ?? 0) + zip.entryCount;
    if (limits.maxTotalEntries !== undefined && budget.entries > limits.maxTotalEntries) {
      throw new ArchiveError('EZIPLIMIT', `more than ${limits.maxTotalEntries} entries in all, nested zips included`);
    }
    const listing: Listing = { entries: [], nested: [], problems: [], office: entries.some((e) => OFFICE_ENTRY.test(nameOf(e))) };
    const seen = new Set<string>();
    for (const e of entries) {
      const name = nameOf(e);
      // a folder has no content; one that claims some is scanned like a file
      if (name.endsWith('/') && e.uncompressedSize === 0) continue;
      if (seen.has(name)) {
        // unzip tools disagree on which of two same-named entries they extract: a way to hide one
        listing.problems.push({ file: name, code: 'EUNREADABLE', message: 'a second entry with this name: ambiguous archive, not scanned (only the first is)', error: true });
        continue;
      }
      seen.add(name);
      const mode = (e.externalFileAttributes >>> 16) & 0o170000;
      if (mode === 0o120000) {
        listing.problems.push({ file: name, code: 'ESYMLINK', message: 'symbolic link inside the archive: not followed', error: false });
        continue;
      }
      if (e.isEncrypted()) {
        listing.problems.push({ file: name, code: 'EENCRYPTED', message: 'encrypted entry: cannot be scanned (decrypt the bundle first)', error: true });
        continue;
      }
      if (pointsOutside(name)) {
        listing.problems.push({ file: name, code: 'EZIPPATH', message: 'entry name points outside the archive (path traversal); scanned, never written anywhere', error: false });
      }
      const item = { name, uncompressed: e.uncompressedSize, compressed: e.compressedSize };
      checkRatio(item, limits);
      budget.bytes += item.uncompressed;
      if (budget.bytes > limits.maxTotalBytes) throw new ArchiveError('EZIPBOMB', `more than ${limits.maxTotalBytes} bytes uncompressed in all: refused without inflating`);
      (archiveOfName(name) === 'zip' ? listing.nested : listing.entries).push(item);
    }
    return listing;
  } finally {
    shared.release();
  }
}

/**
 * Which document an Office package is, from its parts: a workbook (`xl/`), a Word document
 * (`word/`), or an OpenDocument spreadsheet or text (its `mimetype` entry says which). Undefined:
 * another kind (a presentation, an e-book), which leakgate does not read.
 */
export async function officeKind(at: ArchivePath, names: readonly string[], limits: ArchiveLimits): Promise<DocumentKind | undefined> {
  return packageKind(names, async () => {
    let type = '';
    for await (const c of openEntry({ ...at, entries: [...at.entries, 'mimetype'] }, limits)) {
      type += Buffer.from(c).toString('latin1');
      if (type.length > 200) break;
    }
    return type;
  });
}

/** True for an entry name that climbs out of the archive (`../x`) or is absolute (`/x`, `C:x`). */
export function pointsOutside(name: string): boolean {
  return /(^|[\\/])\.\.([\\/]|$)|^[\\/]|^[A-Za-z]:/.test(name);
}

function checkRatio(e: ListedEntry, limits: ArchiveLimits): void {
  if (e.uncompressed > MIB && e.uncompressed > limits.maxRatio * Math.max(1, e.compressed)) {
    throw new ArchiveError('EZIPBOMB', `entry ${e.name} inflates ${Math.round(e.uncompressed / Math.max(1, e.compressed))}:1 (${e.uncompressed} bytes): a zip bomb; refused without inflating`);
  }
}

/** A zip opened once, with its central directory read, shared by the reads of its entries. */
interface OpenZip {
  zip: ZipFile;
  entries: yauzl.Entry[];
  /** The first entry of each name (a second one is reported by listZip, never read). */
  byName: Map<string, yauzl.Entry>;
}

interface SharedZip {
  ready: Promise<OpenZip>;
  users: number;
  timer?: NodeJS.Timeout;
}

/**
 * Open zips by archive, file identity and nesting path. Why: opening a zip reads its whole
 * central directory, and a nested zip must be inflated from its parent; doing either once per
 * entry made a 2,000-entry zip take minutes (quadratic) and a zip of many entries a way to hang
 * the gate. An unused zip is closed shortly after its last read, so that the next entry (read
 * right after, in sorted order) finds it open.
 */
const sharedZips = new Map<string, SharedZip>();
const CLOSE_AFTER_MS = 1000;

async function acquire(at: ArchivePath, limits: ArchiveLimits): Promise<{ open: OpenZip; release: () => void }> {
  // the file's identity is part of the key: a bundle rewritten between two scans is read afresh
  let id: string;
  if (at.buffer) id = bufferId(at.buffer);
  else {
    try {
      const st = await stat(at.file);
      id = `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}`;
    } catch (e) {
      throw unreadable(e as Error);
    }
  }
  const key = [at.file, id, ...at.entries].join('\u0000');
  let shared = sharedZips.get(key);
  if (!shared) {
    const created: SharedZip = { ready: loadZip(at, limits), users: 0 };
    // a zip that failed to open is not kept: each reader gets the error
    created.ready.catch(() => sharedZips.get(key) === created && sharedZips.delete(key));
    sharedZips.set(key, created);
    shared = created;
  }
  const s = shared;
  s.users++;
  if (s.timer) {
    clearTimeout(s.timer);
    delete s.timer;
  }
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    if (--s.users > 0) return;
    s.timer = setTimeout(() => {
      if (s.users > 0) return;
      if (sharedZips.get(key) === s) sharedZips.delete(key);
      s.ready.then((z) => z.zip.close(), () => undefined);
    }, CLOSE_AFTER_MS);
    s.timer.unref();
  };
  try {
    return { open: await s.ready, release };
  } catch (e) {
    release();
    throw e;
  }
}

/** An id per zip held in memory, for the cache of open zips (dropped with the buffer). */
const bufferIds = new WeakMap<Buffer, string>();
let nextBufferId = 0;
function bufferId(b: Buffer): string {
  let id = bufferIds.get(b);
  if (!id) bufferIds.set(b, (id = `buffer:${nextBufferId++}`));
  return id;
}

async function loadZip(at: ArchivePath, limits: ArchiveLimits): Promise<OpenZip> {
  const zip = await openZip(at.entries.length === 0 ? at.buffer ?? at.file : await nestedBuffer(at, limits));
  try {
    const entries = await entriesOf(zip);
    const byName = new Map<string, yauzl.Entry>();
    for (const e of entries) if (!byName.has(nameOf(e))) byName.set(nameOf(e), e);
    return { zip, entries, byName };
  } catch (e) {
    zip.close();
    throw e;
  }
}

/** The bytes of a nested zip, read into memory (bounded), given the path down to it. */
async function nestedBuffer(at: ArchivePath, limits: ArchiveLimits): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of openEntry(at, limits)) {
    size += c.length;
    if (size > limits.maxNestedBytes) throw new ArchiveError('EZIPLIMIT', `nested zip over ${limits.maxNestedBytes} bytes`);
    chunks.push(Buffer.from(c));
  }
  return Buffer.concat(chunks);
}

/**
 * Streams the bytes of an archive entry (zip entry, nested zip entry, or the inside of a .gz),
 * counting them: more than the entry declared, or more than the limits allow, is an error.
 */
export async function* openEntry(at: ArchivePath, limits: ArchiveLimits): AsyncGenerator<Uint8Array> {
  if (at.entries.length === 0) {
    // a .gz file: one stream; its trailer states the size (mod 2^32), checked before inflating,
    // and inflation stops at the ratio limit whatever the trailer says
    const { size, isize } = await gzipSizes(at.file);
    const name = path.basename(at.file);
    if (isize > MIB && isize > limits.maxRatio * size) {
      // a truncated file's last bytes are not a trailer, and look like a huge size too
      throw new ArchiveError('EZIPBOMB', `${name} states ${isize} bytes uncompressed (${Math.round(isize / size)}:1): a gzip bomb, or a truncated file; refused without inflating`);
    }
    yield* counted(createReadStream(at.file).pipe(createGunzip()), Math.max(MIB, limits.maxRatio * size), name, limits);
    return;
  }
  const parent: ArchivePath = { ...at, entries: at.entries.slice(0, -1) };
  const name = at.entries[at.entries.length - 1]!;
  const shared = await acquire(parent, limits);
  try {
    const { zip, byName } = shared.open;
    const entry = byName.get(name);
    if (!entry) throw new ArchiveError('EUNREADABLE', `entry ${name} vanished from the archive`);
    if (entry.isEncrypted()) throw new ArchiveError('EENCRYPTED', 'encrypted entry: cannot be scanned');
    checkRatio({ name, uncompressed: entry.uncompressedSize, compressed: entry.compressedSize }, limits);
    const stream = await new Promise<Readable>((resolve, reject) => {
      zip.openReadStream(entry, (err, s) => (err || !s ? reject(unreadable(err)) : resolve(s)));
    });
    if (archiveOfName(name) === 'gzip') {
      // a .gz inside a zip: inflated too, bounded by the ratio limit on its compressed size
      yield* counted(stream.pipe(createGunzip()), Math.max(MIB, limits.maxRatio * entry.uncompressedSize), name, limits);
    } else {
      yield* counted(stream, entry.uncompressedSize, name, limits);
    }
  } finally {
    shared.release();
  }
}

/** A gzip file's size and the uncompressed size its trailer states (RFC 1952 ISIZE). */
export async function gzipSizes(file: string): Promise<{ size: number; isize: number }> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    if (size < 18) throw new ArchiveError('EUNREADABLE', 'truncated gzip file');
    const tail = Buffer.alloc(4);
    await handle.read(tail, 0, 4, size - 4);
    return { size, isize: tail.readUInt32LE(0) };
  } finally {
    await handle.close();
  }
}

async function* counted(stream: Readable, declared: number, name: string, limits: ArchiveLimits): AsyncGenerator<Uint8Array> {
  let n = 0;
  try {
    for await (const chunk of stream) {
      n += (chunk as Buffer).length;
      if (n > declared || n > limits.maxTotalBytes) {
        stream.destroy();
        throw new ArchiveError('EZIPBOMB', `${name} inflates past ${Math.min(declared, limits.maxTotalBytes)} bytes: stopped`);
      }
      yield chunk as Uint8Array;
    }
  } catch (e) {
    if (e instanceof ArchiveError) throw e;
    throw unreadable(e as Error);
  }
}
