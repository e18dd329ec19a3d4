import { createHmac, randomBytes } from 'node:crypto';
import { insideShape } from './inside-shape.js';
import { normalizeName } from '../shared/field-name.js';
import { CONFIDENCES, type Category, type CompiledAllow, type CompiledShape, type Confidence, type Finding, type KeyedFinding, type Matcher, type RawMatch, type Ruleset } from '../types.js';
import { documentOf } from '../formats/registry.js';
import { allowIndex } from './allow-index.js';
import { KeyedHash } from './keyed-hash.js';
import { mask } from './mask.js';
import type { TextMasker } from './text-mask.js';
import { LetterRegExp } from '../shared/letter-regexp.js';
import { groupOf, positionKey, RecentKeys } from './recent-keys.js';

/** What is neither a letter nor a digit. */
const NON_WORD = new LetterRegExp('[^\\p{L}\\p{N}]', 'gu', /[^A-Za-z0-9]/g);

export interface FilterOptions {
  /** Display path of the file the matches come from. */
  file: string;
  /** The same path as reports show it: every finding in its names masked. */
  shown: string;
  /** Masks findings inside labels (a header or key that is itself personal data). */
  masker: TextMasker;
  /** The key of fingerprints (LEAKGATE_KEY or the user's key file): never in a report. */
  fingerprintKey: Buffer;
  showValues: boolean;
  verbose: boolean;
  /** Keys a value for run-wide comparison without keeping it (a keyed hash; see valueKeyer). */
  valueKey: (category: Category, value: string) => string;
  /** Rule-and-position keys already reported for this file (filtering runs batch by batch). */
  seen?: RecentKeys;
  /** Findings below this confidence are left out (--min-confidence). */
  minConfidence?: Confidence;
  /**
   * The known shape the file was recognised as, or 'pending' while a JSON file's shape is not
   * known yet: matches that only a shape-bound entry would allow are then deferred. Absent: none.
   */
  shape?: CompiledShape | 'pending';
}

/** A finding as the filter made it: with its value key, and the match it was made from (raw: never sent on). */
export interface FilteredFinding extends KeyedFinding {
  match: RawMatch;
}

export interface Filtered {
  /** Each finding with its value key and the match behind it (a raw value: for redaction and names only). */
  findings: FilteredFinding[];
  /** Matches suppressed by an allow entry, by entry id. */
  suppressed: Map<string, number>;
  /** Value keys an entry marked `propagate` allowed: public wherever they appear in the run. */
  publicKeys: string[];
  /** Matches only a shape-bound entry would allow, while the shape is pending: to filter again when it is known. */
  deferred: RawMatch[];
}

/** Categories whose values a `propagate` entry makes public run-wide: contact points, never a name. */
const PROPAGATED = new Set<Category>(['phone', 'email', 'address', 'postcode']);

/** True for a category whose values an allowance can make public beyond their own file. */
export function propagates(category: Category): boolean {
  return PROPAGATED.has(category);
}
/**
 * Categories whose propagated values stay public only beside the file that made them so (its
 * folder: the bundle it was published with), never run-wide (issue 15): a station's postcode in a
 * neighbourhood file covers the station's page in its bundle, not a leaky export elsewhere in the
 * run. A phone number or a mailbox a shape publishes is a contact point wherever it appears.
 */
const BUNDLE_SCOPED = new Set<Category>(['address', 'postcode']);

/** A public value's key scoped to the folder of a file as shown (`a/b/x.json` → `a/b`). */
export function scopedKey(key: string, shown: string): string {
  const file = documentOf(shown);
  return `${key}\u0000${file.replace(/!\/.*$/, '').replace(/[^/\\]*$/, '')}`;
}

/**
 * The last stage that sees raw values: public-by-design and allowlist entries → duplicates →
 * overlaps (specific beats generic) → mask and fingerprint. What it returns holds no raw value
 * unless `showValues` asks for it.
 */
export function filterMatches(matches: RawMatch[], ruleset: Ruleset, opts: FilterOptions): Filtered {
  const allow = allowIndex(ruleset.allow);
  const suppressed = new Map<string, number>();
  const publicKeys: string[] = [];
  const kept: RawMatch[] = [];
  const deferred: RawMatch[] = [];
  // made at the first match an entry allows: most batches have none
  let allowedBy: Map<RawMatch, CompiledAllow> | undefined;
  for (const m of matches) {
    let entry: CompiledAllow | undefined;
    let waits = false;
    const entries = allow.byCategory.get(m.category) ?? allow.anyCategory;
    for (let i = 0; i < entries.length; i++) {
      const a = entries[i]!;
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
    // a shape-bound entry may still take it (and make it public run-wide): the shape decides first
    if (!entry || waits) {
      (waits ? deferred : kept).push(m);
      continue;
    }
    (allowedBy ??= new Map()).set(m, entry);
    if (entry.propagate && m.kind === 'pattern' && PROPAGATED.has(m.category)) {
      const key = opts.valueKey(m.category, m.value);
      publicKeys.push(BUNDLE_SCOPED.has(m.category) ? scopedKey(key, opts.shown) : key);
    }
  }
  // which category's finding covers another's on the same span: pack data (an address its postcode)
  const covers: Covers = ruleset.knowledge?.covers ?? new Map();
  const rank = CONFIDENCES.indexOf(opts.minConfidence ?? 'low');
  const seen = opts.seen ?? new RecentKeys();
  // allowed matches are counted as the findings they would have been: a phone found both by its
  // column name and by its pattern is one suppressed finding, not two
  if (allowedBy !== undefined) {
    for (const m of resolveOverlaps(dedupe([...allowedBy.keys()], seen, 'allowed\u0000'), covers).filter((x) => CONFIDENCES.indexOf(x.confidence) <= rank)) {
      const id = allowedBy.get(m)!.id;
      suppressed.set(id, (suppressed.get(id) ?? 0) + 1);
    }
  }
  const final = resolveOverlaps(dedupe(kept, seen, '', publicKey(kept)), covers).filter((m) => CONFIDENCES.indexOf(m.confidence) <= rank);
  return {
    findings: final.map((m) => {
      const found: FilteredFinding = { finding: toFinding(m, ruleset.fingerprintIds, opts), key: opts.valueKey(m.category, m.value), match: m };
      if (m.field.record !== undefined) found.record = m.field.record;
      return found;
    }),
    suppressed,
    publicKeys,
    deferred,
  };
}

/**
 * A sensitive JSON key whose value leaves no finding (empty, a placeholder, or public by design)
 * is one finding per key path in a file, not one per object (issue 15): 250 records with an
 * `FOI_Email_Address` key holding published mailboxes are one field name to look at. A key whose
 * value is reported stays a finding in each object, beside its value.
 */
function publicKey(kept: RawMatch[]): (m: RawMatch) => boolean {
  let valued: Map<object, Set<string>> | undefined;
  for (const k of kept) {
    const { siblings, ctx } = k.field;
    if (ctx.where !== 'value' || !siblings || ctx.path === undefined) continue;
    valued ??= new Map();
    let paths = valued.get(siblings);
    if (!paths) valued.set(siblings, (paths = new Set()));
    paths.add(ctx.path);
  }
  return (m) => m.category === 'sensitive-field' && m.field.ctx.where === 'key' && m.field.holds === 'scalar' && m.field.ctx.path !== undefined
    && !(m.field.siblings && valued?.get(m.field.siblings)?.has(m.field.ctx.path));
}

/**
 * A keyed hash of a normalized value, with a key made for this run and never stored: lets a run
 * compare values across files without keeping them, and cannot be reversed by anyone else.
 */
export function valueKeyer(key: Buffer = randomBytes(32)): (category: Category, value: string) => string {
  const h = new KeyedHash(key);
  return (category, value) => h.digest(`${category}\u0000${normalizeValue(category, value)}`, 'base64');
}

/** The keyed hash a config's `allow.values` holds for a value (`leakgate allow add` writes it). */
export function valueHash(key: Buffer, category: Category | undefined, value: string): string {
  return `hmac-sha256:${createHmac('sha256', key).update(normalizeValue(category, value)).digest('base64')}`;
}

/**
 * The last value normalizeValue was asked for, and its form: a finding's fingerprint and its
 * value key ask for the same one, one after the other, and it is worked out once.
 */
const last: { category: Category | undefined; value: string | undefined; form: string } = { category: undefined, value: undefined, form: '' };

/** The comparable form of a value: digits of a phone (+44 → 0), letters and digits of the rest. */
export function normalizeValue(category: Category | undefined, value: string): string {
  if (value === last.value && category === last.category) return last.form;
  const form = comparableForm(category, value);
  last.category = category;
  last.value = value;
  last.form = form;
  return form;
}

/** normalizeValue's work, done anew. */
function comparableForm(category: Category | undefined, value: string): string {
  if (category === 'phone') {
    let d = value.replace(/\D/g, '');
    if (value.trim().startsWith('+44')) d = `0${d.slice(2)}`;
    if (d.startsWith('0044')) d = `0${d.slice(4)}`;
    return d.replace(/^00/, '0');
  }
  if (category === 'email') return value.toLowerCase();
  const upper = value.toUpperCase();
  return upper.replace(NON_WORD.for(upper), '');
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
  if (a.valueNot && a.valueNot.test(m.value)) return false;
  if (a.beside && !a.beside.test(`${m.field.text.slice(0, m.index)} \u0000 ${m.field.text.slice(m.index + m.value.length)}`)) return false;
  if (a.row && !a.row.every(([name, value]) => rowHas(m.field, name, value))) return false;
  if (a.unlessPerson?.(m)) return false;
  return true;
}

/**
 * True when some cell of the field's row has a name `name` matches and a value `value` matches.
 * The row: its CSV record, or its JSON object's scalar members, by name as lower-case words.
 */
function rowHas(field: RawMatch['field'], name: Matcher, value: Matcher): boolean {
  const row = field.row;
  if (row) {
    // a CSV record's cells, read in place: no pair made per cell (this runs per match and entry)
    for (const k in row) {
      const v = row[k]!;
      if (v !== '' && name.test(k) && value.test(v)) return true;
    }
    return false;
  }
  const siblings = field.siblings;
  if (!siblings) return false;
  // a JSON object's plain record read in place too, not as Object.entries (pairs per match and entry)
  for (const k in siblings) {
    const v = siblings[k]!;
    if (v !== '' && name.test(normalizeName(k)) && value.test(v)) return true;
  }
  return false;
}

/** One finding per rule and position (a value may be reached twice, as JSON and as HTML); per key path for the keys `collapse` picks. */
function dedupe(matches: RawMatch[], seen: RecentKeys, prefix = '', collapse?: (m: RawMatch) => boolean): RawMatch[] {
  return matches.filter((m) => {
    const group = groupOf(prefix, m.ruleId);
    const k = collapse?.(m) ? `key\u0000${m.field.ctx.path}` : positionKey(m.line, m.column);
    if (seen.has(group, k)) return false;
    seen.add(group, k);
    return true;
  });
}

type Covers = ReadonlyMap<Category, ReadonlySet<Category>>;

/**
 * Specific beats generic, per field: a pattern match of the category a field name implies replaces
 * the whole-value finding (it has the exact span; it is marked as backed by the field name); a
 * finding inside a longer one of a covering category or of the same category is dropped.
 */
function resolveOverlaps(matches: RawMatch[], covers: Covers): RawMatch[] {
  // one match or none: nothing to overlap (and no map made)
  if (matches.length < 2) return matches;
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
      const same = list.filter((m) => m.kind === 'pattern' && (m.category === n.category || covers.get(m.category)?.has(n.category)));
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
        if (a.category === b.category || covers.get(a.category)?.has(b.category)) drop.add(b);
      }
    }
    for (const m of list) if (!drop.has(m)) out.push(m);
  }
  return out;
}

/**
 * The finding a match becomes: its value masked, and everything else that came from the data
 * (the field label, a header reported as the finding itself, the evidence) with any finding in
 * it masked too. The raw value stays only with --show-values.
 */
function toFinding(m: RawMatch, fingerprintIds: ReadonlyMap<string, string>, opts: FilterOptions): Finding {
  const field = m.field;
  const label = field.label ?? field.ctx.label;
  const names = m.category === 'sensitive-field' || m.category === 'unexpected-field';
  // a sheet cell is placed by its row and column number, not by characters inside it
  const line = field.cell ? field.line : m.line;
  const column = field.cell ? field.column : m.column;
  const f: Finding = {
    ruleId: m.ruleId,
    category: m.category,
    severity: m.severity,
    confidence: m.confidence,
    file: opts.shown,
    line,
    column,
    // a header or key reported for its name is shown as a label is: a name that is data is masked
    masked: names ? opts.masker.label(m.value) : mask(m.value, m.category),
    // a renamed rule hashes its oldest id, so that baselines made before the rename still match
    fingerprint: fingerprint(opts.fingerprintKey, fingerprintIds.get(m.ruleId) ?? m.ruleId, opts.file, m.category, m.value),
  };
  if (label) f.field = detach(opts.masker.label(label));
  if (field.cell) f.cell = field.cell;
  if (field.page) f.page = field.page;
  const hidden = field.hiddenRuns?.find((r) => m.index < r.end && m.index + m.value.length > r.start)?.hidden ?? field.hidden;
  if (hidden) f.hidden = hidden;
  if (opts.showValues) f.value = detach(m.value);
  if (opts.verbose) f.evidence = maskEvidence(m.evidence, opts.masker);
  return f;
}

/** Evidence as --verbose shows it: the field name and the reason, with any finding in them masked. */
function maskEvidence(e: RawMatch['evidence'], masker: TextMasker): RawMatch['evidence'] {
  const out = { ...e };
  if (out.fieldName !== undefined) out.fieldName = masker.label(out.fieldName);
  if (out.keyword !== undefined) out.keyword = masker.label(out.keyword);
  return out;
}

/**
 * A copy of a string that does not share memory with the text it was cut from: a slice of a
 * 1 MiB chunk would otherwise keep the whole chunk alive as long as the finding.
 */
function detach(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, 'utf8').toString('utf8');
}

/**
 * Identifies a finding across runs and machines without holding its value: an HMAC, under the
 * project's key, of the rule, the file and the normalized value. Without the key it cannot be
 * reversed, even for a value with few possibilities (a NINO whose masked form shows its first
 * two letters and last one leaves a million); it does not depend on the line, so moving a row
 * keeps it, and a baseline stores it as it is.
 */
export function fingerprint(key: Buffer, ruleId: string, file: string, category: Category, value: string): string {
  let h = hashers.get(key);
  if (!h) hashers.set(key, (h = new KeyedHash(key)));
  return `hmac-sha256:${h.digest(`${ruleId}\u0000${file}\u0000${normalizeValue(category, value)}`)}`;
}

const hashers = new WeakMap<Buffer, KeyedHash>();
