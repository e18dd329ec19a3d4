import type { DocumentKind } from '../../types.js';
import type { DocBatch, DocumentSource, ReaderOptions } from './document-reader.js';
import { OfficeError } from './office-error.js';
import type { Parts } from './zip-parts.js';

const SAVE_AS: Record<string, string> = {
  xlsx: 'save it as .xlsx (Excel Workbook)',
  docx: 'save it as .docx (Word Document)',
  ods: 'save it as .ods',
  odt: 'save it as .odt',
  pdf: 'save it again as PDF',
  legacy: 'save it as .xlsx or .docx',
};

/**
 * Reads a document of a known kind into batches of Fields, checking first that its bytes are what
 * its name says: an Excel 97-2003 or Word 97-2003 file (an OLE compound file) and an encrypted
 * Office file (also one) cannot be read, and say what to do.
 */
export async function* readDocument(kind: DocumentKind, source: DocumentSource, opts: ReaderOptions = {}): AsyncGenerator<DocBatch> {
  const head = await firstBytes(source, 1024 * 1024);
  const container = sniffContainer(head);
  if (container === 'cfb') {
    // an encrypted OOXML file is an OLE compound file holding these streams (MS-OFFCRYPTO 2.3.4)
    const encrypted = Buffer.from(head).indexOf(Buffer.from('EncryptedPackage', 'utf16le')) !== -1 || Buffer.from(head).indexOf(Buffer.from('EncryptionInfo', 'utf16le')) !== -1;
    if (encrypted) throw new OfficeError('EENCRYPTED', 'password-protected (encrypted) document: cannot be read; remove the password (File › Info › Protect) and save it again, or leave it out of the bundle');
    throw new OfficeError('ELEGACY', `an Excel 97-2003 or Word 97-2003 file (OLE compound document): cannot be read; ${SAVE_AS[kind]}`);
  }
  if (kind === 'legacy') {
    throw new OfficeError('ELEGACY', `${container === 'zip' ? 'a zip package under an old Office extension' : 'an old-format Office file'}: cannot be read; save it as .xlsx or .docx`);
  }
  if (kind === 'pdf') {
    if (container !== 'pdf') throw new OfficeError('EUNREADABLE', 'not a PDF (no %PDF- header): cannot be read');
    const { readPdf } = await import('./pdf.js');
    yield* readPdf(source, opts);
    return;
  }
  const flat = container === 'xml' && (kind === 'ods' || kind === 'odt');
  if (container !== 'zip' && !flat) throw new OfficeError('EUNREADABLE', `not a ${kind} package (not a zip file): corrupt, truncated or misnamed; ${SAVE_AS[kind]}`);
  const parts = flat ? flatParts(source) : await source.parts();
  yield* readParts(kind, parts, opts);
}

/** Reads an opened package of a kind; embedded Office documents are read in turn, by their own kind. */
async function* readParts(kind: DocumentKind, parts: Parts, opts: ReaderOptions): AsyncGenerator<DocBatch> {
  const inner: ReaderOptions = { ...opts, readEmbedded: (p, name) => readParts(/\.doc[xm]$|\.dot[xm]$/i.test(name) ? 'docx' : 'xlsx', p, inner) };
  switch (kind) {
    case 'xlsx':
      yield* (await import('./xlsx.js')).readXlsx(parts, inner);
      return;
    case 'docx':
      yield* (await import('./docx.js')).readDocx(parts, inner);
      return;
    case 'ods':
      yield* (await import('./ods.js')).readOds(parts, inner);
      return;
    case 'odt':
      yield* (await import('./odt.js')).readOdt(parts, inner);
      return;
    default:
      throw new OfficeError('EUNREADABLE', `no reader for ${kind}`);
  }
}

/** A flat ODF document (`.fods`, `.fodt`: one XML file) seen as a package whose every part is that file. */
function flatParts(source: DocumentSource): Parts {
  const open = (): AsyncIterable<Uint8Array> => source.bytes();
  return {
    names: () => ['content.xml'],
    find: (name) => (/^(?:content|styles|meta)\.xml$/.test(name) ? name : undefined),
    size: () => 0,
    open,
    nested: () => Promise.reject(new OfficeError('EUNREADABLE', 'a flat document holds no parts')),
  };
}

async function firstBytes(source: DocumentSource, max: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let n = 0;
  const it = source.bytes()[Symbol.asyncIterator]();
  try {
    while (n < max) {
      const next = await it.next();
      if (next.done) break;
      chunks.push(Buffer.from(next.value));
      n += next.value.length;
    }
  } finally {
    await it.return?.();
  }
  return Buffer.concat(chunks).subarray(0, max);
}

/** What the first bytes of a file are: a zip, a PDF, an OLE compound file (legacy or encrypted Office), or else. */
function sniffContainer(head: Uint8Array): 'zip' | 'pdf' | 'cfb' | 'xml' | undefined {
  if (head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5) && (head[3] === 4 || head[3] === 6)) return 'zip';
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0 && head[4] === 0xa1 && head[5] === 0xb1 && head[6] === 0x1a && head[7] === 0xe1) return 'cfb';
  // a PDF header may come after some junk: readers look in the first 1,024 bytes (ISO 32000-1, annex H.3)
  const start = Buffer.from(head.subarray(0, 1024)).indexOf('%PDF-');
  if (start !== -1) return 'pdf';
  if (/^\s*(?:\uFEFF)?<\?xml/.test(Buffer.from(head.subarray(0, 64)).toString('utf8'))) return 'xml';
  return undefined;
}
