import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ArchiveError, type ArchivePath } from './archive/archive.js';
import { documentSource } from './archive/document-source.js';
import { RuleTimeoutError } from './shared/rule-guard.js';
import type { ColumnJudge } from './detect/columns.js';
import { NameHold } from './detect/name-hold.js';
import { ShapeCheck } from './detect/shapes.js';
import { OfficeError } from './extract/office/office-error.js';
import { readDocument } from './extract/office/read-document.js';
import { filterMatches } from './filter/filter.js';
import { RecentKeys } from './filter/recent-keys.js';
import { normalizeFields } from './normalize/normalize.js';
import { fileBytes, ReadError } from './read/read-source.js';
import { addFiltered, emptyResult, type FileResult, filterOptions, newColumnJudge, type SourceHooks, type SourceScanContext } from './scan-context.js';
import type { DocumentKind, RawMatch, SourceRef } from './types.js';

/**
 * One Office document or PDF through its reader → detect → filter, each part of it (a sheet, the
 * comments, a pivot cache) reported as `file!/part` (`book.xlsx!/Staff`). A document in the git
 * index or on standard input is written to a private temporary file first: a zip is read in place.
 * Unreadable documents (legacy, encrypted, corrupt, image-only pages) become the result's error.
 *
 * Why here: this is the one seam between the current text-only read path and the document
 * readers; the format registry (issue 12) takes it over.
 */
export async function scanDocument(ref: SourceRef, kind: DocumentKind, ctx: SourceScanContext, onBytes: (bytes: number, findings: number) => void, hooks: SourceHooks = {}): Promise<FileResult> {
  const file = ref.display;
  const result: FileResult = { ...emptyResult(), files: 1 };
  let temp: string | undefined;
  try {
    let at: ArchivePath;
    if (ref.archive) at = { file: ref.archive.file, entries: [...ref.archive.entries] };
    else if (ref.fsPath && !ref.gitBlob) {
      at = { file: ref.fsPath, entries: [] };
      const size = (await stat(ref.fsPath)).size;
      if (ctx.maxFileSize !== undefined && size > ctx.maxFileSize) throw new ReadError('ETOOBIG', `larger than --max-file-size (${ctx.maxFileSize} bytes): not scanned; exclude it or raise the limit`);
    } else {
      temp = await mkdtemp(path.join(tmpdir(), 'leakgate-doc-'));
      at = { file: path.join(temp, `document${path.extname(file)}`), entries: [] };
      await writeFile(at.file, await bytesOfRef(ref, ctx), { mode: 0o600 });
    }
    const shapes = new Map<string, ShapeCheck>();
    const shapeOf = (part: string): ShapeCheck => {
      let s = shapes.get(part);
      if (!s) shapes.set(part, (s = new ShapeCheck(ctx.ruleset.shapes)));
      return s;
    };
    const judges = new Map<string, ColumnJudge>();
    const judgeOf = (part: string): ColumnJudge => {
      let j = judges.get(part);
      if (!j) judges.set(part, (j = newColumnJudge(ctx)));
      return j;
    };
    // a sensitive name is a finding only when a value under it shows data (detect/name-hold.ts)
    const holds = new Map<string, NameHold>();
    const holdOf = (part: string): NameHold => {
      let h = holds.get(part);
      if (!h) holds.set(part, (h = new NameHold(ctx.ruleset.knowledge?.placeholder)));
      return h;
    };
    const seen = new Map<string, RecentKeys>();
    const take = (shown: string, matches: RawMatch[]): void => {
      if (matches.length === 0) return;
      if (!seen.has(shown)) seen.set(shown, new RecentKeys());
      const before = result.found;
      const opts = { ...filterOptions(ctx, shown), seen: seen.get(shown)! };
      addFiltered(result, filterMatches(matches, ctx.ruleset, opts), hooks, opts);
      onBytes(0, result.found - before);
    };
    const batches = readDocument(kind, documentSource(at), { acceptImagePages: ctx.acceptImagePages ?? false, onHeader: (part, labels) => shapeOf(part).csvHeader(labels) });
    for await (const batch of batches) {
      const shown = batch.part ? `${file}!/${batch.part}` : file;
      if (batch.warning) result.warnings.push({ file: shown, ...batch.warning });
      if (batch.fields.length === 0) continue;
      const normal = normalizeFields(batch.fields);
      const matches = holdOf(batch.part).observe(normal.fields, ctx.detector.detect(normal.fields, normal.joined));
      for (const m of shapeOf(batch.part).observe(batch.fields)) matches.push(m);
      for (const m of judgeOf(batch.part).observe(normal.fields, matches)) matches.push(m);
      take(shown, matches);
    }
    for (const [part, judge] of judges) take(part ? `${file}!/${part}` : file, judge.finish());
    result.bytes = ref.fsPath && !ref.gitBlob ? (await stat(ref.fsPath)).size : 0;
    onBytes(result.bytes, 0);
  } catch (e) {
    if (e instanceof OfficeError || e instanceof ArchiveError || e instanceof ReadError || e instanceof RuleTimeoutError) {
      result.errors.push({ file, code: e.code, message: e.message });
    } else if ((e as NodeJS.ErrnoException)?.code && (e as NodeJS.ErrnoException).syscall) {
      result.errors.push({ file, code: (e as NodeJS.ErrnoException).code!, message: `cannot read: ${(e as Error).message}` });
    } else throw e;
  } finally {
    if (temp) await rm(temp, { recursive: true, force: true });
  }
  return result;
}

/** The bytes of a staged blob or of standard input, bounded by the file size limit. */
async function bytesOfRef(ref: SourceRef, ctx: SourceScanContext): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  const max = ctx.maxFileSize ?? 1024 ** 3;
  const source: AsyncIterable<Uint8Array> = ref.gitBlob
    ? (await import('./read/git-blob.js')).blobBytes(ref.gitBlob.sha, ref.gitBlob.repo)
    : ref.stdin && ctx.stdin
      ? ctx.stdin()
      : fileBytes(ref.fsPath ?? '', max);
  for await (const c of source) {
    const b = typeof c === 'string' ? Buffer.from(c) : Buffer.from(c);
    n += b.length;
    if (n > max) throw new ReadError('ETOOBIG', `larger than ${max} bytes: not scanned`);
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}
