import type { DocBatch, ReaderOptions } from './document-reader.js';
import { OfficeError } from './office-error.js';
import { readPartText } from './part-text.js';
import { NamedValues } from './document-reader.js';
import { readLeaves } from './ooxml-props.js';
import { readXml } from './xml-stream.js';
import type { Parts } from './zip-parts.js';

/** Style names (ODF automatic and common styles) whose content is not shown. */
export interface OdfHiddenStyles {
  /** Tables (sheets) with `table:display="false"`. */
  tables: Set<string>;
  /** Text, paragraph and section styles with `text:display="none"` or `fo:display="none"`. */
  text: Set<string>;
}

/**
 * Reads the style names that hide content from a part's styles (`office:automatic-styles` of
 * content.xml and `office:styles` of styles.xml): a sheet hidden by its table style, text hidden
 * by a character or paragraph style (ODF 1.2, 20.168 text:display; 19.xx table:display).
 */
export async function readOdfHiddenStyles(parts: Parts, part: string, into: OdfHiddenStyles): Promise<void> {
  let style: { name: string; family: string } | undefined;
  let body = false;
  await readXml(parts.open(part), {
    open(name, a) {
      if (name === 'body') body = true;
      if (body) return;
      if (name === 'style') style = { name: a.name ?? '', family: a.family ?? '' };
      else if (style && name === 'table-properties' && a.display === 'false') into.tables.add(style.name);
      else if (style && name === 'text-properties' && (a.display === 'none' || a.display === 'condition')) into.text.add(style.name);
    },
    close(name) {
      if (name === 'style') style = undefined;
    },
  }, part);
}

const META_NAMES: Record<string, string> = {
  'initial-creator': 'creator',
  creator: 'last modified by',
  title: 'title',
  subject: 'subject',
  description: 'description',
  keyword: 'keywords',
  'printed-by': 'printed by',
};

/** The properties of an ODF document (`meta.xml`: creators, title, keywords, user-defined fields). */
export async function readOdfMeta(parts: Parts): Promise<DocBatch> {
  const values = new NamedValues('metadata');
  const part = parts.find('meta.xml');
  if (part) {
    let userDefined = '';
    await readLeaves(parts, part, (name, _depth, text) => {
      if (name === 'user-defined') values.add(userDefined, text);
      else if (META_NAMES[name]) values.add(META_NAMES[name]!, text);
    }, (name, a) => {
      if (name === 'user-defined') userDefined = a.name ?? 'user-defined';
    });
  }
  return { part: 'properties', fields: values.fields };
}

/** Parts of an ODF package read by every ODF reader's caller: the manifest says what else there is. */
export function odfObjectParts(parts: Parts): string[] {
  return parts.names().filter((n) => /^Object[^/]*\/content\.xml$/i.test(n)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/** Handling of ODF inline text elements common to sheets and documents: spaces, tabs, line breaks. */
export function inlineText(name: string, a: Record<string, string>): string | undefined {
  if (name === 's') return ' '.repeat(Math.min(1000, Math.max(1, Number(a.c) || 1)));
  if (name === 'tab') return '\t';
  if (name === 'line-break') return '\n';
  return undefined;
}

/** ODF parts that hold no text a person wrote, or pictures (not read: no OCR). */
const ODF_PLUMBING = /^(?:content|styles|meta|settings)\.xml$|^META-INF\/|^mimetype$|^Configurations2\/|^Thumbnails\/|^Pictures\/|^ObjectReplacements\/|^layout-cache$|\.(?:png|jpe?g|gif|svg|wmf|emf|bmp|tiff?)$/i;

/**
 * The parts of an ODF package its reader did not read (`done`): any other XML or RDF part as text
 * (an embedded chart's `Object 1/content.xml`, `manifest.rdf`), an embedded Office document in
 * turn, and any other binary object (an OLE object) as an error: it cannot be read.
 */
export async function* readOdfRest(parts: Parts, done: (name: string) => boolean, opts: ReaderOptions): AsyncGenerator<DocBatch> {
  for (const name of parts.names().sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))) {
    if (name.endsWith('/') || ODF_PLUMBING.test(name) || done(name)) continue;
    if (/\.(?:xml|rdf)$/i.test(name)) for await (const fields of readPartText(parts, name, { label: 'part', attributes: true })) yield { part: name, fields };
    else if (opts.readEmbedded && /\.(?:xlsx|xlsm|docx|docm)$/i.test(name)) yield* opts.readEmbedded(await parts.nested(name), name);
    else throw new OfficeError('EEMBEDDED', `embedded object ${name} cannot be read (an OLE object or an old-format file): open the file, remove or convert the object, and save again`);
  }
}
