import type { Field, FieldContext, Hidden } from '../../types.js';
import { parseXml, TextBuffer } from './xml-stream.js';
import type { Parts } from './zip-parts.js';

export interface PartTextOptions {
  /** Label of the fields (`chart data`, `text box`). */
  label: string;
  hidden?: Hidden;
  /** Attribute values count as text too (connection strings, custom XML written as attributes). */
  attributes?: boolean;
}

/** Attribute values worth judging: with a letter and at least three characters (not ids, sizes or flags). */
const WORTHY = /^(?=.*\p{L}).{3,}$/su;
const SKIP_ATTRS = /^(?:xmlns|id|uri|val|type|name|style|lang|ref|typeface|prst|algn)$/;

/**
 * The text of an XML part that is neither a sheet nor a body (a chart's cached values and titles,
 * a drawing's text boxes, custom XML, data connections): one field per paragraph (`<a:p>`, runs
 * joined) and per other element holding text, in document order. For the parts leakgate has no
 * reader of its own for, so that no part passes unread.
 */
export async function* readPartText(parts: Parts, part: string, opts: PartTextOptions): AsyncGenerator<Field[]> {
  const ctx: FieldContext = { where: 'text', label: opts.label, name: opts.label };
  let out: Field[] = [];
  let line = 0;
  let paragraph = 0;
  const text = new TextBuffer(1024 * 1024);
  const emit = (s: string): void => {
    if (!/\S/.test(s)) return;
    const f: Field = { text: s, line: ++line, column: 1, offset: 0, ctx };
    if (opts.hidden) f.hidden = opts.hidden;
    out.push(f);
  };
  for await (const _ of parseXml(parts.open(part), {
    open(name, a) {
      if (name === 'p') {
        if (paragraph === 0) emit(text.take());
        paragraph++;
      } else if (name === 'br' || name === 'tab') text.add(' ');
      if (opts.attributes) for (const k in a) if (!SKIP_ATTRS.test(k) && WORTHY.test(a[k]!)) emit(a[k]!);
    },
    text(t) {
      // whitespace with a line break between elements is indentation, not text
      if (t.includes('\n') && !/\S/.test(t)) return;
      const piece = text.add(t);
      if (piece !== undefined) emit(piece);
    },
    close(name) {
      if (name === 'p') paragraph--;
      if (paragraph === 0) emit(text.take());
    },
  }, part)) {
    if (out.length > 0) {
      yield out;
      out = [];
    }
  }
  emit(text.take());
  if (out.length > 0) yield out;
}
