// Packs compiled for a run: rules, field-name rules, allowances and shapes.
import type { AllowConfig } from './config.js';
import type { RawMatch } from './finding.js';
import type { Pack } from './pack.js';
import type { Category, Confidence, Severity } from './vocabulary.js';

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

/**
 * A first test of a validator's, cheap, run on a match before it is judged: true only when the
 * validator refuses the value (`text` the field's text or any text with no blank, letter or dash
 * right after the field's end; `index` the value's place in it).
 */
export type Refusal = (value: string, text: string, index: number) => boolean;

/**
 * A rule as the detector runs it. Every key is set, to undefined when the rule has none of it
 * (compileRule, in this order): rules with 12 sets of keys made the detector's reads of them
 * megamorphic, and each set first met after it was optimised threw its code away (issue 16).
 */
export interface CompiledRule {
  id: string;
  packId: string;
  category: Category;
  severity: Severity;
  confidence: Confidence;
  description: string;
  why: string | undefined;
  re: RegExp;
  valueGroup: boolean;
  prefilter: string | undefined;
  validator: Validator | undefined;
  validatorName: string | undefined;
  /** The validator's first test, which the search asks before a match is judged (detect/name-starts.ts). */
  refuses: Refusal | undefined;
  /** Keywords count only before the match (a label such as "DOB:"), or on both sides. */
  direction: 'before' | 'around';
  keywords: RegExp | undefined;
  exclude: RegExp | undefined;
  window: number;
  required: boolean;
  enable: Matcher | undefined;
  disable: Matcher | undefined;
  /** From a user pack: its regex runs in a worker under a time budget. */
  untrusted: boolean;
}

/**
 * How a column or JSON key with a neutral name ("Col3", "misc") is judged by its values: when most
 * of them pass `test`, the column holds this category, its values are reported and its name is a
 * sensitive field.
 */
export interface ColumnTest {
  category: Category;
  /** Severity of the values' findings. */
  severity: Severity;
  /** 0: not of the category; 1: written like one; 2: a clear one (for names: with a given name). */
  test(value: string): 0 | 1 | 2;
  /** Share of clear values (2) the column needs besides the share of values that pass. */
  clearShare: number;
  /**
   * Once the column is judged of the category, whether a value of it is one (default: `test` > 0).
   * A column of names reports "Easter Klocko" although Easter alone would keep a column of holidays from being judged of names.
   */
  member?(value: string): boolean;
  /**
   * A weak category (a bare nine-digit number): the column is judged of it only beside a column
   * of the same file judged to hold a stronger personal category (names, NHS numbers, phones).
   */
  weak?: boolean;
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
  /** Row conditions: a column-name matcher and a value matcher (see PackAllow.row). */
  row?: [Matcher, Matcher][];
  valueNot?: Matcher;
  beside?: Matcher;
  /** True when the match names a person (PackAllow.unlessPerson): the entry then does not apply. Bound by the pack compiler. */
  unlessPerson?: (m: RawMatch) => boolean;
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
  /** Every entry's id and former ids (and `shape.<id>` for shapes) → its id: how named ids are resolved. */
  ids: Map<string, string>;
  /**
   * The id a finding's fingerprint hashes, by finding rule id: its oldest alias, so that baselines
   * and SARIF alerts made before a rename still match. Absent: the id itself.
   */
  fingerprintIds: Map<string, string>;
  /** What the packs know about values beyond their rules; absent in a ruleset built by hand (then: none). */
  knowledge?: Knowledge;
  /** What a neutral column's values must be for the column to be judged of a category (none: no judging). */
  columns?: ColumnTest[];
  /** How to build this ruleset again (in a worker thread); absent when it was built by hand. */
  recipe?: RulesetRecipe;
}

/** The packs' `placeholders`, `plausible` and `covers`, compiled, and the role sibling keys. */
export interface Knowledge {
  /** A whole value that stands for "nothing here" (N/A, redacted, ---). */
  placeholder?: RegExp;
  /** The shape a value under a sensitive name must have, by category. */
  plausible: ReadonlyMap<Category, RegExp>;
  /** The categories a finding of the key category covers on the same span. */
  covers: ReadonlyMap<Category, ReadonlySet<Category>>;
  /** Sibling keys that give a JSON object's role (`{"role": "victim", "name": …}`), in order. */
  roleKeys: readonly string[];
}

/** Plain data from which a ruleset is rebuilt: the loaded (and checked) packs and the config's changes. */
export interface RulesetRecipe {
  packs: Pack[];
  /** Packs whose knowledge counts though their rules do not run (the built-ins under --no-default-packs). */
  knowledge?: Pack[];
  disable?: string[];
  severity?: Record<string, Severity>;
  /** The config's allowlist (its `allow` section) and the file it came from. */
  allow?: { config: AllowConfig; file: string };
  configName?: string;
}
