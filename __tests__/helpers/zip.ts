import { Readable } from 'node:stream';
import yazl from 'yazl';

/** An entry's content: bytes, text, or chunks made on demand (a 100 MB entry need not be held). */
export type EntryContent = string | Buffer | (() => Iterable<Buffer>);

/** Builds a zip in memory with yazl; entries are deflated unless `store` is set. */
export function zipOf(entries: [name: string, content: EntryContent][], opts: { store?: boolean } = {}): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, content] of entries) {
    if (typeof content === 'function') zip.addReadStream(Readable.from(content()), name, { compress: !opts.store });
    else zip.addBuffer(Buffer.isBuffer(content) ? content : Buffer.from(content), name, { compress: !opts.store });
  }
  return zipBytes(zip);
}

/** Ends a yazl zip and collects its bytes. */
export function zipBytes(zip: yazl.ZipFile): Promise<Buffer> {
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;

/** Each entry's local header and central-directory record: offsets of the flags field and of the name. */
function* headers(zip: Buffer): Generator<{ flags: number; name: string; nameAt: number }> {
  for (let i = 0; i + 46 <= zip.length; i++) {
    const sig = zip.readUInt32LE(i);
    if (sig === LOCAL_HEADER) {
      const n = zip.readUInt16LE(i + 26);
      yield { flags: i + 6, name: zip.toString('latin1', i + 30, i + 30 + n), nameAt: i + 30 };
    } else if (sig === CENTRAL_HEADER) {
      const n = zip.readUInt16LE(i + 28);
      yield { flags: i + 8, name: zip.toString('latin1', i + 46, i + 46 + n), nameAt: i + 46 };
    }
  }
}

/**
 * Renames an entry by patching its bytes (same length), in the local header and the central
 * directory: yazl refuses names like `../evil.txt`, which hostile archives carry.
 */
export function renameEntry(zip: Buffer, from: string, to: string): Buffer {
  if (from.length !== to.length) throw new Error('renameEntry: names must have the same length');
  const out = Buffer.from(zip);
  let n = 0;
  for (const h of headers(zip)) {
    if (h.name !== from) continue;
    out.write(to, h.nameAt, 'latin1');
    n++;
  }
  if (n !== 2) throw new Error(`renameEntry: ${from} found ${n} times, expected 2`);
  return out;
}

/** Marks an entry encrypted (general-purpose flag bit 0, in both headers), as a password-protected zip has it. */
export function markEncrypted(zip: Buffer, name: string): Buffer {
  const out = Buffer.from(zip);
  let n = 0;
  for (const h of headers(zip)) {
    if (h.name !== name) continue;
    out.writeUInt16LE(out.readUInt16LE(h.flags) | 1, h.flags);
    n++;
  }
  if (n !== 2) throw new Error(`markEncrypted: ${name} found ${n} times, expected 2`);
  return out;
}
