import type { DocumentFormat } from './format.js';

/** An Excel workbook (Office Open XML, ISO/IEC 29500). */
export const xlsx: DocumentFormat = {
  kind: 'document',
  id: 'xlsx',
  title: "Excel; LibreOffice's and exceljs's output are tested too",
  extensions: ['.xlsx', '.xlsm', '.xltx', '.xltm'],
  reads: 'every sheet in tab order, hidden and *very hidden* ones too (`book.xlsx!/Sheet name`); hidden rows and columns; shared strings (rich-text runs joined), inline strings, numbers as the sheet shows them (a date serial under a date format is a date: `03/07/1985`; the 1904 date system; integers with every digit, no exponent; digit masks such as `000 000 0000` or `"0"0000000000` applied), cached formula results and the string literals inside formulas; cell values hidden by a `;;;` format; notes, threaded comments and their authors; defined names; **pivot caches** (the rows behind a pivot table, judged with the cache\'s field names as headers, `book.xlsx!/pivot cache 1`); chart caches; external links\' cached cells and paths; text boxes; hyperlink targets; headers and footers; drop-down lists; document properties (creator, last modified by, title, keywords, custom properties); custom XML, data connections and any other XML part; embedded workbooks and documents',
  hidden: ['sheet', 'row', 'column', 'number-format', 'comment', 'defined-name', 'pivot-cache', 'chart-cache', 'external-link', 'metadata'],
  package: { prefix: 'xl/' },
};
