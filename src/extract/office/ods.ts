import type { Field, FieldContext, Hidden } from '../../types.js';
import { type DocBatch, NamedValues, type ReaderOptions } from './document-reader.js';
import { cellRef } from './cell-ref.js';
import { Grid, type GridCell } from './grid.js';
import { formatIsoDate, plainNumber } from './number-format.js';
import { inlineText, type OdfHiddenStyles, odfObjectParts, readOdfHiddenStyles, readOdfMeta, readOdfRest } from './odf-common.js';
import { OfficeError } from './office-error.js';
import { parseXml } from './xml-stream.js';
import type { Parts } from './zip-parts.js';

const COMMENT: FieldContext = { where: 'comment', label: 'comment', name: 'comment' };
const SHAPE: FieldContext = { where: 'text', label: 'text box', name: 'text box' };
/** Characters of one cell's text kept at most. */
const MAX_CELL = 1024 * 1024;

/**
 * Reads an OpenDocument spreadsheet (`.ods`, LibreOffice's own format; `.fods` flat XML): every
 * sheet (`book.ods!/Sheet2`, hidden ones marked: a table style with `table:display="false"`),
 * hidden rows and columns (`table:visibility="collapse"` or `"filter"`), cell values (numbers
 * from `office:value`, dates from `office:date-value`, a display text that keeps leading zeros
 * preferred), comments (`office:annotation`) and their authors, named ranges and expressions,
 * text boxes, charts' local tables (`Object 1/content.xml`), and document properties.
 */
export async function* readOds(parts: Parts, opts: ReaderOptions = {}): AsyncGenerator<DocBatch> {
  const content = parts.find('content.xml');
  if (!content) throw new OfficeError('EUNREADABLE', 'not an OpenDocument file: no content.xml in the package');
  const hidden: OdfHiddenStyles = { tables: new Set(), text: new Set() };
  const styles = parts.find('styles.xml');
  if (styles && styles !== content) await readOdfHiddenStyles(parts, styles, hidden);
  await readOdfHiddenStyles(parts, content, hidden);
  yield* readTables(parts, content, hidden, opts, undefined);
  for (const object of odfObjectParts(parts)) yield* readTables(parts, object, hidden, opts, 'chart-cache');
  yield await readOdfMeta(parts);
  yield* readOdfRest(parts, (name) => /^Object[^/]*\/content\.xml$/i.test(name), opts);
}

/** The tables of one content part, each yielded under its name. */
async function* readTables(parts: Parts, part: string, styles: OdfHiddenStyles, opts: ReaderOptions, all: Hidden | undefined): AsyncGenerator<DocBatch> {
  let out: Field[] = [];
  let done: DocBatch[] = [];
  let sheet = '';
  let grid: Grid | undefined;
  let hiddenCols: [number, number][] = [];
  let colDefs = 0;
  let row = 0;
  let rowRepeat = 1;
  let rowHidden = false;
  let cells: GridCell[] = [];
  let col = 0;
  let colRepeat = 1;
  let value: { text: string; numeric: boolean; display: boolean } | undefined;
  let cellText: string[] = [];
  let inCell = false;
  let annotation = 0;
  let annotationText: string[] = [];
  let inCreator = false;
  // text counts only inside paragraphs: a flat or pretty-printed file indents between elements
  let para = 0;
  let shape = 0;
  let shapeText: string[] = [];
  const authors = new NamedValues('comment');
  const names = new NamedValues('defined-name');
  let tableCount = 0;
  const flush = (): void => {
    if (out.length > 0) done.push({ part: sheet, fields: out });
    out = [];
  };
  for await (const _ of parseXml(parts.open(part), {
    open(name, a) {
      switch (name) {
        case 'table': {
          flush();
          sheet = a.name ?? `table ${tableCount + 1}`;
          // a chart's local table is named after its object (`Object 1 local-table`)
          if (all) sheet = `${part.replace(/\/content\.xml$/i, '')} ${sheet}`;
          tableCount++;
          hiddenCols = [];
          colDefs = 0;
          row = 0;
          const hide = all ?? (a['style-name'] && styles.tables.has(a['style-name']) ? 'sheet' : undefined);
          const onHeader = opts.onHeader;
          const label = sheet;
          grid = new Grid({ ...(hide ? { hidden: hide } : {}), hiddenColumns: (c) => hiddenCols.some(([x, y]) => c >= x && c <= y), ...(onHeader ? { onHeader: (labels: string[]) => onHeader(label, labels) } : {}) });
          return;
        }
        case 'table-column': {
          const n = Math.max(1, Number(a['number-columns-repeated']) || 1);
          if (a.visibility === 'collapse' || a.visibility === 'filter') hiddenCols.push([colDefs + 1, colDefs + n]);
          colDefs += n;
          return;
        }
        case 'table-row':
          row++;
          rowRepeat = Math.max(1, Number(a['number-rows-repeated']) || 1);
          rowHidden = a.visibility === 'collapse' || a.visibility === 'filter';
          cells = [];
          col = 0;
          return;
        case 'table-cell':
        case 'covered-table-cell': {
          col++;
          colRepeat = Math.max(1, Number(a['number-columns-repeated']) || 1);
          inCell = true;
          cellText = [];
          const type = a['value-type'];
          if (type === 'float' || type === 'percentage' || type === 'currency') value = { text: plainNumber(a.value ?? ''), numeric: true, display: true };
          else if (type === 'date') value = { text: formatIsoDate(a['date-value'] ?? ''), numeric: true, display: false };
          else if (type === 'string' && a['string-value'] !== undefined) value = { text: a['string-value'], numeric: false, display: false };
          else value = undefined;
          return;
        }
        case 'annotation':
          annotation++;
          annotationText = [];
          return;
        case 'creator':
          inCreator = annotation > 0;
          return;
        case 'frame':
          if (!inCell) shape++;
          return;
        case 'named-range':
        case 'named-expression':
          names.addName(a.name ?? '');
          names.add(a.name ?? '', a['cell-range-address'] ?? a.expression ?? '');
          return;
        case 'p':
        case 'h':
          para++;
          if (annotation > 0) annotationText.push('\n');
          else if (inCell) cellText.push('\n');
          else if (shape > 0) shapeText.push('\n');
          return;
        default: {
          const t = inlineText(name, a);
          if (t === undefined) return;
          if (annotation > 0) annotationText.push(t);
          else if (inCell) cellText.push(t);
          else if (shape > 0) shapeText.push(t);
        }
      }
    },
    text(t) {
      if (inCreator) authors.add('comment author', t);
      else if (para === 0) return;
      else if (annotation > 0) annotationText.push(t);
      else if (inCell && cellText.length < MAX_CELL) cellText.push(t);
      else if (shape > 0) shapeText.push(t);
    },
    close(name) {
      switch (name) {
        case 'p':
        case 'h':
          para--;
          return;
        case 'creator':
          inCreator = false;
          return;
        case 'annotation': {
          annotation--;
          const text = annotationText.join('').trim();
          if (text) out.push({ text, line: row, column: col, offset: 0, ctx: COMMENT, cell: cellRef(row, col), hidden: 'comment' });
          return;
        }
        case 'frame':
          if (!inCell && shape > 0 && --shape === 0) {
            const text = shapeText.join('').trim();
            if (text) out.push({ text, line: row || 1, column: 1, offset: 0, ctx: SHAPE, ...(all ? { hidden: all } : {}) });
            shapeText = [];
          }
          return;
        case 'table-cell':
        case 'covered-table-cell': {
          inCell = false;
          const shown = cellText.join('').replace(/^\n/, '');
          let text = value?.text ?? shown;
          // a display text that is the value with its leading zeros or spacing (`07700 900498`) reads as the sheet shows it
          if (value?.display && /^[\d\s]+$/.test(shown) && shown.replace(/\D/g, '').replace(/^0+/, '') === value.text.replace(/^0+/, '')) text = shown;
          if (/\S/.test(text)) cells.push({ column: col, text, ...(value?.numeric ? { numeric: true } : {}) });
          col += colRepeat - 1;
          return;
        }
        case 'table-row':
          if (grid) for (const f of grid.push(row, cells, rowHidden)) out.push(f);
          // an empty row repeated a million times (how LibreOffice pads a sheet) is only counted
          row += rowRepeat - 1;
          return;
        case 'table':
          if (grid) for (const f of grid.end()) out.push(f);
          grid = undefined;
          flush();
          return;
      }
    },
  }, part)) {
    yield* done;
    done = [];
    if (out.length > 0) {
      yield { part: sheet, fields: out };
      out = [];
    }
  }
  yield* done;
  if (authors.fields.length > 0) yield { part: 'comment authors', fields: authors.fields };
  if (names.fields.length > 0) yield { part: 'defined names', fields: names.fields };
}
