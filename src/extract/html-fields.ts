// The fields an HTML page yields, with their exact positions: the part of the HTML extractor that
// turns runs of text and attributes into Fields, apart from the parsing (html.ts).
import type { Field, FieldContext, Where } from '../types.js';
import { normalizeName } from '../shared/field-name.js';
import { CELL, HTML_ATTRIBUTES, NAMED_VALUE, NAMING } from './html-elements.js';
import { decodeEntities } from './html-entities.js';
import type { Element } from './html-tables.js';
import { LineIndex } from './position.js';

/** Contexts remembered per page; past this, new ones are made each time. */
const MAX_CONTEXTS = 10000;

/** A piece of text and where each of its characters sits in the file. */
export interface Run {
  text: string;
  /** Absolute offset of each segment's first character; segments map 1:1 (verbatim) or n:1 (entity). */
  segs: { at: number; len: number; raw: number; verbatim: boolean }[];
}

/** An attribute of the tag being read: `name` as the parser gives it (lower case), `source` as the file has it. */
export interface Attribute {
  name: string;
  source: string;
  value: string;
  at: number;
  nameAt: number;
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
  private readonly contexts = new Map<Where, Map<string, Map<string, FieldContext>>>();
  private contextCount = 0;
  private readonly labels = new Map<string, Map<string, string>>();

  protected take(): Field[] {
    const out = this.out;
    this.out = [];
    return out;
  }

  protected slice(from: number, to: number): string {
    return this.win.slice(from - this.winBase, to - this.winBase);
  }

  protected runField(run: Run, ctx: FieldContext): Field {
    const first = run.segs[0]!.raw;
    const lastSeg = run.segs[run.segs.length - 1]!;
    const verbatim = run.segs.length === 1 && lastSeg.verbatim;
    if (verbatim) return this.verbatimField(run.text, first, ctx);
    const offsets = new Int32Array(run.text.length);
    let end = first;
    for (const s of run.segs) {
      for (let k = 0; k < s.len; k++) offsets[s.at + k] = (s.verbatim ? s.raw + k : s.raw) - first;
      end = Math.max(end, s.verbatim ? s.raw + s.len : s.raw + 1);
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
    // what names the element, looked up only for an attribute it names (a loop: no array per element)
    let naming: string | undefined | null = null;
    const namingOf = (): string | undefined => {
      if (naming !== null) return naming;
      naming = undefined;
      for (const n of NAMING) {
        const v = el.attribs[n];
        if (v && v.trim()) return (naming = v);
      }
      return naming;
    };
    for (const a of attrs) {
      if (a.name.startsWith('data-')) {
        // a custom attribute's name is a field name, like a JSON key
        this.out.push(this.verbatimField(a.source, a.nameAt, this.context('key', this.attributeLabel(el.name, a.name), a.name.slice(5))));
      } else if (!HTML_ATTRIBUTES.has(a.name) && !/^(?:aria-[a-z-]+|on[a-z]+)$/.test(a.name)) {
        // any other name is text an export can put data in (`<div jane.doe@example.com="x">`): scanned,
        // and so redacted; its label does not repeat it
        this.out.push(this.verbatimField(a.source, a.nameAt, this.context('attribute', `${el.name}@(name)`, '')));
      }
      if (a.name === 'name' && a.value && /^(?:input|select|textarea|button|output|param|meta)$/.test(el.name)) {
        this.out.push(...this.attributeFields(a, this.context('key', `${el.name}@name`, a.value)));
        continue;
      }
      if (!a.value) continue;
      let fieldName = '';
      let label = this.attributeLabel(el.name, a.name);
      if (a.name.startsWith('data-')) fieldName = a.name.slice(5);
      else if (NAMED_VALUE.has(a.name) && namingOf()) {
        fieldName = namingOf()!;
        label = `${el.name}[${fieldName}]@${a.name}`;
      }
      this.out.push(...this.attributeFields(a, this.context('attribute', label, fieldName)));
    }
  }

  private attributeFields(a: { value: string; at: number }, ctx: FieldContext): Field[] {
    if (a.value.indexOf('&') === -1) return [this.verbatimField(a.value, a.at, ctx)];
    const run: Run = { text: '', segs: [] };
    for (const piece of decodeEntities(a.value)) {
      run.segs.push({ at: run.text.length, len: piece.text.length, raw: a.at + piece.raw, verbatim: piece.verbatim });
      run.text += piece.text;
    }
    return [this.runField(run, ctx)];
  }

  /** `element@attribute`, the same string each time (a string made anew is hashed anew to find its context). */
  private attributeLabel(element: string, attribute: string): string {
    let byAttribute = this.labels.get(element);
    if (!byAttribute) {
      byAttribute = new Map();
      if (this.labels.size < MAX_CONTEXTS) this.labels.set(element, byAttribute);
    }
    let label = byAttribute.get(attribute);
    if (label === undefined) {
      label = `${element}@${attribute}`;
      if (byAttribute.size < MAX_CONTEXTS) byAttribute.set(attribute, label);
    }
    return label;
  }

  protected context(where: Where, label: string, name: string): FieldContext {
    // found by where, label and name in turn: a key joining the three was a new string to hash each time
    let byLabel = this.contexts.get(where);
    if (!byLabel) this.contexts.set(where, (byLabel = new Map()));
    let byName = byLabel.get(label);
    if (!byName) {
      byName = new Map();
      if (this.contextCount < MAX_CONTEXTS) byLabel.set(label, byName);
    }
    let ctx = byName.get(name);
    if (!ctx) {
      ctx = { where, label, name: normalizeName(name) };
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
