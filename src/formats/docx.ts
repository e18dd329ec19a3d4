import type { DocumentFormat } from './format.js';

/** A Word document (Office Open XML, ISO/IEC 29500). */
export const docx: DocumentFormat = {
  kind: 'document',
  id: 'docx',
  title: "Word; LibreOffice's output tested too",
  extensions: ['.docx', '.docm', '.dotx', '.dotm'],
  reads: 'body paragraphs; tables, each cell judged with its column\'s header row; text boxes (once, not twice with their VML copy); **deleted text of tracked changes** (`w:del`, `w:moveFrom`); hidden text (`w:vanish`, or a style that hides); headers and footers (`memo.docx!/header1`); footnotes and endnotes; comments; authors of comments and changes; hyperlink targets; properties; charts\' caches; embedded workbooks',
  hidden: ['tracked-deletion', 'hidden-text', 'comment', 'metadata', 'chart-cache'],
  package: { prefix: 'word/' },
};
