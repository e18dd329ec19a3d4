// What a format module declares: how a file of it is recognised (names, extensions, bytes), how it
// is read (an extractor for a text format, a reader of its own for a document, parts for a
// container), and how the README and the hook name it. src/formats/registry.ts lists them all.
import type { DocumentKind, Format, Hidden, Matcher } from '../types.js';
import type { Extractor, ListSink } from '../extract/extractor.js';

/** What a text format's extractor is given (CSV: its delimiter and the header callbacks). */
export interface ExtractorOptions {
  delimiter?: string;
  /** CSV: given the header labels, per column a regex of public values that need no scanning. */
  onHeader?: (labels: string[]) => (Matcher | undefined)[] | undefined;
  /** CSV: whether a rule finds personal data in a cell (a first row holding some is a record). */
  findsData?: (cell: string) => boolean;
  /** For redaction: each record's cells (CSV) or object's members (JSON), with their spans. */
  onList?: ListSink;
  /** JSON cut in parts: how deep the array of records is, whose elements the parts count (parallel/plan-json.ts). */
  recordsDepth?: number;
}

/** Makes an extractor, once its modules are loaded. */
export type ExtractorFactory = (options: ExtractorOptions) => Extractor;

interface Declared {
  /** How the README names it (`CSV, TSV`). */
  title: string;
  /** File name extensions, lower case with the dot (`.csv`); a name says the format, the bytes may overrule it. */
  extensions: readonly string[];
  /** What is read of it, for the README's formats table. */
  reads: string;
}

/** A format read as decoded text, streamed chunk by chunk through an extractor. */
export interface TextFormat extends Declared {
  kind: 'text';
  id: Format;
  /** Whether the start of a file with no telling extension is of this format (none: only by name or as the fallback). */
  sniff?: (head: string) => boolean;
  /** The delimiter an extension implies (`.tsv`: tab). */
  delimiter?: (extension: string) => string | undefined;
  /** Loads the extractor's modules (the HTML parser only for formats that need it) and gives its factory. */
  load: () => Promise<ExtractorFactory>;
}

/** A document read by a reader of its own (a workbook, a Word or OpenDocument file, a PDF), shown in parts (`book.xlsx!/Sheet1`). */
export interface DocumentFormat extends Declared {
  kind: 'document';
  id: DocumentKind;
  /** Where its values can hide (the README's `hidden` column). */
  hidden: readonly Hidden[];
  /**
   * For an Office package (a zip): whether its parts say it is this document (`xl/` for a workbook,
   * the `mimetype` entry for OpenDocument), so that a workbook named `.zip` is read as one.
   */
  package?: { prefix?: string; mimetype?: RegExp };
}

/** How the reader opens a container: its entries listed (zip, tar), or its one stream decompressed (src/archive/decompress.ts). */
export type ContainerHandler = 'zip' | 'tar' | 'gunzip' | 'bunzip2' | 'unxz' | 'inflate';

/** A container opened or decompressed by the reader, whose parts are sources (`a.zip!/x.csv`, `x.csv.gz`). */
export interface ContainerFormat extends Declared {
  kind: 'container';
  id: 'zip' | 'tar' | 'gzip' | 'bzip2' | 'xz' | 'zlib';
  /** Its magic number (the bytes tell it whatever the name says). */
  sniff: (head: Uint8Array) => boolean;
  /**
   * What its bytes are called when they show it (`zip archive`); none for a magic number short
   * enough to start a text file, which read/kinds.ts believes only of bytes that are not text.
   */
  seen?: string;
  /** What a file of it is, in messages (`a zip archive`). */
  what: string;
  handler: ContainerHandler;
  /** For a compression: what the inside of `name.ext` is named (`x.csv.gz` → `x.csv`; `.tgz` → `.tar`). */
  inner?: Readonly<Record<string, string>>;
  /**
   * Extensions of the files opened where they lie, by their name, before a byte is read (`a.zip`:
   * its entries listed at discovery, zips in zips too, and copied entry by entry by redaction;
   * `x.csv.gz`: one file, inflated on the way, in a zip too). Other names are opened when their
   * bytes show a container.
   */
  inPlace?: readonly string[];
}

export type FormatModule = TextFormat | DocumentFormat | ContainerFormat;
