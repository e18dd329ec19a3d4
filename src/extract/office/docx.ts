import path from 'node:path/posix';
import { type DocBatch, NamedValues, type ReaderOptions } from './document-reader.js';
import { OfficeError } from './office-error.js';
import { mainPart, readRels } from './opc.js';
import { readPackageRest } from './package-rest.js';
import { readWordPart } from './word-part.js';
import { readXml } from './xml-stream.js';
import type { Parts } from './zip-parts.js';

/** Parts of a Word document, by relationship type, in the order they are read. */
const STORIES = ['header', 'footer', 'footnotes', 'endnotes', 'comments'];

/**
 * Reads a Word document (`.docx`, `.docm`, templates): the body (paragraphs, tables with their
 * header rows, text boxes, deleted text of tracked changes, hidden text), then headers and
 * footers (`memo.docx!/header1`), footnotes, endnotes and comments, the authors of comments and
 * changes, hyperlink targets, and what the package holds besides (properties, charts' caches,
 * embedded workbooks, custom XML).
 */
export async function* readDocx(parts: Parts, opts: ReaderOptions = {}): AsyncGenerator<DocBatch> {
  const main = (await mainPart(parts)) ?? parts.find('word/document.xml');
  if (!main) throw new OfficeError('EUNREADABLE', 'not a Word document: no word/document.xml in the package');
  const done = new Set<string>([main]);
  const rels = await readRels(parts, main);
  const stylesRel = rels.find((r) => r.type === 'styles' && !r.external);
  const stylesPart = stylesRel ? parts.find(stylesRel.target) : undefined;
  const hiddenStyles = stylesPart ? await readHiddenStyles(parts, stylesPart) : new Set<string>();
  const authors = new NamedValues('metadata');
  for await (const fields of readWordPart(parts, main, { authors, hiddenStyles })) yield { part: '', fields };
  for (const type of STORIES) {
    for (const rel of rels.filter((r) => r.type === type && !r.external)) {
      const part = parts.find(rel.target);
      if (!part || done.has(part)) continue;
      done.add(part);
      const shown = path.basename(part).replace(/\.xml$/i, '');
      const hidden = type === 'comments' ? 'comment' : undefined;
      for await (const fields of readWordPart(parts, part, { authors, hiddenStyles, ...(hidden ? { hidden } : {}) })) yield { part: shown, fields };
    }
  }
  yield { part: 'authors', fields: authors.fields };
  const links = new NamedValues(undefined, 'attribute');
  for (const rel of rels) if (rel.external && rel.type === 'hyperlink') links.add('hyperlink', rel.target);
  yield { part: 'hyperlinks', fields: links.fields };
  yield* readPackageRest(parts, done, opts);
}

/** Style ids whose run properties hide text (`<w:style w:styleId="X"><w:rPr><w:vanish/>`). */
async function readHiddenStyles(parts: Parts, part: string): Promise<Set<string>> {
  const hidden = new Set<string>();
  let style: string | undefined;
  let inRpr = false;
  await readXml(parts.open(part), {
    open(name, a) {
      if (name === 'style') style = a.styleId;
      else if (name === 'rPr') inRpr = true;
      else if (name === 'vanish' && inRpr && style && a.val !== '0' && a.val !== 'false') hidden.add(style);
    },
    close(name) {
      if (name === 'rPr') inRpr = false;
      else if (name === 'style') style = undefined;
    },
  }, part);
  return hidden;
}
