import { type DocBatch, NamedValues, type ReaderOptions } from './document-reader.js';
import type { GridOptions } from './grid.js';
import { OfficeError } from './office-error.js';
import { mainPart, readRels } from './opc.js';
import { readPackageRest } from './package-rest.js';
import { readSharedStrings } from './shared-strings.js';
import { readComments, readPersons } from './xlsx-comments.js';
import { readExternalLink, readPivotCache } from './xlsx-pivot.js';
import { readSheet } from './xlsx-sheet.js';
import { readStyles, readWorkbook } from './xlsx-workbook.js';
import type { Parts } from './zip-parts.js';

/**
 * Reads an Excel workbook (`.xlsx`, `.xlsm`, templates) part by part, streaming: every sheet in
 * tab order including hidden and very hidden ones (`book.xlsx!/Staff`), each sheet's notes and
 * threaded comments, defined names, pivot caches (the rows behind pivot tables), external links'
 * cached cells, then what the package holds besides (charts' caches, text boxes, properties,
 * custom XML, embedded documents). Only the shared-string table is held while sheets are read.
 */
export async function* readXlsx(parts: Parts, opts: ReaderOptions = {}): AsyncGenerator<DocBatch> {
  const main = (await mainPart(parts)) ?? parts.find('xl/workbook.xml');
  if (!main) throw new OfficeError('EUNREADABLE', 'not a workbook: no xl/workbook.xml in the package');
  const done = new Set<string>([main]);
  const book = await readWorkbook(parts, main);
  const styles = await readStyles(parts, book.rels);
  const stringsRel = book.rels.find((r) => r.type === 'sharedStrings' && !r.external);
  const stringsPart = stringsRel ? parts.find(stringsRel.target) : parts.find('xl/sharedStrings.xml');
  const strings = stringsPart ? await readSharedStrings(parts, stringsPart) : undefined;
  if (stringsPart) done.add(stringsPart);
  const grid = (part: string, hidden?: GridOptions['hidden']): GridOptions => ({
    ...(hidden ? { hidden } : {}),
    ...(opts.onHeader ? { onHeader: (labels: string[]) => opts.onHeader!(part, labels) } : {}),
  });

  for (const sheet of book.sheets) {
    if (!sheet.part) continue;
    done.add(sheet.part);
    const hidden = sheet.state === 'visible' ? undefined : 'sheet';
    const rels = await readRels(parts, sheet.part);
    if (sheet.kind === 'worksheet' || sheet.kind === 'macrosheet' || sheet.kind === 'xlMacrosheet' || sheet.kind === 'xlIntlMacrosheet') {
      for await (const fields of readSheet(parts, sheet.part, { strings, styles, date1904: book.date1904, rels, grid: grid(sheet.name, hidden) })) {
        yield { part: sheet.name, fields };
      }
    }
    for (const rel of rels) {
      const target = rel.external ? undefined : parts.find(rel.target);
      if (!target || (rel.type !== 'comments' && rel.type !== 'threadedComment')) continue;
      done.add(target);
      const { comments, authors } = await readComments(parts, target);
      yield { part: sheet.name, fields: comments };
      if (authors.length > 0) yield { part: 'comment authors', fields: authors };
    }
  }

  const names = new NamedValues('defined-name');
  for (const n of book.names) {
    names.addName(n.name);
    names.add(n.name, n.text);
  }
  yield { part: 'defined names', fields: names.fields };

  const listed = parts.names().sort(byNumber);
  let pivots = 0;
  for (const name of listed.filter((n) => /pivotCacheDefinition\d*\.xml$/i.test(n))) {
    const part = `pivot cache ${++pivots}`;
    done.add(name);
    for (const r of await readRels(parts, name)) if (r.type === 'pivotCacheRecords' && parts.find(r.target)) done.add(parts.find(r.target)!);
    for await (const fields of readPivotCache(parts, name, grid(part, 'pivot-cache'))) yield { part, fields };
  }
  let links = 0;
  for (const name of listed.filter((n) => /externalLink\d*\.xml$/i.test(n))) {
    const link = `external link ${++links}`;
    done.add(name);
    const target = (await readRels(parts, name)).find((r) => r.external);
    const where = new NamedValues('external-link');
    if (target) where.add('external workbook', target.target);
    yield { part: link, fields: where.fields };
    for await (const b of readExternalLink(parts, name, (sheet) => grid(`${link} ${sheet}`, 'external-link'))) yield { part: `${link} ${b.sheet}`, fields: b.fields };
  }
  for (const name of listed.filter((n) => /\/persons\/person[^/]*\.xml$/i.test(n))) {
    done.add(name);
    yield { part: 'comment authors', fields: await readPersons(parts, name) };
  }
  yield* readPackageRest(parts, done, opts);
}

/** Part names in natural order (`sheet2` before `sheet10`). */
function byNumber(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
