// The part of the project configuration that packs compile (the allowlist): a type of its own here
// so that a ruleset recipe can name it without types importing config.

import type { Category } from './vocabulary.js';

/** What the project allows; values are stored only as keyed hashes (`leakgate allow add`). */
export interface AllowConfig {
  /** The HMAC key of `values`, random per project (base64). */
  key?: string;
  values?: { hash: string; category?: Category; note?: string }[];
  patterns?: { value: string; categories?: Category[]; note?: string }[];
  /** Files (globs, relative to the scanned paths) whose findings are allowed. */
  paths?: string[];
  rules?: string[];
  /**
   * Field names (regexes over lower-case words) whose findings are allowed; with `file` (a glob
   * over paths as reports show them), only in the files it matches: `{ "file": "data/dentists.csv",
   * "field": "^telephone$" }`, the line a text or HTML report offers for a column public by design.
   */
  fields?: (string | { file: string; field: string; note?: string })[];
}
