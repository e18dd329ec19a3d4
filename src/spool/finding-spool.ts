import { closeSync, mkdtempSync, openSync, rmdirSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SEVERITIES, type Category, type Finding, type KeyedFinding, type Severity } from '../types.js';
import { movePlace, moveRecordLabel, type PartShift } from '../shared/record-label.js';
import { RunCursor } from './run-cursor.js';

/**
 * Findings a file (or a part of one) holds in memory before they are sorted and written out as
 * one run: about 2 MB, whatever the run finds in all.
 */
const RUN_FINDINGS = 4096;

/**
 * Bytes of findings the spool holds in memory before it makes its file: all a small run finds
 * (issue 16: making, filling and closing the file cost a one-file scan 0.5 to 14 ms of waiting
 * on the file system's journal on a busy machine, more than the scan itself).
 */
export const SPOOL_MEMORY_BYTES = 1024 * 1024;

/** A finding as the spool keeps it, with its run-wide value key (values public elsewhere are dropped). */
export type Spooled = KeyedFinding;

/** Sort key of a finding within its file: line, column, rule. */
export type SortKey = [line: number, column: number, rule: string];

/**
 * A run of one file's findings, sorted and encoded where they were made (a worker thread, say),
 * with the counts the report needs before it reads them back.
 */
export interface EncodedRun {
  text: string;
  first: SortKey;
  last: SortKey;
  count: number;
  /** Findings per severity, in SEVERITIES order. */
  bySeverity: number[];
  /** Each rule id met, with its category and severity. */
  rules: [id: string, category: Category, severity: Severity][];
  withValues: boolean;
  /** Some finding sits in a document's cell or page, or where a document hides it. */
  withPlaces: boolean;
}

interface Run extends Omit<EncodedRun, 'text'> {
  offset: number;
  bytes: number;
  part: number;
}

/** What the spool holds, counted from its runs' counts without reading them. */
export interface SpoolCounts {
  count: number;
  bySeverity: Record<Severity, number>;
  /** Findings per file as shown. */
  byFile: Map<string, number>;
  rules: Map<string, { category: Category; severity: Severity }>;
  withValues: boolean;
  withPlaces: boolean;
}

interface SpoolFile {
  display: string;
  shown: string;
  runs: Run[];
  /** Per part of a file scanned in parts: how far its lines and NDJSON records move. */
  shifts: Map<number, PartShift>;
}

/** The part number of findings that are never renumbered (a file's own name). */
export const UNSHIFTED = -1;

/**
 * Findings on their way to the report, kept in a private temporary file instead of memory (past
 * their first SPOOL_MEMORY_BYTES): each file's findings are sorted in runs of a few thousand as
 * they come, and read back merged, file by file in report order, as many times as the report
 * writers need. The file is created 0600 in a 0700 folder of its own and unlinked at once where
 * the system allows it (POSIX), so that it disappears with the process however the process ends;
 * elsewhere it is removed by close(). Values are masked before they get here (raw only with
 * --show-values, as in the report itself).
 */
export class FindingSpool {
  private fd: number | undefined;
  /** The spool's bytes while it has no file. */
  private held: Buffer[] = [];
  private dir: string | undefined;
  private file: string | undefined;
  private size = 0;
  private readonly table = new Map<string, SpoolFile>();

  constructor(private readonly tmp: string = tmpdir()) {}

  /** Makes the spool's file and moves the bytes held in memory into it. */
  private openFile(): number {
    this.dir = mkdtempSync(path.join(this.tmp, 'leakgate-'));
    this.file = path.join(this.dir, 'findings');
    const fd = openSync(this.file, 'wx+', 0o600);
    this.fd = fd;
    try {
      unlinkSync(this.file);
      rmdirSync(this.dir);
      this.file = undefined;
      this.dir = undefined;
    } catch {
      // a system that cannot remove an open file: close() removes it
    }
    if (this.held.length > 0) writeAll(fd, Buffer.concat(this.held), 0);
    this.held = [];
    return fd;
  }

  /** Where runs are read from: the file, or the bytes held in memory (as one buffer). */
  private source(): number | Buffer {
    if (this.fd !== undefined) return this.fd;
    if (this.held.length > 1) this.held = [Buffer.concat(this.held)];
    return this.held[0] ?? Buffer.alloc(0);
  }

  /** A writer of one file's findings (`display` as scanned, `shown` as reported), or of one part of it. */
  writer(display: string, shown: string, part = 0): RunBuilder {
    return new RunBuilder((run) => this.append(display, shown, part, run));
  }

  /** Appends a run of one file's (or part's) findings, sorted and encoded where they were made. */
  append(display: string, shown: string, part: number, run: EncodedRun): void {
    let f = this.table.get(display);
    if (!f) this.table.set(display, (f = { display, shown, runs: [], shifts: new Map() }));
    const bytes = Buffer.from(run.text, 'utf8');
    if (this.fd === undefined && this.size + bytes.length <= SPOOL_MEMORY_BYTES) this.held.push(bytes);
    else writeAll(this.fd ?? this.openFile(), bytes, this.size);
    const { text: _, ...counts } = run;
    f.runs.push({ ...counts, offset: this.size, bytes: bytes.length, part });
    this.size += bytes.length;
  }

  /** The counts of every finding in the spool. */
  counts(): SpoolCounts {
    const out: SpoolCounts = { count: 0, bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>, byFile: new Map(), rules: new Map(), withValues: false, withPlaces: false };
    for (const f of this.table.values()) {
      for (const r of f.runs) {
        out.count += r.count;
        r.bySeverity.forEach((n, i) => (out.bySeverity[SEVERITIES[i]!] += n));
        out.byFile.set(f.shown, (out.byFile.get(f.shown) ?? 0) + r.count);
        for (const [id, category, severity] of r.rules) if (!out.rules.has(id)) out.rules.set(id, { category, severity });
        if (r.withValues) out.withValues = true;
        if (r.withPlaces) out.withPlaces = true;
      }
    }
    return out;
  }

  /** Moves the places and record numbers of one part's findings to the file's (known once every part is done). */
  shift(display: string, part: number, shift: PartShift): void {
    this.table.get(display)?.shifts.set(part, shift);
  }

  /** Forgets a file's findings from its parts (it is scanned again whole); its name's findings stay. */
  dropParts(display: string): void {
    const f = this.table.get(display);
    if (f) f.runs = f.runs.filter((r) => r.part === UNSHIFTED);
  }

  /** The files that hold findings, in report order (as shown, then as scanned). */
  files(): { display: string; shown: string }[] {
    return [...this.table.values()]
      .filter((f) => f.runs.length > 0)
      .sort((a, b) => compareStrings(a.shown, b.shown) || compareStrings(a.display, b.display))
      .map(({ display, shown }) => ({ display, shown }));
  }

  /** One file's findings in report order (line, column, rule), its runs merged. */
  *read(display: string): Generator<Spooled> {
    const f = this.table.get(display);
    if (!f) return;
    const shiftOf = (part: number): PartShift => f.shifts.get(part) ?? { lines: 0, records: 0 };
    const at = (k: SortKey, part: number): SortKey => {
      if (k[0] <= 0) return k;
      const moved = movePlace(k[0], k[1], shiftOf(part));
      return [moved.line, moved.column, k[2]];
    };
    const runs = f.runs.map((r) => ({ run: r, first: at(r.first, r.part) })).sort((a, b) => compareKeys(a.first, b.first));
    const source = this.source();
    const heap = new Heap<Head>((a, b) => compareKeys(a.key, b.key) || a.order - b.order);
    let next = 0;
    const open = (r: Run, order: number): void => {
      const cursor = new RunCursor(source, r.offset, r.bytes);
      const shift = shiftOf(r.part);
      const head: Head = { cursor, shift, order, key: [0, 0, ''], item: undefined as never };
      if (advance(head, f.shown)) heap.push(head);
    };
    for (;;) {
      // a run joins the merge only when its first finding is due: runs that follow one another
      // (the usual case) are read one at a time, each with one small buffer
      while (next < runs.length && (heap.size === 0 || compareKeys(runs[next]!.first, heap.peek()!.key) <= 0)) {
        open(runs[next]!.run, next);
        next++;
      }
      const top = heap.pop();
      if (!top) return;
      yield top.item;
      if (advance(top, f.shown)) heap.push(top);
    }
  }

  /** Closes (and where needed removes) the spool file. */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    [this.fd, this.held] = [undefined, []];
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }
}

/** Writes all of bytes to the file open as fd, from byte `at` of it on. */
function writeAll(fd: number, bytes: Buffer, at: number): void {
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done, at + done);
}

/** Collects one file's (or part's) findings and hands them on a sorted, encoded run at a time. */
export class RunBuilder {
  private buf: Spooled[] = [];

  constructor(private readonly emit: (run: EncodedRun) => void) {}

  /** Takes a finding (and only it, its key and its record: whatever else the object carries is not kept). */
  add({ finding, key, record }: KeyedFinding): void {
    this.buf.push(record === undefined ? { finding, key } : { finding, key, record });
    if (this.buf.length >= RUN_FINDINGS) this.flush();
  }

  /** Hands on what is left (the file or part is done). */
  end(): void {
    this.flush();
  }

  private flush(): void {
    const records = this.buf;
    this.buf = [];
    if (records.length > 0) this.emit(encodeRun(records));
  }
}

/**
 * Writers of the files one scan makes findings in (a file, or a document's parts), made on
 * demand and ended together.
 */
export class FileWriters {
  private readonly writers = new Map<string, RunBuilder>();

  constructor(private readonly make: (file: string, shown: string) => RunBuilder) {}

  /** Takes a batch of one file's findings with their value keys. */
  add(found: readonly KeyedFinding[], file: string, shown: string): void {
    let w = this.writers.get(file);
    if (!w) this.writers.set(file, (w = this.make(file, shown)));
    for (const k of found) w.add(k);
  }

  /** Ends every writer (the scan is done). */
  end(): void {
    for (const w of this.writers.values()) w.end();
    this.writers.clear();
  }
}

/** Sorts findings by line, column and rule, and encodes them as one run, with their counts. */
export function encodeRun(records: Spooled[]): EncodedRun {
  records.sort((a, b) => compareFindings(a.finding, b.finding));
  const bySeverity = SEVERITIES.map(() => 0);
  const rules = new Map<string, [string, Category, Severity]>();
  let withValues = false;
  let withPlaces = false;
  let text = '';
  for (const r of records) {
    const f = r.finding;
    text += `${encode(r)}\n`;
    bySeverity[SEVERITIES.indexOf(f.severity)]!++;
    if (!rules.has(f.ruleId)) rules.set(f.ruleId, [f.ruleId, f.category, f.severity]);
    if (f.value !== undefined) withValues = true;
    if (f.cell !== undefined || f.page !== undefined || f.hidden !== undefined) withPlaces = true;
  }
  const first = records[0]!.finding;
  const last = records[records.length - 1]!.finding;
  return { text, first: [first.line, first.column, first.ruleId], last: [last.line, last.column, last.ruleId], count: records.length, bySeverity, rules: [...rules.values()], withValues, withPlaces };
}

interface Head {
  cursor: RunCursor;
  shift: PartShift;
  /** The run's place in the file's runs: equal keys come out in the order they went in. */
  order: number;
  key: SortKey;
  item: Spooled;
}

/** Reads a run's next finding into `head`; false at the end of the run. */
function advance(head: Head, shown: string): boolean {
  const line = head.cursor.next();
  if (line === undefined) return false;
  head.item = decode(line, shown, head.shift);
  const f = head.item.finding;
  head.key = [f.line, f.column, f.ruleId];
  return true;
}

// A spooled finding is one JSON array per line: shorter and faster to read back than an object.
type Encoded = [
  line: number, column: number, ruleId: string, category: Finding['category'], severity: Finding['severity'],
  confidence: Finding['confidence'], field: string | null, masked: string, fingerprint: string, key: string,
  value: string | null, evidence: NonNullable<Finding['evidence']> | null, where: 'name' | null,
  cell: string | null, page: number | null, hidden: NonNullable<Finding['hidden']> | null, record: number | null,
];

function encode({ finding: f, key, record }: Spooled): string {
  const e: Encoded = [
    f.line, f.column, f.ruleId, f.category, f.severity, f.confidence, f.field ?? null, f.masked, f.fingerprint, key,
    f.value ?? null, f.evidence ?? null, f.where ?? null, f.cell ?? null, f.page ?? null, f.hidden ?? null, record ?? null,
  ];
  return JSON.stringify(e);
}

function decode(text: string, file: string, shift: PartShift): Spooled {
  const [line, column, ruleId, category, severity, confidence, field, masked, fingerprint, key, value, evidence, where, cell, page, hidden, record] = JSON.parse(text) as Encoded;
  // a part's records counted from its own first: its labels name the file's own records
  const move = record !== null && shift.records !== 0 ? (label: string) => moveRecordLabel(label, record, shift.records, shift.array) : undefined;
  const place = line > 0 ? movePlace(line, column, shift) : { line, column };
  // the properties in the order the JSON report has always listed them
  const finding: Finding = { ruleId, category, severity, confidence, file, line: place.line, column: place.column, masked, fingerprint };
  if (field !== null) finding.field = move ? move(field) : field;
  if (cell !== null) finding.cell = cell;
  if (page !== null) finding.page = page;
  if (hidden !== null) finding.hidden = hidden;
  if (value !== null) finding.value = value;
  if (evidence !== null) finding.evidence = move && evidence.fieldName !== undefined ? { ...evidence, fieldName: move(evidence.fieldName) } : evidence;
  if (where !== null) finding.where = where;
  return { finding, key };
}

/** Findings of one file in report order: line, column, then rule id. */
export function compareFindings(a: Finding, b: Finding): number {
  return a.line - b.line || a.column - b.column || compareStrings(a.ruleId, b.ruleId);
}

function compareKeys(a: SortKey, b: SortKey): number {
  return a[0] - b[0] || a[1] - b[1] || compareStrings(a[2], b[2]);
}

/** Plain code-unit order, the order the report sorts files in. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A binary min-heap. */
class Heap<T> {
  private readonly items: T[] = [];

  constructor(private readonly less: (a: T, b: T) => number) {}

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    const a = this.items;
    a.push(item);
    for (let i = a.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (this.less(a[i]!, a[parent]!) >= 0) break;
      [a[i], a[parent]] = [a[parent]!, a[i]!];
      i = parent;
    }
  }

  pop(): T | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l]!, a[m]!) < 0) m = l;
        if (r < a.length && this.less(a[r]!, a[m]!) < 0) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}
