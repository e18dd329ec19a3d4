import path from 'node:path';
import { ArchiveError, type ArchivePath, type Budget, DEFAULT_LIMITS, gzipSizes, listZip, officeKind, openEntry, pointsOutside } from './archive/archive.js';
import { archiveOfName, innerName } from './formats/registry.js';
import { decompress, type Decompressor } from './archive/decompress.js';
import { tarEntries } from './archive/tar.js';
import { KINDS, type KindId, kindMessage, type Sniffed } from './formats/kinds.js';
import { GIT_OBJECT_HEADER } from './read/kinds.js';
import { ReadError } from './read/read-source.js';
import type { FileResult } from './scan-context.js';
import type { DocumentKind, Format } from './types.js';

/** A file, or a member of a container, about to be sniffed and scanned. */
export interface Member {
  /** Shown in reports: `a.tar.gz!/data/x.csv`. */
  display: string;
  /** `display` masked, when known already (SourceRef.shown). */
  shown?: string;
  /** The name its format is told from (an inner name: `x.csv` for the inside of `x.csv.gz`). */
  name: string;
  format?: Format;
  bytes: () => AsyncGenerator<Uint8Array>;
  /** Its bytes at once, when it is a small file (readWhole); undefined: read `bytes`. */
  whole?: () => Uint8Array | undefined;
  /** Where these exact bytes sit as a zip entry, so that a zip among them is opened in place. */
  zipAt?: ArchivePath;
  /** The file on disk these bytes are, whole (a gzip's trailer is read from it before inflating). */
  fsPath?: string;
  /** Containers around it: an archive entry from the bundle's own listing counts its nesting. */
  layers: number;
  /** The kinds decompressed on the way here. */
  chain: KindId[];
}

/** What opening a container needs from the scan. */
export interface ContainerEnv {
  /** Kinds the config accepts unread. */
  accept: readonly string[];
  /** False: a container found inside is an error (redaction cannot rewrite one it did not list). */
  open: boolean;
  budget: Budget;
  result: FileResult;
  /** Sniffs and scans a member, as the source itself was. */
  inner: (m: Member) => Promise<void>;
  /** Reads a document found by its bytes with its reader (the bytes, when they are not a file or a zip entry). */
  document: (kind: DocumentKind, bytes?: AsyncIterable<Uint8Array>) => Promise<void>;
}

/** Containers inside containers (a zip, a tar, a gzip, bzip2 or xz stream each count one), outermost included. */
export const MAX_LAYERS = 6;

/**
 * A source whose bytes are not text: a container is opened and its members scanned in turn
 * (decompressed streams, tar entries, zip entries: `a.tar.gz!/x.csv`), within the archive limits;
 * any other kind is an error naming it and saying what to do, or a line in the report when the
 * config accepts the kind. `stream` is the source's bytes from the start.
 */
export async function openContainer(m: Member, s: Sniffed, stream: AsyncGenerator<Uint8Array>, env: ContainerEnv): Promise<void> {
  const handler = KINDS[s.kind].handler;
  if (handler === 'document' && env.open) {
    // a PDF, whatever its name: the document reader reads it (redaction refuses it, below)
    await env.document('pdf', stream);
    return;
  }
  if (handler === 'refuse') {
    await stream.return(undefined);
    refuse(m.display, s, env);
    return;
  }
  try {
    if (!env.open) throw new ReadError('EFORMAT', `${KINDS[s.kind].what} (${s.detail}): cannot be redacted in place; ${handler === 'document' ? 'redact the document in its own program' : 'unpack it and redact its files'}`);
    if (m.layers + 1 > MAX_LAYERS) throw new ArchiveError('EZIPLIMIT', `containers nested deeper than ${MAX_LAYERS}: not opened`);
    if (handler === 'zip') await openZip(m, stream, env);
    else if (handler === 'tar') await openTar(m, stream, env);
    else if (handler !== 'document') await openCompressed(m, s, handler, stream, env);
  } finally {
    await stream.return(undefined);
  }
}

/** A kind leakgate does not read: an error, or a warning when the config accepts it. */
function refuse(file: string, s: Sniffed, env: ContainerEnv): void {
  env.result.files++;
  const accepted = env.accept.includes(s.kind);
  (accepted ? env.result.warnings : env.result.errors).push({ file, code: accepted ? 'EACCEPTED' : 'EFORMAT', message: kindMessage(s, accepted) });
}

async function openCompressed(m: Member, s: Sniffed, how: Decompressor, stream: AsyncGenerator<Uint8Array>, env: ContainerEnv): Promise<void> {
  if (how === 'unxz' && m.chain.includes('xz')) {
    throw new ReadError('EFORMAT', 'an xz stream inside an xz stream: not read (the xz decoder reads one stream at a time); decompress the outer one and scan that');
  }
  const shown = path.basename(m.display);
  if (how === 'gunzip' && m.fsPath) {
    // a gzip file's trailer states its size (mod 2^32): a bomb is refused before a byte is inflated
    const { size, isize } = await gzipSizes(m.fsPath);
    if (isize > 1024 * 1024 && isize > DEFAULT_LIMITS.maxRatio * size) {
      throw new ArchiveError('EZIPBOMB', `${shown} states ${isize} bytes uncompressed (${Math.round(isize / size)}:1): a gzip bomb, or a truncated file; refused without inflating`);
    }
  }
  let out = decompress(how, stream, shown, DEFAULT_LIMITS, env.budget);
  if (s.detail === 'git loose object') out = withoutGitHeader(out);
  const child: Member = { display: m.display, name: innerName(m.name), bytes: () => out, layers: m.layers + 1, chain: [...m.chain, s.kind] };
  if (m.format) child.format = m.format;
  await env.inner(child);
}

/** A git loose object inflated: its `blob 12\0` header dropped, the content left. */
async function* withoutGitHeader(bytes: AsyncGenerator<Uint8Array>): AsyncGenerator<Uint8Array> {
  let first = true;
  for await (const chunk of bytes) {
    if (first) {
      first = false;
      const m = GIT_OBJECT_HEADER.exec(Buffer.from(chunk.buffer, chunk.byteOffset, Math.min(chunk.length, 64)).toString('latin1'));
      yield m ? chunk.subarray(m[0].length) : chunk;
    } else yield chunk;
  }
}

async function openTar(m: Member, stream: AsyncGenerator<Uint8Array>, env: ContainerEnv): Promise<void> {
  for await (const entry of tarEntries(stream, path.basename(m.display), DEFAULT_LIMITS, env.budget)) {
    const display = `${m.display}!/${entry.name}`;
    if (entry.type === 'directory') continue;
    if (entry.type === 'link') {
      env.result.warnings.push({ file: display, code: 'ESYMLINK', message: 'link inside the archive: not followed' });
      continue;
    }
    if (entry.type === 'special') {
      env.result.warnings.push({ file: display, code: 'ESPECIAL', message: 'device or FIFO inside the archive: it holds no data' });
      continue;
    }
    if (pointsOutside(entry.name)) env.result.warnings.push({ file: display, code: 'EZIPPATH', message: 'entry name points outside the archive (path traversal); scanned, never written anywhere' });
    await env.inner({ display, name: entry.name, bytes: () => entry.body, layers: m.layers + 1, chain: m.chain });
  }
}

async function openZip(m: Member, stream: AsyncGenerator<Uint8Array>, env: ContainerEnv): Promise<void> {
  // in place when the bytes are a file or a zip entry; otherwise (a zip in a tar, in a .gz, on
  // standard input) held in memory, up to the size a nested zip may have
  let at = m.zipAt ?? (m.fsPath ? { file: m.fsPath, entries: [] } : undefined);
  if (!at) at = { file: m.display, entries: [], buffer: await collect(stream, DEFAULT_LIMITS.maxNestedBytes) };
  const listing = await listZip(at, DEFAULT_LIMITS, env.budget);
  if (listing.office) {
    // a workbook or document named otherwise (`report.zip`, or nothing) is read as what it is
    const kind = await officeKind(at, [...listing.entries, ...listing.nested].map((e) => e.name), DEFAULT_LIMITS);
    if (kind) await env.document(kind, at.buffer ? once(at.buffer) : undefined);
    else refuse(m.display, { kind: 'office', detail: 'an Office package leakgate has no reader for (a presentation, an e-book…)' }, env);
    return;
  }
  for (const p of listing.problems) (p.error ? env.result.errors : env.result.warnings).push({ file: `${m.display}!/${p.file}`, code: p.code, message: p.message });
  const members = [...listing.entries, ...listing.nested].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of members) {
    const childAt: ArchivePath = { ...at, entries: [...at.entries, e.name] };
    const child: Member = { display: `${m.display}!/${e.name}`, name: e.name, bytes: () => openEntry(childAt, DEFAULT_LIMITS), layers: m.layers + 1, chain: m.chain };
    // openEntry inflates a .gz entry on the way: those bytes are not the entry's own
    if (archiveOfName(e.name) !== 'gzip') child.zipAt = childAt;
    await env.inner(child);
  }
}

async function* once(b: Buffer): AsyncGenerator<Uint8Array> {
  yield b;
}

/** A stream's bytes in memory, up to `max` (more is an error). */
async function collect(stream: AsyncGenerator<Uint8Array>, max: number): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  let n = 0;
  for await (const c of stream) {
    n += c.length;
    if (n > max) throw new ArchiveError('EZIPLIMIT', `a zip inside a stream over ${max} bytes: not read`);
    parts.push(c);
  }
  return Buffer.concat(parts);
}
