import type { Readable } from 'node:stream';
import type { ColumnEvidence } from './detect/column-verdicts.js';
import { ColumnJudge, type PartMode } from './detect/columns.js';
import { createDetector, type Detector } from './detect/detect.js';
import type { ShapeKeys } from './detect/shapes.js';
import type { ExtractWarning, ListSink } from './extract/extractor.js';
import { fieldContext } from './extract/field-context.js';
import { newField } from './extract/new-field.js';
import { type Filtered, type FilterOptions, valueKeyer } from './filter/filter.js';
import { RecentKeys } from './filter/recent-keys.js';
import { TextMasker } from './filter/text-mask.js';
import { normalizeFields } from './normalize/normalize.js';
import type { Encoding } from './read/decode.js';
import { detachOnce } from './scan-heap.js';
import type { Category, Confidence, Field, Format, KeyedFinding, Problem, RawMatch, Ruleset } from './types.js';

// What scanning a source needs and gives, the same on every thread, for scan and redaction: the
// context (ruleset, detector, masker, keys, settings), the result a worker sends back, the hooks
// findings go to, and the small steps every reader shares (filter options, handing findings on).

/** What scanning a source needs, the same in the main thread and in a worker thread. */
export interface SourceScanContext {
  ruleset: Ruleset;
  detector: Detector;
  /** Masks findings inside labels and names (built on the detector). */
  masker: TextMasker;
  /** The key of fingerprints (and baselines): the project's, never written anywhere. */
  fingerprintKey: Buffer;
  valueKey: (category: Category, value: string) => string;
  showValues: boolean;
  verbose: boolean;
  minConfidence: Confidence;
  maxFileSize?: number;
  /** PDF pages with no text layer are accepted (not read), not errors. */
  acceptImagePages?: boolean;
  stdin?: () => Readable;
  /** Kinds the config accepts unread (`"accept": ["image"]`): reported, not errors. */
  accept?: readonly string[];
  /** Containers found by their bytes are opened (default); redaction, which cannot rewrite them, refuses them. */
  openContainers?: boolean;
}

/**
 * What scanning one source (or one part of a file) comes to, as plain data a worker can send
 * back. The findings themselves went to `onFindings` as they were made.
 */
export interface FileResult {
  /** Findings made (and handed over). */
  found: number;
  publicKeys: string[];
  suppressed: number;
  bytes: number;
  /** Files scanned or judged: 1 for a file, its members for a container read here (a tar, a .gz). */
  files: number;
  warnings: Problem[];
  /** Files (or members) that could not be scanned. */
  errors: Problem[];
  /** Set when a part of a file was scanned; the scan joins the parts. */
  part?: PartResult;
}

/** A result with nothing in it yet. */
export function emptyResult(): FileResult {
  return { found: 0, publicKeys: [], suppressed: 0, bytes: 0, files: 0, warnings: [], errors: [] };
}

/** What joining the parts of a file needs from each. */
export interface PartResult {
  /** Line numbers the part's parser started and ended on (its findings are numbered from `startLine`). */
  startLine: number;
  endLine: number;
  /** JSON, cut between records on a line: the column the part's parser started and ended at (the others start a line). */
  startColumn?: number;
  endColumn?: number;
  /** JSON: the label of the array of records the part was cut in (`$.cases`), whose elements it counts from 0. */
  recordsLabel?: string;
  /** False when the part did not end on a record boundary (a quoted cell ran across the split). */
  idle: boolean;
  /** Records (NDJSON; JSON: of the array cut) counted before the part and at its end: the parts after it count on from there. */
  startRecords: number;
  endRecords: number;
  /**
   * The part met values whose allowance depends on the file's shape, known only at its end, or a
   * sensitive name it saw no data under: the scan reads the file again whole (raw values never
   * leave the thread that found them).
   */
  deferred: boolean;
  /** Structural warnings, their lines numbered like the findings' (from `startLine`). */
  warnings: ExtractWarning[];
  replaced: number;
  nuls: number;
  /** JSON key paths seen (NDJSON): the file's shape is judged on all parts' keys. */
  shapeKeys: ShapeKeys;
  /**
   * Sensitive names (a CSV header, in the first part) no value of this part showed data under,
   * filtered and keyed, by slot; and the slots this part's values released. The join reports a
   * held name when some part released its slot (detect/name-hold.ts).
   */
  names: { held: { slot: string; found: KeyedFinding[]; suppressed: number }[]; released: string[] };
  /**
   * What the part saw of its neutral columns and how it judged them: the join judges them on the
   * whole file and checks the part's verdicts. A column the part left to the join has, per test, the
   * findings it makes if the file judges it of that test, filtered and keyed; with `name`, the
   * finding of that name, reported when this part is the first to have it.
   */
  columns: ColumnEvidence & { held: { id: string; test: number; name?: string; found: KeyedFinding[]; suppressed: number }[] };
}

/** Where a scan's findings go, and for redaction, which needs more of a scan: the text and the raw matches. */
export interface SourceHooks {
  /**
   * Each batch of findings, with their run-wide value keys, as they are made, and the file they
   * are in (as scanned and as shown): a container's members and a document's parts
   * (`book.xlsx!/Sheet1`) are files of their own.
   */
  onFindings?(found: KeyedFinding[], file: string, shown: string): void;
  /** Awaited after each chunk: a receiver that cannot keep up holds the scan back. */
  ready?(): Promise<void> | undefined;
  /** What the source turned out to be, once opened (never called for a binary file). */
  onOpen?(what: { format: Format; encoding: Encoding; delimiter?: string }): void;
  /** Each decoded chunk, in order: their concatenation is the text match offsets point into. */
  onText?(chunk: string): void;
  /** Each batch's matches before filtering, and what the filter made of them. */
  onFiltered?(matches: RawMatch[], filtered: Filtered): void;
  /** Each value that shows data under a sensitive name (what makes the name a finding), and that name. */
  onNamedData?(value: Field, name: Field): void;
  /** Each CSV record's cells and JSON object's members, with their spans (see ListSink). */
  onList?: ListSink;
}

/** How a run scans and reports, as plain data: the same on every thread (a worker is sent it). */
export interface ScanSettings {
  showValues: boolean;
  verbose: boolean;
  minConfidence: Confidence;
  maxFileSize?: number;
  /** PDF pages with no text layer are accepted (not read), not errors. */
  acceptImagePages?: boolean;
  /** Kinds the config accepts unread. */
  accept?: string[];
}

/** The keys of a run: the value key (public values compare across threads) and the fingerprints' key. */
export interface RunKeys {
  valueKey: Uint8Array;
  fingerprintKey: Uint8Array;
}

/** A run's settings from its options: the defaults filled in, what is not set left out. */
export function scanSettings(o: { showValues?: boolean; verbose?: boolean; minConfidence?: Confidence; maxFileSize?: number; acceptImagePages?: boolean; accept?: readonly string[] }): ScanSettings {
  return {
    showValues: o.showValues ?? false,
    verbose: o.verbose ?? false,
    minConfidence: o.minConfidence ?? 'low',
    ...(o.maxFileSize !== undefined ? { maxFileSize: o.maxFileSize } : {}),
    ...(o.acceptImagePages ? { acceptImagePages: true } : {}),
    ...(o.accept?.length ? { accept: [...o.accept] } : {}),
  };
}

/**
 * The context a thread scans sources with, built the same way on the main thread, in a worker
 * and for redaction: the ruleset's detector, the masker built on it, the run's keys and settings.
 * The caller closes `detector` when done.
 */
export function buildScanContext(ruleset: Ruleset, settings: ScanSettings, keys: RunKeys, stdin?: () => Readable): SourceScanContext {
  detachOnce();
  const detector = createDetector(ruleset);
  return {
    ruleset,
    detector,
    masker: createMasker(detector),
    fingerprintKey: Buffer.from(keys.fingerprintKey),
    valueKey: valueKeyer(Buffer.from(keys.valueKey)),
    ...settings,
    ...(stdin ? { stdin } : {}),
  };
}

/** The judge of a file's (or a part's) neutral columns, with the ruleset's column tests. */
export function newColumnJudge(ctx: SourceScanContext, part?: PartMode): ColumnJudge {
  return new ColumnJudge(ctx.ruleset.columns ?? [], (f) => ctx.detector.named(f), ctx.ruleset.knowledge?.placeholder, part);
}

/**
 * The masker of labels, names and messages: the same normalisation and rules as the data, so a
 * label is masked exactly where a value would be found.
 */
export function createMasker(detector: Detector): TextMasker {
  return new TextMasker((text) => {
    const normal = normalizeFields([nameField(text)]);
    return detector.detect(normal.fields, normal.joined);
  });
}

/** A label's or name's context: judged by the pattern rules alone. Every key of a JSON field's context is set, in its order (one shape, issue 16). */
const NAME_CONTEXT = fieldContext('name');

/**
 * A label or name as a field to judge (TextMasker.matches, scanNames): of the shape of JSON's and
 * pages' fields (newField), not one of its own, which the detector, optimised on the names
 * scanned first, was thrown away and compiled again on meeting the files' fields (issue 16).
 */
export function nameField(text: string): Field {
  return newField(text, 1, 1, 0, NAME_CONTEXT, undefined, undefined, undefined);
}

/** The filter's options for one file: how it is shown, the keys, and what to report. */
export function filterOptions(ctx: SourceScanContext, file: string, shown = ctx.masker.path(file)): FilterOptions {
  return {
    file,
    shown,
    masker: ctx.masker,
    fingerprintKey: ctx.fingerprintKey,
    showValues: ctx.showValues,
    verbose: ctx.verbose,
    valueKey: ctx.valueKey,
    seen: new RecentKeys(),
    minConfidence: ctx.minConfidence,
  };
}

/** Hands a batch's filtered findings on, and adds its counts to a result. */
export function addFiltered(result: FileResult, filtered: Filtered, hooks: SourceHooks, opts: Pick<FilterOptions, 'file' | 'shown'>): void {
  if (filtered.findings.length > 0) hooks.onFindings?.(filtered.findings, opts.file, opts.shown);
  result.found += filtered.findings.length;
  for (const k of filtered.publicKeys) result.publicKeys.push(k);
  for (const n of filtered.suppressed.values()) result.suppressed += n;
}

/**
 * The warnings of a text with bytes not valid in its encoding (EDECODE), or with NUL characters,
 * which were dropped (ENUL): a stray NUL, or a UTF-16 section inside a UTF-8 file.
 */
export function decodeWarnings(file: string, stats: { replaced: number; nuls: number }, encoding: string): Problem[] {
  const out: Problem[] = [];
  if (stats.replaced > 0) out.push({ file, code: 'EDECODE', message: `${stats.replaced} byte sequence(s) not valid ${encoding}; scanned with replacement characters` });
  if (stats.nuls > 0) {
    out.push({ file, code: 'ENUL', message: `${stats.nuls} NUL byte(s) (a stray NUL, or a UTF-16 section in ${encoding} text): scanned as text without them; columns after them on their line count without them` });
  }
  return out;
}
