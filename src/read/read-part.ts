import { closeSync, readSync } from 'node:fs';
import { Decoder } from './decode.js';
import { CHUNK_BYTES, decodeRest, describe, type FilePart, openNonBlocking, type OpenedSource, ReadError } from './read-source.js';

/**
 * Opens one part of a file: `primer` is the decoded header record (for the parser, not to be
 * scanned again), then the part's text. The part's bytes are decoded as the whole file was sniffed.
 */
export async function openPart(fsPath: string, part: FilePart): Promise<OpenedSource & { primer: string }> {
  const decoder = new Decoder(part.kind.encoding, part.start === 0 || part.header > 0 ? part.kind.bom : 0);
  // one buffer for all the part's reads: each read is decoded (copied into text) before the next
  const buffer = new Uint8Array(CHUNK_BYTES);
  let primer = '';
  if (part.header > 0 && part.start > 0) {
    for await (const b of rangeBytes(fsPath, 0, part.header, buffer)) primer += decoder.write(b);
  }
  const stats = { bytes: 0, replaced: 0, nuls: 0 };
  const bytes = rangeBytes(fsPath, part.start, part.end, buffer);
  async function* chunks(): AsyncGenerator<string> {
    try {
      yield* decodeRest(bytes, decoder, stats);
    } finally {
      stats.replaced = decoder.replaced;
      stats.nuls = decoder.nuls;
      await bytes.return(undefined);
    }
  }
  const opened: OpenedSource & { primer: string } = { format: part.kind.format, encoding: part.kind.encoding, chunks: chunks(), stats, primer };
  if (part.kind.delimiter) opened.delimiter = part.kind.delimiter;
  return opened;
}

/**
 * Bytes [start, end) of a file (fewer when it ends sooner), read into `buffer` again and again:
 * each chunk must be used before the next is asked for. The reads block: a part is read on a scan
 * worker, whose thread has nothing else to do meanwhile. Awaited reads from the thread pool
 * left each worker idle while a read went round the pool, and a fresh 512 KB buffer per read was
 * zeroed each time: on the 1 GB street CSV with -j 2 the pool's threads took 0.38 s of CPU and
 * the workers waited for their reads (issue 16). Opened without blocking, so that a FIFO put in
 * the file's place fails the part (EAGAIN) instead of holding the thread.
 */
async function* rangeBytes(fsPath: string, start: number, end: number, buffer: Uint8Array): AsyncGenerator<Uint8Array> {
  const fd = openNonBlocking(fsPath);
  try {
    for (let at = start; at < end; ) {
      let n: number;
      try {
        n = readSync(fd, buffer, 0, Math.min(buffer.length, end - at), at);
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        throw new ReadError(err.code ?? 'EUNREADABLE', `cannot read: ${describe(err)}`);
      }
      if (n === 0) return;
      at += n;
      yield buffer.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}
