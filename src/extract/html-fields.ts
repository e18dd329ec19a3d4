// The fields an HTML page yields, with their exact positions: the part of the HTML extractor that
// turns runs of text and attributes into Fields, apart from the parsing (html.ts).
import type { Field, FieldContext, Where } from '../types.js';
import { normalizeName } from '../shared/field-name.js';
import { ownString } from '../shared/own-string.js';
import { type Attribute, type Attributes, namingOf } from './html-attributes.js';
import { HTML_ATTRIBUTES, ID_DT, ID_TH, ID_TITLE, NAMED_VALUE, TAG_CELL } from './html-elements.js';
import { decodeEntities } from './html-entities.js';
import { type Element, HtmlTables } from './html-tables.js';
import { offsetMap } from './html-page-fields.js';
import { newField } from './new-field.js';
import { hasNonSpace } from '../shared/js-space.js';
import { LineIndex } from './position.js';
import { fieldContext } from './field-context.js';
import { objectList } from './object-list.js';

/** Contexts remembered per page; past this, new ones are made each time. */
const MAX_CONTEXTS = 10000;
/** Attributes with nothing to scan in their name (made once: a literal is a new RegExp object each time it is reached). */
const ARIA_OR_EVENT = /^(?:aria-[a-z-]+|on[a-z]+)$/;
/** Elements whose `name` attribute names their value. */
const FORM_ELEMENT = /^(?:input|select|textarea|button|output|param|meta)$/;

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

/** A text run is cut into fields of about this size; the next field repeats the end of the last. */
const BLOCK_SIZE = 64 * 1024;
const OVERLAP = 256;

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

/**
 * Contexts shared by the pages of a run (issue 16): each of 20,000 small pages made its own, and
 * later stages, which resolve a context once, resolved every page's again. A context is a function
 * of where, label and name, made of copies, not views into a page (every page may hold it:
 * FieldContext is read-only).
 */
const runContexts = new Map<Where, Map<string, Map<string, FieldContext>>>();
/** Contexts the run remembers; past this, each page makes its own. */
const MAX_RUN_CONTEXTS = 50000;
let runContextCount = 0;

/**
 * An attribute name (DATA: `data-…`; OTHER: no HTML attribute, so its name is scanned; NAMED:
 * NAMED_VALUE; NAME: `name`, asked here once, not compared with 'name' each attribute).
 */
const DATA = 1;
const OTHER = 2;
const NAMED = 4;
const NAME = 8;

/**
 * What an attribute name is on an element, kept for the run (as its contexts are) up to
 * MAX_RUN_CONTEXTS: its `element@attribute` label, the same string each time (a string made anew is
 * hashed anew to find its context), its kind, and the contexts its fields take once asked for. Why:
 * each attribute asked a prefix, a set, a regex, the label maps and the context maps, seven hash
 * lookups and more (issue 16); now one a tag and one an attribute.
 */
interface AttributeInfo {
  label: string;
  kind: number;
  /** The contexts of its fields, by slot (KEY_CTX…), once asked for. */
  ctxs: (FieldContext | undefined)[];
  /**
   * The contexts of its values by the name that names them, once asked for: by the value for
   * `name` (`<input name="dob">`), by what names the element for NAMED_VALUE (`<meta name="author" content>`).
   */
  named: Map<string, FieldContext> | undefined;
  /** Whether the run keeps it (else it is made each time, and keeps nothing). */
  kept: boolean;
}
/** Names kept per attribute (AttributeInfo.named). */
const MAX_NAMED = 1000;
/** A `data-` name's context (a key), an unknown name's (its text), a value's no other attribute names. */
const KEY_CTX = 0;
const NAME_CTX = 1;
const VALUE_CTX = 2;

let runAttributeCount = 0;

/** What `attribute` is on `element`, from the run's (`byAttribute`, TagInfo.attributes) once it is there. */
function attributeInfo(byAttribute: Map<string, AttributeInfo> | undefined, element: string, attribute: string): AttributeInfo {
  const known = byAttribute?.get(attribute);
  if (known !== undefined) return known;
  const data = attribute.startsWith('data-');
  const kind = (data ? DATA : 0) | (!data && !HTML_ATTRIBUTES.has(attribute) && !ARIA_OR_EVENT.test(attribute) ? OTHER : 0) | (NAMED_VALUE.has(attribute) ? NAMED : 0) | (attribute === 'name' ? NAME : 0);
  const info: AttributeInfo = { label: `${element}@${attribute}`, kind, ctxs: [undefined, undefined, undefined], named: undefined, kept: false };
  if (byAttribute === undefined || runAttributeCount >= MAX_RUN_CONTEXTS) return info;
  info.label = ownString(info.label);
  info.kept = true;
  byAttribute.set(ownString(attribute), info);
  runAttributeCount++;
  return info;
}

/** The run's context of where, label and name, made and kept if the run has room; undefined if it holds none and is full. */
function runContext(where: Where, label: string, name: string): FieldContext | undefined {
  let byLabel = runContexts.get(where);
  if (!byLabel) runContexts.set(where, (byLabel = new Map()));
  let ctx = byLabel.get(label)?.get(name);
  if (ctx) return ctx;
  if (runContextCount >= MAX_RUN_CONTEXTS) return undefined;
  label = ownString(label);
  name = ownString(name);
  ctx = fieldContext(where, label, ownString(normalizeName(name)));
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
  protected out = objectList<Field>();
  /** The open elements, outermost first. */
  protected stack = objectList<Element>();
  protected readonly tables = new HtmlTables();
  /** The run of text being read, and a spare one it is swapped with when emitted. */
  protected run: Run = { text: '', segs: [], n: 0 };
  private spare: Run = { text: '', segs: [], n: 0 };
  private runCtx: FieldContext | undefined;
  /** The page's own contexts, made once the run's are full (see context). */
  private contexts: Map<Where, Map<string, Map<string, FieldContext>>> | undefined;
  private contextCount = 0;
  /**
   * Whether the context context() gave last is the run's, which an attribute or element may keep
   * (a page's own is not kept past the page), and the same for the one innermostContext gave last.
   */
  private kept = false;
  private innermostKept = false;

  protected take(): Field[] {
    const out = this.out;
    this.out = objectList();
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
    return newField(run.text, pos.line, pos.column, first, ctx, undefined, this.slice(first, end), offsets);
  }

  protected verbatimField(text: string, at: number, ctx: FieldContext, label?: string): Field {
    const pos = this.lines.at(at);
    return newField(text, pos.line, pos.column, at, ctx, label || undefined, undefined, undefined);
  }

  /**
   * The fields of an element's attributes: names that are data, values named by the element
   * (`<input name="dob" value="…">`). Its own attributes are those from `own` (what comes before
   * is a tag's the parser ignored).
   */
  protected emitAttributes(el: Element, attrs: Attributes, own: number): void {
    const byAttribute = el.tag.attributes as Map<string, AttributeInfo> | undefined;
    for (let i = 0; i < attrs.n; i++) {
      const a = attrs.list[i]!;
      const info = attributeInfo(byAttribute, el.name, a.name);
      if (info.kind & DATA) {
        // a custom attribute's name is a field name, like a JSON key
        this.out.push(this.verbatimField(this.sourceOf(a), a.nameAt, this.attributeContext(info, KEY_CTX, 'key', info.label, a.name.slice(5))));
      } else if (info.kind & OTHER) {
        // any other name is text an export can put data in (`<div jane.doe@example.com="x">`): scanned,
        // and so redacted; its label does not repeat it
        this.out.push(this.verbatimField(this.sourceOf(a), a.nameAt, this.attributeContext(info, NAME_CTX, 'attribute', `${el.name}@(name)`, '')));
      }
      if (info.kind & NAME && a.value && FORM_ELEMENT.test(el.name)) {
        this.out.push(this.attributeField(a, this.namedContext(info, a.value, 'key', info.label)));
        continue;
      }
      if (!a.value) continue;
      if (info.kind & NAMED) {
        // what names the element, looked up only for an attribute it names
        const naming = namingOf(attrs, own);
        if (naming) {
          this.out.push(this.attributeField(a, this.namedContext(info, naming, 'attribute', undefined, el.name, a.name)));
          continue;
        }
      }
      this.out.push(this.attributeField(a, this.attributeContext(info, VALUE_CTX, 'attribute', info.label, info.kind & DATA ? a.name.slice(5) : '')));
    }
  }

  /** An attribute's name as the file has it (the tag is still in the window while its attributes are emitted). */
  private sourceOf(a: Attribute): string {
    return this.slice(a.nameAt, Math.min(a.nameAt + a.name.length, a.end));
  }

  /**
   * The context in an attribute's slot, made on first use. Only the run's (shared by every
   * page) is kept: once the run is full, a page's own is made each time, as context() does.
   */
  private attributeContext(info: AttributeInfo, slot: number, where: Where, label: string, name: string): FieldContext {
    const known = info.ctxs[slot];
    if (known !== undefined) return known;
    const ctx = this.context(where, label, name);
    if (this.kept) info.ctxs[slot] = ctx;
    return ctx;
  }

  /**
   * The context of a value named `name` (see AttributeInfo.named), labelled `label`, or
   * `element[name]@attribute` when none is given (made only when not kept). Why kept: its label was
   * a new string, hashed and looked up in three maps, each `<meta content>` and `<input name>` (issue 16).
   */
  private namedContext(info: AttributeInfo, name: string, where: Where, label: string | undefined, element = '', attribute = ''): FieldContext {
    const known = info.named?.get(name);
    if (known !== undefined) return known;
    const ctx = this.context(where, label ?? `${element}[${name}]@${attribute}`, name);
    if (!info.kept || !this.kept) return ctx;
    info.named ??= new Map();
    if (info.named.size < MAX_NAMED) info.named.set(ownString(name), ctx);
    return ctx;
  }

  /** The field of an attribute's value (one: an array and a spread push per attribute cost more than the field). */
  private attributeField(a: { value: string; at: number }, ctx: FieldContext): Field {
    if (a.value.indexOf('&') === -1) return this.verbatimField(a.value, a.at, ctx);
    const run: Run = { text: '', segs: [], n: 0 };
    for (const piece of decodeEntities(a.value)) addSeg(run, piece.text, a.at + piece.raw, piece.verbatim);
    return this.runField(run, ctx);
  }

  /**
   * Adds raw text at absolute offset `at` to the current run, decoding entities when asked
   * (`plain`: the caller knows it has no `&`).
   */
  protected addText(text: string, at: number, decode: boolean, plain = false): void {
    const run = this.run;
    if (run.n === 0) this.runCtx = this.textContext();
    if (!decode || plain || text.indexOf('&') === -1) addSeg(run, text, at, decode);
    else for (const piece of decodeEntities(text)) addSeg(run, piece.text, at + piece.raw, piece.verbatim);
    if (run.text.length > BLOCK_SIZE) this.flushRun(true);
  }

  /** Emits the current run of text as a field; `keepTail` carries its end into the next run. */
  protected flushRun(keepTail = false): void {
    const run = this.run;
    if (run.n === 0) return;
    const ctx = this.runCtx!;
    if (hasNonSpace(run.text)) this.out.push(this.runField(run, ctx));
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
    const run = runContext(where, label, name);
    this.kept = run !== undefined;
    return run ?? this.pageContext(where, label, name);
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
      ctx = fieldContext(where, label, normalizeName(name));
      if (this.contextCount < MAX_CONTEXTS) {
        byName.set(name, ctx);
        this.contextCount++;
      }
    }
    return ctx;
  }

  /**
   * The context of text at the current point: inside a header cell, a named cell, or free text.
   * Kept on the innermost element (its and its ancestors' names and cells are fixed once it is
   * open): the spaces between a row's cells asked it anew each time (issue 16).
   */
  protected textContext(): FieldContext {
    // (not stack[length - 1] when empty: an index of -1 is looked up as a property, in the runtime)
    const n = this.stack.length;
    if (n === 0) return this.context('text', 'text', '');
    const el = this.stack[n - 1]!;
    const known = el.textCtx;
    if (known !== undefined) return known;
    const ctx = this.innermostContext(el);
    // only the run's contexts are kept, as attributeContext keeps them
    if (this.innermostKept) el.textCtx = ctx;
    return ctx;
  }

  /** textContext, worked out: `el` is the innermost element. Sets innermostKept. */
  private innermostContext(el: Element): FieldContext {
    // climb through blocks too: CMS tables wrap cell text in <p> or <div> (`<th><p>Victim</p></th>`)
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const e = this.stack[i]!;
      const id = e.tag.id;
      if (id === ID_TH || id === ID_DT) return this.made(this.context('header', e.name, ''));
      if (id === ID_TITLE) return this.made(this.context('meta', 'title', ''));
      if (e.fieldName !== undefined) {
        // a cell's context is its column's (made once a page), not looked up each cell (issue 16)
        const cell = e.cell;
        if (cell === undefined) return this.made(this.context('text', e.label, e.fieldName));
        if (cell.ctx === undefined) {
          cell.ctx = this.context('text', e.label, e.fieldName);
          cell.kept = this.kept;
        }
        this.innermostKept = cell.kept;
        return cell.ctx;
      }
      if (e.tag.flags & TAG_CELL) break;
    }
    const known = el.tag.textCtx;
    if (known !== undefined) {
      this.innermostKept = true;
      return known;
    }
    const ctx = this.made(this.context('text', el.name, ''));
    if (this.innermostKept) el.tag.textCtx = ctx;
    return ctx;
  }

  /** A context innermostContext has just had from context(): innermostKept says whether it is the run's. */
  private made(ctx: FieldContext): FieldContext {
    this.innermostKept = this.kept;
    return ctx;
  }
}
