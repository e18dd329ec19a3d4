import type { Field, FieldContext, Hidden } from '../../types.js';
import { type DocBatch, type DocumentSource, NamedValues, type ReaderOptions } from './document-reader.js';
import { OfficeError } from './office-error.js';
import { findHiddenText, inside, type Box } from './pdf-cover.js';
import { MAX_REVISION_BYTES, revisionEnds } from './pdf-revisions.js';

/** A PDF is held in memory to be parsed (PDF.js needs random access): up to this size. */
const MAX_PDF_BYTES = 1024 ** 3;
const TEXT: FieldContext = { where: 'text' };

interface TextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
  hasEOL?: boolean;
}

/**
 * Node 20 lacks ArrayBuffer.prototype.transferToFixedLength (ES2024, Node 21), which PDF.js 5
 * calls when it compiles font data for the operator list; this is the specified behaviour (a copy
 * of the first `length` bytes) for the one caller that needs it.
 */
function polyfill(): void {
  const proto = ArrayBuffer.prototype as ArrayBuffer & { transferToFixedLength?: unknown };
  if (proto.transferToFixedLength) return;
  Object.defineProperty(ArrayBuffer.prototype, 'transferToFixedLength', {
    value(this: ArrayBuffer, length = this.byteLength) {
      const copy = new ArrayBuffer(length);
      new Uint8Array(copy).set(new Uint8Array(this, 0, Math.min(length, this.byteLength)));
      return copy;
    },
    writable: true,
    configurable: true,
  });
}

/**
 * Reads a PDF with PDF.js (through unpdf's build for servers: no canvas, no worker file, no
 * native code), page by page: each line of text is a field (`line` counts lines through the
 * document, `page` is the page), text under a box drawn over it is marked `covered-text`, text in
 * the colour of what is under it `hidden-text`; then annotations (comments, form-field values
 * labelled by field name, link targets), bookmarks, metadata and the document information, and
 * the lines of earlier revisions (incremental saves) that the final version no longer shows.
 * JavaScript in the PDF is never run (PDF.js runs none without a scripting sandbox, and eval is
 * off). A page with images and no text is a scan: an error naming it, unless accepted. Files
 * attached to the PDF cannot be read: an error naming them.
 */
export async function* readPdf(source: DocumentSource, opts: ReaderOptions = {}): AsyncGenerator<DocBatch> {
  polyfill();
  const data = await readAll(source);
  const { getDocument, OPS } = await import('unpdf/pdfjs');
  const open = (bytes: Uint8Array) => getDocument({ data: bytes, isEvalSupported: false, useSystemFonts: false, disableFontFace: true, stopAtErrors: false, verbosity: 0 } as Parameters<typeof getDocument>[0]);
  // earlier revisions are copied before PDF.js takes the buffer
  const ends = revisionEnds(data);
  const revisions = data.length <= MAX_REVISION_BYTES ? ends.map((end) => data.slice(0, end)) : [];
  if (ends.length > revisions.length) yield { part: '', fields: [], warning: { code: 'EREVISION', message: `${ends.length} earlier revision(s) (incremental saves) not compared: the PDF is over ${MAX_REVISION_BYTES} bytes` } };
  const task = open(data);
  let doc;
  try {
    doc = await task.promise;
  } catch (e) {
    const name = (e as Error)?.name;
    if (name === 'PasswordException') throw new OfficeError('EENCRYPTED', 'password-protected PDF: cannot be read; remove the password and save it again');
    throw new OfficeError('EUNREADABLE', `corrupt or truncated PDF: ${(e as Error)?.message ?? e}`);
  }
  try {
    const attachments = (await doc.getAttachments().catch(() => null)) as Record<string, { filename?: string }> | null;
    if (attachments && Object.keys(attachments).length > 0) {
      const names = Object.values(attachments).map((a) => a.filename ?? '?').slice(0, 5).join(', ');
      throw new OfficeError('EEMBEDDED', `files attached to the PDF cannot be read (${names}): extract them and scan them, or remove them`);
    }
    const scans: number[] = [];
    const comments = new NamedValues('comment', 'comment');
    const forms: Field[] = [];
    const links = new NamedValues(undefined, 'attribute');
    let line = 0;
    const seen = new Set<string>();
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      try {
        const ops = await page.getOperatorList();
        const fontScale = (name: string): number => {
          try {
            const font = page.commonObjs.has(name) ? (page.commonObjs.get(name) as { fontMatrix?: number[] }) : undefined;
            return font?.fontMatrix?.[0] ?? 0.001;
          } catch {
            return 0.001;
          }
        };
        const hidden = findHiddenText(ops.fnArray, ops.argsArray, OPS as unknown as Record<string, number>, fontScale);
        const content = await page.getTextContent();
        const lines = pageLines(content.items as TextItem[], hidden.covered, hidden.camouflaged);
        if (lines.length === 0 && hidden.images > 0) scans.push(n);
        const fields: Field[] = [];
        for (const l of lines) if (seen.size < MAX_SEEN_LINES) seen.add(l.text.trim());
        for (const l of lines) {
          const f: Field = { text: l.text, line: ++line, column: 1, offset: 0, ctx: TEXT, page: n };
          if (l.runs.length === 1 && l.runs[0]!.start === 0 && l.runs[0]!.end === l.text.length) f.hidden = l.runs[0]!.hidden;
          else if (l.runs.length > 0) f.hiddenRuns = l.runs;
          fields.push(f);
        }
        if (fields.length > 0) yield { part: '', fields };
        for (const a of (await page.getAnnotations()) as Record<string, any>[]) {
          const text = (x: unknown): string => (typeof x === 'string' ? x : Array.isArray(x) ? x.join('\n') : '');
          if (a.subtype === 'FileAttachment') throw new OfficeError('EEMBEDDED', `a file attached to page ${n} (${String(a.file?.filename ?? '?')}) cannot be read: extract it and scan it, or remove it`);
          if (a.url) links.add('link', String(a.url), { page: n });
          const value = text(a.fieldValue);
          if (a.fieldType && value && value !== 'Off') {
            const label = String(a.alternativeText || a.fieldName || 'form field');
            forms.push({ text: value, line: forms.length + 1, column: 1, offset: 0, ctx: { where: 'value', label, name: label.replace(/([a-z\d])([A-Z])/g, '$1 $2').toLowerCase().replace(/[^a-z\d]+/g, ' ').trim() }, page: n });
          }
          comments.add('comment', text(a.contentsObj?.str ?? a.contents), { page: n });
          comments.add('comment', text(a.richText?.str), { page: n });
          comments.add('comment author', text(a.titleObj?.str ?? a.title), { page: n });
        }
      } finally {
        page.cleanup();
      }
      // fonts and parsed objects of pages already read are let go: memory stays flat over thousands of pages
      if (n % 25 === 0) await doc.cleanup();
    }
    if (scans.length > 0 && !opts.acceptImagePages) {
      const shown = scans.length > 10 ? `${scans.slice(0, 10).join(', ')}… (${scans.length} pages)` : scans.join(', ');
      throw new OfficeError('EIMAGEPAGE', `page${scans.length === 1 ? '' : 's'} ${shown} ha${scans.length === 1 ? 's' : 've'} no text layer (a scan: images only): cannot be read; run OCR on it, or accept image-only pages in the config (acceptImagePages)`);
    }
    for (let r = revisions.length - 1; r >= 0; r--) {
      const fields = await revisionLines(open(revisions[r]!), seen);
      if (fields.length > 0) yield { part: `earlier revision ${r + 1}`, fields };
    }
    yield { part: 'annotations', fields: comments.fields };
    yield { part: 'form fields', fields: forms };
    yield { part: 'links', fields: links.fields };
    yield { part: 'bookmarks', fields: await outlineTitles(doc) };
    yield { part: 'properties', fields: await properties(doc) };
  } finally {
    await doc.destroy();
  }
}

/** Lines of the final version remembered to compare earlier revisions with. */
const MAX_SEEN_LINES = 1_000_000;

/** The lines of an earlier revision that the final version no longer shows, marked as such; none if it does not open. */
async function revisionLines(task: { promise: Promise<any> }, seen: Set<string>): Promise<Field[]> {
  const out: Field[] = [];
  let doc;
  try {
    doc = await task.promise;
  } catch {
    return out; // the bytes up to that marker are no document of their own (a linearized file's first section)
  }
  try {
    for (let n = 1; n <= doc.numPages && out.length < 100_000; n++) {
      const page = await doc.getPage(n);
      try {
        for (const l of pageLines((await page.getTextContent()).items as TextItem[], [], [])) {
          if (!seen.has(l.text.trim())) out.push({ text: l.text, line: out.length + 1, column: 1, offset: 0, ctx: TEXT, page: n, hidden: 'earlier-revision' });
        }
      } finally {
        page.cleanup();
      }
    }
  } catch {
    // a revision that breaks part-way has given what it could
  } finally {
    await doc.destroy();
  }
  return out;
}

/** The page's text items as lines (joined until an end of line or a jump down), with hidden stretches. */
function pageLines(items: TextItem[], covered: Box[], camouflaged: Box[]): { text: string; runs: { start: number; end: number; hidden: Hidden }[] }[] {
  const out: { text: string; runs: { start: number; end: number; hidden: Hidden }[] }[] = [];
  let text = '';
  let runs: { start: number; end: number; hidden: Hidden }[] = [];
  let lastY: number | undefined;
  let lastEnd: number | undefined;
  const flush = (): void => {
    if (/\S/.test(text)) out.push({ text, runs });
    text = '';
    runs = [];
    lastEnd = undefined;
  };
  for (const item of items) {
    if (typeof item.str !== 'string') continue;
    const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = item.transform;
    if (lastY !== undefined && Math.abs(f - lastY) > Math.max(2, Math.abs(d) * 0.5) && text) flush();
    const n = item.str.length;
    const ux = Math.hypot(a, b) || 1;
    const vy = Math.hypot(c, d) || 1;
    const height = item.height || vy;
    // two runs on one line with a gap between them are two words, even when no space was drawn
    if (text && lastY !== undefined && lastEnd !== undefined && e - lastEnd > height * 0.15 && !/\s$/.test(text) && !/^\s/.test(item.str)) text += ' ';
    lastY = f;
    lastEnd = e + (a / ux) * item.width;
    for (let i = 0; i < n; i++) {
      // the centre of character i, spread evenly along the item's width
      const along = (item.width * (i + 0.5)) / Math.max(1, n);
      const x = e + (a / ux) * along + (c / vy) * height * 0.35;
      const y = f + (b / ux) * along + (d / vy) * height * 0.35;
      const hidden: Hidden | undefined = inside(covered, x, y) ? 'covered-text' : inside(camouflaged, x, y) ? 'hidden-text' : undefined;
      const at = text.length;
      text += item.str[i];
      if (!hidden) continue;
      const last = runs[runs.length - 1];
      if (last && last.hidden === hidden && last.end === at) last.end = at + 1;
      else runs.push({ start: at, end: at + 1, hidden });
    }
    if (item.hasEOL) flush();
  }
  flush();
  return out;
}

async function outlineTitles(doc: { getOutline(): Promise<unknown> }): Promise<Field[]> {
  const titles = new NamedValues(undefined, 'text');
  const walk = (items: { title?: string; items?: unknown[] }[] | null, depth: number): void => {
    for (const it of items ?? []) {
      if (titles.fields.length > 10_000 || depth > 50) return;
      titles.add('bookmark', it.title ?? '');
      walk(it.items as { title?: string; items?: unknown[] }[], depth + 1);
    }
  };
  walk((await doc.getOutline().catch(() => null)) as { title?: string; items?: unknown[] }[] | null, 0);
  return titles.fields;
}

async function properties(doc: { getMetadata(): Promise<{ info: unknown; metadata: unknown }> }): Promise<Field[]> {
  const values = new NamedValues('metadata');
  const meta = await doc.getMetadata().catch(() => undefined);
  const info = (meta?.info ?? {}) as Record<string, unknown>;
  for (const [k, v] of Object.entries(info)) {
    if (typeof v === 'string' && !/^(?:PDFFormatVersion|Producer|CreationDate|ModDate|Trapped)$/.test(k)) values.add(k, v);
    else if (k === 'Custom' && v && typeof v === 'object') for (const [ck, cv] of Object.entries(v)) if (typeof cv === 'string') values.add(ck, cv);
  }
  // XMP metadata (dc:creator, pdf:Keywords…), iterable as [name, value] pairs
  const xmp = (meta?.metadata ?? []) as Iterable<[string, unknown]>;
  for (const [k, v] of xmp) {
    const s = Array.isArray(v) ? v.join('; ') : typeof v === 'string' ? v : '';
    if (s && !/date|producer|format|documentid|instanceid|version/i.test(k)) values.add(k, s);
  }
  return values.fields;
}

async function readAll(source: DocumentSource): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let n = 0;
  for await (const c of source.bytes()) {
    n += c.length;
    if (n > MAX_PDF_BYTES) throw new OfficeError('EOFFICELIMIT', `PDF over ${MAX_PDF_BYTES} bytes: too large to read`);
    chunks.push(c);
  }
  // an array of its own: PDF.js takes (detaches) the buffer it is given, which must not be Node's shared pool
  const all = new Uint8Array(n);
  let at0 = 0;
  for (const c of chunks) {
    all.set(c, at0);
    at0 += c.length;
  }
  return all;
}
