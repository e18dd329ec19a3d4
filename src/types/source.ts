// What is scanned: a file before it is read (SourceRef), and the pieces of text read from it (Field).
import type { DocumentKind, Format, Hidden, Where } from './vocabulary.js';

/** One logical file to scan, before anything is read. */
export interface SourceRef {
  /** Path shown in reports: relative to the cwd, `-` style names for stdin, `a.zip!/x.csv` in archives. */
  display: string;
  /** Where to read the bytes from; absent for stdin. */
  fsPath?: string;
  /** Format forced by the caller (e.g. --stdin-filename); otherwise detected when read. */
  format?: Format;
  /** Set for standard input. */
  stdin?: boolean;
  /** A blob in the git index (--staged): its bytes come from git, not the working tree. */
  gitBlob?: { sha: string; repo: string };
  /** An entry of an archive: the archive on disk and the entry names down the nesting (none: a .gz). */
  archive?: { file: string; entries: string[] };
  /** A document its bytes showed (an Office package named .zip): read by that reader, whatever the name. */
  document?: DocumentKind;
  /**
   * `display` as reports show it, masked (TextMasker.path), when the run already worked it out
   * while scanning the names: a worker then need not run the rules over the name again.
   */
  shown?: string | undefined;
  /** Bytes a file on disk had when the run was planned (its stat), so that a small one is read at once without a second stat. */
  size?: number | undefined;
}

/**
 * What a piece of text is, shared by every Field of one column, key path or attribute kind,
 * so that later stages can resolve it once and cache the answer. Read-only: one context is held
 * by many fields, and by the fields of every file of a run (extract/field-context.ts makes them).
 */
export interface FieldContext {
  readonly where: Where;
  /** Label shown in findings: CSV header, JSON key path, HTML attribute or element. */
  readonly label?: string | undefined;
  /** The leaf name split into lower-case words ("victimFullName" → "victim full name"). */
  readonly name?: string | undefined;
  /** Words of the enclosing names (JSON parents, HTML element), for rules that need a role nearby. */
  readonly within?: string | undefined;
  /** The key path with array indexes as [*] (`priorities[*].parties[*].name`), for path-scoped rules. */
  readonly path?: string | undefined;
}

/** One piece of text to judge, with where it came from. */
export interface Field {
  text: string;
  /**
   * Where the field starts in the original: `raw[0]` when `raw` is set, otherwise `text[0]`.
   * `line` and `column` are 1-based; `offset` counts characters of the decoded file from 0.
   */
  line: number;
  column: number;
  offset: number;
  ctx: FieldContext;
  /** Label with the real array indexes (`$.priorities[3].issue`) when it differs per field. */
  label?: string;
  /**
   * JSON: the top-level value the field is in (an NDJSON record), from 0. `label` begins with that
   * value's (`$`, `$[n]`: shared/record-label.ts); a part of a file, which counts its records from
   * 0, is moved on by this number.
   */
  record?: number;
  /**
   * When `text` is not a verbatim slice of the file (escapes, entities, joined HTML text):
   * the raw slice it came from, and for each index of `text` the index in `raw` (an Int32Array,
   * or a plain array where many short maps are made: HTML held in JSON strings).
   */
  raw?: string;
  offsets?: Int32Array | number[];
  /** Scalar siblings of a JSON value (`type: "station"`), for public-by-design rules. */
  siblings?: Readonly<Record<string, string>>;
  /**
   * The cells of a CSV record, by column name as lower-case words (`website`, `votes won`): the
   * row a cell sits in, for public-by-design entries that ask what the row describes.
   */
  row?: Readonly<Record<string, string>>;
  /**
   * For a JSON key: what its value is. Only keys holding data ('scalar', 'array') are judged by
   * their name; a key holding an object names a group, and one holding null or "" holds nothing.
   */
  holds?: 'scalar' | 'array' | 'object' | 'empty';
  /** A spreadsheet cell (`C14`): `line` and `column` are then its row and column numbers. */
  cell?: string;
  /** A PDF page (1-based). */
  page?: number;
  /** Where the whole field hides (a cell of a hidden sheet, a comment…). */
  hidden?: Hidden;
  /** Stretches of `text` that hide while the rest shows (a deleted run inside a paragraph): [start, end). */
  hiddenRuns?: { start: number; end: number; hidden: Hidden }[];
}
