import { judgeParts } from '../detect/column-verdicts.js';
import { ShapeCheck } from '../detect/shapes.js';
import { lineMessage } from '../extract/extractor.js';
import { filterMatches } from '../filter/filter.js';
import type { FilePart } from '../read/read-source.js';
import { addFiltered, decodeWarnings, emptyResult, type FileResult, filterOptions, type SourceScanContext } from '../scan-context.js';
import type { FindingSpool } from '../spool/finding-spool.js';
import type { SourceRef } from '../types.js';
import type { PartResult } from '../scan-context.js';
import type { PartShift } from '../shared/record-label.js';

/** A file's result joined from its parts, or why the file must be scanned again whole. */
export type Joined = { result: FileResult } | { rescan: string };

/**
 * One file's result from its parts' results. Each part numbers its lines and NDJSON records from
 * its own start; they are moved on, as data, by what the parts before it counted: its findings'
 * lines and records in the spool, its warnings' lines, the fields of its JSON keys (the shape is
 * judged on every part's). The first ragged-row warning is kept. When a part did not end on a
 * record boundary, held values whose allowance depends on the whole file, or judged a column by its
 * values otherwise than the whole file does (detect/column-verdicts.ts): why, to scan it again.
 */
export function joinParts(ref: SourceRef, parts: FileResult[], plan: FilePart[], ctx: SourceScanContext, spool: FindingSpool): Joined {
  const failed = parts.find((r) => r.errors.length > 0);
  if (failed) {
    spool.dropParts(ref.display);
    return { result: { ...emptyResult(), files: 1, errors: failed.errors } };
  }
  if (parts.some((r) => r.part?.deferred)) return { rescan: "some values' allowance depends on the shape of the whole file" };
  if (parts.some((r) => !r.part?.idle)) return { rescan: 'a split fell inside a record' };
  const json = jsonRescan(parts.map((r) => r.part!));
  if (json) return { rescan: json };
  const judged = judgeParts(ctx.ruleset.columns ?? [], parts.map((r) => r.part!.columns), ctx.ruleset.knowledge?.covers);
  if (!judged) return { rescan: 'a column judged by its values was judged otherwise in a part than in the whole file' };
  const file = ref.display;
  const out: FileResult = { ...emptyResult(), files: 1 };
  const shapes = new ShapeCheck(ctx.ruleset.shapes);
  let line = 1;
  let column = 1;
  let records = 0;
  let ragged = false;
  let replaced = 0;
  let nuls = 0;
  parts.forEach((r, k) => {
    const p = r.part!;
    const delta = line - p.startLine;
    const shift: PartShift = { lines: delta, records: records - p.startRecords };
    if (p.recordsLabel !== undefined) shift.array = p.recordsLabel;
    if (p.startColumn !== undefined && column !== p.startColumn) shift.firstLine = { line: p.startLine, columns: column - p.startColumn };
    spool.shift(file, k, shift);
    out.found += r.found;
    for (const key of r.publicKeys) out.publicKeys.push(key);
    out.suppressed += r.suppressed;
    out.bytes += r.bytes;
    for (const w of p.warnings) {
      if (w.code === 'ERAGGED' && ragged) continue;
      if (w.code === 'ERAGGED') ragged = true;
      out.warnings.push({ file, code: w.code, message: lineMessage(w.message, delta) });
    }
    shapes.addKeys(p.shapeKeys, shift);
    replaced += p.replaced;
    nuls += p.nuls;
    if (p.endColumn !== undefined) column = p.endLine === p.startLine ? column + p.endColumn - (p.startColumn ?? 1) : p.endColumn;
    line += p.endLine - p.startLine;
    records += p.endRecords - p.startRecords;
  });
  const unexpected = shapes.finish();
  // a key the shape lacks is placed already (its field was moved on): written as a part of its own
  const opts = filterOptions(ctx, file);
  if (unexpected.length > 0) {
    const writer = spool.writer(file, opts.shown, parts.length);
    addFiltered(out, filterMatches(unexpected, ctx.ruleset, opts), { onFindings: (found) => found.forEach((k) => writer.add(k)) }, opts);
    writer.end();
  }
  // a sensitive name a part held is reported when a value in any part showed data under it, and
  // the values of a column a part left to the join as the whole file judges it; moved on with the
  // findings of the part that held them
  const released = new Set(parts.flatMap((r) => r.part!.names.released));
  parts.forEach((r, k) => {
    const named = [...r.part!.names.held.filter((h) => released.has(h.slot)), ...r.part!.columns.held.filter((h) => judged.verdicts.get(h.id) === h.test && (h.name === undefined || judged.firstName.get(h.name) === k))];
    if (named.length === 0) return;
    const writer = spool.writer(file, opts.shown, k);
    for (const h of named) {
      h.found.forEach((f) => writer.add(f));
      out.found += h.found.length;
      out.suppressed += h.suppressed;
    }
    writer.end();
  });
  for (const w of decodeWarnings(file, { replaced, nuls }, plan[0]!.kind.encoding)) out.warnings.push(w);
  return { result: out };
}

/**
 * Why a JSON file cut between records must be scanned again whole: its parts were not all cut in
 * the same array; a part met invalid JSON (its message's column would not be the file's); or a
 * part still held a sensitive key with no data under it whose value runs on past the part (the
 * array's own key or one enclosing it), which only the whole file can settle.
 */
function jsonRescan(parts: PartResult[]): string | undefined {
  const labels = new Set(parts.flatMap((p) => (p.recordsLabel === undefined ? [] : [p.recordsLabel])));
  if (labels.size === 0) return undefined;
  if (labels.size > 1) return 'the parts were not all cut in the same array of records';
  if (parts.some((p) => p.warnings.length > 0)) return 'a part met invalid JSON';
  const array = [...labels][0]!;
  const open = (slot: string): boolean => slot.startsWith('key:') && array.startsWith(slot.slice(4)) && /^$|^[.[]/.test(array.slice(slot.length - 4));
  if (parts.some((p) => p.names.held.some((h) => open(h.slot)))) return 'a sensitive key enclosing the records was held to the end of a part';
  return undefined;
}
