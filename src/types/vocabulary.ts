// The closed lists every stage shares: severities, confidences, categories, formats, hiding places.

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CONFIDENCES = ['high', 'medium', 'low'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

/** The categories of DESIGN.md; part of the JSON report's contract. */
export const CATEGORIES = [
  'person-name', 'address', 'postcode', 'phone', 'email', 'date-of-birth', 'nino', 'nhs-number',
  'passport', 'driving-licence', 'vehicle-registration', 'payment-card', 'bank-account', 'iban',
  'ip-address', 'pnc-id', 'crime-reference', 'secret', 'sensitive-field', 'unexpected-field',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** Formats read as text, through an extractor; each is a module of src/formats/. */
export const FORMATS = ['csv', 'json', 'ndjson', 'html', 'text'] as const;
export type Format = (typeof FORMATS)[number];

/**
 * Where a value hides in a document: a hidden sheet, row or column, a pivot cache, a comment,
 * deleted text of a tracked change, text under a drawn box in a PDF, document properties…
 * Part of the JSON report's contract (DESIGN.md).
 */
export const HIDING_PLACES = [
  'sheet', 'row', 'column', 'pivot-cache', 'comment', 'tracked-deletion', 'covered-text', 'metadata',
  'hidden-text', 'defined-name', 'chart-cache', 'external-link', 'number-format', 'embedded-file', 'earlier-revision',
] as const;
export type Hidden = (typeof HIDING_PLACES)[number];

/**
 * Documents read by readers of their own (`legacy`: formats that cannot be read, an error); their
 * findings are shown in parts, `book.xlsx!/Sheet1`. Their extensions are in src/formats/.
 */
export const DOCUMENT_KINDS = ['xlsx', 'docx', 'ods', 'odt', 'pdf', 'legacy'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** Where in a document a piece of text sits; 'name' is a file, folder or archive entry's own name. */
export type Where = 'cell' | 'header' | 'key' | 'value' | 'text' | 'attribute' | 'comment' | 'script' | 'meta' | 'name';
