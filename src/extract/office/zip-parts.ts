import { type ArchiveLimits, type ArchivePath, DEFAULT_LIMITS, listZip, openEntry } from '../../archive/archive.js';
import { OfficeError } from './office-error.js';

/** The parts of a container (an OOXML or ODF zip), opened one at a time, never all in memory. */
export interface Parts {
  /** Part names as stored (`xl/worksheets/sheet1.xml`). */
  names(): string[];
  /** The stored name of a part, looked up ignoring case (OPC part names are case-insensitive); undefined if absent. */
  find(name: string): string | undefined;
  /** Uncompressed size a part declares. */
  size(name: string): number;
  /** Streams a part's bytes (bounded by the archive limits: a bomb stops with an error). */
  open(name: string): AsyncIterable<Uint8Array>;
  /** A container stored as a part (a workbook embedded in a document). */
  nested(name: string): Promise<Parts>;
}

/**
 * Opens a zip container in place with the limits of `archive.ts` (entry count, compression
 * ratio, total size, nesting): `at` is the file on disk and, for a document inside a bundle or
 * another document, the entry names down to it.
 */
export async function openZipParts(at: ArchivePath, limits: ArchiveLimits = DEFAULT_LIMITS): Promise<Parts> {
  // archive errors (a bomb, a corrupt zip) are passed on as they are: the scan reports their codes
  const listing = await listZip(at, limits, { bytes: 0 });
  const failed = listing.problems.find((p) => p.error);
  if (failed) throw new OfficeError(failed.code === 'EENCRYPTED' ? 'EENCRYPTED' : 'EUNREADABLE', `part ${failed.file}: ${failed.message}`);
  const sizes = new Map<string, number>();
  for (const e of [...listing.entries, ...listing.nested]) sizes.set(e.name, e.uncompressed);
  const lower = new Map<string, string>();
  for (const name of sizes.keys()) if (!lower.has(name.toLowerCase())) lower.set(name.toLowerCase(), name);
  return {
    names: () => [...sizes.keys()],
    find: (name) => (sizes.has(name) ? name : lower.get(name.toLowerCase())),
    size: (name) => sizes.get(name) ?? 0,
    open: (name) => openEntry({ file: at.file, entries: [...at.entries, name] }, limits),
    nested: (name) => openZipParts({ file: at.file, entries: [...at.entries, name] }, limits),
  };
}

/** A small part's bytes, whole (rels, styles, the workbook): over `max` bytes is an error. */
export async function readPart(parts: Parts, name: string, max = 64 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of parts.open(name)) {
    n += c.length;
    if (n > max) throw new OfficeError('EOFFICELIMIT', `part ${name} is over ${max} bytes`);
    chunks.push(Buffer.from(c));
  }
  return Buffer.concat(chunks);
}
