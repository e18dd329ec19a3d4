import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { Format, SourceRef } from '../types.js';
import { ArchiveError, DEFAULT_LIMITS, openEntry } from '../archive/archive.js';
import { blobBytes } from './git-blob.js';
import { Decoder, type Encoding, sniffEncoding } from './decode.js';
import { delimiterFromName, formatFromName, sniffFormat } from './detect-format.js';

/** Bytes read at a time: large enough that per-chunk costs vanish, small enough to stream. */
export const CHUNK_BYTES = 1024 * 1024;

/** A source opened for scanning: its detected format and encoding, and its text in chunks. */
export interface OpenedSource {
  format: Format;
  encoding: Encoding;
  delimiter?: string;
  /** Decoded text, chunk by chunk; the source is closed when the iteration ends. */
  chunks: AsyncGenerator<string>;
  /** Bytes read so far, and bytes that could not be decoded (replaced by U+FFFD). */
  stats: { bytes: number; replaced: number };
}

/** A file that could not be read at all: scanned never, reported always (exit 2). */
export class ReadError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'ReadError';
  }
}

export type Opened = OpenedSource | { binary: true; bytes: number };

/** Opens a source, sniffs its encoding and format from the first bytes, and streams its text. */
export async function openSource(ref: SourceRef, stdin?: () => Readable, maxBytes = Infinity): Promise<Opened> {
  const source = ref.stdin ? stdinBytes(stdin) : ref.gitBlob ? gitBytes(ref.gitBlob) : ref.archive ? archiveBytes(ref.archive) : fileBytes(ref.fsPath!, maxBytes);
  const bytes = limit(source, maxBytes);
  const first = await bytes.next();
  const head: Uint8Array = first.done ? new Uint8Array(0) : first.value;
  const sniffed = sniffEncoding(head);
  if (!sniffed.encoding) {
    await bytes.return(undefined);
    return { binary: true, bytes: head.length };
  }
  const decoder = new Decoder(sniffed.encoding, sniffed.bom);
  const headText = decoder.write(head);
  const name = ref.display;
  const format = ref.format ?? formatFromName(name) ?? sniffFormat(headText.slice(0, 4096));
  const stats = { bytes: head.length, replaced: 0 };
  async function* chunks(): AsyncGenerator<string> {
    try {
      if (headText) yield headText;
      for (let next = await bytes.next(); !next.done; next = await bytes.next()) {
        stats.bytes += next.value.length;
        const text = decoder.write(next.value);
        if (text) yield text;
      }
      const rest = decoder.end();
      if (rest) yield rest;
    } finally {
      stats.replaced = decoder.replaced;
      await bytes.return(undefined);
    }
  }
  const opened: OpenedSource = { format, encoding: sniffed.encoding, chunks: chunks(), stats };
  const delimiter = delimiterFromName(name);
  if (delimiter) opened.delimiter = delimiter;
  return opened;
}

/** Fails closed on a source over the size limit, counting what arrives (stdin has no size to ask). */
async function* limit(bytes: AsyncGenerator<Uint8Array>, maxBytes: number): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of bytes) {
    total += chunk.length;
    if (total > maxBytes) throw tooBig(maxBytes);
    yield chunk;
  }
}

function tooBig(maxBytes: number): ReadError {
  return new ReadError('ETOOBIG', `larger than --max-file-size (${maxBytes} bytes): not scanned; exclude it or raise the limit`);
}

async function* fileBytes(fsPath: string, maxBytes: number): AsyncGenerator<Uint8Array> {
  let handle;
  try {
    handle = await open(fsPath, 'r');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new ReadError(err.code ?? 'EUNREADABLE', `cannot open: ${describe(err)}`);
  }
  try {
    if ((await handle.stat()).size > maxBytes) throw tooBig(maxBytes);
    for (;;) {
      const buf = new Uint8Array(CHUNK_BYTES);
      let n: number;
      try {
        ({ bytesRead: n } = await handle.read(buf, 0, CHUNK_BYTES, null));
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        throw new ReadError(err.code ?? 'EUNREADABLE', `cannot read: ${describe(err)}`);
      }
      if (n === 0) return;
      yield buf.subarray(0, n);
    }
  } finally {
    await handle.close();
  }
}

async function* gitBytes(blob: { sha: string; repo: string }): AsyncGenerator<Uint8Array> {
  try {
    yield* blobBytes(blob.sha, blob.repo);
  } catch (e) {
    throw new ReadError('EUNREADABLE', `cannot read the staged blob: ${(e as Error).message}`);
  }
}

async function* archiveBytes(at: { file: string; entries: string[] }): AsyncGenerator<Uint8Array> {
  try {
    yield* openEntry(at, DEFAULT_LIMITS);
  } catch (e) {
    if (e instanceof ArchiveError) throw new ReadError(e.code, e.message);
    throw e;
  }
}

async function* stdinBytes(stdin: (() => Readable) | undefined): AsyncGenerator<Uint8Array> {
  if (!stdin) throw new ReadError('EUNREADABLE', 'standard input is not available');
  for await (const chunk of stdin()) yield typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array);
}

function describe(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    default:
      return err.code ?? err.message;
  }
}
