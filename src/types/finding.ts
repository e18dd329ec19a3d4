// What detection finds: raw matches (until filter masks them), findings as reported, problems.
import type { Field } from './source.js';
import type { Category, Confidence, Hidden, Severity } from './vocabulary.js';

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

/**
 * A finding with its run-wide value key (a keyed hash of its value: values made public elsewhere
 * in the run are left out by it), carried together so that no stage keeps two arrays in step.
 */
export interface KeyedFinding {
  finding: Finding;
  key: string;
  /**
   * The JSON top-level value (NDJSON record) the finding's field is in, from 0, whose label begins
   * the finding's labels (`field`, `evidence.fieldName`): a part of a file counts its records from
   * 0, and the join moves them on with this number (shared/record-label.ts), not by reading them.
   */
  record?: number;
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
