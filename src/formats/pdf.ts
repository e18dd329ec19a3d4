import type { DocumentFormat } from './format.js';

/** A PDF (ISO 32000). */
export const pdf: DocumentFormat = {
  kind: 'document',
  id: 'pdf',
  title: 'PDF.js',
  extensions: ['.pdf'],
  reads: 'the text of every page, line by line (`page` in the finding); **text under a box drawn over it** (a "redaction" that only paints a black box, or a black rectangle comment: `covered-text`) and text in the colour of what is under it (white on white: `hidden-text`); annotations (comments and their authors), form-field values judged with the field\'s name, link targets, bookmarks, metadata (document information and XMP); **earlier revisions**: the lines an incremental save removed, still in the file (`doc.pdf!/earlier revision 1`)',
  hidden: ['covered-text', 'hidden-text', 'earlier-revision', 'comment', 'metadata'],
};
