import { type Edit, type Span, dropItems } from './redact.js';

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * The edits that remove whole columns from CSV text, header included, in every record: the
 * columns whose header cell holds one of `headerOffsets` (offsets of the header fields). Records
 * keep their delimiter, quoting and line endings. Undefined when the text is not well-formed CSV
 * (the extractor then read it as text, so there are no columns to trust).
 */
export function dropCsvColumns(text: string, delimiter: string, headerOffsets: readonly number[]): Edit[] | undefined {
  const records = csvRecords(text, delimiter.charCodeAt(0));
  if (!records) return undefined;
  const header = records[0];
  if (!header) return [];
  const columns = new Set<number>();
  for (const at of headerOffsets) {
    const k = header.findIndex((c) => at >= c.start && at <= c.end);
    if (k !== -1) columns.add(k);
  }
  if (columns.size === 0) return [];
  const edits: Edit[] = [];
  for (const cells of records) {
    // a blank line has no columns to drop; a short row only those it has
    if (cells.length === 1 && cells[0]!.start === cells[0]!.end) continue;
    for (const e of dropItems(cells, cells.map((_, k) => columns.has(k)))) edits.push(e);
  }
  return edits;
}

/**
 * Splits CSV text into records of cells, each cell's span covering its quotes. The same reading
 * as the CSV extractor's (RFC 4180: `""` inside quotes, LF or CRLF ends a record, a lone CR in an
 * unquoted cell is text), so the columns dropped are the columns it labelled.
 */
export function csvRecords(text: string, delim: number): Span[][] | undefined {
  const records: Span[][] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const cells: Span[] = [];
    for (;;) {
      const start = i;
      if (i < n && text.charCodeAt(i) === QUOTE) {
        let j = i + 1;
        for (;;) {
          const q = text.indexOf('"', j);
          if (q === -1) return undefined;
          if (text.charCodeAt(q + 1) === QUOTE) {
            j = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        cells.push({ start, end: i });
        const c = i < n ? text.charCodeAt(i) : -1;
        if (c === delim) {
          i++;
          continue;
        }
        if (c === LF) i++;
        else if (c === CR && text.charCodeAt(i + 1) === LF) i += 2;
        else if (c !== -1) return undefined;
        break;
      }
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === delim || c === LF || (c === CR && text.charCodeAt(j + 1) === LF)) break;
        j++;
      }
      cells.push({ start, end: j });
      if (j < n && text.charCodeAt(j) === delim) {
        i = j + 1;
        continue;
      }
      i = j >= n ? n : text.charCodeAt(j) === CR ? j + 2 : j + 1;
      break;
    }
    records.push(cells);
  }
  return records;
}
