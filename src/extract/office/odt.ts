import type { Field, FieldContext, Hidden } from '../../types.js';
import { normalizeName } from '../../shared/field-name.js';
import { type DocBatch, NamedValues, type ReaderOptions } from './document-reader.js';
import { inlineText, type OdfHiddenStyles, readOdfHiddenStyles, readOdfMeta, readOdfRest } from './odf-common.js';
import { OfficeError } from './office-error.js';
import { ParagraphBuilder } from './paragraph.js';
import { parseXml } from './xml-stream.js';
import type { Parts } from './zip-parts.js';

const TEXT: FieldContext = { where: 'text' };

interface Table {
  row: number;
  col: number;
  headerRows: number;
  headers: FieldContext[];
}

/**
 * Reads an OpenDocument text (`.odt`; `.fodt` flat XML): paragraphs and headings in order, tables
 * with their header rows as context, text boxes, footnotes and endnotes, comments
 * (`office:annotation`), deleted text kept by change tracking (`text:deletion`), hidden text
 * (`text:hidden-text`, hidden paragraphs and sections, styles with `text:display="none"`), then
 * the page headers and footers (styles.xml), authors, link targets and document properties.
 */
export async function* readOdt(parts: Parts, opts: ReaderOptions = {}): AsyncGenerator<DocBatch> {
  const content = parts.find('content.xml');
  if (!content) throw new OfficeError('EUNREADABLE', 'not an OpenDocument file: no content.xml in the package');
  const hidden: OdfHiddenStyles = { tables: new Set(), text: new Set() };
  const styles = parts.find('styles.xml');
  if (styles && styles !== content) await readOdfHiddenStyles(parts, styles, hidden);
  await readOdfHiddenStyles(parts, content, hidden);
  const authors = new NamedValues('metadata');
  const links = new NamedValues(undefined, 'attribute');
  for await (const fields of readOdfText(parts, content, hidden, authors, links, false)) yield { part: '', fields };
  if (styles && styles !== content) for await (const fields of readOdfText(parts, styles, hidden, authors, links, true)) yield { part: 'headers and footers', fields };
  yield { part: 'authors', fields: authors.fields };
  yield { part: 'hyperlinks', fields: links.fields };
  yield await readOdfMeta(parts);
  yield* readOdfRest(parts, () => false, opts);
}

/** The paragraphs of an ODF text part; in styles.xml (`pageStyles`), only those of page headers and footers. */
async function* readOdfText(parts: Parts, part: string, styles: OdfHiddenStyles, authors: NamedValues, links: NamedValues, pageStyles: boolean): AsyncGenerator<Field[]> {
  let out: Field[] = [];
  let line = 0;
  const stack: { builder: ParagraphBuilder; table: Table | undefined; hidden: Hidden | undefined }[] = [];
  const tables: Table[] = [];
  const spans: (Hidden | undefined)[] = [];
  // elements whose content hides, by kind, as counters (they nest)
  let deletion = 0;
  // LibreOffice keeps deleted text in the paragraph between change-start and change-end marks
  // whose region (listed first, in text:tracked-changes) is a deletion
  const deletions = new Set<string>();
  let region = '';
  const open = new Set<string>();
  let annotation = 0;
  let hiddenBlock = 0;
  let inCreator = false;
  let inHeaderRows = 0;
  let pageText = 0;
  let body = false;
  const hiddenNow = (): Hidden | undefined => {
    if (deletion > 0 || open.size > 0) return 'tracked-deletion';
    if (annotation > 0) return 'comment';
    if (hiddenBlock > 0) return 'hidden-text';
    for (let i = spans.length - 1; i >= 0; i--) if (spans[i]) return spans[i];
    return stack[stack.length - 1]?.hidden;
  };
  const reading = (): boolean => (pageStyles ? pageText > 0 : body);
  const emit = (p: { builder: ParagraphBuilder; table: Table | undefined }): void => {
    const t = p.table;
    let ctx = TEXT;
    if (t && t.col >= 0) {
      if (t.row < Math.max(1, t.headerRows)) {
        const f = p.builder.take(++line, TEXT);
        if (!f) return;
        const label = f.text.trim();
        t.headers[t.col] = { where: 'cell', label, name: normalizeName(label) };
        f.ctx = { where: 'header', label, name: normalizeName(label) };
        out.push(f);
        return;
      }
      ctx = t.headers[t.col] ?? (t.headers[t.col] = { where: 'cell', label: `column ${t.col + 1}`, name: '' });
    }
    const f = p.builder.take(++line, ctx);
    if (f) out.push(f);
  };
  for await (const _ of parseXml(parts.open(part), {
    open(name, a) {
      if (name === 'body') body = true;
      if (pageStyles && /^(?:header|footer|header-left|footer-left|header-first|footer-first)$/.test(name)) pageText++;
      if (!reading()) return;
      const styled = a['style-name'] && styles.text.has(a['style-name']) ? 'hidden-text' : undefined;
      switch (name) {
        case 'p':
        case 'h':
          stack.push({ builder: new ParagraphBuilder(), table: tables[tables.length - 1], hidden: styled });
          return;
        case 'span':
          spans.push(styled);
          return;
        case 'changed-region':
          region = a.id ?? '';
          return;
        case 'deletion':
          deletion++;
          if (region) deletions.add(region);
          return;
        case 'change-start':
          if (a['change-id'] && deletions.has(a['change-id'])) open.add(a['change-id']);
          return;
        case 'change-end':
          if (a['change-id']) open.delete(a['change-id']);
          return;
        case 'annotation':
          annotation++;
          return;
        case 'creator':
          inCreator = true;
          return;
        case 'section':
          if (styled || a.display === 'none' || a.display === 'condition') hiddenBlock++;
          else if (hiddenBlock > 0) hiddenBlock++;
          return;
        case 'hidden-text':
          stack[stack.length - 1]?.builder.add(a['string-value'] ?? '', 'hidden-text');
          return;
        case 'hidden-paragraph':
          if (a['is-hidden'] !== 'false' && stack.length > 0) stack[stack.length - 1]!.hidden = 'hidden-text';
          return;
        case 'a':
          if (a.href) links.add('hyperlink', a.href);
          return;
        case 'table':
          tables.push({ row: -1, col: -1, headerRows: 0, headers: [] });
          return;
        case 'table-header-rows':
          inHeaderRows++;
          return;
        case 'table-row': {
          const t = tables[tables.length - 1];
          if (t) {
            t.row++;
            t.col = -1;
            if (inHeaderRows > 0) t.headerRows = t.row + 1;
          }
          return;
        }
        case 'table-cell':
        case 'covered-table-cell': {
          const t = tables[tables.length - 1];
          if (t) t.col++;
          return;
        }
        default: {
          const t = inlineText(name, a);
          if (t !== undefined) stack[stack.length - 1]?.builder.add(t, hiddenNow());
        }
      }
    },
    text(t) {
      if (!reading()) return;
      if (inCreator) {
        authors.add(annotation > 0 ? 'comment author' : 'change author', t);
        return;
      }
      const p = stack[stack.length - 1];
      if (!p) return;
      p.builder.add(t, hiddenNow());
      if (p.builder.full) emit(p);
    },
    close(name) {
      if (pageStyles && /^(?:header|footer|header-left|footer-left|header-first|footer-first)$/.test(name)) pageText--;
      switch (name) {
        case 'p':
        case 'h': {
          const p = stack.pop();
          if (p) emit(p);
          return;
        }
        case 'span':
          spans.pop();
          return;
        case 'deletion':
          deletion--;
          return;
        case 'annotation':
          annotation--;
          return;
        case 'creator':
          inCreator = false;
          return;
        case 'section':
          if (hiddenBlock > 0) hiddenBlock--;
          return;
        case 'table-header-rows':
          inHeaderRows--;
          return;
        case 'table':
          tables.pop();
          return;
        case 'table-cell':
        case 'covered-table-cell':
          return;
      }
    },
  }, part)) {
    if (out.length > 0) {
      yield out;
      out = [];
    }
  }
}
