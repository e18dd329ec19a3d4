import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { Format, SourceRef } from '../types.js';
import { ArchiveError, DEFAULT_LIMITS, openEntry } from '../archive/archive.js';
import { blobBytes } from './git-blob.js';
import { Decoder, type Encoding, sniffEncoding } from './decode.js';
import type { Sniffed } from '../formats/kinds.js';
import { sniffBinary, sniffStrong } from './kinds.js';
import { sniffFormat, textKindOfName } from '../formats/registry.js';

/** Bytes read at a time: large enough that per-chunk costs vanish, small enough to stream. */
export const CHUNK_BYTES = 512 * 1024;

/** A source opened for scanning: its detected format and encoding, and its text in chunks. */
export interface OpenedSource {
  format: Format;
  encoding: Encoding;
  delimiter?: string;
  /** Decoded text, chunk by chunk; the source is closed when the iteration ends. */
  chunks: AsyncIterable<string> | Iterable<string>;
  /** Bytes read so far, bytes that could not be decoded (replaced by U+FFFD), NUL characters dropped. */
  stats: { bytes: number; replaced: number; nuls: number };
}

/** A file that could not be read at all: scanned never, reported always (exit 2). */
export class ReadError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'ReadError';
  }
}

/** What a source's first bytes say it is. */
export interface SourceKind {
  format: Format;
  encoding: Encoding;
  /** Bytes of byte-order mark at the start. */
  bom: number;
  delimiter?: string;
}

/** Bytes a source's kind is sniffed from (a tar header is 512, the text test looks at 8,000). */
export const SNIFF_BYTES = 16 * 1024;

/**
 * What a source's first bytes are: text (with its encoding, format and decoder, the head decoded),
 * or a kind of binary (a container to open, or a format to refuse). A magic number wins over the
 * name (a `.csv` that is gzip is gzip); for text, a name or --stdin-filename picks the format.
 */
export function sniffSource(ref: { display: string; format?: Format }, head: Uint8Array): { kind: SourceKind; decoder: Decoder; headText: string } | { binary: Sniffed } {
  const strong = sniffStrong(head);
  if (strong) return { binary: strong };
  const sniffed = sniffEncoding(head);
  if (!sniffed.encoding) return { binary: sniffBinary(head) };
  const decoder = new Decoder(sniffed.encoding, sniffed.bom);
  // decoded DECODE_BYTES at a time, as the rest of a file is: Node's decoder of a 512 KiB head
  // mallocs 2 MiB for its output, and freeing that raised glibc's mmap threshold to 2 MiB (and the
  // free memory each thread's malloc arena keeps to 4 MiB) for the rest of the process: 200 MB of
  // pretty JSON on two threads held some 5-10 MB more RSS in those arenas (issue 16)
  let headText = '';
  for (let o = 0; o < head.length; o += DECODE_BYTES) headText += decoder.write(head.subarray(o, o + DECODE_BYTES));
  const named = textKindOfName(ref.display);
  const kind: SourceKind = { format: ref.format ?? named.format ?? sniffFormat(headText.slice(0, 4096)), encoding: sniffed.encoding, bom: sniffed.bom };
  if (named.delimiter) kind.delimiter = named.delimiter;
  return { kind, decoder, headText };
}

/** A source's bytes: a file, standard input, a staged blob or an archive entry, failing closed over `maxBytes`. */
export function openBytes(ref: SourceRef, stdin?: () => Readable, maxBytes = Infinity): AsyncGenerator<Uint8Array> {
  const source = ref.stdin ? stdinBytes(stdin) : ref.gitBlob ? gitBytes(ref.gitBlob) : ref.archive ? archiveBytes(ref.archive) : fileBytes(ref.fsPath!, maxBytes);
  return limitBytes(source, maxBytes);
}

/**
 * The first `want` bytes of a stream (fewer if it is shorter), and the rest of it after them:
 * enough to tell its kind, whatever chunk sizes the source gives (a zip entry or an inflated
 * stream comes in 16 KiB pieces).
 */
export async function peek(bytes: AsyncGenerator<Uint8Array>, want = SNIFF_BYTES): Promise<{ head: Uint8Array; rest: AsyncGenerator<Uint8Array> }> {
  const parts: Uint8Array[] = [];
  let n = 0;
  while (n < want) {
    const next = await bytes.next();
    if (next.done) break;
    parts.push(next.value);
    n += next.value.length;
  }
  const head = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  return { head, rest: bytes };
}

/** Text from a sniffed head and the rest of its bytes, chunk by chunk; the bytes are closed when the text ends. */
export function openText(kind: SourceKind, decoder: Decoder, headText: string, headBytes: number, rest: AsyncGenerator<Uint8Array>): OpenedSource {
  const stats = { bytes: headBytes, replaced: 0, nuls: 0 };
  async function* chunks(): AsyncGenerator<string> {
    try {
      if (headText) yield headText;
      yield* decodeRest(rest, decoder, stats);
    } finally {
      stats.replaced = decoder.replaced;
      stats.nuls = decoder.nuls;
      await rest.return(undefined);
    }
  }
  const opened: OpenedSource = { format: kind.format, encoding: kind.encoding, chunks: chunks(), stats };
  if (kind.delimiter) opened.delimiter = kind.delimiter;
  return opened;
}

/**
 * The text of a source read whole (readWhole) and sniffed: its head was all of it, so the text is
 * what sniffing decoded and what the decoder still holds; no generator is made for it.
 */
export function wholeText(kind: SourceKind, decoder: Decoder, headText: string, bytes: number): OpenedSource {
  const tail = decoder.end();
  const stats = { bytes, replaced: decoder.replaced, nuls: decoder.nuls };
  const chunks = headText && tail ? [headText, tail] : headText ? [headText] : tail ? [tail] : [];
  const opened: OpenedSource = { format: kind.format, encoding: kind.encoding, chunks, stats };
  if (kind.delimiter) opened.delimiter = kind.delimiter;
  return opened;
}

/**
 * Bytes decoded into one string: a 512 KB read decoded at once made a string in V8's large-object
 * space, on freshly mapped pages each time (75,000 page faults on 200 MB; issue 16).
 */
const DECODE_BYTES = 64 * 1024;

/** The text of `bytes`, decoded DECODE_BYTES at a time; `stats.bytes` counts what was read. */
export async function* decodeRest(bytes: AsyncGenerator<Uint8Array>, decoder: Decoder, stats: { bytes: number }): AsyncGenerator<string> {
  for (let next = await bytes.next(); !next.done; next = await bytes.next()) {
    const v = next.value;
    stats.bytes += v.length;
    for (let o = 0; o < v.length; o += DECODE_BYTES) {
      const text = decoder.write(v.subarray(o, o + DECODE_BYTES));
      if (text) yield text;
    }
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

/** A byte range of a file, scanned on its own (a part of a file split for parallel scanning). */
export interface FilePart {
  kind: SourceKind;
  /** The range [start, end): it starts at a line start. */
  start: number;
  end: number;
  /**
   * Bytes [0, header) are read first to set up the parser: the file's header record and the rows
   * that decide it is one (CSV), the file up to the `[` of the array of records cut (JSON).
   */
  header: number;
  /** JSON: how deep the array of records the file is cut in is (1: the top-level value), whose elements number the labels. */
  depth?: number;
  /** The part runs to the end of the file. */
  last: boolean;
}

/** Fails closed on a source over the size limit, counting what arrives (stdin has no size to ask). */
export async function* limitBytes(bytes: AsyncGenerator<Uint8Array>, maxBytes: number): AsyncGenerator<Uint8Array> {
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

/**
 * Regular files up to this size are read whole at once, without promises (see readSmall).
 * bin/load-cli.js's READ_AT_ONCE_BYTES is this size (it decides, before this bundle loads, that a
 * run of small files need not preload node:fs/promises): change both.
 */
const SMALL_FILE_BYTES = 256 * 1024;

/** A file's bytes, from `start` up to `end` (the whole file by default). */
export async function* fileBytes(fsPath: string, maxBytes: number, start = 0, end = Infinity): AsyncGenerator<Uint8Array> {
  if (start === 0 && end === Infinity) {
    const small = readSmall(fsPath, maxBytes);
    if (small) {
      if (small.length > 0) yield small;
      return;
    }
  }
  let handle;
  try {
    handle = await open(fsPath, 'r');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new ReadError(err.code ?? 'EUNREADABLE', `cannot open: ${describe(err)}`);
  }
  try {
    const st = await handle.stat();
    if (st.size > maxBytes) throw tooBig(maxBytes);
    // a buffer the size of what is left of a file, not a whole chunk: a 2 KB file made a 512 KB
    // buffer, and 50,000 of them kept the collector busy (issue 16). At the size stat gave, one
    // byte is read to meet the end; a file that grew since, and a pipe, are read in chunks.
    let known = st.isFile() ? st.size : Infinity;
    for (let at = start; at < end; ) {
      const want = Math.min(CHUNK_BYTES, end - at, at < known ? known - at : 1);
      const buf = new Uint8Array(want);
      let n: number;
      try {
        // the whole file is read in order (null: from the current position, which pipes need too)
        ({ bytesRead: n } = await handle.read(buf, 0, want, start === 0 && end === Infinity ? null : at));
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        throw new ReadError(err.code ?? 'EUNREADABLE', `cannot read: ${describe(err)}`);
      }
      if (n === 0) return;
      at += n;
      if (at > known) known = Infinity;
      yield n === want ? buf : buf.subarray(0, n);
    }
  } finally {
    await handle.close();
  }
}

/**
 * A source's bytes read at once, when it is a file on disk that its planning stat found small
 * (SourceRef.size): no stream, no generator, no promise a file (see readSmall). Undefined: any
 * other source, or a file no longer small, which is read as a stream (openBytes).
 */
export function readWhole(ref: SourceRef, maxBytes: number): Uint8Array | undefined {
  if (!ref.fsPath || ref.archive || ref.gitBlob || ref.stdin || ref.size === undefined || ref.size > SMALL_FILE_BYTES) return undefined;
  return readSmall(ref.fsPath, maxBytes, ref.size, true);
}

/**
 * The buffer readWhole reads into, one a thread, grown to the largest small file met: a buffer
 * made for each file was a backing store allocated, zeroed and then swept by the collector, 50,000
 * times on a folder of 50,000 files (issue 16). What readWhole gives is a view of it, good until
 * the next readWhole: text is decoded from it at once; bytes kept longer are copied (scanMember).
 */
let pool = new Uint8Array(0);

/** The pool, at least `n` bytes long. */
function pooled(n: number): Uint8Array {
  if (pool.length < n) pool = new Uint8Array(Math.max(n, Math.min(2 * pool.length, SMALL_FILE_BYTES + 1), 16 * 1024));
  return pool;
}

/**
 * A small regular file's bytes, read at once with blocking calls: a folder of 50,000 files of 2 KB
 * spent a fifth of its time in the promises of opening, asking the size of, reading and closing
 * each (issue 16); for a few KB the thread waits less than it did for them. Opened without
 * blocking, so that a FIFO put in a file's place never holds the thread. Undefined: not a small
 * regular file, read in chunks.
 *
 * `known`, the size the run's planning stat gave, spares the file a second stat: one read of one
 * byte more that gives exactly that many bytes met the end of a regular file (a fstat a file, and
 * the Stats object with its four Dates, was some 4 µs of about 30 a small file spends outside its
 * detection; issue 16). Any other outcome (a file that changed size, a FIFO or a folder put in
 * its place, a read error) is asked again with fstat, as without `known`. With `reuse`, a read
 * of the size known goes into the thread's pool (readWhole).
 */
function readSmall(fsPath: string, maxBytes: number, known?: number, reuse = false): Uint8Array | undefined {
  const fd = openNonBlocking(fsPath);
  try {
    // an empty file is stat'ed: a read of nothing cannot tell it from a FIFO with no writer
    if (known !== undefined && known > 0 && known <= maxBytes) {
      const buf = reuse ? pooled(known + 1) : new Uint8Array(known + 1);
      let n = -1;
      try {
        n = readSync(fd, buf, 0, known + 1, 0);
      } catch {
        // asked again below, after fstat says what the path now is
      }
      if (n === known) return buf.subarray(0, n);
    }
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > SMALL_FILE_BYTES) return undefined;
    if (st.size > maxBytes) throw tooBig(maxBytes);
    // one byte more than stat gave, to meet the end in the same reads; a file that grew past it is
    // read in chunks. A read that gives exactly the size stat gave, asked for one byte more, met the
    // end: no second read to be told so (one system call fewer a file, issue 16); any other short
    // read goes on until a read gives nothing.
    const buf = new Uint8Array(st.size + 1);
    let got = 0;
    for (let n = -1; n !== 0 && got < buf.length; got += n) {
      try {
        n = readSync(fd, buf, got, buf.length - got, got);
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        throw new ReadError(err.code ?? 'EUNREADABLE', `cannot read: ${describe(err)}`);
      }
      if (got === 0 && n === st.size) return buf.subarray(0, n);
    }
    return got < buf.length ? buf.subarray(0, got) : undefined;
  } finally {
    closeSync(fd);
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

/** A file opened to read with a blocking call, but opened without blocking (a FIFO never holds the thread). */
export function openNonBlocking(fsPath: string): number {
  try {
    return openSync(fsPath, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new ReadError(err.code ?? 'EUNREADABLE', `cannot open: ${describe(err)}`);
  }
}

/** What a failed open or read says, in a few words (never the path). */
export function describe(err: NodeJS.ErrnoException): string {
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
