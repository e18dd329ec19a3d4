import type { TextFormat } from './format.js';

/** CSV and TSV (RFC 4180): a header row names the columns; a headerless export is told from its rows. */
export const csv: TextFormat = {
  kind: 'text',
  id: 'csv',
  title: 'CSV, TSV',
  extensions: ['.csv', '.tsv', '.tab'],
  reads: 'every cell, judged with its column header; header names themselves; a headerless export labels its columns `#1`, `#2`…',
  delimiter: (ext) => (ext === '.tsv' || ext === '.tab' ? '\t' : undefined),
  load: async () => {
    const { CsvExtractor } = await import('../extract/csv.js');
    return (o) => new CsvExtractor(o.delimiter, o.onHeader, o.findsData, o.onList);
  },
};
