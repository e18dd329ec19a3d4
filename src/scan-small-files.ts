import { SEP } from './detect/detect.js';
import { documentKind } from './formats/registry.js';
import { joinTexts, normalizeFields } from './normalize/normalize.js';
import { type OpenedSource, readWhole, sniffSource, wholeText } from './read/read-source.js';
import { emptyResult, type FileResult, type SourceHooks, type SourceScanContext } from './scan-context.js';
import { guarded, type Normalized, openScan, pieces, PROGRESS_BYTES, scanSource, scanText, type TextScan } from './scan-source.js';
import type { Field, RawMatch, SourceRef } from './types.js';

// Small whole files on disk, as a thread is sent them in batches: scanned one after another as
// scanSource scans each, the fields of the JSON and HTML ones detected a group of files at a time.

/** A file of a group scanned by scanSmallFiles, its text extracted, waiting for its detection. */
interface Waiting {
  at: number;
  result: FileResult;
  scan: TextScan;
  opened: OpenedSource;
  /** Its batches of fields, each normalised: the first `ends` from its pushes, then the extractor's end. */
  batches: Field[][];
  normals: Normalized[];
  ends: number;
}

/**
 * Scans small whole files on disk one after another, each as scanSource does, `done` told of each
 * in order; a failure that is a bug is thrown as a SmallFileFailure of the file. The JSON and HTML
 * files' fields are detected a group at a time, one detector call for the batches of several files
 * (each file's names, shapes, columns and filter still judge its own, in its order): a call's
 * fixed work (the batch's searches, its anchor pass, its tallies) was paid by every file of 1.4 KB
 * (issue 16). The rules' matches in a field do not depend on the batch it came in (a file split in
 * parts is reported the same).
 */
export async function scanSmallFiles(refs: readonly SourceRef[], ctx: SourceScanContext, onBytes: (bytes: number, findings: number) => void, hooks: SourceHooks, done: (at: number, result: FileResult) => void): Promise<void> {
  // rules that run under a time limit fail the batch they time out in, which must be the file's own
  const grouping = !ctx.ruleset.rules.some((r) => r.untrusted) && !hooks.onText && !hooks.onList && !hooks.onFiltered;
  const group: Waiting[] = [];
  let chars = 0;
  const flush = async (): Promise<void> => {
    if (group.length === 0) return;
    const found = detectGroup(group, ctx);
    for (let g = 0; g < group.length; g++) {
      const w = group[g]!;
      try {
        endWaiting(w, found[g]!, onBytes);
      } catch (e) {
        throw new SmallFileFailure(w.at, e);
      }
      done(w.at, w.result);
      const wait = hooks.ready?.();
      if (wait) await wait;
    }
    group.length = 0;
    chars = 0;
  };
  for (let k = 0; k < refs.length; k++) {
    const ref = refs[k]!;
    const result = emptyResult();
    let waiting: Waiting | undefined;
    let whole = false;
    try {
      if (grouping && ref.document === undefined && !documentKind(ref.display)) {
        await guarded(ref.display, result, async () => {
          const bytes = readWhole(ref, ctx.maxFileSize ?? Infinity);
          if (!bytes) return;
          whole = true;
          const sniffed = sniffSource(ref.format ? { display: ref.display, format: ref.format } : { display: ref.display }, bytes);
          if ('binary' in sniffed) {
            whole = false;
            return;
          }
          result.files++;
          const opened = wholeText(sniffed.kind, sniffed.decoder, sniffed.headText, bytes.length);
          if ((opened.format !== 'json' && opened.format !== 'html') || opened.stats.bytes >= PROGRESS_BYTES) {
            // another format, read at once all the same: scanned as scanMember scans it
            await flush();
            await scanText(ref.display, opened, ctx, onBytes, result, hooks, undefined, ref.shown);
            return;
          }
          const made = openScan(ref.display, opened, ctx, result, hooks, undefined, ref.shown);
          waiting = extractWaiting(k, result, made instanceof Promise ? await made : made, opened);
        });
      }
      if (waiting) {
        group.push(waiting);
        for (const b of waiting.batches) for (const f of b) chars += f.text.length + 1;
        if (chars >= GROUP_CHARS) await flush();
        continue;
      }
      await flush();
      // not read here (a document, a file no longer small, not text), or scanned already (or not read: its error)
      if (!whole && result.errors.length === 0) {
        done(k, await scanSource(ref, ctx, onBytes, undefined, hooks));
        continue;
      }
    } catch (e) {
      if (e instanceof SmallFileFailure) throw e;
      throw new SmallFileFailure(k, e);
    }
    done(k, result);
  }
  await flush();
}

/** Characters of fields a group of small files holds before they are detected (scanSmallFiles). */
const GROUP_CHARS = 32 * 1024;

/** A bug met scanning file `at` of scanSmallFiles' list. */
export class SmallFileFailure extends Error {
  constructor(readonly at: number, readonly reason: unknown) {
    super(reason instanceof Error ? reason.message : String(reason));
  }
}

/** A whole text's fields, extracted and normalised batch by batch as scanText would push them. */
function extractWaiting(at: number, result: FileResult, scan: TextScan, opened: OpenedSource): Waiting {
  const batches: Field[][] = [];
  const normals: Normalized[] = [];
  const add = (fields: Field[]): void => {
    if (fields.length === 0) return;
    batches.push(fields);
    normals.push(normalizeFields(fields));
  };
  for (const chunk of opened.chunks as string[]) for (const piece of pieces(chunk)) add(scan.extractor.push(piece));
  const ends = batches.length;
  add(scan.extractor.end());
  return { at, result, scan, opened, batches, normals, ends };
}

/**
 * The rules' matches in each batch of each file of a group, from one detector call for all of them
 * (which joins their fields as it joins any batch's, from each batch's text joined already).
 */
function detectGroup(group: readonly Waiting[], ctx: SourceScanContext): RawMatch[][][] {
  const fields: Field[] = [];
  const out: RawMatch[][][] = [];
  const slots: RawMatch[][] = [];
  /** Where each slot's fields end in `fields`. */
  const ends: number[] = [];
  const texts: string[] = [];
  for (const w of group) {
    const lists: RawMatch[][] = [];
    for (const normal of w.normals) {
      const list: RawMatch[] = [];
      lists.push(list);
      slots.push(list);
      for (const f of normal.fields) fields.push(f);
      ends.push(fields.length);
      texts.push(normal.joined ?? joinTexts(normal.fields));
    }
    out.push(lists);
  }
  if (fields.length === 0) return out;
  const found = ctx.detector.detect(fields, texts.join(SEP));
  if (found.length === 0) return out;
  // each matched field's slot, found by one pass over the fields: a map of every field to its slot
  // was an entry and an identity hash made for each of some 80 fields a file (issue 16), where a
  // lookup of a field never put in a map is a miss at once (it has no hash). With the text joined
  // once: json-files-50000 at -j 2, user+sys medians of 6 pairs 11.17 -> 10.43 s; callgrind on
  // json-files-5000 (-j 2, every file on the threads) -1.1 % of instructions
  const slotOf = new Map<Field, number>();
  for (const m of found) slotOf.set(m.field, -1);
  for (let i = 0, slot = 0; i < fields.length; i++) {
    while (i >= ends[slot]!) slot++;
    if (slotOf.has(fields[i]!)) slotOf.set(fields[i]!, slot);
  }
  for (const m of found) slots[slotOf.get(m.field)!]!.push(m);
  return out;
}

/** A file of a group through the rest of scanText, its batches' rules' matches found. */
function endWaiting(w: Waiting, found: RawMatch[][], onBytes: (bytes: number, findings: number) => void): void {
  const { scan, batches, normals, result, opened } = w;
  const told = result.found;
  for (let b = 0; b < w.ends; b++) scan.take(scan.judge(batches[b]!, normals[b]!, found[b]!));
  if (opened.stats.bytes > 0 || result.found > told) onBytes(opened.stats.bytes, result.found - told);
  result.bytes = opened.stats.bytes;
  for (let b = w.ends; b < batches.length; b++) scan.take(scan.judge(batches[b]!, normals[b]!, found[b]!));
  scan.end();
}
