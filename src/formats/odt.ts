import type { DocumentFormat } from './format.js';

/** An OpenDocument text (ODF 1.2), zipped or flat XML. */
export const odt: DocumentFormat = {
  kind: 'document',
  id: 'odt',
  title: 'LibreOffice Writer; `.fodt`',
  extensions: ['.odt', '.ott', '.fodt'],
  reads: 'paragraphs and headings, tables with header rows, text boxes, footnotes and endnotes, comments, deleted text kept by change tracking (in the change list, or in the paragraph between change marks as LibreOffice writes it), hidden text (hidden paragraphs and sections, styles with `text:display="none"`), page headers and footers, link targets, properties',
  hidden: ['tracked-deletion', 'hidden-text', 'comment', 'metadata'],
  package: { mimetype: /opendocument\.text/ },
};
