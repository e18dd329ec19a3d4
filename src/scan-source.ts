import type { Readable } from 'node:stream';
import type { Detector } from './detect/detect.js';
import { RuleTimeoutError } from './detect/rule-guard.js';
import { ShapeCheck, type ShapeKeys } from './detect/shapes.js';
import { createExtractor } from './extract/create-extractor.js';
import type { ExtractWarning } from './extract/extractor.js';
import { type Filtered, filterMatches } from './filter/filter.js';
import type { Encoding } from './read/decode.js';
import { documentKind } from './read/document-kind.js';
import { type FilePart, openPart, openSource, type OpenedSource, ReadError } from './read/read-source.js';
import type { Category, Confidence, Field, Finding, Format, Problem, RawMatch, Ruleset, SourceRef } from './types.js';

/** What scanning a source needs, the same in the main thread and in a worker thread. */
export interface SourceScanContext {
  ruleset: Ruleset;
  detector: Detector;
  valueKey: (category: Category, value: string) => string;
  showValues: boolean;
  verbose: boolean;
  minConfidence: Confidence;
  maxFileSize?: number;
  /** PDF pages with no text layer are accepted (not read), not errors. */
  acceptImagePages?: boolean;
  /** Key of the baseline in use: findings carry their baseline hash for the scan to apply. */
  baselineKey?: Buffer;
  stdin?: () => Readable;
}

/** The findings of one source (or one part of a file), as plain data a worker can send back. */
export interface FileResult {
  findings: Finding[];
  /** Per finding: the run-wide value key, and the baseline hash (when a baseline is in use). */
  keys: string[];
  hashes: string[];
  publicKeys: string[];
  suppressed: number;
  bytes: number;
  warnings: Problem[];
  error?: Problem;
  /** Set when a part of a file was scanned; the scan joins the parts. */
  part?: PartResult;
}

/** What joining the parts of a file needs from each. */
export interface PartResult {
  /** Line numbers the part's parser started and ended on (its findings are numbered from `startLine`). */
  startLine: number;
  endLine: number;
  /** False when the part did not end on a record boundary (a quoted cell ran across the split). */
  idle: boolean;
  /** Records (NDJSON) before the part and at its end, for `$[n]` labels. */
  startRecords: number;
  endRecords: number;
  /**
   * A warning that cannot be renumbered (a CSV parser gave up and went on as text): the file is
   * scanned again whole, to report exactly what a scan on one thread reports.
   */
  broken: boolean;
  /** Structural warnings, numbered like the findings. */
  warnings: ExtractWarning[];
  replaced: number;
  /** JSON key paths seen (NDJSON): the file's shape is judged on all parts' keys. */
  shapeKeys: ShapeKeys;
}

/** For redaction, which needs more of a scan than its findings: the text and the raw matches. */
export interface SourceHooks {
  /** What the source turned out to be, once opened (never called for a binary file). */
  onOpen?(what: { format: Format; encoding: Encoding; delimiter?: string }): void;
  /** Each decoded chunk, in order: their concatenation is the text match offsets point into. */
  onText?(chunk: string): void;
  /** Each batch's matches before filtering, and what the filter made of them. */
  onFiltered?(matches: RawMatch[], filtered: Filtered): void;
}

/** Codes of read errors reported as they are; any other is EUNREADABLE. */
const READ_CODES = new Set(['ENOENT', 'EACCES', 'EPERM', 'ETOOBIG', 'EZIPBOMB', 'EZIPLIMIT', 'EENCRYPTED']);

/**
 * One source through read → extract → detect → filter. With `part`, only that byte range of the
 * file, its parser first primed with the file's header record. Read errors and rule timeouts
 * become the result's error; anything else is a bug and is thrown.
 */
export async function scanSource(
  ref: SourceRef,
  ctx: SourceScanContext,
  onBytes: (bytes: number, findings: number) => void,
  part?: FilePart,
  hooks: SourceHooks = {},
): Promise<FileResult> {
  const file = ref.display;
  // Office documents and PDFs have readers of their own (loaded only when one is met)
  const document = part ? undefined : documentKind(file);
  if (document) return (await import('./scan-document.js')).scanDocument(ref, document, ctx, onBytes);
  const result: FileResult = { findings: [], keys: [], hashes: [], publicKeys: [], suppressed: 0, bytes: 0, warnings: [] };
  try {
    let opened: OpenedSource & { primer?: string };
    if (part) opened = await openPart(ref.fsPath!, part);
    else {
      const o = await openSource(ref, ctx.stdin, ctx.maxFileSize);
      if ('binary' in o) {
        result.bytes = o.bytes;
        result.warnings.push({ file, code: 'EBINARY', message: 'binary file (NUL bytes, not UTF-16): not scanned' });
        return result;
      }
      opened = o;
    }
    hooks.onOpen?.({ format: opened.format, encoding: opened.encoding, ...(opened.delimiter ? { delimiter: opened.delimiter } : {}) });
    const shapes = new ShapeCheck(ctx.ruleset.shapes);
    const extractor = await createExtractor(opened.format, {
      ...(opened.delimiter ? { delimiter: opened.delimiter } : {}),
      onHeader: (labels) => shapes.csvHeader(labels),
    });
    // matches are filtered batch by batch: raw values and the text they were cut from never pile up
    const filterOpts = {
      file,
      showValues: ctx.showValues,
      verbose: ctx.verbose,
      valueKey: ctx.valueKey,
      seen: new Set<string>(),
      minConfidence: ctx.minConfidence,
      ...(ctx.baselineKey ? { baselineKey: ctx.baselineKey } : {}),
    };
    const take = (matches: RawMatch[]): void => {
      if (matches.length === 0) return;
      const filtered = filterMatches(matches, ctx.ruleset, filterOpts);
      hooks.onFiltered?.(matches, filtered);
      addFiltered(result, filtered);
    };
    const inspect = (fields: Field[]): RawMatch[] => {
      const matches = ctx.detector.detect(fields);
      for (const m of shapes.observe(fields)) matches.push(m);
      return matches;
    };
    // a part's parser reads the header again, but only the first part reports what is in it
    if (opened.primer) extractor.push(opened.primer);
    const start = extractor.boundary?.() ?? { line: 1, records: 0 };
    let seen = 0;
    let told = 0;
    for await (const chunk of opened.chunks) {
      hooks.onText?.(chunk);
      for (const piece of pieces(chunk)) take(inspect(extractor.push(piece)));
      onBytes(opened.stats.bytes - seen, result.findings.length - told);
      seen = opened.stats.bytes;
      told = result.findings.length;
    }
    result.bytes = opened.stats.bytes;
    if (part) {
      const at = extractor.boundary!();
      const last = part.last;
      if (last) take(inspect(extractor.end()));
      result.part = {
        startLine: start.line,
        endLine: at.line,
        startRecords: start.records ?? 0,
        endRecords: at.records ?? 0,
        idle: last || at.idle,
        broken: extractor.warnings.some((w) => w.line === undefined),
        warnings: extractor.warnings,
        replaced: opened.stats.replaced,
        shapeKeys: shapes.keysSeen(),
      };
      return result;
    }
    take(inspect(extractor.end()));
    take(shapes.finish());
    for (const w of extractor.warnings) result.warnings.push({ file, code: w.code, message: w.message });
    const decodeWarning = undecodable(file, opened.stats.replaced, opened.encoding);
    if (decodeWarning) result.warnings.push(decodeWarning);
  } catch (e) {
    if (e instanceof RuleTimeoutError) {
      result.error = { file, code: e.code, message: e.message };
      return result;
    }
    if (!(e instanceof ReadError)) throw e;
    result.error = { file, code: READ_CODES.has(e.code) ? e.code : 'EUNREADABLE', message: e.message };
  }
  return result;
}

/** Text pushed to an extractor at a time (characters). */
const PIECE = 64 * 1024;

/**
 * A chunk cut into pieces, never between the two halves of a surrogate pair. Fields of a small
 * piece die young: those of a whole 1 MiB chunk outlived the young generation, were promoted
 * and drove the old generation (and the RSS) up between full collections.
 */
function* pieces(chunk: string): Generator<string> {
  if (chunk.length <= PIECE) {
    yield chunk;
    return;
  }
  for (let i = 0; i < chunk.length; ) {
    let end = Math.min(i + PIECE, chunk.length);
    const last = chunk.charCodeAt(end - 1);
    if (end < chunk.length && last >= 0xd800 && last <= 0xdbff) end--;
    yield chunk.slice(i, end);
    i = end;
  }
}

/** Adds a batch's filtered findings to a result. */
export function addFiltered(result: FileResult, filtered: Filtered): void {
  for (const f of filtered.findings) result.findings.push(f);
  for (const k of filtered.keys) result.keys.push(k);
  for (const h of filtered.hashes) result.hashes.push(h);
  for (const k of filtered.publicKeys) result.publicKeys.push(k);
  for (const n of filtered.suppressed.values()) result.suppressed += n;
}

/** The EDECODE warning for a file with bytes not valid in its encoding. */
export function undecodable(file: string, replaced: number, encoding: string): Problem | undefined {
  if (replaced === 0) return undefined;
  return { file, code: 'EDECODE', message: `${replaced} byte sequence(s) not valid ${encoding}; scanned with replacement characters` };
}
