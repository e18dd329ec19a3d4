import type { DocumentFormat } from './format.js';

/**
 * Excel 97-2003, Excel binary and Word 97-2003 files: no maintained pure-JS reader does them
 * safely, so they are an error (`ELEGACY`), never a pass.
 */
export const legacy: DocumentFormat = {
  kind: 'document',
  id: 'legacy',
  title: 'Excel 97-2003, Excel binary, Word 97-2003',
  extensions: ['.xls', '.xlt', '.xlsb', '.doc', '.dot'],
  reads: 'nothing: an error (`ELEGACY`); save it as `.xlsx` or `.docx`',
  hidden: [],
};
