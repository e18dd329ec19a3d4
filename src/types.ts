// The shared vocabulary of every stage. This module imports nothing.

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

/** One logical file to scan, before anything is read. */
export interface SourceRef {
  /** Path shown in reports: relative to the cwd, `-` style names for stdin, `a.zip!/x.csv` in archives. */
  display: string;
  /** Where to read the bytes from; absent for stdin. */
  fsPath?: string;
  /** Format forced by the caller (e.g. --stdin-filename); otherwise detected when read. */
  format?: Format;
  /** Set for standard input. */
  stdin?: boolean;
  /** A blob in the git index (--staged): its bytes come from git, not the working tree. */
  gitBlob?: { sha: string; repo: string };
  /** An entry of an archive: the archive on disk and the entry names down the nesting (none: a .gz). */
  archive?: { file: string; entries: string[] };
  /** A document its bytes showed (an Office package named .zip): read by that reader, whatever the name. */
  document?: DocumentKind;
}

/**
 * What a piece of text is, shared by every Field of one column, key path or attribute kind,
 * so that later stages can resolve it once and cache the answer.
 */
export interface FieldContext {
  where: Where;
  /** Label shown in findings: CSV header, JSON key path, HTML attribute or element. */
  label?: string;
  /** The leaf name split into lower-case words ("victimFullName" → "victim full name"). */
  name?: string;
  /** Words of the enclosing names (JSON parents, HTML element), for rules that need a role nearby. */
  within?: string;
  /** The key path with array indexes as [*] (`priorities[*].parties[*].name`), for path-scoped rules. */
  path?: string;
}

/** One piece of text to judge, with where it came from. */
export interface Field {
  text: string;
  /**
   * Where the field starts in the original: `raw[0]` when `raw` is set, otherwise `text[0]`.
   * `line` and `column` are 1-based; `offset` counts characters of the decoded file from 0.
   */
  line: number;
  column: number;
  offset: number;
  ctx: FieldContext;
  /** Label with the real array indexes (`$.priorities[3].issue`) when it differs per field. */
  label?: string;
  /**
   * When `text` is not a verbatim slice of the file (escapes, entities, joined HTML text):
   * the raw slice it came from, and for each index of `text` the index in `raw`.
   */
  raw?: string;
  offsets?: Int32Array;
  /** Scalar siblings of a JSON value (`type: "station"`), for public-by-design rules. */
  siblings?: Readonly<Record<string, string>>;
  /**
   * For a JSON key: what its value is. Only keys holding data ('scalar', 'array') are judged by
   * their name; a key holding an object names a group, and one holding null or "" holds nothing.
   */
  holds?: 'scalar' | 'array' | 'object' | 'empty';
  /** A spreadsheet cell (`C14`): `line` and `column` are then its row and column numbers. */
  cell?: string;
  /** A PDF page (1-based). */
  page?: number;
  /** Where the whole field hides (a cell of a hidden sheet, a comment…). */
  hidden?: Hidden;
  /** Stretches of `text` that hide while the rest shows (a deleted run inside a paragraph): [start, end). */
  hiddenRuns?: { start: number; end: number; hidden: Hidden }[];
}

/** Evidence for a finding, shown by --verbose and used to compute confidence. */
export interface Evidence {
  validator?: string;
  keyword?: string;
  fieldName?: string;
}

/** A rule that matched, with the raw value. Exists only between detect and filter. */
export interface RawMatch {
  ruleId: string;
  /** 'pattern': a rule's regex matched; 'name': a field name said it (the name itself, or a value under it). */
  kind: 'pattern' | 'name';
  category: Category;
  severity: Severity;
  confidence: Confidence;
  value: string;
  line: number;
  column: number;
  /** Offset of the value in the field text, and the field, for filters that look around it. */
  index: number;
  field: Field;
  evidence: Evidence;
}

/** A finding as reported: no raw value unless --show-values asked for it. */
export interface Finding {
  ruleId: string;
  category: Category;
  severity: Severity;
  confidence: Confidence;
  file: string;
  line: number;
  column: number;
  field?: string;
  masked: string;
  fingerprint: string;
  /** A spreadsheet cell (`C14`); `line` and `column` are its row and column numbers. */
  cell?: string;
  /** A PDF page (1-based). */
  page?: number;
  /** Where the value hid (`sheet`, `row`, `pivot-cache`, `covered-text`…). */
  hidden?: Hidden;
  value?: string;
  evidence?: Evidence;
  /**
   * 'name' for a finding in the name of a file, folder or archive entry (`file` is that path,
   * masked): `line` is then 0 and `column` counts characters of the path.
   */
  where?: 'name';
}

/** An error (file not scanned, exit 2) or a warning (scanned with a caveat). */
export interface Problem {
  file: string;
  code: string;
  message: string;
}

export interface Summary {
  files: number;
  bytes: number;
  findings: number;
  errors: number;
  warnings: number;
  suppressed: number;
  failOn: Severity | 'none';
  failed: boolean;
  durationMs: number;
}

export interface Report {
  version: 1;
  tool: { name: 'leakgate'; version: string };
  /** The config file in use (relative to the cwd; `package.json "leakgate"` for that key), or null for none. */
  config?: string | null;
  summary: Summary;
  findings: Finding[];
  errors: Problem[];
  warnings: Problem[];
}

/** What report formats need to know of the findings before writing the first one. */
export interface Tally {
  bySeverity: Record<Severity, number>;
  /** Findings per `file`, for formats that group by file (JUnit suites). */
  byFile: Map<string, number>;
  /** Files scanned that hold a finding, in their content or their own name. */
  filesWithFindings: number;
  /** Per rule id of a finding: its category and severity (SARIF describes every rule a result names). */
  rules: Map<string, { category: Category; severity: Severity }>;
  /** Some finding carries its raw value (--show-values). */
  withValues: boolean;
  /** Some finding sits in a document's cell or page, or where a document hides it. */
  withPlaces: boolean;
}

/**
 * A report whose findings are read as they are written out, in report order, instead of held in
 * memory: a run with millions of findings writes a report of any size in bounded memory.
 */
export interface ReportStream {
  version: 1;
  tool: { name: 'leakgate'; version: string };
  /** The config file in use, or null for none (see Report). */
  config?: string | null;
  summary: Summary;
  errors: Problem[];
  warnings: Problem[];
  tally: Tally;
  /** The findings in report order (file, line, column); each call reads them again from the start. */
  findings(): Iterable<Finding>;
}

/** An example of a rule: text that must (or must not) match, optionally under a field name. */
export type PackExample = string | { text: string; field?: string };

/** A rule as written in a pack file. */
export interface PackRule {
  id: string;
  category: Category;
  severity?: Severity;
  confidence?: Confidence;
  description: string;
  /** Why it matters: shown by `explain`, SARIF help and the HTML report. */
  why?: string;
  /** Regular-expression source; a named group `value` marks the part to report. */
  pattern: string;
  /** `i` (ignore case) and `u` (Unicode, for `\p{Lu}`) are allowed; `g` and `d` are added by the engine. */
  flags?: string;
  /** A literal that must occur in the text for the pattern to be tried (a cheap prefilter). */
  prefilter?: string;
  /** A named built-in check run on each candidate (`luhn`, `nhs`, `iban`…). */
  validator?: string;
  context?: {
    /** Words or phrases (ignoring case) that count as evidence within `window` characters. */
    keywords?: string[];
    /** Words that veto a match when they sit within `window` characters before it. */
    exclude?: string[];
    window?: number;
    /** When true, a match needs a keyword nearby or a field name that `fields.enable` accepts. */
    required?: boolean;
    /** Where keywords count: only before the match (labels such as "DOB:"), or around it (default). */
    direction?: 'before' | 'around';
  };
  fields?: {
    /** Field names (normalized words, a regex) that count as evidence for this rule. */
    enable?: string;
    /** Field names where this rule never fires. */
    disable?: string;
  };
  examples: { match: PackExample[]; noMatch: PackExample[] };
}

/** A field-name rule: a header, key or attribute whose name alone says personal data. */
export interface PackFieldRule {
  id: string;
  description: string;
  /** Regex over the field's name as lower-case words ("victim full name"). */
  name: string;
  /** Regex the enclosing names (JSON parents, a `role` sibling) must match as well. */
  within?: string;
  /** Category of the values under such a field; null when the name alone is the finding. */
  category: Category | null;
  severity?: Severity;
  examples?: { match: string[]; noMatch: string[] };
}

/** Something public by design, or allowed by a user: findings it covers are suppressed and counted. */
export interface PackAllow {
  id: string;
  description: string;
  /** Limits the entry to these categories (default: all) or rule ids. */
  categories?: Category[];
  rules?: string[];
  /** Regex the matched value must match (ignoring case). */
  value?: string;
  /** Regex the field's normalized key path must match (`locations[*].postcode`). */
  path?: string;
  /** Regex the field's name must match, as lower-case words (`location` for a CSV column "Location"). */
  field?: string;
  /** Regex the whole text of the field must match (`^On or near `). */
  text?: string;
  /** Phrases (ignoring case) that must occur within `window` characters before the value. */
  near?: string[];
  window?: number;
  /** Scalar siblings the value's JSON object must have: key → regex. */
  when?: Record<string, string>;
  /**
   * Ids of the shapes (`police-uk.api.neighbourhood`) the entry applies in: only in a file
   * recognised as one of them, with no unexpected field. Public-by-design allowances need one,
   * so that a `telephone` key or the words "police station" in any other file open no hole.
   */
  shapes?: string[];
  /**
   * The phone numbers, e-mail addresses, addresses and postcodes this entry allows (inside its
   * shapes, which it must name) are public wherever else they appear in the same run: a station's
   * postcode from neighbourhood data is public in the HTML page and the notes too.
   */
  propagate?: boolean;
}

/**
 * The expected columns (CSV) or key paths (JSON) of a known file shape, such as police.uk's
 * street-level crime CSV. A file recognised as the shape that carries anything else gets an
 * `unexpected-field` finding; values a column is known to hold are public and need no scanning.
 */
export interface PackShape {
  id: string;
  description: string;
  format: 'csv' | 'json';
  /** CSV: the header, in order; `value` is a regex (whole value) of what the column publishes. */
  columns?: { name: string; value?: string; optional?: boolean }[];
  /** JSON: key paths with array indexes as [*] (`locations[*].postcode`). */
  keys?: string[];
  /** JSON: key paths that, all present, make a file this shape. */
  match?: string[];
  /** Unexpected names tolerated (record ids such as `force_id`), a regex over the name's words. */
  tolerate?: string;
}

export interface PackFile {
  id: string;
  version: string;
  description: string;
  rules?: PackRule[];
  fields?: PackFieldRule[];
  allow?: PackAllow[];
  shapes?: PackShape[];
  /** Changes to other packs' rules: turned off, or given another severity. */
  overrides?: { rule: string; disable?: boolean; severity?: Severity }[];
}

/** A pack as loaded: its content and where it came from. */
export interface Pack {
  file: PackFile;
  source: string;
  builtin: boolean;
}

/** Where a candidate sits, for validators that look around it (a name's next word, say). */
export interface MatchContext {
  /** The whole field text and the candidate's offset in it. */
  text: string;
  index: number;
  /** Named groups of the pattern's match. */
  groups?: Readonly<Record<string, string | undefined>>;
}

/**
 * A regex as detection and filtering use it: a RegExp for the built-in packs, a guarded one
 * (tested under a time budget in a worker) for user packs and configs.
 */
export interface Matcher {
  test(text: string): boolean;
  readonly source: string;
}

/** A named check of a candidate value; the context is there for checks that need it. */
export type Validator = (value: string, ctx: MatchContext) => boolean;

export interface CompiledRule {
  id: string;
  packId: string;
  category: Category;
  severity: Severity;
  confidence: Confidence;
  description: string;
  why?: string;
  re: RegExp;
  valueGroup: boolean;
  prefilter?: string;
  validator?: Validator;
  validatorName?: string;
  /** Keywords count only before the match (a label such as "DOB:"), or on both sides. */
  direction: 'before' | 'around';
  keywords?: RegExp;
  exclude?: RegExp;
  window: number;
  required: boolean;
  enable?: Matcher;
  disable?: Matcher;
  /** From a user pack: its regex runs in a worker under a time budget. */
  untrusted: boolean;
}

export interface CompiledFieldRule {
  id: string;
  packId: string;
  category: Category | null;
  /** Severity of the name finding (sensitive-field), and of the values under it (their category's). */
  severity: Severity;
  valueSeverity: Severity;
  description: string;
  name: Matcher;
  within?: Matcher;
}

export interface CompiledAllow {
  id: string;
  packId: string;
  description: string;
  categories?: ReadonlySet<Category>;
  rules?: ReadonlySet<string>;
  value?: Matcher;
  path?: Matcher;
  field?: Matcher;
  text?: Matcher;
  near?: RegExp;
  window: number;
  when?: [string, Matcher][];
  /** Shape ids the entry is limited to (see PackAllow.shapes). */
  shapes?: ReadonlySet<string>;
  propagate: boolean;
  /** Values allowed by keyed hash only (config `allow.values`): the raw values are never stored. */
  hashed?: { key: Buffer; hashes: ReadonlySet<string> };
  /** Files (display paths) the entry covers. */
  files?: (file: string) => boolean;
}

export interface CompiledShape {
  id: string;
  packId: string;
  description: string;
  format: 'csv' | 'json';
  /** CSV columns by normalized name, with the regex of their public values. */
  columns: Map<string, { value?: Matcher; optional: boolean }>;
  keys: Set<string>;
  match: string[];
  tolerate?: Matcher;
}

/** Everything detection and filtering need, compiled once per run. */
export interface Ruleset {
  packs: Pack[];
  rules: CompiledRule[];
  fields: CompiledFieldRule[];
  allow: CompiledAllow[];
  shapes: CompiledShape[];
  /** How to build this ruleset again (in a worker thread); absent when it was built by hand. */
  recipe?: RulesetRecipe;
}

/** Plain data from which a ruleset is rebuilt: the loaded (and checked) packs and the config's changes. */
export interface RulesetRecipe {
  packs: Pack[];
  disable?: string[];
  severity?: Record<string, Severity>;
  /** The config's allowlist (its `allow` section) and the file it came from. */
  allow?: { config: import('./config/load-config.js').AllowConfig; file: string };
  configName?: string;
}
