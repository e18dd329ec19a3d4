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
 * Office documents and PDFs by extension, read by readers of their own (`legacy`: formats that
 * cannot be read, an error); their findings are shown in parts, `book.xlsx!/Sheet1`.
 */
export const DOCUMENT_EXTENSIONS = {
  '.xlsx': 'xlsx', '.xlsm': 'xlsx', '.xltx': 'xlsx', '.xltm': 'xlsx',
  '.docx': 'docx', '.docm': 'docx', '.dotx': 'docx', '.dotm': 'docx',
  '.ods': 'ods', '.ots': 'ods', '.fods': 'ods',
  '.odt': 'odt', '.ott': 'odt', '.fodt': 'odt',
  '.pdf': 'pdf',
  '.xls': 'legacy', '.xlt': 'legacy', '.xlsb': 'legacy', '.doc': 'legacy', '.dot': 'legacy',
} as const;
export type DocumentKind = (typeof DOCUMENT_EXTENSIONS)[keyof typeof DOCUMENT_EXTENSIONS];

/** A display path inside a document (`bundle.zip!/book.xlsx!/Staff`): group 1 is the outermost document's path. */
export const IN_DOCUMENT = new RegExp(`^(.*?(?:${Object.keys(DOCUMENT_EXTENSIONS).map((e) => `\\${e}`).join('|')}))!/`, 'i');

/** Where in a document a piece of text sits; 'name' is a file, folder or archive entry's own name. */
export type Where = 'cell' | 'header' | 'key' | 'value' | 'text' | 'attribute' | 'comment' | 'script' | 'meta' | 'name';
