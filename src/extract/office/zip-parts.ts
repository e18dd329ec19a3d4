import { OfficeError } from './office-error.js';

/**
 * The parts of a container (an OOXML or ODF zip), opened one at a time, never all in memory: the
 * read stage opens them (src/archive/document-source.ts), with the archive's limits.
 */
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
