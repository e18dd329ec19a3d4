import { ShapeCheck } from '../detect/shapes.js';
import { filterMatches } from '../filter/filter.js';
import type { FilePart } from '../read/read-source.js';
import { addFiltered, decodeWarnings, emptyResult, type FileResult, filterOptions, type SourceScanContext } from '../scan-context.js';
import type { FindingSpool } from '../spool/finding-spool.js';
import type { SourceRef } from '../types.js';

/** A file's result joined from its parts, or why the file must be scanned again whole. */
export type Joined = { result: FileResult } | { rescan: string };

/**
 * One file's result from its parts' results: the parts' lines and NDJSON record numbers moved on
 * in the spool, the first ragged-row warning kept, a JSON shape judged on every part's keys.
 * When a part did not end on a record boundary or met broken structure, which only a whole scan
 * reports right: why, to scan it again.
 */
export function joinParts(ref: SourceRef, parts: FileResult[], plan: FilePart[], ctx: SourceScanContext, spool: FindingSpool): Joined {
  const failed = parts.find((r) => r.errors.length > 0);
  if (failed) {
    spool.dropParts(ref.display);
    return { result: { ...emptyResult(), files: 1, errors: failed.errors } };
  }
  if (parts.some((r) => r.part?.broken)) return { rescan: 'its structure broke, and the rest is read as text' };
  if (parts.some((r) => r.part?.deferred)) return { rescan: "some values' allowance depends on the shape of the whole file" };
  if (parts.some((r) => !r.part?.idle)) return { rescan: 'a split fell inside a record' };
  const file = ref.display;
  const out: FileResult = { ...emptyResult(), files: 1 };
  const shapes = new ShapeCheck(ctx.ruleset.shapes);
  let line = 1;
  let records = 0;
  let ragged = false;
  let replaced = 0;
  let nuls = 0;
  parts.forEach((r, k) => {
    const p = r.part!;
    const delta = line - p.startLine;
    spool.shift(file, k, delta, records - p.startRecords);
    out.found += r.found;
    for (const key of r.publicKeys) out.publicKeys.push(key);
    out.suppressed += r.suppressed;
    out.bytes += r.bytes;
    for (const w of p.warnings) {
      if (w.code === 'ERAGGED' && ragged) continue;
      if (w.code === 'ERAGGED') ragged = true;
      const message = w.line !== undefined && delta !== 0 ? w.message.replace(`line ${w.line}`, `line ${w.line + delta}`) : w.message;
      out.warnings.push({ file, code: w.code, message });
    }
    shapes.addKeys(p.shapeKeys, delta);
    replaced += p.replaced;
    nuls += p.nuls;
    line += p.endLine - p.startLine;
    records += p.endRecords - p.startRecords;
  });
  const unexpected = shapes.finish();
  // a sensitive name the first part held is reported when a value in any part showed data under it
  const released = new Set(parts.flatMap((r) => r.part!.names.released));
  const named = parts.flatMap((r) => r.part!.names.held.filter((h) => released.has(h.slot)));
  if (unexpected.length > 0 || named.length > 0) {
    const opts = filterOptions(ctx, file);
    const writer = spool.writer(file, opts.shown, parts.length);
    addFiltered(out, filterMatches(unexpected, ctx.ruleset, opts), { onFindings: (found) => found.forEach((k) => writer.add(k)) }, opts);
    for (const h of named) {
      h.found.forEach((k) => writer.add(k));
      out.found += h.found.length;
      out.suppressed += h.suppressed;
    }
    writer.end();
  }
  for (const w of decodeWarnings(file, { replaced, nuls }, plan[0]!.kind.encoding)) out.warnings.push(w);
  return { result: out };
}
