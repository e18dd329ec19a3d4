import { createReadStream } from 'node:fs';
import { type ArchivePath, DEFAULT_LIMITS, openEntry } from '../../archive/archive.js';

/** Where a document's bytes are: a file on disk, and for one inside a zip, the entry names down to it. */
export type DocumentPath = ArchivePath;

/** The bytes of a document, from disk or from inside an archive (with the archive's limits). */
export function bytesOf(at: DocumentPath): AsyncIterable<Uint8Array> {
  return at.entries.length === 0 ? createReadStream(at.file, { highWaterMark: 256 * 1024 }) : openEntry(at, DEFAULT_LIMITS);
}
