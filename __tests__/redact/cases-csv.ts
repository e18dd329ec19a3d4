// the Windows-1252 case export both redact tests round-trip, folder and zip

/**
 * Text in Windows-1252, as Excel writes CSV: ASCII as is, and the few other characters the
 * fixtures use mapped through the code page (https://www.unicode.org/Public/MAPPINGS/VENDORS/MICSFT/WINDOWS/CP1252.TXT).
 */
export const CP1252: Record<string, number> = { '£': 0xa3, '’': 0x92, '“': 0x93, '”': 0x94, 'é': 0xe9 };
export function cp1252(text: string): Buffer {
  return Buffer.from([...text].map((c) => (c.charCodeAt(0) < 0x80 ? c.charCodeAt(0) : CP1252[c]!)));
}

/** The inverse, by the same table (Node 20's TextDecoder reads windows-1252 as latin1: 0x93 → U+0093). */
export function fromCp1252(bytes: Uint8Array): string {
  const back = new Map(Object.entries(CP1252).map(([c, b]) => [b, c]));
  return [...bytes].map((b) => back.get(b) ?? String.fromCharCode(b)).join('');
}

// an export as a case system writes it: CRLF, quoted cells over two lines, £ and curly quotes
export const CASES_CSV = [
  'Reference,Victim name,Notes,Amount',
  'ASB/24/0101,Mrs Jane Example,"Caller said: “it’s the £50 fence”\r\nPhone 07700 900123 after 6pm",£50',
  'ASB/24/0102,Unknown,"Two\r\nlines, “quoted”, café, nothing personal",£12.50',
  '',
].join('\r\n');
