import type { Field, FieldContext, Matcher } from '../types.js';
import type { Extractor, ExtractWarning, ListSink } from './extractor.js';
import { HEADER_LOOKAHEAD, isHeaderRow } from './csv-header.js';
import { rowPattern } from './csv-row.js';
import { normalizeName } from '../shared/field-name.js';
import { TextExtractor } from './text.js';
import { fieldContext } from './field-context.js';
import { objectList } from './object-list.js';
import { newField } from './new-field.js';

const QUOTE = 34;
const LF = 10;
const CR = 13;
/** A quoted cell longer than this is taken for an unbalanced quote (and the file for broken). */
const MAX_CELL = 1024 * 1024;
/** A record still open past this many characters (a file with no line end) is scanned as text. */
const MAX_RECORD = 8 * 1024 * 1024;
/** Up to this size an incomplete record is tried again whenever a line feed arrives. */
const SHORT_RECORD = 64 * 1024;
const DELIMITERS = [',', ';', '\t', '|'];

interface Cell {
  /** Offsets in the buffer of the cell's content (inside the quotes for a quoted cell). */
  start: number;
  end: number;
  line: number;
  column: number;
  escaped: boolean;
  quoted: boolean;
}

type Scan = { cells: Cell[]; next: number; line: number } | 'more' | { error: string; line: number };

/** A record read before the header decision, its cells made into fields to be labelled after it. */
interface HeldRecord {
  cells: { field: Field | undefined; escaped: boolean }[];
  line: number;
}

/** Context of cells until the header decision gives them their column's. */
const UNDECIDED: FieldContext = fieldContext('cell');

/**
 * CSV (RFC 4180) with the delimiter detected from the header line. Yields one Field per header
 * and per non-empty cell, labelled with its column header, at the exact line and column of the
 * cell's first character (inside the quotes). A broken file (an unbalanced quote, text after a
 * closing quote) is reported and the rest, from the broken record on, is scanned as text.
 * Whether the first row is a header is decided on it and the rows below it (csv-header.ts): a
 * headerless file's columns are labelled `#1`, `#2`…, and its first row is scanned as data,
 * so that no value from the data becomes a label.
 *
 * Why not csv-parse: it reports no cell positions, and measured 29 MB/s with the `raw` and `info`
 * output positions would need, against the 100 MB/s target; csv-parse stays as the oracle the
 * tests compare this tokenizer's cells with.
 */
export class CsvExtractor implements Extractor {
  readonly warnings: ExtractWarning[] = [];
  private buf = '';
  /** Line number of buf[0]; records always start at the start of a line. */
  private line = 1;
  /** Offset in the file of buf[0]. */
  private base = 0;
  private delimiter: number | undefined;
  private headers: FieldContext[] | undefined;
  private ragged = false;
  private fallback: TextExtractor | undefined;

  /** Per column, what its known-public values look like: such cells need no scanning. */
  private publicValues: (Matcher | undefined)[] = [];
  /** A sticky regex matching a whole record of public values (and its line end), when every column has one. */
  private publicRow: RegExp | undefined;

  /** Records read before the header decision (the first one and up to HEADER_LOOKAHEAD more). */
  private held: HeldRecord[] = [];
  /** Labels extra columns of ragged rows: `column N` under a header, `#N` without one. */
  private extraLabel = (n: number): string => `column ${n}`;

  /**
   * `onHeader` sees the header labels and may return, per column, a regex of values that are
   * public by design (a police.uk crime ID, a month): cells matching it are not yielded.
   * `findsData` says whether a rule finds personal data in a cell: a first row holding some is
   * a record, not a header. `onList` (redaction) gets every record's cells, quotes included.
   */
  constructor(
    delimiter?: string,
    private readonly onHeader?: (labels: string[]) => (Matcher | undefined)[] | undefined,
    private readonly findsData?: (cell: string) => boolean,
    private readonly onList?: ListSink,
  ) {
    if (delimiter) this.delimiter = delimiter.charCodeAt(0);
  }

  /** Length of the incomplete record buf holds (0: none). */
  private pending = 0;

  push(chunk: string): Field[] {
    if (this.fallback) return this.fallback.push(chunk);
    // the record a chunk left incomplete is completed with the next one's first line, and the rest
    // of that chunk parsed in place: joined whole, V8 copied every chunk once more to read it
    if (this.buf !== '' && this.headers && this.pending <= SHORT_RECORD) {
      const nl = chunk.indexOf('\n');
      if (nl !== -1 && nl + 1 < chunk.length) {
        this.buf += chunk.slice(0, nl + 1);
        const out = this.parse(false);
        const rest = chunk.slice(nl + 1);
        // parse may have given up on the file as CSV
        const fallback = this.fallback as TextExtractor | undefined;
        if (fallback) return out.concat(fallback.push(rest));
        this.buf += rest;
        for (const f of this.parse(false)) out.push(f);
        return out;
      }
    }
    this.buf += chunk;
    // a record ends only at a line feed: an incomplete one is tried again when one arrives, or (a
    // long one) when the buffer has doubled; tokenizing it again on every chunk was quadratic
    if (this.pending > 0 && this.buf.length < 2 * this.pending && !(this.pending <= SHORT_RECORD && chunk.includes('\n'))) return [];
    return this.parse(false);
  }

  end(): Field[] {
    if (this.fallback) return this.fallback.end();
    const out = this.parse(true);
    if (!this.headers && this.held.length > 0) this.decide(out);
    return this.fallback ? out.concat((this.fallback as TextExtractor).end()) : out;
  }

  boundary(): { line: number; idle: boolean } {
    return { line: this.line, idle: this.buf === '' && !this.fallback && this.headers !== undefined };
  }

  private parse(final: boolean): Field[] {
    const out = objectList<Field>();
    if (this.delimiter === undefined) {
      // the header record, which a quoted cell may carry over several lines
      const nl = firstRecordEnd(this.buf);
      if (nl === -1 && !final && this.buf.length < MAX_CELL) return out;
      this.delimiter = detectDelimiter(nl === -1 ? this.buf : this.buf.slice(0, nl));
    }
    const buf = this.buf;
    let pos = 0;
    // a caller that wants every record's cells gets every row tokenized
    const row = this.onList ? undefined : this.publicRow;
    while (pos < buf.length) {
      // a whole row of values that are all public by design needs no tokenizing at all
      if (row) {
        row.lastIndex = pos;
        if (row.test(buf)) {
          pos = row.lastIndex;
          this.line++;
          continue;
        }
      }
      const scan = scanRecord(buf, pos, this.line, this.delimiter, final);
      if (scan === 'more') {
        if (buf.length - pos <= MAX_RECORD) break;
        if (!this.headers && this.held.length > 0) this.decide(out);
        this.onList?.(undefined);
        this.warnings.push({ code: 'ELONGLINE', message: ['record at line ', this.line, ' runs over 8 MiB without ending; scanned as text from line ', this.line] });
        this.fallback = new TextExtractor(this.line, 1, this.base + pos);
        this.buf = '';
        return out.concat(this.fallback.push(buf.slice(pos)));
      }
      if ('error' in scan) {
        // the records read so far are scanned, whatever the header decision had still to see
        if (!this.headers && this.held.length > 0) this.decide(out);
        this.onList?.(undefined);
        this.warnings.push({ code: 'EPARSE', message: [`${scan.error} at line `, scan.line, '; scanned as text from line ', this.line] });
        this.fallback = new TextExtractor(this.line, 1, this.base + pos);
        this.buf = '';
        return out.concat(this.fallback.push(buf.slice(pos)));
      }
      if (this.onList) this.onList(scan.cells.map((c) => (c.quoted ? { start: this.base + c.start - 1, end: this.base + c.end + 1 } : { start: this.base + c.start, end: this.base + c.end })));
      this.emitRecord(buf, scan.cells, out);
      pos = scan.next;
      this.line = scan.line;
    }
    this.buf = buf.slice(pos);
    this.base += pos;
    this.pending = this.buf.length;
    return out;
  }

  private emitRecord(buf: string, cells: Cell[], out: Field[]): void {
    if (!this.headers) {
      // held until the rows below say whether this first one is a header
      this.held.push({ cells: cells.map((c) => ({ field: c.end > c.start ? this.field(buf.slice(c.start, c.end), c, UNDECIDED) : undefined, escaped: c.escaped })), line: cells[0]!.line });
      if (this.held.length > HEADER_LOOKAHEAD) this.decide(out);
      return;
    }
    this.checkWidth(cells.length, cells[0]!.line, cells.length === 1 && cells[0]!.end === cells[0]!.start);
    const skip = this.publicValues;
    // each cell's raw text, cut once: for the row, the public-value test and the field (into an
    // objectList: map's array was of another map at times, and emitRecord was thrown away, issue 16)
    const texts = objectList<string>();
    for (let i = 0; i < cells.length; i++) texts.push(buf.slice(cells[i]!.start, cells[i]!.end));
    const row = this.named ? this.rowOf(texts) : undefined;
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i]!;
      if (c.end === c.start) continue;
      const raw = texts[i]!;
      const known = skip[i];
      if (known && !c.escaped && known.test(raw)) continue;
      out.push(this.field(raw, c, this.headers[i]!, row));
    }
  }

  /** True when the header names its columns (not a headerless file's `#1`, `#2`…). */
  private named = false;

  /** The cells of a record by column name (lower-case words), shared by its fields. */
  private rowOf(texts: string[]): Record<string, string> {
    const row: Record<string, string> = {};
    const headers = this.headers!;
    for (let i = 0; i < texts.length && i < headers.length; i++) {
      const name = headers[i]!.name;
      if (name && texts[i] !== '' && row[name] === undefined) row[name] = texts[i]!;
    }
    return row;
  }

  /** Decides whether the first held record is a header, then labels and yields every held record. */
  private decide(out: Field[]): void {
    const [first, ...rest] = this.held;
    this.held = [];
    const texts = (r: HeldRecord): string[] => r.cells.map((c) => c.field?.text ?? '');
    if (isHeaderRow(texts(first!), rest.map(texts), this.findsData)) {
      this.headers = first!.cells.map((c, i) => {
        const label = c.field?.text.trim() || `column ${i + 1}`;
        return fieldContext('cell', label, normalizeName(label));
      });
      first!.cells.forEach((c, i) => {
        const h = this.headers![i]!;
        // the held field itself, given its context (as the rows' are below): a copy made by
        // spreading it had another object shape, new in each part a thread scanned, and sent
        // detect and the filter back to the interpreter each time (issue 16)
        if (!c.field) return;
        c.field.ctx = fieldContext('header', h.label, h.name);
        out.push(c.field);
      });
      this.named = true;
      this.publicValues = this.onHeader?.(this.headers.map((h) => h.label!)) ?? [];
      this.publicRow = rowPattern(this.publicValues, this.headers.length, this.delimiter!);
    } else {
      this.headers = first!.cells.map((_, i) => fieldContext('cell', `#${i + 1}`, ''));
      this.extraLabel = (n) => `#${n}`;
      rest.unshift(first!);
    }
    for (const r of rest) {
      this.checkWidth(r.cells.length, r.line, r.cells.length === 1 && !r.cells[0]!.field);
      const row = this.named ? this.rowOf(r.cells.map((c) => c.field?.raw ?? c.field?.text ?? '')) : undefined;
      r.cells.forEach((c, i) => {
        if (!c.field) return;
        const known = this.publicValues[i];
        if (known && !c.escaped && known.test(c.field.text)) return;
        c.field.ctx = this.headers![i]!;
        if (row) c.field.row = row;
        out.push(c.field);
      });
    }
  }

  /** A row of another width than the header: warned once; extra columns get labels of their own. */
  private checkWidth(cells: number, line: number, blank: boolean): void {
    const headers = this.headers!;
    if (cells === headers.length || blank) return;
    if (!this.ragged) {
      this.ragged = true;
      this.warnings.push({ code: 'ERAGGED', message: ['row at line ', line, ` has ${cells} cells, the header ${headers.length}`] });
    }
    while (headers.length < cells) headers.push(fieldContext('cell', this.extraLabel(headers.length + 1), ''));
  }

  /** The field of cell `c`, whose raw text (`c.start` to `c.end` of the buffer) is `raw`. */
  private field(raw: string, c: Cell, ctx: FieldContext, row?: Field['row']): Field {
    const offset = this.base + c.start;
    if (!c.escaped) return newField(raw, c.line, c.column, offset, ctx, undefined, undefined, undefined, undefined, row);
    // "" inside a quoted cell stands for one quote: map each character back to the raw text
    const offsets = new Int32Array(raw.length);
    let text = '';
    let n = 0;
    for (let i = 0; i < raw.length; i++) {
      offsets[n++] = i;
      text += raw[i];
      if (raw.charCodeAt(i) === QUOTE) i++;
    }
    return newField(text, c.line, c.column, offset, ctx, undefined, raw, offsets.subarray(0, n), undefined, row);
  }
}

/** Where the first record ends: its first line feed outside quotes (-1: not in `buf` yet). */
function firstRecordEnd(buf: string): number {
  let quoted = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf.charCodeAt(i);
    if (c === QUOTE) quoted = !quoted;
    else if (c === LF && !quoted) return i;
  }
  return -1;
}

/** Picks the delimiter that occurs most often outside quotes in the header line. */
export function detectDelimiter(line: string): number {
  let best = ',';
  let bestCount = 0;
  for (const d of DELIMITERS) {
    let count = 0;
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (ch === '"') quoted = !quoted;
      else if (!quoted && ch === d) count++;
    }
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best.charCodeAt(0);
}

/** Scans one record starting at `pos`; 'more' when the buffer ends inside it and more may come. */
function scanRecord(buf: string, pos: number, line: number, delim: number, final: boolean): Scan {
  const cells: Cell[] = [];
  const n = buf.length;
  let lineStart = pos - 1; // offset of the character before this line's first
  let i = pos;
  for (;;) {
    // one cell starts at i
    if (i < n && buf.charCodeAt(i) === QUOTE) {
      const start = i + 1;
      const startLine = line;
      const startCol = start - lineStart;
      let escaped = false;
      let j = start;
      for (;;) {
        const q = buf.indexOf('"', j);
        if (q === -1 || q + 1 >= n) {
          if (q === -1 && n - start > MAX_CELL) return { error: 'unbalanced quote (quoted cell over 1 MiB)', line: startLine };
          if (!final) return 'more';
          if (q === -1) return { error: 'unbalanced quote', line: startLine };
        }
        // count line breaks inside the quoted cell
        for (let k = buf.indexOf('\n', j); k !== -1 && k < q; k = buf.indexOf('\n', k + 1)) {
          line++;
          lineStart = k;
        }
        if (buf.charCodeAt(q + 1) === QUOTE) {
          escaped = true;
          j = q + 2;
          continue;
        }
        cells.push({ start, end: q, line: startLine, column: startCol, escaped, quoted: true });
        i = q + 1;
        break;
      }
      const c = i < n ? buf.charCodeAt(i) : -1;
      if (c === delim) {
        i++;
        continue;
      }
      if (c === LF || (c === CR && buf.charCodeAt(i + 1) === LF)) return { cells, next: i + (c === CR ? 2 : 1), line: line + 1 };
      if (c === CR && i + 1 >= n && !final) return 'more';
      if (c === -1) return final ? { cells, next: i, line } : 'more';
      return { error: 'text after a closing quote', line };
    }
    // an unquoted cell: up to the delimiter or the line end (a quote inside it is taken literally)
    let j = i;
    let c = -1;
    while (j < n) {
      c = buf.charCodeAt(j);
      if (c === delim || c === LF || c === CR) break;
      j++;
    }
    if (j >= n) {
      if (!final) return 'more';
      cells.push({ start: i, end: j, line, column: i - lineStart, escaped: false, quoted: false });
      return { cells, next: j, line };
    }
    if (c === CR && buf.charCodeAt(j + 1) !== LF) {
      if (j + 1 >= n && !final) return 'more';
      // a lone CR inside a cell is kept as text
      j++;
      while (j < n && buf.charCodeAt(j) !== delim && buf.charCodeAt(j) !== LF) j++;
      if (j >= n && !final) return 'more';
      c = j < n ? buf.charCodeAt(j) : -1;
    }
    const end = j > i && buf.charCodeAt(j - 1) === CR && c === LF ? j - 1 : j;
    cells.push({ start: i, end, line, column: i - lineStart, escaped: false, quoted: false });
    if (c === delim) {
      i = j + 1;
      continue;
    }
    if (j >= n) return { cells, next: j, line };
    return { cells, next: c === CR ? j + 2 : j + 1, line: line + 1 };
  }
}
