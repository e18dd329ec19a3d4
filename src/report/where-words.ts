import type { Finding, Hidden } from '../types.js';

const WORDS: Record<Hidden, string> = {
  sheet: 'in hidden sheet',
  row: 'in a hidden row',
  column: 'in a hidden column',
  'pivot-cache': 'in a pivot cache: the rows behind a pivot table, kept in the file',
  comment: 'in a comment',
  'tracked-deletion': 'in deleted text of a tracked change, still in the file',
  'covered-text': 'under a box drawn over it: covered, not removed',
  metadata: 'in the document properties',
  'hidden-text': 'in text formatted as hidden',
  'defined-name': 'in a defined name',
  'chart-cache': "in a chart's cached data",
  'external-link': "in an external link's cached cells",
  'number-format': "in a cell whose number format ';;;' hides it",
  'embedded-file': 'in an embedded file',
  'earlier-revision': 'in an earlier revision of the PDF, still in the file after an incremental save',
};

/**
 * Where a finding in a document sits, in words, for the text report: `C14, in hidden sheet
 * 'Staff'`, `page 3, under a box drawn over it`. Empty for a finding in a plain text file.
 */
export function describePlace(f: Finding): string {
  const parts: string[] = [];
  if (f.cell) parts.push(f.cell);
  if (f.page) parts.push(`page ${f.page}`);
  if (f.hidden) {
    const part = f.file.includes('!/') ? f.file.slice(f.file.lastIndexOf('!/') + 2) : '';
    if (f.hidden === 'sheet') parts.push(`${WORDS.sheet} '${part}'`);
    else if (f.hidden === 'row') parts.push(`in hidden row ${f.line}`);
    else parts.push(WORDS[f.hidden]);
  }
  return parts.join(', ');
}

/** The document a finding is in: `book.xlsx` for `book.xlsx!/Staff` (an archive's entries stay files of their own). */
export { documentOf } from '../formats/registry.js';
