import type { Field, FieldContext, Hidden, Matcher, Where } from '../../types.js';
import { normalizeName } from '../../shared/field-name.js';
import type { Parts } from './zip-parts.js';

/**
 * What a document reader yields: Fields of one part of the document, judged by the detector as
 * they come. `part` is the display suffix after `file!/` (a sheet's name, `comments`,
 * `properties`), or '' for the document itself.
 */
export interface DocBatch {
  part: string;
  fields: Field[];
  /** Something in the document not read, that is no reason to fail (a macro project): a warning. */
  warning?: { code: string; message: string };
}

/**
 * A document as its reader gets it from the read stage, which opens files and archives: its bytes,
 * and its parts when it is a package (a zip, opened with the archive's bomb limits). A reader
 * never opens a file itself.
 */
export interface DocumentSource {
  /** The document's bytes from the start (each call reads them again). */
  bytes(): AsyncIterable<Uint8Array>;
  /** Its parts, when it is a zip package (an error when it is no zip). */
  parts(): Promise<Parts>;
}

export interface ReaderOptions {
  /** A table's header labels (from column 1): per column, a regex of public values (police.uk shapes). */
  onHeader?: (part: string, labels: string[]) => (Matcher | undefined)[] | undefined;
  /** PDF pages with no text layer (scans) are accepted, not errors. */
  acceptImagePages?: boolean;
  /** Reads an Office document embedded in another (set by the dispatcher that knows every format). */
  readEmbedded?: (parts: Parts, name: string) => AsyncGenerator<DocBatch>;
}

/** Fields made one by one, handed on in batches of about this many. */
export const BATCH = 2000;

/**
 * Fields of named values (document properties, defined names, authors): each judged with its
 * name as field label, so that a custom property "Victim name" is a sensitive field like a column.
 */
export class NamedValues {
  readonly fields: Field[] = [];
  private readonly contexts = new Map<string, FieldContext>();

  constructor(private readonly hidden: Hidden | undefined, private readonly where: Where = 'meta') {}

  /** Adds a value under a name (blank values are left out). */
  add(label: string, text: string, extra: Partial<Field> = {}): void {
    if (!/\S/.test(text)) return;
    let ctx = this.contexts.get(label);
    if (!ctx) {
      ctx = { where: this.where, label, name: normalizeName(label) };
      if (this.contexts.size < 1000) this.contexts.set(label, ctx);
    }
    const f: Field = { text, line: this.fields.length + 1, column: 1, offset: 0, ctx, ...extra };
    if (this.hidden && !f.hidden) f.hidden = this.hidden;
    this.fields.push(f);
  }

  /** The names themselves, as headers: a defined name or property called "Victim names" says so. */
  addName(label: string): void {
    if (!/\S/.test(label)) return;
    this.fields.push({ text: label, line: this.fields.length + 1, column: 1, offset: 0, ctx: { where: 'header', label, name: normalizeName(label) }, ...(this.hidden ? { hidden: this.hidden } : {}) });
  }
}
