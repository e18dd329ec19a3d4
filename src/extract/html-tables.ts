// Tables and definition lists of an HTML page: which header names each cell (`<th>Victim</th>`
// makes the cells below it sensitive), and which term each definition.
import type { FieldContext } from '../types.js';
import { ID_DD, ID_TABLE, ID_TBODY, ID_TD, ID_TFOOT, ID_TH, ID_THEAD, ID_TR, type TagInfo } from './html-elements.js';
import { objectList } from './object-list.js';

/** Cell labels remembered per page. */
const MAX_LABELS = 1000;

interface TableState {
  headers: string[];
  /** The CellName of the last cell of each column (cellName's, kept so that the next row's cells look up none while their header is the same). */
  cells: CellName[];
  col: number;
  cellCol: number;
  /** Set to undefined, not deleted: a deleted property made the state a dictionary. */
  rowHeader: string | undefined;
  /** Headers of the current row outside <thead>: column headers if the row ends without a <td>. */
  rowHeads: string[];
  rowHasTd: boolean;
  inHead: boolean;
}

/** An open element, as the HTML extractor keeps it. */
export interface Element {
  name: string;
  /** Its `type` attribute, read for raw-text elements only (`<script type="application/json">`). */
  type: string | undefined;
  /**
   * Name given to the text inside (a table column header, a `<dt>`), as written. Always set
   * (undefined when none), as every property: one shape for all elements.
   */
  fieldName: string | undefined;
  /** Context label of the text inside: the element, or the cell and its header (`td[Victim]`). */
  label: string;
  /** A cell's (or what is inside one's) header, with its label and context: the same for the cells of a column. */
  cell: CellName | undefined;
  /** What its name is (tagInfo). */
  tag: TagInfo;
  /** The context of text whose innermost element it is, once asked for (html-fields.ts). */
  textCtx: FieldContext | undefined;
}

/** What names a column's (or row's) cells: its label, and the context of their text once asked for (html-fields.ts). */
export interface CellName {
  /** The header, as written. */
  name: string;
  label: string;
  ctx: FieldContext | undefined;
  /** Whether that context is the run's, which an element may keep (set with ctx). */
  kept: boolean;
}

/** The open tables of a page and the last definition term, as the extractor walks it. */
export class HtmlTables {
  private tables = objectList<TableState>();
  private lastDt: string | undefined;
  /** What names the cells under each header: a table's every cell would otherwise make its column's label again. */
  private readonly names = new Map<string, CellName>();

  /**
   * What names a cell under header `name`: its label is the header as written, on one line, so a
   * finding says which column it is in.
   */
  private cellName(name: string): CellName {
    let cell = this.names.get(name);
    if (cell === undefined) {
      cell = { name, label: `td[${name.replace(/\s+/g, ' ')}]`, ctx: undefined, kept: false };
      if (this.names.size < MAX_LABELS) this.names.set(name, cell);
    }
    return cell;
  }

  /**
   * Opens an element: a table, a row, a cell (which takes its column's or row's header as its
   * name), a `<dd>`. `colspan` is a cell's attribute. Only the elements of TABLE_PART
   * (html-elements.ts) do anything here: the extractor calls it for those alone.
   */
  open(el: Element, colspan: string | undefined): void {
    const t = this.innermost();
    const id = el.tag.id;
    if (id === ID_TABLE) {
      this.tables.push({ headers: objectList(), cells: objectList(), col: 0, cellCol: 0, rowHeader: undefined, rowHeads: objectList(), rowHasTd: false, inHead: false });
      return;
    }
    if (id === ID_DD) {
      if (this.lastDt !== undefined) el.fieldName = this.lastDt;
      return;
    }
    if (!t) return;
    if (id === ID_THEAD) t.inHead = true;
    else if (id === ID_TBODY || id === ID_TFOOT) t.inHead = false;
    else if (id === ID_TR) {
      // a row of <th> only was a header row: its cells name the columns below
      if (!t.rowHasTd) t.rowHeads.forEach((text, c) => (t.headers[c] = text));
      t.rowHeads = objectList();
      t.col = 0;
      t.rowHasTd = false;
      t.rowHeader = undefined;
    } else if (id === ID_TH || id === ID_TD) {
      t.cellCol = t.col;
      // (a cell with no colspan, the rule, converts nothing: Number(undefined) is NaN, so 1)
      t.col += colspan === undefined ? 1 : Math.max(1, Math.min(1000, Number(colspan) || 1));
      if (id === ID_TD) {
        t.rowHasTd = true;
        const name = t.rowHeader ?? t.headers[t.cellCol];
        if (name) {
          let cell = t.cells[t.cellCol];
          if (cell === undefined || cell.name !== name) t.cells[t.cellCol] = cell = this.cellName(name);
          el.fieldName = name;
          el.label = cell.label;
          el.cell = cell;
        }
      }
    }
  }


  /** Records the text of a header cell (`th`) or term (`dt`) for the cells or definitions after it. */
  rememberHeader(kind: string, text: string): void {
    if (kind === 'dt') {
      this.lastDt = text;
      return;
    }
    const t = this.innermost();
    if (!t) return;
    // a header with colspan names every column under it (t.col is still the end of its span);
    // outside <thead> a <th> names its row, and its column only if no <td> follows in the row
    const heads = t.inHead ? t.headers : t.rowHeads;
    for (let c = t.cellCol; c < Math.max(t.col, t.cellCol + 1); c++) heads[c] = text;
    if (!t.inHead) t.rowHeader = text;
  }

  /**
   * The innermost open table, if any. Why not tables[length - 1]: on a page with no table open
   * (most elements) that read index -1, which an array looks up as a property name, in the
   * runtime: a twentieth of a page's extraction (issue 16).
   */
  private innermost(): TableState | undefined {
    const n = this.tables.length;
    return n > 0 ? this.tables[n - 1] : undefined;
  }

  /** Closes the innermost table. */
  close(): void {
    this.tables.pop();
  }
}
