import { createReadStream } from 'node:fs';
import type { DocumentSource } from '../extract/office/document-reader.js';
import { OfficeError } from '../extract/office/office-error.js';
import type { Parts } from '../extract/office/zip-parts.js';
import { type ArchiveLimits, type ArchivePath, DEFAULT_LIMITS, listZip, openEntry } from './archive.js';

/**
 * A document on disk or inside a zip (`at`: the file, and the entry names down to the document),
 * as its reader gets it: its bytes, and its parts opened in place, both with the archive's limits.
 */
export function documentSource(at: ArchivePath, limits: ArchiveLimits = DEFAULT_LIMITS): DocumentSource {
  return {
    bytes: () => (at.entries.length === 0 ? createReadStream(at.file, { highWaterMark: 256 * 1024 }) : openEntry(at, limits)),
    parts: () => openZipParts(at, limits),
  };
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
