import type { Field, FieldContext } from '../../types.js';
import { parseCellRef } from './cell-ref.js';
import { Grid, type GridCell, type GridOptions } from './grid.js';
import { formatIsoDate, formatNumber, type NumberKind } from './number-format.js';
import type { Rel } from './opc.js';
import type { SharedStrings } from './shared-strings.js';
import { parseXml, TextBuffer } from './xml-stream.js';
import type { Parts } from './zip-parts.js';

export interface SheetContext {
  strings: SharedStrings | undefined;
  styles: NumberKind[];
  date1904: boolean;
  /** The sheet's relationships (hyperlink targets). */
  rels: Rel[];
  grid: GridOptions;
}

const NUMBER: NumberKind = { kind: 'number' };
/** A cell's text is cut into fields of this many characters at most (Excel caps a cell at 32,767). */
const MAX_CELL = 1024 * 1024;
const HEADER_FOOTER = new Set(['oddHeader', 'oddFooter', 'evenHeader', 'evenFooter', 'firstHeader', 'firstFooter']);
const HYPERLINK: FieldContext = { where: 'attribute', label: 'hyperlink', name: 'hyperlink' };
const PAGE_TEXT: FieldContext = { where: 'text', label: 'header or footer', name: 'header or footer' };
const LIST: FieldContext = { where: 'text', label: 'drop-down list', name: 'drop down list' };
const FORMULA: FieldContext = { where: 'text', label: 'formula', name: 'formula' };

/**
 * Streams a worksheet's cells (`<sheetData>`) as Fields: shared strings, inline strings (rich
 * text runs joined), numbers as their format shows them (dates as dates), the cached results of
 * formulas (`t="str"`), and the string literals inside formulas; rows and cells without an `r`
 * attribute follow the one before. Hidden rows and columns are marked. Besides the cells: the
 * targets of hyperlinks, headers and footers, and the items of drop-down lists.
 */
export async function* readSheet(parts: Parts, part: string, ctx: SheetContext): AsyncGenerator<Field[]> {
  const hiddenCols: [number, number][] = [];
  const grid = new Grid({ ...ctx.grid, hiddenColumns: (col) => hiddenCols.some(([a, b]) => col >= a && col <= b) });
  let out: Field[] = [];
  let row = 0;
  let rowHidden = false;
  let cells: GridCell[] = [];
  let col = 0;
  let type = '';
  let style = 0;
  let inValue = false;
  let inInline = 0;
  let inT = false;
  let phonetic = 0;
  let inFormula = false;
  let other: string | undefined;
  const value = new TextBuffer(MAX_CELL);
  const formula = new TextBuffer(64 * 1024);
  const extra = (text: string, fctx: FieldContext, cell?: string): void => {
    if (/\S/.test(text)) out.push({ text, line: row || 1, column: col || 1, offset: 0, ctx: fctx, ...(cell ? { cell } : {}), ...(ctx.grid.hidden ? { hidden: ctx.grid.hidden } : {}) });
  };
  const endCell = (): void => {
    const kind = ctx.styles[style] ?? NUMBER;
    const raw = value.take();
    let text = '';
    let numeric = false;
    if (type === 's') text = ctx.strings?.get(Number(raw)) ?? '';
    else if (type === 'inlineStr' || type === 'str') text = raw;
    else if (type === 'd') text = formatIsoDate(raw.trim());
    else if (type === '' || type === 'n') {
      numeric = raw.trim() !== '';
      text = numeric ? formatNumber(raw, kind, ctx.date1904) : '';
    }
    if (/\S/.test(text)) {
      const cell: GridCell = { column: col, text };
      if (numeric) cell.numeric = true;
      if (kind.kind === 'hidden') cell.hidden = 'number-format';
      cells.push(cell);
    }
    if (formula.length === 0) return;
    const literals = formulaLiterals(formula.take()).filter((s) => !text.includes(s));
    if (literals.length > 0) cells.push({ column: col, text: literals.join(' '), ...(numeric ? { numeric } : {}) });
  };
  for await (const _ of parseXml(parts.open(part), {
    open(name, a) {
      switch (name) {
        case 'col':
          if (a.hidden === '1' || a.hidden === 'true') hiddenCols.push([Number(a.min ?? 0), Number(a.max ?? a.min ?? 0)]);
          return;
        case 'row':
          row = a.r ? Number(a.r) : row + 1;
          rowHidden = a.hidden === '1' || a.hidden === 'true';
          cells = [];
          col = 0;
          return;
        case 'c': {
          const ref = a.r ? parseCellRef(a.r) : undefined;
          col = ref ? ref.column : col + 1;
          type = a.t ?? '';
          style = a.s ? Number(a.s) : 0;
          value.take();
          return;
        }
        case 'v':
          inValue = true;
          return;
        case 'is':
          inInline++;
          return;
        case 't':
          inT = true;
          return;
        case 'rPh':
          phonetic++;
          return;
        case 'f':
          inFormula = true;
          return;
        case 'hyperlink': {
          const rel = a.id ? ctx.rels.find((r) => r.id === a.id) : undefined;
          const ref = a.ref?.split(':')[0];
          const at = ref ? parseCellRef(ref) : undefined;
          if (at) [row, col] = [at.row, at.column];
          if (rel) extra(rel.target, HYPERLINK, ref);
          return;
        }
        default:
          if (HEADER_FOOTER.has(name) || name === 'formula1') other = '';
      }
    },
    text(t) {
      if (inValue || (inInline > 0 && inT && phonetic === 0)) {
        const piece = value.add(t);
        if (piece !== undefined) cells.push({ column: col, text: piece });
      } else if (inFormula) formula.add(t);
      else if (other !== undefined && other.length < MAX_CELL) other += t;
    },
    close(name) {
      switch (name) {
        case 'v':
          inValue = false;
          return;
        case 'is':
          inInline--;
          return;
        case 't':
          inT = false;
          return;
        case 'rPh':
          phonetic--;
          return;
        case 'f':
          inFormula = false;
          return;
        case 'c':
          endCell();
          return;
        case 'row':
          for (const f of grid.push(row, cells, rowHidden)) out.push(f);
          cells = [];
          return;
        default:
          if (other === undefined) return;
          if (HEADER_FOOTER.has(name)) extra(headerFooterText(other), PAGE_TEXT);
          else if (name === 'formula1') extra(listItems(other), LIST);
          other = undefined;
      }
    },
  }, part)) {
    if (out.length > 0) {
      yield out;
      out = [];
    }
  }
  for (const f of grid.end()) out.push(f);
  if (out.length > 0) yield out;
}

/** The string literals of a formula (`=IF(A1="x","Jane Example","")` → `Jane Example`), two characters or more. */
export function formulaLiterals(formula: string): string[] {
  if (!formula.includes('"')) return [];
  const out: string[] = [];
  for (const m of formula.matchAll(/"((?:[^"]|"")*)"/g)) {
    const s = m[1]!.replace(/""/g, '"');
    if (s.trim().length >= 2) out.push(s);
  }
  return out;
}

/** Header and footer text without its codes (`&L`, `&"Arial,Bold"`, `&12`, `&P`; `&&` is an ampersand). */
export function headerFooterText(s: string): string {
  return s.replace(/&"[^"]*"|&\d+|&[LCRPNDTAFZGBIUESXY]/g, ' ').replace(/&&/g, '&').replace(/ {2,}/g, ' ').trim();
}

/** A drop-down list's items (`"Jane Example,John Smith"`), one per line; a range reference stays as it is. */
function listItems(formula: string): string {
  const m = /^"(.*)"$/s.exec(formula.trim());
  return m ? m[1]!.split(',').join('\n') : '';
}
