import type { DocumentFormat } from './format.js';

/** An OpenDocument spreadsheet (ODF 1.2), zipped or flat XML. */
export const ods: DocumentFormat = {
  kind: 'document',
  id: 'ods',
  title: 'LibreOffice Calc; `.fods` flat XML',
  extensions: ['.ods', '.ots', '.fods'],
  reads: 'every sheet (hidden by its table style too), hidden and filtered rows and columns, values (numbers from `office:value`, a shown text that keeps leading zeros preferred, dates), comments and authors, named ranges, text boxes, charts\' tables, properties',
  hidden: ['sheet', 'row', 'column', 'comment', 'chart-cache', 'metadata'],
  package: { mimetype: /opendocument\.spreadsheet/ },
};
