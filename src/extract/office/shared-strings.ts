import { OfficeError } from './office-error.js';
import { parseXml, TextBuffer } from './xml-stream.js';
import type { Parts } from './zip-parts.js';

/** Characters of shared strings held at most (about this many bytes to twice as many): a larger table is refused. */
const MAX_CHARS = 96 * 1024 * 1024;
/** Strings are packed into blocks of this many characters: one JS string each, not one per cell. */
const BLOCK_CHARS = 1024 * 1024;

/**
 * The shared-string table of a workbook, which sheets index into, so it is read before them.
 * Packed compactly (a million strings would be a million heap objects otherwise): the text in
 * blocks of about 1 MiB, and per string its block and offset in typed arrays.
 */
export class SharedStrings {
  private blocks: string[] = [];
  private current: string[] = [];
  private currentLength = 0;
  private block = new Uint32Array(1024);
  private start = new Uint32Array(1024);
  private end = new Uint32Array(1024);
  private count = 0;
  private total = 0;

  /** The string at `index`, or undefined when the table has no such entry. */
  get(index: number): string | undefined {
    if (!(index >= 0 && index < this.count)) return undefined;
    const b = this.block[index]!;
    if (b === this.blocks.length) this.seal();
    return this.blocks[b]!.slice(this.start[index]!, this.end[index]!);
  }

  get size(): number {
    return this.count;
  }

  /** Adds the next string of the table. */
  add(s: string): void {
    this.total += s.length;
    if (this.total > MAX_CHARS) throw new OfficeError('EOFFICELIMIT', `shared strings over ${MAX_CHARS} characters: too large to hold`);
    if (this.currentLength + s.length > BLOCK_CHARS && this.currentLength > 0) this.seal();
    if (this.count === this.block.length) this.grow();
    this.block[this.count] = this.blocks.length;
    this.start[this.count] = this.currentLength;
    this.currentLength += s.length;
    this.end[this.count] = this.currentLength;
    this.current.push(s);
    this.count++;
  }

  /** Closes the open block (the next string starts a new one). */
  private seal(): void {
    // join makes one flat string: the block's pieces are no longer held one by one
    this.blocks.push(this.current.join(''));
    this.current = [];
    this.currentLength = 0;
  }

  private grow(): void {
    const n = this.block.length * 2;
    for (const key of ['block', 'start', 'end'] as const) {
      const next = new Uint32Array(n);
      next.set(this[key]);
      this[key] = next;
    }
  }
}

/**
 * Reads `sharedStrings.xml`: each `<si>` is one string, the text of its `<t>` elements (rich-text
 * runs `<r><t>` joined; phonetic guides `<rPh>` left out, they repeat the text as a reading).
 */
export async function readSharedStrings(parts: Parts, part: string): Promise<SharedStrings> {
  const table = new SharedStrings();
  const text = new TextBuffer(Number.MAX_SAFE_INTEGER);
  let inT = false;
  let phonetic = 0;
  let inSi = false;
  for await (const _ of parseXml(parts.open(part), {
    open(name) {
      if (name === 'si') {
        inSi = true;
        text.take();
      } else if (name === 't') inT = true;
      else if (name === 'rPh') phonetic++;
    },
    text(t) {
      if (inT && inSi && phonetic === 0) {
        text.add(t);
        if (text.length > MAX_CHARS) throw new OfficeError('EOFFICELIMIT', 'a shared string over the size limit');
      }
    },
    close(name) {
      if (name === 't') inT = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'si') {
        inSi = false;
        table.add(text.take());
      }
    },
  }, part));
  return table;
}
