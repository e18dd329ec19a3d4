import type { Field, FieldContext } from '../../types.js';
import { BATCH, type DocBatch, type ReaderOptions } from './document-reader.js';
import { OfficeError } from './office-error.js';
import { readOoxmlProperties } from './ooxml-props.js';
import { readPartText } from './part-text.js';
import { readPart, type Parts } from './zip-parts.js';

/**
 * XML parts that hold no text a person wrote: package plumbing, formatting, themes, ids. Every
 * other part a reader did not read itself is read as text (custom XML, data connections,
 * revision logs, slicer caches…), so that nothing in the package passes unread.
 */
const PLUMBING = /(?:^\[Content_Types\]\.xml|\.rels|\/theme\/[^/]*|(?:^|\/)styles\.xml|stylesWithEffects\.xml|calcChain\.xml|fontTable\.xml|webSettings\.xml|(?:^|\/)settings\.xml|numbering\.xml|itemProps\d*\.xml|commentsExtended\.xml|commentsIds\.xml|commentsExtensible\.xml|\/tables\/table\d*\.xml|(?:^|\/)metadata\.xml|\/printerSettings\/[^/]*|\/ctrlProps\/[^/]*|volatileDependencies\.xml|\/webextensions\/[^/]*|\/customizations\.xml|\/colors\d*\.xml|\/style\d*\.xml|\/glossary\/(?:styles|settings|fontTable|webSettings)\.xml)$/i;

/** Binary parts that hold pictures or formatting, never text to judge (no OCR is done). */
const MEDIA = /\.(?:png|jpe?g|gif|bmp|tiff?|emf|wmf|svg|ico|wdp|jfif|odttf|ttf|otf|fntdata)$/i;
/** Office documents leakgate reads, embedded in another (a chart's workbook, a pasted table). */
const EMBEDDED_DOCS = /\.(?:xlsx|xlsm|xltx|xltm|docx|docm|dotx|dotm)$/i;

/**
 * What is left of an OOXML package once its reader has read the parts it knows (`done`):
 * document properties, every other XML part as text, embedded Office documents (read in turn),
 * and binary parts: a macro project is a warning (code, not data), any other binary object
 * that is not a picture (an embedded OLE object or PDF) is an error: it cannot be read.
 */
export async function* readPackageRest(parts: Parts, done: Set<string>, opts: ReaderOptions): AsyncGenerator<DocBatch> {
  yield await readOoxmlProperties(parts);
  for (const name of parts.names().sort()) {
    if (done.has(name) || name.endsWith('/')) continue;
    if (/docProps\/(?:core|app|custom)\.xml$/i.test(name)) continue;
    if (/\.(?:xml|vml|rels)$/i.test(name)) {
      if (PLUMBING.test(name)) continue;
      for await (const fields of readPartText(parts, name, { label: 'part', attributes: true, ...hiddenOf(name) })) yield { part: name, fields };
    } else if (MEDIA.test(name)) continue;
    else if (/vbaProject\.bin$/i.test(name)) {
      yield { part: name, fields: [], warning: { code: 'EMACRO', message: 'macro project (VBA) not scanned: macros are code; strings inside them are not read' } };
    } else if (EMBEDDED_DOCS.test(name) && opts.readEmbedded) {
      for await (const b of opts.readEmbedded(await parts.nested(name), name)) yield { ...b, part: b.part ? `${name}!/${b.part}` : name };
    } else if (TEXT_PARTS.test(name)) {
      for await (const fields of readPlainText(parts, name)) yield { part: name, fields };
    } else if (!BINARY_PLUMBING.test(name)) {
      // an OLE object, a PDF, an ActiveX control's state, a Power Pivot data model (a full copy of its source rows)…
      throw new OfficeError('EEMBEDDED', `embedded object ${name} cannot be read (an OLE object, a data model, a PDF or an old-format file inside the document): open the document, remove or convert the object, and save again`);
    }
  }
}

/** Binary parts that hold settings, fonts or signatures, never data. */
const BINARY_PLUMBING = /(?:\/printerSettings\/[^/]*|\.sigs|\.odttf|\.ttf|\.otf|\.fntdata|\/fonts\/[^/]*)$/i;
/** Plain-text parts: a Word alternative-format chunk (`altChunk`: HTML, MHT, RTF or text pasted in). */
const TEXT_PARTS = /\.(?:txt|html?|mht|mhtml|rtf|csv)$/i;

/** A plain-text part's lines as text fields (a chunk of HTML or RTF is judged as text, markup and all). */
async function* readPlainText(parts: Parts, name: string): AsyncGenerator<Field[]> {
  const ctx: FieldContext = { where: 'text', label: 'part', name: 'part' };
  const text = (await readPart(parts, name, 256 * 1024 * 1024)).toString('utf8');
  const fields: Field[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (/\S/.test(line)) fields.push({ text: line, line: i + 1, column: 1, offset: 0, ctx });
  });
  for (let i = 0; i < fields.length; i += BATCH) yield fields.slice(i, i + BATCH);
}

function hiddenOf(name: string): { hidden?: 'chart-cache' | 'comment' } {
  if (/\/charts\/chart[^/]*\.xml$/i.test(name)) return { hidden: 'chart-cache' };
  if (/people\.xml$|\/persons\//i.test(name)) return { hidden: 'comment' };
  return {};
}
