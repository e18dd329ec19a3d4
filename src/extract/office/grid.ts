import type { Field, FieldContext, Hidden, Matcher } from '../../types.js';
import { normalizeName } from '../../shared/field-name.js';
import { fieldContext } from '../field-context.js';
import { cellRef, columnName } from './cell-ref.js';

/** One non-empty cell of a table as a reader met it. */
export interface GridCell {
  column: number;
  text: string;
  /** A number or date (never a header label). */
  numeric?: boolean;
  /** Where the cell itself hides (a value hidden by its number format), if it does. */
  hidden?: Hidden;
}

export interface GridOptions {
  /** The whole table hides (a hidden sheet, a pivot cache…). */
  hidden?: Hidden;
  /** Columns that are hidden (1-based). */
  hiddenColumns?: (column: number) => boolean;
  /** Given the header labels from column 1, per column a regex of public values that need no scanning. */
  onHeader?: (labels: string[]) => (Matcher | undefined)[] | undefined;
}

/** Non-empty rows looked at to find the header row before one is chosen. */
const LOOKAHEAD_ROWS = 10;

/**
 * A table (a sheet, the rows of a pivot cache, an external link's cached cells) as Fields, each
 * cell judged with its column header exactly like a CSV cell. The header is the first non-empty
 * row, except that a title above the table (rows of one cell, or with numbers) is passed over:
 * the first row of two or more text cells within the first ten is the header; if there is none,
 * the first that starts with a label in column A (`Surname` over columns of dates), or else the
 * first non-empty row of text. A label in the row just above the header (a group over
 * several columns) is the columns' enclosing name. A cell's `line` and `column` are its row and column
 * numbers and `cell` its reference (`C14`).
 */
export class Grid {
  private headers: FieldContext[] | undefined;
  private publicValues: (Matcher | undefined)[] = [];
  private pending: { row: number; cells: GridCell[]; hidden: boolean }[] = [];
  private readonly untitled = fieldContext('cell');

  constructor(private readonly opts: GridOptions = {}) {}

  /** A row of cells (in column order); returns the fields it completes. */
  push(row: number, cells: GridCell[], hidden = false): Field[] {
    if (cells.length === 0) return [];
    if (this.headers) return this.emit(row, cells, hidden);
    this.pending.push({ row, cells, hidden });
    const header = this.pending.findIndex((r) => isHeaderLike(r.cells));
    if (header === -1 && this.pending.length < LOOKAHEAD_ROWS) return [];
    return this.decide(header);
  }

  /** The end of the table: rows still held while looking for the header. */
  end(): Field[] {
    if (this.headers || this.pending.length === 0) return [];
    return this.decide(this.pending.findIndex((r) => isHeaderLike(r.cells)));
  }

  private decide(found: number): Field[] {
    const rows = this.pending;
    this.pending = [];
    let header = found;
    // no row of text cells: the first that starts with a label ("Name" over columns of dates), or none
    if (header === -1) header = rows.findIndex((r) => r.cells.length >= 2 && !r.cells[0]!.numeric && r.cells[0]!.column === 1);
    if (header === -1) header = rows[0]!.cells.every((c) => !c.numeric) ? 0 : -1;
    const out: Field[] = [];
    // rows above the header (a title) are judged without a column label
    for (let i = 0; i < Math.max(0, header); i++) for (const f of this.cells(rows[i]!.row, rows[i]!.cells, rows[i]!.hidden, () => this.untitled)) out.push(f);
    this.headers = [];
    if (header >= 0) {
      const h = rows[header]!;
      // a group label in the row above ("Victim" over "Name" and "DOB", merged or not) says
      // whose the columns under it are, as a JSON parent key does (`victim.name`)
      const above = header > 0 ? rows[header - 1]!.cells : [];
      for (const c of h.cells) {
        const label = c.text.trim();
        const group = above.filter((g) => g.column <= c.column && !g.numeric).pop();
        this.headers[c.column] = fieldContext('cell', label, normalizeName(label), group ? normalizeName(group.text) : undefined);
      }
      for (const c of h.cells) {
        const ctx = this.headers[c.column]!;
        out.push(this.field(h.row, c, fieldContext('header', ctx.label, ctx.name, ctx.within || undefined), h.hidden));
      }
      const labels: string[] = [];
      const last = h.cells[h.cells.length - 1]!.column;
      for (let col = 1; col <= last; col++) labels.push(this.headers[col]?.label ?? '');
      this.publicValues = this.opts.onHeader?.(labels) ?? [];
    }
    for (let i = header + 1; i < rows.length; i++) for (const f of this.emit(rows[i]!.row, rows[i]!.cells, rows[i]!.hidden)) out.push(f);
    return out;
  }

  private emit(row: number, cells: GridCell[], hidden: boolean): Field[] {
    const skip = this.publicValues;
    const kept = skip.length === 0 ? cells : cells.filter((c) => !skip[c.column - 1]?.test(c.text));
    return this.cells(row, kept, hidden, (col) => this.columnContext(col));
  }

  private cells(row: number, cells: GridCell[], hidden: boolean, ctx: (column: number) => FieldContext): Field[] {
    return cells.map((c) => this.field(row, c, ctx(c.column), hidden));
  }

  private columnContext(col: number): FieldContext {
    const headers = this.headers!;
    let ctx = headers[col];
    if (!ctx) {
      // a column with no header is named by its letters, as a CSV column by its number
      ctx = { where: 'cell', label: `column ${columnName(col)}`, name: '' };
      if (col < 20000) headers[col] = ctx;
    }
    return ctx;
  }

  private field(row: number, c: GridCell, ctx: FieldContext, rowHidden: boolean): Field {
    const f: Field = { text: c.text, line: row, column: c.column, offset: 0, ctx, cell: cellRef(row, c.column) };
    const hidden = this.opts.hidden ?? (this.opts.hiddenColumns?.(c.column) ? 'column' : rowHidden ? 'row' : c.hidden);
    if (hidden) f.hidden = hidden;
    return f;
  }
}

/** Two or more cells, all text: what a header row looks like (a title is one cell). */
function isHeaderLike(cells: GridCell[]): boolean {
  return cells.length >= 2 && cells.every((c) => !c.numeric && c.text.trim() !== '');
}
