// The fields an HTML page yields, with their exact positions: the part of the HTML extractor that
// turns runs of text and attributes into Fields, apart from the parsing (html.ts).
import type { Field, FieldContext, Where } from '../types.js';
import { normalizeName } from '../shared/field-name.js';
import { ownString } from '../shared/own-string.js';
import { CELL, HTML_ATTRIBUTES, NAMED_VALUE, NAMING } from './html-elements.js';
import { decodeEntities } from './html-entities.js';
import { type Element, HtmlTables } from './html-tables.js';
import { LineIndex } from './position.js';

/** Contexts remembered per page; past this, new ones are made each time. */
const MAX_CONTEXTS = 10000;
/** Attributes with nothing to scan in their name (made once: a literal is a new RegExp object each time it is reached). */
const ARIA_OR_EVENT = /^(?:aria-[a-z-]+|on[a-z]+)$/;
/** Elements whose `name` attribute names their value. */
const FORM_ELEMENT = /^(?:input|select|textarea|button|output|param|meta)$/;

/** Offset maps up to this long are plain arrays (see offsetMap). */
const SHORT_MAP = 4096;

/**
 * An offset map for a text of `length` characters (Field.offsets), to be filled: a plain array
 * when short. Why: V8 makes a typed array over 64 bytes a buffer of its own outside its heap,
 * which cost more than the copying for the many short texts of a page or of HTML in JSON strings
 * (issue 16); a long one stays a typed array (a plain array that long is slower, and larger).
 */
export function offsetMap(length: number): Int32Array | number[] {
  return length <= SHORT_MAP ? new Array<number>(length) : new Int32Array(length);
}

/** Appends a segment of text to a run, at absolute offset `raw`. */
function addSeg(run: Run, text: string, raw: number, verbatim: boolean): void {
  const segs = run.segs;
  const n = run.n;
  segs[n + AT] = run.text.length;
  segs[n + LEN] = text.length;
  segs[n + RAW] = raw;
  segs[n + VERBATIM] = verbatim ? 1 : 0;
  run.n = n + SEG;
  run.text += text;
}

/** The value of the first attribute that names an element (NAMING), if any. */
function namingOf(el: Element): string | undefined {
  for (const n of NAMING) {
    const v = el.attribs[n];
    if (v && v.trim()) return v;
  }
  return undefined;
}

/** A text run is cut into fields of about this size; the next field repeats the end of the last. */
const BLOCK_SIZE = 64 * 1024;
const OVERLAP = 256;
const NOT_BLANK = /\S/;

/**
 * A piece of text and where each of its characters sits in the file, in segments of SEG numbers:
 * where the segment starts in `text` (AT), its length (LEN), the absolute offset of its first
 * character (RAW), and 1 when it maps 1:1 (verbatim) or 0 when n:1 (an entity) (VERBATIM). Numbers
 * in one array, not an object a segment: a page's text made an object and an array growth per text event.
 * The array is reused from run to run: only its first `n` numbers are the run's.
 */
export interface Run {
  text: string;
  segs: number[];
  n: number;
}
const SEG = 4;
const AT = 0;
const LEN = 1;
export const RAW = 2;
const VERBATIM = 3;

/** An attribute of the tag being read: `name` as the parser gives it (lower case), `source` as the file has it. */
export interface Attribute {
  name: string;
  source: string;
  value: string;
  at: number;
  nameAt: number;
}

/**
 * Contexts shared by the pages of a run (issue 16): each of 20,000 small pages made its own, and
 * later stages, which resolve a context once, resolved every page's again. A context is a function
 * of where, label and name; frozen, as every page may hold it, and made of copies, not views into a page.
 */
const runContexts = new Map<Where, Map<string, Map<string, FieldContext>>>();
/** Contexts the run remembers; past this, each page makes its own. */
const MAX_RUN_CONTEXTS = 50000;
let runContextCount = 0;

/** The run's context of where, label and name, if it holds one. */
function runContextOf(where: Where, label: string, name: string): FieldContext | undefined {
  return runContexts.get(where)?.get(label)?.get(name);
}

/**
 * `element@attribute` labels, by element and attribute, kept for the run (as its contexts are) up to
 * MAX_RUN_CONTEXTS: the same string each time (a string made anew is hashed anew to find its context).
 */
const runLabels = new Map<string, Map<string, string>>();
let runLabelCount = 0;

function runLabel(element: string, attribute: string): string {
  const known = runLabels.get(element)?.get(attribute);
  if (known !== undefined) return known;
  const label = `${element}@${attribute}`;
  if (runLabelCount >= MAX_RUN_CONTEXTS) return label;
  let byAttribute = runLabels.get(element);
  if (!byAttribute) runLabels.set(ownString(element), (byAttribute = new Map()));
  const own = ownString(label);
  byAttribute.set(ownString(attribute), own);
  runLabelCount++;
  return own;
}

function runContext(where: Where, label: string, name: string): FieldContext {
  let byLabel = runContexts.get(where);
  if (!byLabel) runContexts.set(where, (byLabel = new Map()));
  let ctx = byLabel.get(label)?.get(name);
  if (ctx) return ctx;
  if (runContextCount >= MAX_RUN_CONTEXTS) return { where, label, name: normalizeName(name) };
  label = ownString(label);
  name = ownString(name);
  ctx = Object.freeze({ where, label, name: ownString(normalizeName(name)) });
  let byName = byLabel.get(label);
  if (!byName) byLabel.set(label, (byName = new Map()));
  byName.set(name, ctx);
  runContextCount++;
  return ctx;
}

/** The retained raw text of a page, its line index, its field contexts and the fields made so far. */
export abstract class HtmlFields {
  protected readonly lines = new LineIndex();
  /** The retained raw text, from absolute offset winBase. */
  protected win = '';
  protected winBase = 0;
  protected out: Field[] = [];
  /** The open elements, outermost first. */
  protected stack: Element[] = [];
  protected readonly tables = new HtmlTables();
  /** The run of text being read, and a spare one it is swapped with when emitted. */
  protected run: Run = { text: '', segs: [], n: 0 };
  private spare: Run = { text: '', segs: [], n: 0 };
  private runCtx: FieldContext | undefined;
  /** The page's own contexts, made once the run's are full (see context). */
  private contexts: Map<Where, Map<string, Map<string, FieldContext>>> | undefined;
  private contextCount = 0;

  protected take(): Field[] {
    const out = this.out;
    this.out = [];
    return out;
  }

  protected slice(from: number, to: number): string {
    return this.win.slice(from - this.winBase, to - this.winBase);
  }

  protected runField(run: Run, ctx: FieldContext): Field {
    const segs = run.segs;
    const first = segs[RAW]!;
    if (run.n === SEG && segs[VERBATIM] === 1) return this.verbatimField(run.text, first, ctx);
    const offsets = offsetMap(run.text.length);
    let end = first;
    for (let i = 0; i < run.n; i += SEG) {
      const at = segs[i + AT]!;
      const len = segs[i + LEN]!;
      const raw = segs[i + RAW]!;
      const verbatim = segs[i + VERBATIM] === 1;
      for (let k = 0; k < len; k++) offsets[at + k] = (verbatim ? raw + k : raw) - first;
      end = Math.max(end, verbatim ? raw + len : raw + 1);
    }
    const pos = this.lines.at(first);
    return { text: run.text, line: pos.line, column: pos.column, offset: first, ctx, raw: this.slice(first, end), offsets };
  }

  protected verbatimField(text: string, at: number, ctx: FieldContext, label?: string): Field {
    const pos = this.lines.at(at);
    const f: Field = { text, line: pos.line, column: pos.column, offset: at, ctx };
    if (label) f.label = label;
    return f;
  }

  /** The fields of an element's attributes: names that are data, values named by the element (`<input name="dob" value="…">`). */
  protected emitAttributes(el: Element, attrs: readonly Attribute[]): void {
    for (const a of attrs) {
      if (a.name.startsWith('data-')) {
        // a custom attribute's name is a field name, like a JSON key
        this.out.push(this.verbatimField(a.source, a.nameAt, this.context('key', runLabel(el.name, a.name), a.name.slice(5))));
      } else if (!HTML_ATTRIBUTES.has(a.name) && !ARIA_OR_EVENT.test(a.name)) {
        // any other name is text an export can put data in (`<div jane.doe@example.com="x">`): scanned,
        // and so redacted; its label does not repeat it
        this.out.push(this.verbatimField(a.source, a.nameAt, this.context('attribute', `${el.name}@(name)`, '')));
      }
      if (a.name === 'name' && a.value && FORM_ELEMENT.test(el.name)) {
        this.out.push(this.attributeField(a, this.context('key', `${el.name}@name`, a.value)));
        continue;
      }
      if (!a.value) continue;
      let fieldName = '';
      let label = runLabel(el.name, a.name);
      if (a.name.startsWith('data-')) fieldName = a.name.slice(5);
      else if (NAMED_VALUE.has(a.name)) {
        // what names the element, looked up only for an attribute it names
        const naming = namingOf(el);
        if (naming) {
          fieldName = naming;
          label = `${el.name}[${fieldName}]@${a.name}`;
        }
      }
      this.out.push(this.attributeField(a, this.context('attribute', label, fieldName)));
    }
  }

  /** The field of an attribute's value (one: an array and a spread push per attribute cost more than the field). */
  private attributeField(a: { value: string; at: number }, ctx: FieldContext): Field {
    if (a.value.indexOf('&') === -1) return this.verbatimField(a.value, a.at, ctx);
    const run: Run = { text: '', segs: [], n: 0 };
    for (const piece of decodeEntities(a.value)) addSeg(run, piece.text, a.at + piece.raw, piece.verbatim);
    return this.runField(run, ctx);
  }

  /** Adds raw text at absolute offset `at` to the current run, decoding entities when asked. */
  protected addText(text: string, at: number, decode: boolean): void {
    const run = this.run;
    if (run.n === 0) this.runCtx = this.textContext();
    if (!decode || text.indexOf('&') === -1) addSeg(run, text, at, decode);
    else for (const piece of decodeEntities(text)) addSeg(run, piece.text, at + piece.raw, piece.verbatim);
    if (run.text.length > BLOCK_SIZE) this.flushRun(true);
  }

  /** Emits the current run of text as a field; `keepTail` carries its end into the next run. */
  protected flushRun(keepTail = false): void {
    const run = this.run;
    if (run.n === 0) return;
    const ctx = this.runCtx!;
    if (NOT_BLANK.test(run.text)) this.out.push(this.runField(run, ctx));
    if (ctx.where === 'header') this.tables.rememberHeader(ctx.label!, run.text.trim());
    // the two runs take turns: their segment arrays keep their size from run to run
    const next = this.spare;
    next.text = '';
    next.n = 0;
    this.spare = run;
    this.run = next;
    if (!keepTail) return;
    const from = run.text.length - OVERLAP;
    const segs = run.segs;
    for (let i = 0; i < run.n; i += SEG) {
      const at = segs[i + AT]!;
      const len = segs[i + LEN]!;
      if (at + len <= from) continue;
      const cut = Math.max(0, from - at);
      const verbatim = segs[i + VERBATIM] === 1;
      addSeg(next, run.text.slice(at + cut, at + len), verbatim ? segs[i + RAW]! + cut : segs[i + RAW]!, verbatim);
    }
  }

  /**
   * The context of where, label and name: the run's (runContext), the same object wherever it is
   * asked for. Once the run holds MAX_RUN_CONTEXTS, a context it does not hold is the page's own,
   * made once a page. Why the run's first: each page's own maps of the contexts it met, kept as
   * well, were a tenth of the garbage a small page made and a lookup more each time (issue 16).
   */
  protected context(where: Where, label: string, name: string): FieldContext {
    if (runContextCount < MAX_RUN_CONTEXTS) return runContext(where, label, name);
    return runContextOf(where, label, name) ?? this.pageContext(where, label, name);
  }

  private pageContext(where: Where, label: string, name: string): FieldContext {
    // found by where, label and name in turn: a key joining the three was a new string to hash each time
    const contexts = (this.contexts ??= new Map());
    let byLabel = contexts.get(where);
    if (!byLabel) contexts.set(where, (byLabel = new Map()));
    let byName = byLabel.get(label);
    if (!byName) {
      byName = new Map();
      if (this.contextCount < MAX_CONTEXTS) byLabel.set(label, byName);
    }
    let ctx = byName.get(name);
    if (!ctx) {
      ctx = runContext(where, label, name);
      if (this.contextCount < MAX_CONTEXTS) {
        byName.set(name, ctx);
        this.contextCount++;
      }
    }
    return ctx;
  }

  /** The context of text at the current point: inside a header cell, a named cell, or free text. */
  protected textContext(): FieldContext {
    const el = this.stack[this.stack.length - 1];
    if (!el) return this.context('text', 'text', '');
    // climb through blocks too: CMS tables wrap cell text in <p> or <div> (`<th><p>Victim</p></th>`)
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const e = this.stack[i]!;
      if (e.name === 'th' || e.name === 'dt') return this.context('header', e.name, '');
      if (e.name === 'title') return this.context('meta', 'title', '');
      if (e.fieldName !== undefined) return this.context('text', e.label, e.fieldName);
      if (CELL.has(e.name)) break;
    }
    return this.context('text', el.name, '');
  }
}
