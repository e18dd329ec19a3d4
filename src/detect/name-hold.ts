import { normalizeName } from '../shared/field-name.js';
import { withoutMarkers } from '../shared/redaction-marker.js';
import type { Field, FieldContext, RawMatch } from '../types.js';
import { LETTER_OR_DIGIT } from '../shared/letter-regexp.js';

/** Slots (column names, key paths) followed per file at most; past it, every name is reported. */
const MAX_SLOTS = 10_000;
/** Held JSON keys up to which a value's label is tried against each (above it, its enclosing keys are looked up). */
const FEW_KEYS = 16;
const DOT = 0x2e;
const BRACKET = 0x5b;

/**
 * A sensitive name (a header, key or attribute naming personal data: `Victim name`, `"dob"`,
 * `<th>Complainant</th>`, `input name="complainant_phone"`) is a finding only when some value
 * under it holds data (issue 17): a column whose every value is empty, a placeholder (N/A,
 * Withheld) or a redaction marker (`[REDACTED:person-name]`) publishes nothing but its name, and a
 * copy that `leakgate redact` wrote must pass the gate. Its finding is held until such a value
 * comes, and dropped at the end of the file if none did. A key a known shape lacks
 * (`unexpected-field`) is never held: the column is the mistake, whatever it holds.
 *
 * A value is under a name when it shares its column or attribute name (CSV, HTML tables, form
 * fields, `data-` attributes), or, in JSON, when it is that very key's value (its label, with the
 * real array indexes, is the key's or lies inside it): `"postcode": "[REDACTED:postcode]"` in one
 * location is no finding even when another location's postcode is public. One hold per file (or
 * part of a file).
 */
export class NameHold {
  // the collections are made when first needed: most small files hold no name, or few
  /** Name findings waiting for a value, by slot. */
  private readonly held = new Map<string, RawMatch[]>();
  /** The labels of the held `key:` slots (JSON keys), to look a value's enclosing keys up without building slot names. */
  private readonly heldKeys = new Set<string>();
  /** Column names where a value showed data: their names are reported as they come. */
  private released: Set<string> | undefined;
  /** Column-name slots of value contexts (a JSON value's slots are its own). */
  private slots: Map<FieldContext, string[]> | undefined;
  /** Names a part of a file read again from its header (the first part reports them). */
  private primed: Set<RawMatch> | undefined;
  /** The first name found in each slot, for `onData`. */
  private firstName: Map<string, Field> | undefined;
  /** Gets each value that shows data under a sensitive name, with that name (redact wants them). */
  private readonly onData: ((value: Field, name: Field) => void) | undefined;
  private overflow = false;

  constructor(
    /** A whole value that stands for "nothing here" (N/A, Withheld, [redacted]). */
    private readonly placeholder?: RegExp,
    onData?: (value: Field, name: Field) => void,
  ) {
    this.onData = onData;
  }

  /** Takes a batch's fields and matches; returns the matches to report now (held names left out, released ones added). */
  observe(fields: readonly Field[], matches: RawMatch[]): RawMatch[] {
    let out = matches;
    if (!this.overflow && matches.some(isHeldKind)) {
      out = [];
      for (const m of matches) {
        if (!isHeldKind(m)) out.push(m);
        else this.hold(m, out);
      }
    }
    if (this.held.size === 0 && !this.onData) return out;
    for (const f of fields) {
      const where = f.ctx.where;
      if (where === 'header' || where === 'key') continue;
      if (f.ctx.path !== undefined && this.onData === undefined) {
        this.releaseKeys(f, out);
        continue;
      }
      const slots = this.slotsOf(f);
      if (slots.length === 0 || !slots.some((s) => this.held.has(s) || (this.onData !== undefined && this.released?.has(s) === true))) continue;
      if (!this.showsData(f.text)) continue;
      if (this.onData) {
        const name = slots.map((s) => this.firstName?.get(s)).find((n) => n !== undefined);
        if (name) this.onData(f, name);
      }
      for (const s of slots) this.release(s, out);
    }
    return out;
  }

  /**
   * Takes the header a part of a split file reads again (its first part reports the names in
   * it): they are held as any name, so that this part can tell which of them its values release,
   * but never reported from here.
   */
  prime(matches: readonly RawMatch[]): void {
    const sink: RawMatch[] = [];
    for (const m of matches) {
      if (!isHeldKind(m)) continue;
      (this.primed ??= new Set()).add(m);
      this.hold(m, sink);
    }
  }

  /**
   * What a part of a split file leaves to the join: its names still held, by slot (none primed),
   * and the slots a value of this part showed data under (the join reports the first part's held
   * names whose slot some part released).
   */
  partEnd(): { held: Map<string, RawMatch[]>; released: string[] } {
    const held = new Map<string, RawMatch[]>();
    for (const [slot, list] of this.held) {
      const own = list.filter((m) => !this.primed?.has(m));
      if (own.length > 0) held.set(slot, own);
    }
    return { held, released: this.released ? [...this.released].filter((s) => s.startsWith('name:')) : [] };
  }

  /** At the end of the file: the names no value showed data under are dropped. */
  finish(): RawMatch[] {
    this.held.clear();
    this.heldKeys.clear();
    return [];
  }

  /**
   * A JSON value's part of `observe` when no one wants the values (`onData`): the held keys it
   * sits under (its own and every enclosing one, innermost first) are released if it shows data.
   * The same as through `slotsOf`, without a slot name made for each enclosing key of every value
   * (a key slot not held, released, changes nothing when no one wants the values).
   */
  private releaseKeys(f: Field, out: RawMatch[]): void {
    const n = this.heldKeys.size;
    if (n === 0) return;
    const label = f.label ?? f.ctx.path!;
    if (n > FEW_KEYS) {
      let under = false;
      for (let p = label; p && !under; p = enclosingKey(p)) under = this.heldKeys.has(p);
      if (!under || !this.showsData(f.text)) return;
      for (let p = label; p; p = enclosingKey(p)) if (this.heldKeys.has(p)) this.release(`key:${p}`, out);
      return;
    }
    // a few keys held (those of the batch's last records, as a rule): each is tried as a prefix
    let above: string[] | undefined;
    for (const k of this.heldKeys) if (encloses(k, label)) (above ??= []).push(k);
    if (!above || !this.showsData(f.text)) return;
    // innermost first, as enclosingKey walks them
    if (above.length > 1) above.sort((a, b) => b.length - a.length);
    for (const k of above) this.release(`key:${k}`, out);
  }

  private hold(m: RawMatch, out: RawMatch[]): void {
    const slot = slotOfName(m.field);
    if (this.onData) {
      const first = (this.firstName ??= new Map());
      if (!first.has(slot) && first.size < MAX_SLOTS) first.set(slot, m.field);
    }
    if (this.released?.has(slot)) {
      out.push(m);
      return;
    }
    const list = this.held.get(slot);
    if (list) list.push(m);
    else if (this.held.size + (this.released?.size ?? 0) < MAX_SLOTS) {
      this.held.set(slot, [m]);
      if (slot.startsWith('key:')) this.heldKeys.add(slot.slice(4));
    } else {
      // too many names to follow: fail closed, report them all from here on
      this.overflow = true;
      for (const s of [...this.held.keys()]) this.release(s, out);
      out.push(m);
    }
  }

  private release(slot: string, out: RawMatch[]): void {
    const list = this.held.get(slot);
    if (list) {
      this.held.delete(slot);
      if (slot.startsWith('key:')) this.heldKeys.delete(slot.slice(4));
      for (const m of list) if (!this.primed?.has(m)) out.push(m);
    }
    // a key's value comes right after it; only redact, which wants every value, needs them kept
    if (slot.startsWith('name:') ? (this.released?.size ?? 0) < MAX_SLOTS : this.onData !== undefined) (this.released ??= new Set()).add(slot);
  }

  /** The slots a value sits under: its key and every enclosing one (JSON), or its column name. */
  private slotsOf(f: Field): string[] {
    if (f.ctx.path !== undefined) return enclosing(f.label ?? f.ctx.path);
    const known = (this.slots ??= new Map());
    let slots = known.get(f.ctx);
    if (slots) return slots;
    slots = f.ctx.name ? [`name:${f.ctx.name}`] : [];
    if (known.size < MAX_SLOTS) known.set(f.ctx, slots);
    return slots;
  }

  /** A value shows data unless it is blank, a placeholder, or only redaction markers and punctuation. */
  private showsData(text: string): boolean {
    const value = withoutMarkers(text).trim();
    return LETTER_OR_DIGIT.test(value) && !this.placeholder?.test(value);
  }
}

/** A sensitive name: the only kind of finding held. */
function isHeldKind(m: RawMatch): boolean {
  const where = m.field.ctx.where;
  return m.kind === 'name' && m.category === 'sensitive-field' && (where === 'header' || where === 'key');
}

/** The slot of a header or key: the key itself (JSON: its label), or its name as words (a `<th>`'s is its text). */
function slotOfName(f: Field): string {
  if (f.ctx.path !== undefined) return `key:${f.label ?? f.ctx.path}`;
  return `name:${f.ctx.name || normalizeName(f.text)}`;
}

/** `$.a[0].b[1]` → `$.a[0].b[1]`, `$.a[0].b`, `$.a[0]`, `$.a`: every key a JSON value sits under. */
function enclosing(label: string): string[] {
  const out: string[] = [];
  for (let p = label; p; p = enclosingKey(p)) out.push(`key:${p}`);
  return out;
}

/** True when `key` is the JSON label `label` or one of the keys it sits in (enclosingKey's steps). */
function encloses(key: string, label: string): boolean {
  if (!label.startsWith(key) || key === '') return false;
  if (label.length === key.length) return true;
  const c = label.charCodeAt(key.length);
  return c === DOT || c === BRACKET;
}

/** The key a JSON label sits in (`$.a[0].b` → `$.a[0]`), or '' at the top. */
function enclosingKey(label: string): string {
  const cut = Math.max(label.lastIndexOf('.'), label.lastIndexOf('['));
  return cut <= 0 ? '' : label.slice(0, cut);
}
