// Packs as written in their files, and as loaded.
import type { Category, Confidence, Severity } from './vocabulary.js';

/** An example of a rule: text that must (or must not) match, optionally under a field name. */
export type PackExample = string | { text: string; field?: string };

/** A rule as written in a pack file. */
export interface PackRule {
  id: string;
  /** Former ids, oldest first: still accepted wherever an id is named; fingerprints hash the oldest. */
  aliases?: string[];
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
  /** Former ids, oldest first: still accepted wherever an id is named; fingerprints hash the oldest. */
  aliases?: string[];
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
  /** Former ids, oldest first: still accepted wherever an id is named; fingerprints hash the oldest. */
  aliases?: string[];
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
   * What the row (a CSV record, or the value's JSON object) must describe: for each entry, some
   * column or key whose name (as lower-case words) matches the key regex holds a value matching
   * the value regex (ignoring case). `{"\\bwebsite\\b": "\\."}`: a row with a web address.
   */
  row?: Record<string, string>;
  /** Regex the matched value must not match (ignoring case): a mobile number, a free-mail domain. */
  valueNot?: string;
  /** Regex the field's text must match outside the value (`Dental Practice` beside a name, not the name's own `Hall`). */
  beside?: string;
  /**
   * The entry does not apply when the value names a person: an e-mail whose local part is a
   * given name (`jane.doe@`, `andrew@`), or a row whose name column holds a person's name.
   */
  unlessPerson?: boolean;
  /** Values the entry allows and values it must not, each with the field and row it sits in: the pack self-test runs them. */
  examples?: { allowed: AllowExample[]; notAllowed: AllowExample[] };
  /**
   * Ids of the shapes (`police-uk-public.api-neighbourhood`) the entry applies in: only in a file
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

/** A value an allow entry is tested on: its category, the field it sits under and the other cells of its row. */
export interface AllowExample {
  category: Category;
  value: string;
  /** The whole text of the field, when the value is part of it (default: the value). */
  text?: string;
  field?: string;
  row?: Record<string, string>;
}

/**
 * The expected columns (CSV) or key paths (JSON) of a known file shape, such as police.uk's
 * street-level crime CSV. A file recognised as the shape that carries anything else gets an
 * `unexpected-field` finding; values a column is known to hold are public and need no scanning.
 */
export interface PackShape {
  id: string;
  /** Former ids, oldest first: still accepted wherever an id is named; fingerprints hash the oldest. */
  aliases?: string[];
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
  /** Named regex pieces that any regex of this pack uses as `{{name}}` (expanded when compiled). */
  fragments?: Record<string, string>;
  /** Named word lists (lower-case): the vocabulary of the built-in name and date checks. */
  lists?: Record<string, string[]>;
  /** Regexes of whole values (ignoring case) that stand for "nothing here" under a sensitive name. */
  placeholders?: string[];
  /** The shape a value under a sensitive name must have to be that category's data. */
  plausible?: { category: Category; pattern: string; flags?: string; description?: string }[];
  /** Categories whose finding makes a finding of other categories inside it redundant. */
  covers?: { category: Category; covers: Category[]; description?: string }[];
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
