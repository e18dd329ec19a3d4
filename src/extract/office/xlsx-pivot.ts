import type { Field } from '../../types.js';
import { parseCellRef } from './cell-ref.js';
import { Grid, type GridCell, type GridOptions } from './grid.js';
import { formatIsoDate, plainNumber } from './number-format.js';
import { OfficeError } from './office-error.js';
import { readRels } from './opc.js';
import { parseXml, readXml } from './xml-stream.js';
import type { Parts } from './zip-parts.js';

/** Characters of a cache's shared items held to resolve its records. */
const MAX_ITEM_CHARS = 64 * 1024 * 1024;

/** A pivot cache value element's text (`<s v="…"/>`, `<n v="3"/>`, `<d v="1985-07-03T00:00:00"/>`); undefined for others. */
function itemValue(name: string, v: string | undefined): GridCell | undefined {
  if (v === undefined) return undefined;
  if (name === 's') return { column: 0, text: v };
  if (name === 'n') return { column: 0, text: plainNumber(v), numeric: true };
  if (name === 'd') return { column: 0, text: formatIsoDate(v), numeric: true };
  return undefined;
}

/**
 * A pivot cache: the raw rows behind a pivot table, kept in the workbook even when the sheet they
 * came from was deleted or only the summary is shown (the Norfolk and Suffolk pattern). Its
 * field names are the header row; each record of `pivotCacheRecords` is a row (a value given as
 * `<x v="n"/>` is item n of the field's shared items). Without records, each field's shared
 * items (its distinct values) are a column.
 */
export async function* readPivotCache(parts: Parts, definition: string, grid: GridOptions): AsyncGenerator<Field[]> {
  const names: string[] = [];
  const items: GridCell[][] = [];
  let chars = 0;
  let field = -1;
  let inShared = false;
  await readXml(parts.open(definition), {
    open(name, a) {
      if (name === 'cacheField') {
        names.push(a.name ?? `field ${names.length + 1}`);
        items.push([]);
        field = names.length - 1;
      } else if (name === 'sharedItems') inShared = true;
      else if (inShared && field >= 0) {
        const cell = itemValue(name, a.v);
        // a blank, a boolean or an error item keeps its index with an empty text
        items[field]!.push(cell ?? { column: 0, text: '' });
        chars += cell?.text.length ?? 0;
        if (chars > MAX_ITEM_CHARS) throw new OfficeError('EOFFICELIMIT', `${definition}: shared items over ${MAX_ITEM_CHARS} characters`);
      }
    },
    close(name) {
      if (name === 'sharedItems') inShared = false;
    },
  }, definition);
  const table = new Grid(grid);
  let out: Field[] = table.push(1, names.map((text, i) => ({ column: i + 1, text })));
  const recordsRel = (await readRels(parts, definition)).find((r) => r.type === 'pivotCacheRecords' && !r.external);
  const records = recordsRel ? parts.find(recordsRel.target) : undefined;
  if (!records) {
    const longest = Math.max(0, ...items.map((l) => l.length));
    for (let i = 0; i < longest; i++) {
      const row = items.flatMap((list, c) => (list[i]?.text ? [{ ...list[i]!, column: c + 1 }] : []));
      for (const f of table.push(i + 2, row)) out.push(f);
    }
    for (const f of table.end()) out.push(f);
    if (out.length > 0) yield out;
    return;
  }
  let row = 1;
  let cells: GridCell[] = [];
  let col = 0;
  for await (const _ of parseXml(parts.open(records), {
    open(name, a) {
      if (name === 'r') {
        row++;
        cells = [];
        col = 0;
        return;
      }
      if (name === 'pivotCacheRecords') return;
      col++;
      const cell = name === 'x' ? items[col - 1]?.[Number(a.v)] : itemValue(name, a.v);
      if (cell?.text) cells.push({ ...cell, column: col });
    },
    close(name) {
      if (name === 'r') for (const f of table.push(row, cells)) out.push(f);
    },
  }, records)) {
    if (out.length > 0) {
      yield out;
      out = [];
    }
  }
  for (const f of table.end()) out.push(f);
  if (out.length > 0) yield out;
}

/**
 * An external link's cached copy of the cells it points at (`externalLink1.xml`:
 * `<sheetData sheetId="0"><row r="2"><cell r="B2" t="s"><v>…`): values from another workbook,
 * kept in this one. Yields each cached sheet's cells as a table, under the linked sheet's name.
 */
export async function* readExternalLink(parts: Parts, part: string, grid: (sheet: string) => GridOptions): AsyncGenerator<{ sheet: string; fields: Field[] }> {
  const sheetNames: string[] = [];
  let table: Grid | undefined;
  let sheet = '';
  let out: Field[] = [];
  let done: { sheet: string; fields: Field[] }[] = [];
  let row = 0;
  let cells: GridCell[] = [];
  let col = 0;
  let type = '';
  let inV = false;
  let value = '';
  for await (const _ of parseXml(parts.open(part), {
    open(name, a) {
      if (name === 'sheetName') sheetNames.push(a.val ?? '');
      else if (name === 'sheetData') {
        sheet = sheetNames[Number(a.sheetId)] ?? `sheet ${Number(a.sheetId) + 1}`;
        table = new Grid(grid(sheet));
      } else if (name === 'row') {
        row = a.r ? Number(a.r) : row + 1;
        cells = [];
        col = 0;
      } else if (name === 'cell') {
        col = (a.r && parseCellRef(a.r)?.column) || col + 1;
        type = a.t ?? 'n';
        value = '';
      } else if (name === 'v') inV = true;
    },
    text(t) {
      if (inV && value.length < 1024 * 1024) value += t;
    },
    close(name) {
      if (name === 'v') inV = false;
      else if (name === 'cell' && value.trim() && type !== 'b' && type !== 'e') {
        // in an external link's cache `t="s"` means a string value, not a shared-string index
        const numeric = type === 'n';
        cells.push({ column: col, text: numeric ? plainNumber(value) : value, ...(numeric ? { numeric } : {}) });
      } else if (name === 'row' && table) for (const f of table.push(row, cells)) out.push(f);
      else if (name === 'sheetData' && table) {
        for (const f of table.end()) out.push(f);
        if (out.length > 0) done.push({ sheet, fields: out });
        out = [];
      }
    },
  }, part)) {
    yield* done;
    done = [];
    if (out.length > 0) {
      yield { sheet, fields: out };
      out = [];
    }
  }
}
