import { createHash, createHmac, randomBytes } from 'node:crypto';
import { insideShape } from '../detect/shapes.js';
import { CONFIDENCES, type Category, type CompiledAllow, type CompiledShape, type Confidence, type Finding, type RawMatch, type Ruleset } from '../types.js';
import { baselineHash } from './baseline.js';
import { mask } from './mask.js';

export interface FilterOptions {
  /** Display path of the file the matches come from. */
  file: string;
  showValues: boolean;
  verbose: boolean;
  /** Keys a value for run-wide comparison without keeping it (a keyed hash; see valueKeyer). */
  valueKey: (category: Category, value: string) => string;
  /** Rule-and-position keys already reported for this file (filtering runs batch by batch). */
  seen?: Set<string>;
  /** Findings below this confidence are left out (--min-confidence). */
  minConfidence?: Confidence;
  /** The key of a baseline in use: each finding's baseline hash is returned, for the scan to apply. */
  baselineKey?: Buffer;
  /**
   * The known shape the file was recognised as, or 'pending' while a JSON file's shape is not
   * known yet: matches that only a shape-bound entry would allow are then deferred. Absent: none.
   */
  shape?: CompiledShape | 'pending';
}

export interface Filtered {
  findings: Finding[];
  /** The value key of each finding, in order: for run-wide public-value suppression. */
  keys: string[];
  /** The baseline hash of each finding, in order, when a baseline key was given. */
  hashes: string[];
  /** The matches behind the findings, in the same order (raw values: for redaction only). */
  matches: RawMatch[];
  /** Matches suppressed by an allow entry, by entry id. */
  suppressed: Map<string, number>;
  /** Value keys an entry marked `propagate` allowed: public wherever they appear in the run. */
  publicKeys: string[];
  /** Matches only a shape-bound entry would allow, while the shape is pending: to filter again when it is known. */
  deferred: RawMatch[];
}

/** Categories whose values a `propagate` entry makes public run-wide: contact points, never a name. */
const PROPAGATED = new Set<Category>(['phone', 'email', 'address', 'postcode']);

/**
 * The last stage that sees raw values: public-by-design and allowlist entries → duplicates →
 * overlaps (specific beats generic) → mask and fingerprint. What it returns holds no raw value
 * unless `showValues` asks for it.
 */
export function filterMatches(matches: RawMatch[], ruleset: Ruleset, opts: FilterOptions): Filtered {
  const suppressed = new Map<string, number>();
  const publicKeys: string[] = [];
  const kept: RawMatch[] = [];
  const deferred: RawMatch[] = [];
  const allowedBy = new Map<RawMatch, CompiledAllow>();
  for (const m of matches) {
    let entry: CompiledAllow | undefined;
    let waits = false;
    for (const a of ruleset.allow) {
      if (!allows(a, m, opts.file)) continue;
      // a public-by-design entry holds only inside the shape it describes
      if (a.shapes) {
        if (opts.shape === 'pending') {
          waits = true;
          continue;
        }
        if (opts.shape === undefined || !a.shapes.has(opts.shape.id) || !insideShape(opts.shape, m.field)) continue;
      }
      entry = a;
      break;
    }
    if (!entry) {
      (waits ? deferred : kept).push(m);
      continue;
    }
    allowedBy.set(m, entry);
    if (entry.propagate && m.kind === 'pattern' && PROPAGATED.has(m.category)) publicKeys.push(opts.valueKey(m.category, m.value));
  }
  const rank = CONFIDENCES.indexOf(opts.minConfidence ?? 'low');
  const seen = opts.seen ?? new Set<string>();
  // allowed matches are counted as the findings they would have been: a phone found both by its
  // column name and by its pattern is one suppressed finding, not two
  for (const m of resolveOverlaps(dedupe([...allowedBy.keys()], seen, 'allowed\u0000')).filter((x) => CONFIDENCES.indexOf(x.confidence) <= rank)) {
    const id = allowedBy.get(m)!.id;
    suppressed.set(id, (suppressed.get(id) ?? 0) + 1);
  }
  const final = resolveOverlaps(dedupe(kept, seen)).filter((m) => CONFIDENCES.indexOf(m.confidence) <= rank);
  const key = opts.baselineKey;
  return {
    findings: final.map((m) => toFinding(m, opts)),
    keys: final.map((m) => opts.valueKey(m.category, m.value)),
    hashes: key ? final.map((m) => baselineHash(key, m.ruleId, opts.file, normalizeValue(m.category, m.value))) : [],
    matches: final,
    suppressed,
    publicKeys,
    deferred,
  };
}

/**
 * Where a match sits in the decoded text of its file: the offset of its first character and of
 * the character after its last (for redaction, which replaces exactly that span).
 */
export function matchSpan(m: RawMatch): { start: number; end: number } {
  const f = m.field;
  const rawLength = (f.raw ?? f.text).length;
  // the character after the match, in the raw text: an escape such as \u00e9 ends where the next character starts
  const raw = (i: number): number => (!f.offsets ? i : i < f.offsets.length ? f.offsets[i]! : rawLength);
  const endIndex = m.index + m.value.length;
  return { start: f.offset + raw(m.index), end: f.offset + (endIndex < f.text.length ? raw(endIndex) : f.offsets ? rawLength : endIndex) };
}

/**
 * A keyed hash of a normalized value, with a key made for this run and never stored: lets a run
 * compare values across files without keeping them, and cannot be reversed by anyone else.
 */
export function valueKeyer(key: Buffer = randomBytes(32)): (category: Category, value: string) => string {
  return (category, value) => createHmac('sha256', key).update(`${category}\u0000${normalizeValue(category, value)}`).digest('base64');
}

/** The keyed hash a config's `allow.values` holds for a value (`leakgate allow add` writes it). */
export function valueHash(key: Buffer, category: Category | undefined, value: string): string {
  return `hmac-sha256:${createHmac('sha256', key).update(normalizeValue(category, value)).digest('base64')}`;
}

/** The comparable form of a value: digits of a phone (+44 → 0), letters and digits of the rest. */
export function normalizeValue(category: Category | undefined, value: string): string {
  if (category === 'phone') {
    let d = value.replace(/\D/g, '');
    if (value.trim().startsWith('+44')) d = `0${d.slice(2)}`;
    if (d.startsWith('0044')) d = `0${d.slice(4)}`;
    return d.replace(/^00/, '0');
  }
  if (category === 'email') return value.toLowerCase();
  return value.toUpperCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/** True when an allow entry covers a match found in `file` (its `shapes` aside: filterMatches judges those). */
export function allows(a: CompiledAllow, m: RawMatch, file: string): boolean {
  if (a.categories && !a.categories.has(m.category)) return false;
  if (a.files && !a.files(file)) return false;
  // a value stored with a category is compared in that category's form (a phone by its digits)
  if (a.hashed && !a.hashed.hashes.has(valueHash(a.hashed.key, a.categories ? m.category : undefined, m.value))) return false;
  if (a.rules && !a.rules.has(m.ruleId)) return false;
  if (a.value && !a.value.test(m.value)) return false;
  if (a.path && !(m.field.ctx.path !== undefined && a.path.test(m.field.ctx.path))) return false;
  if (a.field && !a.field.test(m.field.ctx.name ?? '')) return false;
  if (a.text && !a.text.test(m.field.text)) return false;
  if (a.when) {
    const s = m.field.siblings;
    if (!s || !a.when.every(([k, re]) => s[k] !== undefined && re.test(s[k]!))) return false;
  }
  if (a.near) {
    const before = m.field.text.slice(Math.max(0, m.index - a.window), m.index);
    if (!a.near.test(before)) return false;
  }
  return true;
}

/** One finding per rule and position (a value may be reached twice, as JSON and as HTML). */
function dedupe(matches: RawMatch[], seen: Set<string>, prefix = ''): RawMatch[] {
  return matches.filter((m) => {
    const k = `${prefix}${m.ruleId}\u0000${m.line}\u0000${m.column}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** A finding of the key category makes a finding of these categories inside it redundant. */
const COVERS: Partial<Record<Category, Category[]>> = {
  address: ['postcode'],
  iban: ['bank-account'],
  // the last part of a spaced licence (MARQU 607161 T99AP) has a compact postcode's shape
  'driving-licence': ['postcode', 'vehicle-registration'],
  'bank-account': [],
};

/**
 * Specific beats generic, per field: a pattern match of the category a field name implies replaces
 * the whole-value finding (it has the exact span; it is marked as backed by the field name); a
 * finding inside a longer one of a covering category or of the same category is dropped.
 */
function resolveOverlaps(matches: RawMatch[]): RawMatch[] {
  const byField = new Map<object, RawMatch[]>();
  for (const m of matches) {
    const list = byField.get(m.field);
    if (list) list.push(m);
    else byField.set(m.field, [m]);
  }
  const out: RawMatch[] = [];
  for (const list of byField.values()) {
    if (list.length === 1) {
      out.push(list[0]!);
      continue;
    }
    const drop = new Set<RawMatch>();
    // a column the known shape lacks is reported as unexpected; its name need not be reported twice
    if (list.some((m) => m.category === 'unexpected-field')) for (const m of list) if (m.category === 'sensitive-field') drop.add(m);
    const named = list.filter((m) => m.kind === 'name' && m.category !== 'sensitive-field');
    for (const n of named) {
      const same = list.filter((m) => m.kind === 'pattern' && (m.category === n.category || COVERS[m.category]?.includes(n.category)));
      if (same.length > 0) {
        drop.add(n);
        for (const s of same) {
          s.confidence = 'high';
          s.evidence = { ...s.evidence, fieldName: n.evidence.fieldName ?? '' };
        }
      }
    }
    for (const a of list) {
      if (drop.has(a) || a.category === 'sensitive-field') continue;
      for (const b of list) {
        if (a === b || drop.has(b) || b.category === 'sensitive-field') continue;
        const aEnd = a.index + a.value.length;
        const bEnd = b.index + b.value.length;
        const inside = b.index >= a.index && bEnd <= aEnd && (b.index > a.index || bEnd < aEnd || a.ruleId < b.ruleId);
        if (!inside) continue;
        if (a.category === b.category || COVERS[a.category]?.includes(b.category)) drop.add(b);
      }
    }
    for (const m of list) if (!drop.has(m)) out.push(m);
  }
  return out;
}

function toFinding(m: RawMatch, opts: FilterOptions): Finding {
  const field = m.field;
  const label = field.label ?? field.ctx.label;
  // a sheet cell is placed by its row and column number, not by characters inside it
  const line = field.cell ? field.line : m.line;
  const column = field.cell ? field.column : m.column;
  const f: Finding = {
    ruleId: m.ruleId,
    category: m.category,
    severity: m.severity,
    confidence: m.confidence,
    file: opts.file,
    line,
    column,
    masked: mask(m.value, m.category),
    fingerprint: fingerprint(m.ruleId, opts.file, label, line, column),
  };
  if (label) f.field = detach(label);
  if (field.cell) f.cell = field.cell;
  if (field.page) f.page = field.page;
  const hidden = field.hiddenRuns?.find((r) => m.index < r.end && m.index + m.value.length > r.start)?.hidden ?? field.hidden;
  if (hidden) f.hidden = hidden;
  if (opts.showValues) f.value = detach(m.value);
  if (opts.verbose) f.evidence = m.evidence;
  return f;
}

/**
 * A copy of a string that does not share memory with the text it was cut from: a slice of a
 * 1 MiB chunk would otherwise keep the whole chunk alive as long as the finding.
 */
function detach(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, 'utf8').toString('utf8');
}

/**
 * Identifies a finding across runs without holding its value: a hash of rule, file, field and
 * position only. A hash of the value itself could be reversed for small spaces such as NINOs;
 * baselines, which must follow values, use a keyed HMAC of their own.
 */
export function fingerprint(ruleId: string, file: string, field: string | undefined, line: number, column: number): string {
  const h = createHash('sha256').update(`${ruleId}\u0000${file}\u0000${field ?? ''}\u0000${line}\u0000${column}`).digest('hex');
  return `sha256:${h}`;
}
