import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { RuleTimeoutError } from '../shared/rule-guard.js';
import { allows, scopedKey } from '../filter/filter.js';
import { CHUNK_BYTES, ReadError } from '../read/read-source.js';
import { buildScanContext, scanSettings, type SourceScanContext } from '../scan-context.js';
import { scanSource } from '../scan-source.js';
import type { Confidence, Field, Problem, RawMatch, Ruleset, SourceRef } from '../types.js';
import { type EditPlan, type Found, NAME_CATEGORIES, planEdits, type Scanned } from './plan-edits.js';
import { type Edit, mergeEdits, redactBytes } from './redact.js';
import { documentKind } from '../formats/registry.js';

/**
 * Redaction holds one whole file in memory (its bytes, its text, its matches): bundles are files
 * for a web page, and splicing into the original bytes needs them all at once. A bigger file is
 * an error, never a partial copy.
 */
export const MAX_REDACT_BYTES = 256 * 1024 * 1024;

/** One file of a bundle: where it goes in the copy, how scan sees it, and how to read its bytes. */
export interface BundleEntry {
  /** Path inside the bundle, `/`-separated: the same path in the copy. */
  name: string;
  /** Display path (allowlists and messages use it, as in a scan) and any forced format. */
  ref: SourceRef;
  read(): Promise<Uint8Array>;
  /** Why the file is out of scope and copied as it is, unread (a `.leakgateignore` pattern). */
  asIs?: string;
}

/**
 * Where the sanitised copy goes: a folder (folder-bundle.ts) or an archive file (zip-bundle.ts);
 * archives inside either are written by archive-copy.ts. An archive is written whole or not at
 * all, so an output holding archives completes them in `seal` and keeps or removes them in
 * `finish`.
 */
export interface BundleOutput {
  /** Writes one file of the copy; called in the order of the entries. */
  write(name: string, bytes: Uint8Array): Promise<void>;
  /** Completes what the writes began (archives), before the copy is read back. */
  seal?(): Promise<void>;
  /** Reads a written file back: what cannot be is left out (and an archive holding it). */
  read(name: string): Promise<Uint8Array>;
  /** The written file as messages show it. */
  display(name: string): string;
  /**
   * Ends the copy, given the files that could not be read, redacted, written or read back: an
   * archive holding one of them is removed. Says which written files are no longer in the copy.
   */
  finish?(failed: ReadonlySet<string>): Promise<{ removed: ReadonlySet<string>; problems: Problem[] }>;
}

/** A file or archive that cannot be written into the copy as it is (an entry name a zip writer refuses). */
export class CopyError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'CopyError';
  }
}

export interface RedactOptions {
  ruleset: Ruleset;
  /** Remove CSV columns and JSON keys whose name is a finding, instead of keeping them. */
  dropSensitiveFields: boolean;
  minConfidence: Confidence;
  /** Kinds of file the config accepts unread: copied as they are. */
  accept?: string[];
  /** Things in scope that discovery did not take (a symlink out of the folder): warnings of the run. */
  skipped?: Problem[];
  /** Things in scope that cannot be redacted, found before reading (an archive): errors of the run. */
  unreadable?: Problem[];
}

export interface FileOutcome {
  name: string;
  /** Where it was written (absent when it could not be). */
  output?: string;
  action: 'redacted' | 'copied' | 'left out';
  /** Why it was copied as it is, unread. */
  note?: string;
  values: number;
  /** Columns or keys dropped (--drop-sensitive-fields). */
  dropped: number;
}

export interface RedactResult {
  files: FileOutcome[];
  /** Sensitive header, key and attribute names left in place (their values redacted). */
  keptNames: number;
  /** Problems of the run (paths and messages masked): an error means a file was left out. */
  errors: Problem[];
  warnings: Problem[];
}

/**
 * Writes a sanitised copy of a bundle: each value that is a finding replaced by
 * `[REDACTED:<category>]` in the file's own encoding, structure and line endings; files without
 * findings copied byte for byte. The copy is then judged by the caller with `leakgate scan` itself
 * (cli/redact-command.ts), so that what redact calls clean is what the gate passes.
 *
 * Two passes, as a scan has to: findings depend on the whole run (a value allowed as public in
 * one file is public in all), so every file is scanned before any is written. Then each written
 * file is read back, and the output keeps or removes its archives: one holding a file that failed
 * is not left half-written.
 */
export async function redactBundle(entries: readonly BundleEntry[], output: BundleOutput, opts: RedactOptions): Promise<RedactResult> {
  // containers found by their bytes cannot be rewritten in place: they are errors here, not opened;
  // fingerprints of the re-scan are never kept: a key of its own
  const settings = scanSettings({ minConfidence: opts.minConfidence, ...(opts.accept ? { accept: opts.accept } : {}) });
  const engine: SourceScanContext = { ...buildScanContext(opts.ruleset, settings, { valueKey: randomBytes(32), fingerprintKey: randomBytes(32) }), openContainers: false };
  const { detector, masker } = engine;
  const errors: Problem[] = [...(opts.unreadable ?? [])];
  const warnings: Problem[] = [...(opts.skipped ?? [])];
  const files: FileOutcome[] = [];
  const written: BundleEntry[] = [];
  let keptNames = 0;
  let finished = false;
  try {
    // 1. scan every file and plan its edits (offsets and keyed hashes only: no text is kept)
    const plans: (EditPlan & { entry: BundleEntry; hash: string })[] = [];
    const publicKeys = new Set<string>();
    for (const entry of entries) {
      const file = entry.ref.display;
      if (documentKind(file)) {
        // a document's values sit in XML parts, caches and streams a text edit cannot reach safely
        errors.push({ file, code: 'EREDACT', message: 'Office documents and PDFs cannot be redacted: remove the personal data in the application that made it (check hidden sheets, comments, tracked changes, pivot caches and properties; Document Inspector does), save it again and scan it; left out of the copy' });
        files.push({ name: entry.name, action: 'left out', values: 0, dropped: 0 });
        continue;
      }
      try {
        const data = await entry.read();
        if (entry.asIs) {
          plans.push({ entry, hash: sha256(data), encoding: 'utf-8', values: [], drops: [], covers: [], dropped: 0, names: 0 });
          continue;
        }
        const scanned = await scanBytes(data, entry.ref, engine);
        if (!scanned) {
          errors.push({ file, code: 'EBINARY', message: 'binary file: it cannot be scanned, so it is left out of the copy' });
          files.push({ name: entry.name, action: 'left out', values: 0, dropped: 0 });
          continue;
        }
        for (const w of scanned.warnings) warnings.push(w);
        for (const k of scanned.publicKeys) publicKeys.add(k);
        const plan = { entry, hash: sha256(data), ...planEdits(file, scanned, opts.dropSensitiveFields, warnings) };
        keptNames += plan.names - plan.dropped;
        plans.push(plan);
      } catch (e) {
        errors.push(fileError(file, e));
        files.push({ name: entry.name, action: 'left out', values: 0, dropped: 0 });
      }
    }

    // 2. write: the values public elsewhere in the bundle stay, as a scan would not report them
    for (const plan of plans) {
      const { entry } = plan;
      try {
        const data = await entry.read();
        if (sha256(data) !== plan.hash) throw new ReadError('ECHANGED', 'changed while being redacted: not written; run again');
        // scoped to the folder as shown (masked), as the filter scoped them
        const shown = masker.path(entry.ref.display);
        const values = plan.values.filter((v) => !publicKeys.has(v.key) && !publicKeys.has(scopedKey(v.key, shown)));
        const edits = values.flatMap((v) => v.edits).concat(plan.covers, plan.drops);
        await output.write(entry.name, edits.length > 0 ? redactBytes(data, plan.encoding, edits) : data);
        written.push(entry);
        // values inside a dropped column or key went with it: they are not counted as redacted
        const inDrop = within(mergeEdits(plan.drops));
        const redacted = values.filter((v) => !v.edits.every(inDrop)).length;
        files.push({ name: entry.name, output: masker.path(output.display(entry.name)), action: edits.length > 0 ? 'redacted' : 'copied', ...(entry.asIs ? { note: entry.asIs } : {}), values: redacted, dropped: plan.dropped });
      } catch (e) {
        errors.push(fileError(entry.ref.display, e));
        files.push({ name: entry.name, action: 'left out', values: 0, dropped: 0 });
      }
    }

    await output.seal?.();

    // 3. read the copy back: a file that cannot be is an error, and leaves its archive out
    const failed = new Set(files.filter((f) => f.action === 'left out').map((f) => f.name));
    for (const entry of written) {
      try {
        await output.read(entry.name);
      } catch (e) {
        errors.push(fileError(output.display(entry.name), e));
        failed.add(entry.name);
      }
    }

    // 4. end the copy: an archive holding a file that failed is removed whole
    finished = true;
    const end = (await output.finish?.(failed)) ?? { removed: new Set<string>(), problems: [] };
    for (const p of end.problems) errors.push(p);
    for (const f of files) {
      if (!end.removed.has(f.name)) continue;
      delete f.output;
      f.action = 'left out';
    }
    const order = new Map(entries.map((e, i) => [e.name, i]));
    files.sort((a, b) => order.get(a.name)! - order.get(b.name)!);
    // paths and messages as a scan shows them: with each finding in them masked
    const shown = (p: Problem): Problem => ({ file: masker.path(p.file), code: p.code, message: masker.label(p.message) });
    return { files, keptNames, errors: errors.map(shown), warnings: warnings.map(shown) };
  } catch (e) {
    // an unexpected failure leaves no archive half-written behind
    if (!finished) await output.finish?.(new Set(entries.map((x) => x.name))).catch(() => undefined);
    throw e;
  } finally {
    detector.close();
  }
}

/** A test of whether an edit lies inside one of some sorted, disjoint edits. */
function within(outer: Edit[]): (e: Edit) => boolean {
  return (e) => {
    let lo = 0;
    let hi = outer.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (outer[mid]!.end < e.end) lo = mid + 1;
      else hi = mid;
    }
    return lo < outer.length && outer[lo]!.start <= e.start;
  };
}

/**
 * Scans one file's bytes as `scan` does (scanSource), keeping the matches behind the findings and
 * the decoded text their offsets point into. Undefined for a binary file.
 */
async function scanBytes(data: Uint8Array, ref: SourceRef, engine: SourceScanContext): Promise<Scanned | undefined> {
  // the bytes are fed in as a stream, in the chunks a file read gives: the text and the bytes
  // redaction splices into are then one snapshot, whatever the bytes came from, and encoding
  // sniffing and extraction see exactly what a scan sees
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < data.length; i += CHUNK_BYTES) chunks.push(data.subarray(i, i + CHUNK_BYTES));
  const source: SourceRef = { display: ref.display, stdin: true };
  if (ref.format) source.format = ref.format;
  const file = ref.display;
  const { ruleset } = engine;
  let scanned: Scanned | undefined;
  const text: string[] = [];
  const result = await scanSource(source, { ...engine, stdin: () => Readable.from(chunks) }, () => {}, undefined, {
    onOpen: (what) => {
      scanned = { ...what, text: '', found: [], namedData: [], lists: [], publicKeys: [], warnings: [] };
    },
    onList: (items) => {
      if (!items) scanned!.lists = undefined;
      else scanned!.lists?.push(items);
    },
    onNamedData: (value, name) => scanned!.namedData.push({ value, name }),
    onText: (chunk) => text.push(chunk),
    onFiltered: (matches, filtered) => {
      // a value under a sensitive name ("address") is one finding of the name's category; the
      // filter keeps the pattern match inside it instead (its span is exact), but redaction must
      // not leave the rest of the value ("Flat 39, Victoria Mansions" redacted, ", Amwell End,
      // Harpenden" not)
      const named = new Map<Field, RawMatch>();
      for (const m of matches) if (m.kind === 'name' && !NAME_CATEGORIES.has(m.category)) named.set(m.field, m);
      const kept = new Set(filtered.findings.map((f) => f.match));
      filtered.findings.forEach(({ match, finding, key }) => {
        const found: Found = { match, finding, key };
        const whole = match.kind === 'pattern' ? named.get(match.field) : undefined;
        if (whole && !kept.has(whole) && !ruleset.allow.some((a) => allows(a, whole, file))) found.whole = whole;
        scanned!.found.push(found);
      });
    },
  });
  const failed = result.errors[0];
  if (failed) throw new ReadError(failed.code, failed.message);
  // a kind the config accepts unread (an image, say) is copied as it is, and said so
  const accepted = result.warnings.filter((w) => w.code === 'EACCEPTED');
  if (!scanned && accepted.length > 0) return { format: 'text', encoding: 'utf-8', text: '', found: [], namedData: [], lists: [], publicKeys: [], warnings: accepted };
  if (!scanned) return undefined;
  scanned.text = text.join('');
  scanned.publicKeys = result.publicKeys;
  // bytes that did not decode are left in the copy as they were
  scanned.warnings = result.warnings.map((w) => (w.code === 'EDECODE' ? { ...w, message: `${w.message}, copied as they were` } : w));
  return scanned;
}

function fileError(file: string, e: unknown): Problem {
  if (e instanceof ReadError || e instanceof RuleTimeoutError || e instanceof CopyError) return { file, code: e.code, message: e.message };
  const err = e as NodeJS.ErrnoException;
  if (err?.code && typeof err.code === 'string' && err.syscall) return { file, code: err.code, message: `cannot write or read: ${err.message}` };
  throw e;
}

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
