import type { DocumentKind } from '../types.js';

export type { DocumentKind };

/** What the first bytes of a file are: a zip, a PDF, an OLE compound file (legacy or encrypted Office), or else. */
export function sniffContainer(head: Uint8Array): 'zip' | 'pdf' | 'cfb' | 'xml' | undefined {
  if (head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5) && (head[3] === 4 || head[3] === 6)) return 'zip';
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0 && head[4] === 0xa1 && head[5] === 0xb1 && head[6] === 0x1a && head[7] === 0xe1) return 'cfb';
  // a PDF header may come after some junk: readers look in the first 1,024 bytes (ISO 32000-1, annex H.3)
  const start = Buffer.from(head.subarray(0, 1024)).indexOf('%PDF-');
  if (start !== -1) return 'pdf';
  if (/^\s*(?:\uFEFF)?<\?xml/.test(Buffer.from(head.subarray(0, 64)).toString('utf8'))) return 'xml';
  return undefined;
}
