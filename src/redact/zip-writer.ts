import { gzipSync } from 'node:zlib';
import yazl from 'yazl';
import type { LayoutItem } from './zip-layout.js';

/**
 * Writes a zip with the layout of another: the same entries in the same order, with their names,
 * times, modes and compression, and the content given by `add`. Streams: each file goes to yazl
 * as it comes, folders before it are added on the way, and a nested zip is built in memory and
 * added whole when the writing moves past it. Only content is carried over: zip and entry
 * comments and extra fields are not scanned, so they are not copied.
 */
export class ZipWriter {
  readonly output: NodeJS.ReadableStream;
  /** Files of the layout (nested ones as `inner.zip!/x.csv`) that were never added. */
  readonly missing: string[] = [];
  private readonly zip = new yazl.ZipFile();
  /** The first item not added yet. */
  private next = 0;
  private child?: { at: number; writer: ZipWriter; bytes: Promise<Buffer> };

  constructor(private readonly items: readonly LayoutItem[]) {
    this.output = this.zip.outputStream;
  }

  /** Adds a file at its path inside the zip (`inner.zip!/x.csv` goes into the nested zip), after the items before it. */
  async add(path: string, bytes: Uint8Array): Promise<void> {
    const { at, rest } = locate(this.items, path);
    await this.advance(at);
    const item = this.items[at]!;
    if (rest === undefined) {
      this.addFile(item, bytes);
      this.next = at + 1;
      return;
    }
    await this.nested(at).writer.add(rest, bytes);
  }

  /** Adds the items left (folders, nested zips) and ends the zip; `output` then ends too. */
  async end(): Promise<void> {
    await this.advance(this.items.length);
    this.zip.end();
  }

  /** Adds every item before `to`: folders, nested zips (completed), and notes files never given. */
  private async advance(to: number): Promise<void> {
    // the entries come in the layout's order: going back would reorder the zip
    if (to < this.next) throw new Error(`zip entries written out of order: ${this.items[to]!.name}`);
    for (; this.next < to; this.next++) {
      const item = this.items[this.next]!;
      if (item.kind === 'dir') this.zip.addEmptyDirectory(item.name, { mtime: item.mtime, forceDosTimestamp: item.dosTime, ...(item.mode ? { mode: item.mode } : {}) });
      else if (item.kind === 'zip') await this.closeNested(this.next);
      else this.missing.push(item.name);
    }
  }

  /** The nested zip being written at `at`, begun on its first file. */
  private nested(at: number): { writer: ZipWriter; bytes: Promise<Buffer> } {
    if (this.child?.at !== at) {
      const writer = new ZipWriter(this.items[at]!.items ?? []);
      this.child = { at, writer, bytes: collect(writer.output) };
    }
    return this.child;
  }

  private async closeNested(at: number): Promise<void> {
    const { writer, bytes } = this.nested(at);
    await writer.end();
    const item = this.items[at]!;
    for (const m of writer.missing) this.missing.push(`${item.name}!/${m}`);
    this.addFile(item, await bytes, true);
    delete this.child;
  }

  private addFile(item: LayoutItem, bytes: Uint8Array, ready = false): void {
    // a .gz entry is read gunzipped (archive.ts): what was redacted is its content
    const data = item.kind === 'gz' && !ready ? gzipSync(bytes) : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.zip.addBuffer(data, item.name, { mtime: item.mtime, forceDosTimestamp: item.dosTime, compress: item.compress, ...(item.mode ? { mode: item.mode } : {}) });
  }
}

/** Names and nested zips of a layout, by position: built once per layout, as paths are located often. */
const indexes = new WeakMap<readonly LayoutItem[], { byName: Map<string, number>; zips: number[] }>();

/**
 * Where a path falls in a layout: a file of this zip, or a path inside one of its nested zips.
 * An exact name comes first, so that an entry whose name has `!/` in it is still found.
 */
export function locate(items: readonly LayoutItem[], path: string): { at: number; rest?: string } {
  let index = indexes.get(items);
  if (!index) {
    index = { byName: new Map(items.map((item, i) => [item.name, i])), zips: items.flatMap((item, i) => (item.kind === 'zip' ? [i] : [])) };
    indexes.set(items, index);
  }
  const exact = index.byName.get(path);
  if (exact !== undefined && items[exact]!.kind !== 'dir' && items[exact]!.kind !== 'zip') return { at: exact };
  for (const i of index.zips) {
    const name = items[i]!.name;
    if (path.startsWith(`${name}!/`)) return { at: i, rest: path.slice(name.length + 2) };
  }
  throw new Error(`no entry ${path} in the archive's layout`);
}

/** Splits a path inside a zip into the entry names down the nesting, as openEntry takes them. */
export function entryPath(items: readonly LayoutItem[], path: string): string[] {
  const out: string[] = [];
  let level = items;
  let rest: string | undefined = path;
  while (rest !== undefined) {
    const { at, rest: inner }: { at: number; rest?: string } = locate(level, rest);
    out.push(level[at]!.name);
    level = level[at]!.items ?? [];
    rest = inner;
  }
  return out;
}

function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}
