import { ArchiveError, type ArchiveLimits, type Budget } from './archive.js';

/** One member of a tar archive, its content streamed from the archive as it is read. */
export interface TarEntry {
  name: string;
  /** 'file' (scanned), 'link' (hard or symbolic: not followed), 'special' (device, FIFO) or 'directory'. */
  type: 'file' | 'link' | 'special' | 'directory';
  size: number;
  /** The entry's bytes; whatever is left unread is skipped when the next entry is asked for. */
  body: AsyncGenerator<Uint8Array>;
}

const BLOCK = 512;
/** A long name (GNU `L`) or pax header is held in memory to be read: up to this size. */
const MAX_META = 1024 * 1024;

/**
 * Reads a tar archive as a stream, one entry after another, never holding more than a chunk:
 * POSIX ustar, pax (`path`, `size`) and GNU (long names, base-256 sizes), and old v7 headers.
 * Written here rather than taken from tar-stream, which holds a long-name or pax header in memory
 * whatever size it states (a way to exhaust memory): here such a header over 1 MiB is an error,
 * as are a corrupt header, a truncated archive and more entries than the limits allow.
 */
export async function* tarEntries(input: AsyncIterable<Uint8Array>, name: string, limits: ArchiveLimits, budget: Budget): AsyncGenerator<TarEntry> {
  const r = new ByteReader(input[Symbol.asyncIterator]());
  let longName: string | undefined;
  let pax: Record<string, string> = {};
  let globalPax: Record<string, string> = {};
  let count = 0;
  try {
    for (;;) {
      const h = await r.read(BLOCK);
      // no end-of-archive blocks: GNU tar warns and accepts it; so does leakgate, at a header boundary
      if (h.length === 0) return;
      if (h.length < BLOCK) throw corrupt(name, 'truncated header');
      if (h.every((b) => b === 0)) return;
      if (!checksumOk(h)) throw corrupt(name, 'a header whose checksum is wrong');
      const type = h[156] === 0 ? '0' : String.fromCharCode(h[156]!);
      let size = numberAt(h, 124, 12);
      if (size === undefined) throw corrupt(name, 'a header with an unreadable size');
      if (type === 'L' || type === 'K' || type === 'x' || type === 'g') {
        if (size > MAX_META) throw corrupt(name, `a long-name or pax header of ${size} bytes (over ${MAX_META})`);
        const data = await r.read(size);
        if (data.length < size) throw corrupt(name, 'truncated header');
        await r.skip(pad(size));
        if (type === 'L') longName = cString(data);
        else if (type === 'x') pax = parsePax(data);
        else if (type === 'g') globalPax = { ...globalPax, ...parsePax(data) };
        continue;
      }
      const meta = { ...globalPax, ...pax };
      const ustar = latin1(h, 257, 262) === 'ustar';
      const prefix = ustar ? cString(h.subarray(345, 500)) : '';
      const entryName = meta.path ?? longName ?? (prefix ? `${prefix}/` : '') + cString(h.subarray(0, 100));
      if (meta.size !== undefined && /^\d+$/.test(meta.size)) size = Number(meta.size);
      longName = undefined;
      pax = {};
      if (++count > limits.maxEntries) throw new ArchiveError('EZIPLIMIT', `${name}: more than ${limits.maxEntries} entries`);
      budget.entries = (budget.entries ?? 0) + 1;
      if (limits.maxTotalEntries !== undefined && budget.entries > limits.maxTotalEntries) {
        throw new ArchiveError('EZIPLIMIT', `more than ${limits.maxTotalEntries} entries in all, nested archives included`);
      }
      // folders, links and devices hold no data; one whose header says it does is scanned like a file
      const kind: TarEntry['type'] = size > 0 ? 'file' : type === '5' ? 'directory' : type === '1' || type === '2' ? 'link' : type === '3' || type === '4' || type === '6' ? 'special' : 'file';
      const entry = new EntryBody(r, size);
      yield { name: entryName, type: kind, size, body: entry.bytes() };
      await entry.finish();
      await r.skip(pad(size));
    }
  } finally {
    await r.close();
  }
}

function corrupt(name: string, what: string): ArchiveError {
  return new ArchiveError('EUNREADABLE', `corrupt tar archive ${name}: ${what}`);
}

/** Bytes of padding after `size` bytes of data, to the next 512-byte block. */
function pad(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

/** The header checksum (POSIX): the sum of its bytes with the checksum field taken as spaces. */
function checksumOk(h: Uint8Array): boolean {
  const stated = numberAt(h, 148, 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
  return stated === sum;
}

/** A numeric field: octal digits (space or NUL ended), or GNU base-256 when the top bit is set. */
function numberAt(h: Uint8Array, at: number, len: number): number | undefined {
  if ((h[at]! & 0x80) !== 0) {
    let n = h[at]! & 0x7f;
    for (let i = at + 1; i < at + len; i++) n = n * 256 + h[i]!;
    return Number.isSafeInteger(n) ? n : undefined;
  }
  const text = latin1(h, at, at + len).replace(/[\0 ]+$/, '').replace(/^[\0 ]+/, '');
  if (text === '') return 0;
  return /^[0-7]+$/.test(text) ? parseInt(text, 8) : undefined;
}

/** pax records: "<length> <key>=<value>\n" (POSIX.1-2001). */
function parsePax(data: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
  for (const m of text.matchAll(/^\d+ ([^=\n]+)=([^\n]*)$/gm)) out[m[1]!] = m[2]!;
  return out;
}

function cString(b: Uint8Array): string {
  const end = b.indexOf(0);
  const s = b.subarray(0, end === -1 ? b.length : end);
  return Buffer.from(s.buffer, s.byteOffset, s.byteLength).toString('utf8');
}

function latin1(b: Uint8Array, start: number, end: number): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1', start, end);
}

/** An entry's data: streamed to the reader, and whatever it leaves is skipped. */
class EntryBody {
  private left: number;

  constructor(private readonly r: ByteReader, size: number) {
    this.left = size;
  }

  async *bytes(): AsyncGenerator<Uint8Array> {
    while (this.left > 0) {
      const chunk = await this.r.some(this.left);
      if (chunk.length === 0) throw new ArchiveError('EUNREADABLE', 'corrupt tar archive: truncated entry');
      this.left -= chunk.length;
      yield chunk;
    }
  }

  async finish(): Promise<void> {
    if (this.left > 0) {
      const n = this.left;
      this.left = 0;
      if ((await this.r.skip(n)) < n) throw new ArchiveError('EUNREADABLE', 'corrupt tar archive: truncated entry');
    }
  }
}

/** Reads exact byte counts from a stream of chunks. */
class ByteReader {
  private buf: Uint8Array = new Uint8Array(0);
  private done = false;

  constructor(private readonly it: AsyncIterator<Uint8Array>) {}

  private async more(): Promise<boolean> {
    if (this.done) return false;
    const next = await this.it.next();
    if (next.done) {
      this.done = true;
      return false;
    }
    this.buf = this.buf.length === 0 ? next.value : concat(this.buf, next.value);
    return true;
  }

  /** Exactly `n` bytes, or fewer at the end of the stream. */
  async read(n: number): Promise<Uint8Array> {
    while (this.buf.length < n && (await this.more()));
    const out = this.buf.subarray(0, Math.min(n, this.buf.length));
    this.buf = this.buf.subarray(out.length);
    return out;
  }

  /** Up to `n` bytes, as soon as any are there (empty at the end). */
  async some(n: number): Promise<Uint8Array> {
    if (this.buf.length === 0) await this.more();
    const out = this.buf.subarray(0, Math.min(n, this.buf.length));
    this.buf = this.buf.subarray(out.length);
    return out;
  }

  /** Skips `n` bytes; returns how many there were. */
  async skip(n: number): Promise<number> {
    let left = n;
    while (left > 0) {
      if (this.buf.length === 0 && !(await this.more())) break;
      const k = Math.min(left, this.buf.length);
      this.buf = this.buf.subarray(k);
      left -= k;
    }
    return n - left;
  }

  async close(): Promise<void> {
    await this.it.return?.();
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
