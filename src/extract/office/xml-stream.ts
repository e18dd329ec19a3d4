import { TextDecoder } from 'node:util';
import { OfficeError } from './office-error.js';
import { XmlTokenizer } from './xml-tokenizer.js';

/** What a reader does with the elements of an XML part, as they stream past. */
export interface XmlHandler {
  /** An element opens; `name` and attribute names are local (the namespace prefix dropped). */
  open?(name: string, attrs: Record<string, string>): void;
  /** An element closes. */
  close?(name: string): void;
  /** Character data (entities decoded), in pieces: a reader joins what it needs. */
  text?(text: string): void;
}

/** Elements nested deeper than this are an attack, not a document (Office nests a few dozen). */
const MAX_DEPTH = 2000;

/**
 * Streams an XML part through the tokenizer (names made local), yielding after each chunk so
 * that the caller can hand on what the handler collected: memory holds one chunk's worth. Never
 * expands an entity beyond the predefined ones and character references, never resolves a DTD:
 * a part with a DOCTYPE is refused (Office and ODF parts never carry one, and a DTD is how
 * billion-laughs and external-entity attacks come in).
 */
export async function* parseXml(bytes: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, handler: XmlHandler, part: string): AsyncGenerator<void> {
  let depth = 0;
  let failure: OfficeError | undefined;
  const fail = (why: string): void => {
    failure ??= new OfficeError('EUNREADABLE', `${part}: ${why}`);
  };
  const open = handler.open;
  const close = handler.close;
  const text = handler.text;
  const tokenizer = new XmlTokenizer({
    open(name, attrs) {
      if (failure) return;
      if (++depth > MAX_DEPTH) return fail(`XML nested deeper than ${MAX_DEPTH} elements: refused`);
      open?.call(handler, name, attrs);
    },
    close(name) {
      if (failure) return;
      depth--;
      close?.call(handler, name);
    },
    text(t) {
      if (!failure && depth > 0) text?.call(handler, t);
    },
    fail,
  });
  let decoder: TextDecoder | undefined;
  for await (const chunk of bytes) {
    // a UTF-16 part (allowed by XML, rare in Office files) says so with its byte-order mark
    decoder ??= new TextDecoder(chunk[0] === 0xff && chunk[1] === 0xfe ? 'utf-16le' : chunk[0] === 0xfe && chunk[1] === 0xff ? 'utf-16be' : 'utf-8');
    tokenizer.write(decoder.decode(chunk, { stream: true }));
    if (failure) throw failure;
    yield;
  }
  if (decoder) tokenizer.write(decoder.decode());
  tokenizer.end();
  if (failure) throw failure;
  yield;
}

/** Runs a handler over a whole part (for the small parts read before the data: rels, styles, workbook). */
export async function readXml(bytes: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, handler: XmlHandler, part: string): Promise<void> {
  for await (const _ of parseXml(bytes, handler, part));
}

/** Collects the text of an element, bounded: past `max` characters the rest is cut into further pieces. */
export class TextBuffer {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly max = 1024 * 1024) {}

  /** Adds text; returns a full piece when the buffer reached its bound (the caller emits it). */
  add(text: string): string | undefined {
    this.parts.push(text);
    this.size += text.length;
    return this.size >= this.max ? this.take() : undefined;
  }

  /** The text collected so far, and an empty buffer. */
  take(): string {
    const s = this.parts.length === 1 ? this.parts[0]! : this.parts.join('');
    this.parts = [];
    this.size = 0;
    return s;
  }

  get length(): number {
    return this.size;
  }
}
