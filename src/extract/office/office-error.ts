/**
 * Why a document could not be read: the run names the file and exits 2. The codes are part of the
 * JSON report's `errors` (`ELEGACY`: an old binary format to save again as .xlsx/.docx;
 * `EENCRYPTED`: a password-protected file; `EIMAGEPAGE`: a PDF page with no text layer;
 * `EUNREADABLE`: a corrupt file or part; `EOFFICELIMIT`: past a size or nesting limit).
 */
export class OfficeError extends Error {
  constructor(readonly code: 'ELEGACY' | 'EENCRYPTED' | 'EIMAGEPAGE' | 'EUNREADABLE' | 'EOFFICELIMIT' | 'EEMBEDDED', message: string) {
    super(message);
    this.name = 'OfficeError';
  }
}
