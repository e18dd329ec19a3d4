import { numberKind, type NumberKind } from './number-format.js';
import { OfficeError } from './office-error.js';
import { readRels, type Rel } from './opc.js';
import { readXml, TextBuffer } from './xml-stream.js';
import { readPart, type Parts } from './zip-parts.js';

/** A sheet as the workbook lists it. */
export interface SheetEntry {
  name: string;
  /** `visible`, `hidden` (Format › Unhide shows it) or `veryHidden` (only the VBA editor does). */
  state: string;
  /** Its part (`xl/worksheets/sheet2.xml`), when it has one the package holds. */
  part?: string;
  /** worksheet, chartsheet, dialogsheet or macrosheet (Excel 4 macro sheets hold cells too). */
  kind: string;
}

/** What the workbook part says: its sheets in tab order, names, date system. */
export interface Workbook {
  part: string;
  sheets: SheetEntry[];
  /** Workbook-level defined names (`Staff`, `_xlnm.Print_Area`) and what they stand for. */
  names: { name: string; text: string; hidden: boolean; sheet?: string }[];
  /** The 1904 date system (old Mac workbooks): serial 0 is 1 January 1904. */
  date1904: boolean;
  rels: Rel[];
}

/** Reads `xl/workbook.xml` and its relationships. */
export async function readWorkbook(parts: Parts, part: string): Promise<Workbook> {
  const rels = await readRels(parts, part);
  const book: Workbook = { part, sheets: [], names: [], date1904: false, rels };
  const text = new TextBuffer(1024 * 1024);
  let name: Workbook['names'][number] | undefined;
  await readXml(parts.open(part), {
    open(tag, a) {
      if (tag === 'workbookPr') book.date1904 = a.date1904 === '1' || a.date1904 === 'true';
      else if (tag === 'sheet') {
        const rel = rels.find((r) => r.id === a.id && !r.external);
        const entry: SheetEntry = { name: a.name ?? `sheet ${book.sheets.length + 1}`, state: a.state ?? 'visible', kind: rel?.type ?? 'worksheet' };
        const found = rel && parts.find(rel.target);
        if (found) entry.part = found;
        book.sheets.push(entry);
      } else if (tag === 'definedName') {
        text.take();
        name = { name: a.name ?? '', text: '', hidden: a.hidden === '1' || a.hidden === 'true' };
        if (a.localSheetId !== undefined) name.sheet = a.localSheetId;
      }
    },
    text(t) {
      if (name) text.add(t);
    },
    close(tag) {
      if (tag === 'definedName' && name) {
        name.text = text.take();
        if (book.names.length < 100_000) book.names.push(name);
        name = undefined;
      }
    },
  }, part);
  return book;
}

/** Per cell style index (`s` attribute), what its number format says (ECMA-376 Part 1, 18.8.10 cellXfs). */
export async function readStyles(parts: Parts, rels: Rel[]): Promise<NumberKind[]> {
  const rel = rels.find((r) => r.type === 'styles' && !r.external);
  const part = rel ? parts.find(rel.target) : parts.find('xl/styles.xml');
  if (!part) return [];
  if (parts.size(part) > 64 * 1024 * 1024) throw new OfficeError('EOFFICELIMIT', `${part} is over 64 MiB`);
  const codes = new Map<number, string>();
  const xfs: number[] = [];
  let inCellXfs = false;
  await readXml([await readPart(parts, part)], {
    open(tag, a) {
      if (tag === 'numFmt' && a.numFmtId !== undefined) codes.set(Number(a.numFmtId), a.formatCode ?? '');
      else if (tag === 'cellXfs') inCellXfs = true;
      else if (tag === 'xf' && inCellXfs) xfs.push(Number(a.numFmtId ?? 0));
    },
    close(tag) {
      if (tag === 'cellXfs') inCellXfs = false;
    },
  }, part);
  const kinds = new Map<number, NumberKind>();
  return xfs.map((id) => {
    let k = kinds.get(id);
    if (!k) kinds.set(id, (k = numberKind(id, codes.get(id))));
    return k;
  });
}
