import type { DocBatch } from './document-reader.js';
import { NamedValues } from './document-reader.js';
import { OfficeError } from './office-error.js';
import { readRels } from './opc.js';
import { readXml, TextBuffer } from './xml-stream.js';
import type { Parts } from './zip-parts.js';

/** Properties of app.xml that hold people's or organisations' names; the rest are counts and versions. */
const APP_TEXT = new Set(['Company', 'Manager', 'HyperlinkBase']);
const MAX_PROPS_BYTES = 16 * 1024 * 1024;

/**
 * The document properties of an OOXML package (core: creator, lastModifiedBy, title, subject,
 * keywords, description…; extended: company, manager; custom properties by name), as `meta`
 * fields of the part `properties`, marked hidden as metadata: no one sees them who does not open
 * File › Info.
 */
export async function readOoxmlProperties(parts: Parts): Promise<DocBatch> {
  const values = new NamedValues('metadata');
  const rels = await readRels(parts, '');
  const byType = (type: string): string | undefined => {
    const r = rels.find((x) => x.type === type && !x.external);
    return r ? parts.find(r.target) : undefined;
  };
  const core = byType('core-properties') ?? parts.find('docProps/core.xml');
  const app = byType('extended-properties') ?? parts.find('docProps/app.xml');
  const custom = byType('custom-properties') ?? parts.find('docProps/custom.xml');
  if (core) await readLeaves(parts, core, (name, depth, text) => depth === 2 && values.add(name, text));
  if (app) await readLeaves(parts, app, (name, depth, text) => depth === 2 && APP_TEXT.has(name) && values.add(name, text));
  if (custom) {
    let label = '';
    await readLeaves(parts, custom, (name, depth, text) => depth === 3 && values.add(label, text), (name, a) => {
      if (name === 'property') label = a.name ?? 'custom property';
    });
  }
  return { part: 'properties', fields: values.fields };
}

/** Calls `leaf` with the text of each element that holds text, its local name and depth (root = 1). */
export async function readLeaves(
  parts: Parts,
  part: string,
  leaf: (name: string, depth: number, text: string) => void,
  open?: (name: string, attrs: Record<string, string>) => void,
): Promise<void> {
  if (parts.size(part) > MAX_PROPS_BYTES) throw new OfficeError('EOFFICELIMIT', `${part} is over ${MAX_PROPS_BYTES} bytes: not a property part Office writes`);
  let depth = 0;
  let current = '';
  const text = new TextBuffer(64 * 1024);
  await readXml(parts.open(part), {
    open(name, a) {
      depth++;
      current = name;
      text.take();
      open?.(name, a);
    },
    text(t) {
      const piece = text.add(t);
      if (piece !== undefined) leaf(current, depth, piece);
    },
    close(name) {
      if (text.length > 0) leaf(name, depth, text.take());
      depth--;
    },
  }, part);
}
