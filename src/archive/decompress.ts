/// <reference path="./vendor.d.ts" />
import { Readable } from 'node:stream';
import { ReadableStream } from 'node:stream/web';
import { createGunzip, createInflate } from 'node:zlib';
import bzip2 from 'unbzip2-stream/lib/bzip2.js';
import bitIterator from 'unbzip2-stream/lib/bit_iterator.js';
import type { ContainerHandler } from '../formats/format.js';
import { ArchiveError, type ArchiveLimits, type Budget } from './archive.js';

/** A container of one compressed stream, by how it is opened (its format module says which). */
export type Decompressor = Exclude<ContainerHandler, 'zip' | 'tar'>;

const MIB = 1024 * 1024;

/**
 * Decompresses a stream, bounded as zip entries are: output past 1 MiB and past `maxRatio` times
 * the compressed bytes read so far is a bomb, and so is output past the archive's byte budget.
 * Nothing is held but the current chunk; a corrupt or truncated stream is an EUNREADABLE error.
 */
export async function* decompress(how: Decompressor, input: AsyncIterable<Uint8Array>, name: string, limits: ArchiveLimits, budget: Budget): AsyncGenerator<Uint8Array> {
  const read = { bytes: 0 };
  const counted = countIn(input, read);
  // bzip2 decodes a whole block (up to some 45 MB) at once: it checks the ratio as it writes
  const guard = (produced: number): void => {
    if (produced > MIB && produced > limits.maxRatio * Math.max(1, read.bytes)) {
      throw new ArchiveError('EZIPBOMB', `${name} inflates more than ${limits.maxRatio}:1 (over ${produced} bytes from ${read.bytes}): a compression bomb; stopped`);
    }
  };
  const out = how === 'bunzip2' ? bunzip2(counted, guard) : how === 'unxz' ? unxz(counted) : zlibStream(how, counted);
  let n = 0;
  try {
    for await (const chunk of out) {
      n += chunk.length;
      budget.bytes += chunk.length;
      if (n > MIB && n > limits.maxRatio * Math.max(1, read.bytes)) {
        throw new ArchiveError('EZIPBOMB', `${name} inflates more than ${limits.maxRatio}:1 (${n} bytes from ${read.bytes}): a compression bomb; stopped`);
      }
      if (budget.bytes > limits.maxTotalBytes) throw new ArchiveError('EZIPBOMB', `${name}: more than ${limits.maxTotalBytes} bytes uncompressed in all: stopped`);
      yield chunk;
    }
  } catch (e) {
    if (e instanceof ArchiveError) throw e;
    // xz-decompress is built with a 64 MiB dictionary at most (xz -9 uses 64 MiB): a bigger one is refused too
    const what = how === 'unxz' ? 'xz data (or xz made with a dictionary over 64 MiB)' : how === 'bunzip2' ? 'bzip2 data' : how === 'gunzip' ? 'gzip data' : 'zlib data';
    throw new ArchiveError('EUNREADABLE', `corrupt or truncated ${what}`);
  } finally {
    await out.return?.(undefined);
  }
}

async function* countIn(input: AsyncIterable<Uint8Array>, read: { bytes: number }): AsyncGenerator<Uint8Array> {
  for await (const chunk of input) {
    read.bytes += chunk.length;
    yield chunk;
  }
}

async function* zlibStream(how: 'gunzip' | 'inflate', input: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const source = Readable.from(input, { objectMode: false, highWaterMark: 64 * 1024 });
  const z = how === 'gunzip' ? createGunzip() : createInflate();
  source.on('error', (e) => z.destroy(e));
  const stream = source.pipe(z);
  try {
    for await (const chunk of stream) yield chunk as Uint8Array;
  } finally {
    source.destroy();
    stream.destroy();
  }
}

/** Compressed bytes a bzip2 block can take: 900 kB of symbols, plus tables, with room to spare. */
const BZ2_BLOCK_INPUT = 100_000 * 9 + 64 * 1024;

/**
 * bzip2, block by block, with unbzip2-stream's decoder (pure JavaScript, as used by the
 * `decompress` family). Its own stream wrapper gathers a whole block's output in an array of
 * numbers; here each block is written into a byte buffer and handed on, and enough input for a
 * whole block is gathered first, because the decoder reads synchronously. Concatenated streams
 * (pbzip2) are read one after another.
 */
async function* bunzip2(input: AsyncIterable<Uint8Array>, guard: (produced: number) => void): AsyncGenerator<Uint8Array> {
  const queue: Uint8Array[] = [];
  let queued = 0;
  let ended = false;
  const it = input[Symbol.asyncIterator]();
  let bits: ReturnType<typeof bitIterator> | undefined;
  const fill = async (want: number): Promise<void> => {
    while (!ended && queued - (bits?.bytesRead ?? 0) < want) {
      const next = await it.next();
      if (next.done) ended = true;
      else {
        queue.push(next.value);
        queued += next.value.length;
      }
    }
  };
  await fill(BZ2_BLOCK_INPUT);
  // the bit reader asks for the next buffer when it has read the last; none left: truncated data
  bits = bitIterator(() => {
    const b = queue.shift();
    if (!b) throw new Error('unexpected end of bzip2 data');
    return b;
  });
  let blockSize = 0;
  let crc: number | null = 0;
  const out = new Growing(guard);
  try {
    for (;;) {
      if (blockSize === 0) {
        if (queued - bits.bytesRead <= 0 && ended) return;
        blockSize = bzip2.header(bits);
        crc = 0;
      }
      await fill(BZ2_BLOCK_INPUT);
      crc = bzip2.decompress(bits, (b: number) => out.push(b), new Int32Array(100_000 * blockSize), 100_000 * blockSize, crc);
      if (crc === null) blockSize = 0;
      const chunk = out.take();
      if (chunk.length > 0) yield chunk;
    }
  } finally {
    await it.return?.();
  }
}

/** Bytes written one at a time into a buffer that grows, then taken as one chunk; `guard` sees the running total as it grows. */
class Growing {
  private buf = new Uint8Array(64 * 1024);
  private n = 0;
  /** Bytes taken before the current chunk. */
  private taken = 0;

  constructor(private readonly guard: (produced: number) => void) {}

  push(b: number): void {
    if (this.n === this.buf.length) {
      this.guard(this.taken + this.n);
      const bigger = new Uint8Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.buf[this.n++] = b;
  }

  take(): Uint8Array {
    const out = this.buf.slice(0, this.n);
    this.taken += this.n;
    this.n = 0;
    if (this.buf.length > 1024 * 1024) this.buf = new Uint8Array(64 * 1024);
    return out;
  }
}

/**
 * xz with xz-decompress (xz-embedded compiled to WebAssembly). It decodes one stream at a time
 * per thread (a lock in the library): an xz inside an xz would wait for itself, so the caller
 * refuses that nesting before it gets here.
 */
async function* unxz(input: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const { XzReadableStream } = await loadXz();
  const stream = new XzReadableStream(ReadableStream.from(input) as unknown as globalThis.ReadableStream<Uint8Array>);
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      if (value.length > 0) yield value;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

/** xz-decompress is CommonJS: its bundled dynamic import exposes the module as `default`. */
async function loadXz(): Promise<typeof import('xz-decompress')> {
  const mod = (await import('xz-decompress')) as typeof import('xz-decompress') & { default?: typeof import('xz-decompress') };
  return mod.XzReadableStream ? mod : mod.default!;
}
