import { Readable } from 'node:stream';
import { RuleTimeoutError } from './shared/rule-guard.js';
import { NameHold } from './detect/name-hold.js';
import { ShapeCheck } from './detect/shapes.js';
import type { ColumnJudge } from './detect/columns.js';
import { type Extractor, lineMessage } from './extract/extractor.js';
import { archiveOfName, createExtractor, documentKind, type ExtractorOptions } from './formats/registry.js';
import { normalizeFields } from './normalize/normalize.js';
import { filterMatches, type FilterOptions } from './filter/filter.js';
import { ArchiveError, type Budget } from './archive/archive.js';
import { openPart } from './read/read-part.js';
import { type FilePart, limitBytes, openBytes, openText, type OpenedSource, peek, ReadError, readWhole, sniffSource, wholeText } from './read/read-source.js';
import type { Member } from './scan-containers.js';
import { addFiltered, decodeWarnings, emptyResult, type FileResult, filterOptions, newColumnJudge, type SourceHooks, type SourceScanContext } from './scan-context.js';
import type { DocumentKind, Field, KeyedFinding, RawMatch, SourceRef } from './types.js';

/** Codes of read errors reported as they are; any other is EUNREADABLE. */
const READ_CODES = new Set(['ENOENT', 'EACCES', 'EPERM', 'ETOOBIG', 'EZIPBOMB', 'EZIPLIMIT', 'EENCRYPTED', 'EFORMAT']);

/**
 * One source through read → extract → detect → filter. Its first bytes say what it is: text is
 * scanned; a container (zip, tar, gzip, bzip2, xz) is opened and each member goes the same way;
 * any other kind is an error unless the config accepts it. With `part`, only that byte range of
 * a text file, its parser first primed with the file's header record. Read errors and rule
 * timeouts become the result's errors; anything else is a bug and is thrown.
 */
export async function scanSource(
  ref: SourceRef,
  ctx: SourceScanContext,
  onBytes: (bytes: number, findings: number) => void,
  part?: FilePart,
  hooks: SourceHooks = {},
): Promise<FileResult> {
  // Office documents and PDFs have readers of their own (loaded only when one is met)
  const document = part ? undefined : ref.document ?? documentKind(ref.display);
  if (document) return (await import('./scan-document.js')).scanDocument(ref, document, ctx, onBytes, hooks);
  const result = emptyResult();
  if (part) {
    result.files = 1;
    await guarded(ref.display, result, async () => scanText(ref.display, await openPart(ref.fsPath!, part), ctx, onBytes, result, hooks, part));
    return result;
  }
  const member: Member = {
    display: ref.display,
    name: ref.display,
    bytes: () => openBytes(ref, ctx.stdin, ctx.maxFileSize),
    layers: ref.archive ? Math.max(1, ref.archive.entries.length) : 0,
    chain: [],
  };
  if (ref.format) member.format = ref.format;
  if (ref.shown !== undefined) member.shown = ref.shown;
  if (ref.fsPath && !ref.archive) member.fsPath = ref.fsPath;
  // a small file is read at once: a folder of 50,000 spent more on streaming each than on reading it (issue 16)
  if (ref.size !== undefined) member.whole = () => readWhole(ref, ctx.maxFileSize ?? Infinity);
  // a zip entry (not a .gz one, which is inflated on the way) can be opened again in place
  if (ref.archive && ref.archive.entries.length > 0 && archiveOfName(ref.archive.entries.at(-1)!) !== 'gzip') member.zipAt = ref.archive;
  await scanMember(member, ctx, onBytes, result, hooks, { bytes: 0, entries: 0 });
  return result;
}

/** Scans one file or container member, reporting its read errors and rule timeouts as its own. */
async function scanMember(m: Member, ctx: SourceScanContext, onBytes: (bytes: number, findings: number) => void, result: FileResult, hooks: SourceHooks, budget: Budget): Promise<void> {
  await guarded(m.display, result, async () => {
    const whole = m.whole?.();
    const { head, rest } = whole ? { head: whole, rest: undefined } : await peek(limitBytes(m.bytes(), ctx.maxFileSize ?? Infinity));
    const sniffed = sniffSource(m.format ? { display: m.name, format: m.format } : { display: m.name }, head);
    if (!('binary' in sniffed)) {
      result.files++;
      const { kind, decoder, headText } = sniffed;
      const opened = rest ? openText(kind, decoder, headText, head.length, rest) : wholeText(kind, decoder, headText, head.length);
      await scanText(m.display, opened, ctx, onBytes, result, hooks, undefined, m.shown);
      return;
    }
    const inner = (child: Member): Promise<void> => scanMember(child, ctx, onBytes, result, hooks, budget);
    const document = (kind: DocumentKind, bytes?: AsyncIterable<Uint8Array>): Promise<void> => scanMemberDocument(m, kind, bytes, ctx, onBytes, result, hooks);
    // bytes read whole are a view of the reader's pool (readWhole), which the next file's read
    // reuses: copied before anything is awaited (another file may be read meanwhile)
    const stream = rest ? replay(head, rest) : once(head.slice());
    // loaded when a file is not text: a pre-commit scan of a few text files does not pay for the decoders
    const { openContainer } = await import('./scan-containers.js');
    await openContainer(m, sniffed.binary, stream, { accept: ctx.accept ?? [], open: ctx.openContainers ?? true, budget, result, inner, document });
  });
}

/**
 * A document found by its bytes (a PDF named .dat, an .xlsx inside a tar): read by its reader, in
 * place when it is a file or a zip entry, else from the bytes given (held in a private temporary
 * file by the reader). Its findings join the result.
 */
async function scanMemberDocument(
  m: Member,
  kind: DocumentKind,
  bytes: AsyncIterable<Uint8Array> | undefined,
  ctx: SourceScanContext,
  onBytes: (bytes: number, findings: number) => void,
  result: FileResult,
  hooks: SourceHooks,
): Promise<void> {
  const { scanDocument } = await import('./scan-document.js');
  let ref: SourceRef;
  let docCtx = ctx;
  if (m.fsPath) ref = { display: m.display, fsPath: m.fsPath };
  else if (m.zipAt && !m.zipAt.buffer) ref = { display: m.display, archive: { file: m.zipAt.file, entries: m.zipAt.entries } };
  else {
    ref = { display: m.display, stdin: true };
    const source = bytes ?? m.bytes();
    docCtx = { ...ctx, stdin: () => Readable.from(source) };
  }
  // its findings went to the hooks as they were made; its counts join the result
  const r = await scanDocument(ref, kind, docCtx, onBytes, hooks);
  result.found += r.found;
  for (const k of r.publicKeys) result.publicKeys.push(k);
  result.suppressed += r.suppressed;
  result.bytes += r.bytes;
  result.files += r.files;
  for (const w of r.warnings) result.warnings.push(w);
  for (const e of r.errors) result.errors.push(e);
}

/** A stream's first bytes, read to sniff it, then the rest. */
async function* replay(head: Uint8Array, rest: AsyncGenerator<Uint8Array>): AsyncGenerator<Uint8Array> {
  try {
    if (head.length > 0) yield head;
    yield* rest;
  } finally {
    await rest.return(undefined);
  }
}

/** Bytes read whole, as a stream (a container read at once, opened as any other). */
async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  if (bytes.length > 0) yield bytes;
}

/** Runs a scan step; a read error, an archive error or a rule timeout becomes an error of `file`. */
export async function guarded(file: string, result: FileResult, step: () => Promise<void>): Promise<void> {
  try {
    await step();
  } catch (e) {
    if (e instanceof RuleTimeoutError) {
      result.errors.push({ file, code: e.code, message: e.message });
      return;
    }
    if (e instanceof ArchiveError || e instanceof ReadError) {
      result.errors.push({ file, code: READ_CODES.has(e.code) ? e.code : 'EUNREADABLE', message: e.message });
      return;
    }
    throw e;
  }
}

/** Text through extract → detect → filter, batch by batch; with `part`, one part of a split file. */
export async function scanText(
  file: string,
  opened: OpenedSource & { primer?: string },
  ctx: SourceScanContext,
  onBytes: (bytes: number, findings: number) => void,
  result: FileResult,
  hooks: SourceHooks,
  part?: FilePart,
  shown?: string,
): Promise<void> {
  const made = openScan(file, opened, ctx, result, hooks, part, shown);
  const scan = made instanceof Promise ? await made : made;
  const { extractor, take, inspect, names, shapes, columns, filterOpts } = scan;
  // a part's parser reads the header again, but only the first part reports what is in it; its
  // sensitive names are held here too, to learn which ones this part's values release
  if (opened.primer) {
    const normal = normalizeFields(extractor.push(opened.primer));
    names.prime(ctx.detector.detect(normal.fields, normal.joined));
  }
  const start: { line: number; column?: number; records?: number } = extractor.boundary?.() ?? { line: 1, records: 0 };
  let seen = 0;
  let told = result.found;
  const before = result.bytes;
  const scanChunk = (chunk: string): Promise<void> | undefined => {
    hooks.onText?.(chunk);
    for (const piece of pieces(chunk)) take(inspect(extractor.push(piece)));
    // progress is told every PROGRESS_BYTES (from a thread, each time is a message)
    if (opened.stats.bytes - seen >= PROGRESS_BYTES) {
      onBytes(opened.stats.bytes - seen, result.found - told);
      seen = opened.stats.bytes;
      told = result.found;
    }
    return hooks.ready?.();
  };
  // a text read whole is an array of its chunks, taken in a plain loop: `for await` and an await of
  // a receiver that is ready (undefined) were turns of the microtask queue a small file (issue 16)
  if (Array.isArray(opened.chunks)) {
    for (const chunk of opened.chunks as string[]) {
      const wait = scanChunk(chunk);
      if (wait) await wait;
    }
  } else {
    for await (const chunk of opened.chunks) {
      const wait = scanChunk(chunk);
      if (wait) await wait;
    }
  }
  if (opened.stats.bytes > seen || result.found > told) onBytes(opened.stats.bytes - seen, result.found - told);
  result.bytes = before + opened.stats.bytes;
  if (part) {
    const at = extractor.boundary!();
    const last = part.last;
    if (last) take(inspect(extractor.end()));
    const ended = names.partEnd();
    const shape = scan.held.noShape ? undefined : shapes.shapeOf(opened.format);
    // what the join reports if the whole file says so, filtered here (raw values stay on this thread)
    let unsure = false;
    const hold = (matches: RawMatch[]): { found: KeyedFinding[]; suppressed: number } => {
      const f = filterMatches(matches, ctx.ruleset, shape === undefined ? filterOpts : { ...filterOpts, shape });
      if (f.deferred.length > 0) unsure = true;
      return { found: f.findings.map(({ finding, key, record }) => (record === undefined ? { finding, key } : { finding, key, record })), suppressed: [...f.suppressed.values()].reduce((a, n) => a + n, 0) };
    };
    const held = [...ended.held].map(([slot, matches]) => ({ slot, ...hold(matches) }));
    // columns judged on this part's rows are reported; the others are judged at the join, on the whole file
    const heldColumns = columns.holdBack().map(({ matches, ...which }) => ({ ...which, ...hold(matches) }));
    result.part = {
      deferred: scan.held.deferred.length > 0 || unsure,
      names: { held, released: ended.released },
      startLine: start.line,
      endLine: at.line,
      startRecords: start.records ?? 0,
      endRecords: at.records ?? 0,
      ...(at.column !== undefined ? { startColumn: start.column ?? 1, endColumn: at.column } : {}),
      ...(at.label !== undefined ? { recordsLabel: at.label } : {}),
      idle: last || at.idle,
      warnings: extractor.warnings,
      replaced: opened.stats.replaced,
      nuls: opened.stats.nuls,
      shapeKeys: shapes.keysSeen(),
      columns: { ...columns.evidence(), held: heldColumns },
    };
    return;
  }
  take(inspect(extractor.end()));
  scan.end();
}

/** A batch of fields normalised, as normalizeFields gives it. */
export type Normalized = ReturnType<typeof normalizeFields>;

/** The scan of one text (or part), from its opening to its end: its parser, its judges and its filter. */
export interface TextScan {
  extractor: Extractor;
  names: NameHold;
  shapes: ShapeCheck;
  columns: ColumnJudge;
  filterOpts: FilterOptions;
  /** Matches waiting for a JSON file's shape (see take), and whether it was given up on. */
  held: { deferred: RawMatch[]; noShape: boolean };
  /** Filters a batch's matches and hands the findings on. */
  take(matches: RawMatch[]): void;
  /** The matches of a batch of fields: the rules', and what its names, shape and columns add. */
  inspect(fields: Field[]): RawMatch[];
  /** The same, for a batch normalised and its rules' matches (`found`) found already (scanSmallFiles). */
  judge(fields: Field[], normal: Normalized, found: RawMatch[]): RawMatch[];
  /** A whole text's end, after its last batch: what its names, columns and shape hold, its warnings. */
  end(): void;
}

/** Sets up the scan of a text; its extractor is made at once for a format met before (no promise a file). */
export function openScan(file: string, opened: OpenedSource, ctx: SourceScanContext, result: FileResult, hooks: SourceHooks, part?: FilePart, shown?: string): TextScan | Promise<TextScan> {
  hooks.onOpen?.({ format: opened.format, encoding: opened.encoding, ...(opened.delimiter ? { delimiter: opened.delimiter } : {}) });
  const shapes = new ShapeCheck(ctx.ruleset.shapes);
  const columns = newColumnJudge(ctx, part ? { first: part.start === 0 } : undefined);
  const names = new NameHold(ctx.ruleset.knowledge?.placeholder, hooks.onNamedData);
  const options: ExtractorOptions = { onHeader: (labels) => shapes.csvHeader(labels), findsData: (cell) => ctx.masker.matches(cell).length > 0 };
  if (opened.delimiter) options.delimiter = opened.delimiter;
  if (hooks.onList) options.onList = hooks.onList;
  if (part?.depth) options.recordsDepth = part.depth;
  const made = createExtractor(opened.format, options);
  // matches are filtered batch by batch: raw values and the text they were cut from never pile up
  const filterOpts = filterOptions(ctx, file, shown);
  // matches only a shape-bound (public-by-design) entry would allow wait, while a JSON file's
  // shape is unknown, for its end; past MAX_DEFERRED they are judged as in no shape (reported)
  const held = { deferred: [] as RawMatch[], noShape: false };
  const take = (matches: RawMatch[], shape = held.noShape ? undefined : shapes.shapeOf(opened.format)): void => {
    if (matches.length === 0) return;
    const filtered = filterMatches(matches, ctx.ruleset, shape === undefined ? filterOpts : { ...filterOpts, shape });
    hooks.onFiltered?.(matches, filtered);
    addFiltered(result, filtered, hooks, filterOpts);
    for (const m of filtered.deferred) held.deferred.push(m);
    if (held.deferred.length > MAX_DEFERRED) {
      held.noShape = true;
      const waiting = held.deferred;
      held.deferred = [];
      take(waiting, undefined);
    }
  };
  const judge = (fields: Field[], normal: Normalized, found: RawMatch[]): RawMatch[] => {
    const matches = names.observe(normal.fields, found);
    for (const m of shapes.observe(fields)) matches.push(m);
    for (const m of columns.observe(normal.fields, matches)) matches.push(m);
    return matches;
  };
  const inspect = (fields: Field[]): RawMatch[] => {
    // an empty batch has nothing to judge; its array (of another elements kind than batches of
    // fields) made the optimised detector and judges be thrown away and compiled again
    if (fields.length === 0) return [];
    const normal = normalizeFields(fields);
    return judge(fields, normal, ctx.detector.detect(normal.fields, normal.joined));
  };
  const scan = (extractor: Extractor): TextScan => ({
    extractor,
    names,
    shapes,
    columns,
    filterOpts,
    held,
    take: (matches) => take(matches),
    inspect,
    judge,
    end() {
      take(names.finish());
      take(columns.finish());
      take(shapes.finish());
      const waiting = held.deferred;
      held.deferred = [];
      take(waiting);
      for (const w of extractor.warnings) result.warnings.push({ file, code: w.code, message: lineMessage(w.message) });
      for (const w of decodeWarnings(file, opened.stats, opened.encoding)) result.warnings.push(w);
    },
  });
  return made instanceof Promise ? made.then(scan) : scan(made);
}

/** Matches held for a JSON file's shape, at most (a police.uk API file has a few hundred). */
const MAX_DEFERRED = 50_000;

/** Bytes read between two progress reports. */
export const PROGRESS_BYTES = 512 * 1024;

/** Text pushed to an extractor at a time (characters). */
const PIECE = 64 * 1024;

/**
 * A chunk cut into pieces, never between the two halves of a surrogate pair. Fields of a small
 * piece die young: those of a whole 1 MiB chunk outlived the young generation, were promoted
 * and drove the old generation (and the RSS) up between full collections.
 */
export function pieces(chunk: string): Iterable<string> {
  // a chunk of a small file is its one piece (no generator a file)
  return chunk.length <= PIECE ? [chunk] : cut(chunk);
}

function* cut(chunk: string): Generator<string> {
  for (let i = 0; i < chunk.length; ) {
    let end = Math.min(i + PIECE, chunk.length);
    const last = chunk.charCodeAt(end - 1);
    if (end < chunk.length && last >= 0xd800 && last <= 0xdbff) end--;
    yield chunk.slice(i, end);
    i = end;
  }
}
