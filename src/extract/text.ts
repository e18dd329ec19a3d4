import type { Field, FieldContext } from '../types.js';
import type { Extractor, ExtractWarning } from './extractor.js';
import { TEXT_CONTEXT } from './field-context.js';
import { objectList } from './object-list.js';
import { newField } from './new-field.js';

/** Fields hold whole lines up to this many characters, so that context reaches across lines. */
const FIELD_SIZE = 64 * 1024;
/** When a line must be cut, the next field repeats this much, so no match is lost at the cut. */
const OVERLAP = 256;
/** Made once: a regex literal is a new RegExp object each time it is reached (once per field). */
const NOT_BLANK = /\S/;

/** Plain text: fields of whole lines; over-long lines cut with an overlap. */
export class TextExtractor implements Extractor {
  readonly warnings: ExtractWarning[] = [];
  private buf = '';
  private line: number;
  private column: number;
  private offset: number;
  private readonly ctx: FieldContext;

  /** Says where the first pushed character sits (a text fallback starts mid-file). */
  constructor(line = 1, column = 1, offset = 0, ctx: FieldContext = TEXT_CONTEXT) {
    this.line = line;
    this.column = column;
    this.offset = offset;
    this.ctx = ctx;
  }

  push(chunk: string): Field[] {
    this.buf += chunk;
    const out = objectList<Field>();
    while (this.buf.length >= FIELD_SIZE) this.cut(out, false);
    const nl = this.buf.lastIndexOf('\n');
    if (nl !== -1) this.emit(out, nl + 1, nl + 1);
    return out;
  }

  boundary(): { line: number; idle: boolean } {
    return { line: this.line, idle: this.buf === '' };
  }

  end(): Field[] {
    const out = objectList<Field>();
    while (this.buf.length > 0) this.cut(out, true);
    return out;
  }

  private cut(out: Field[], final: boolean): void {
    const buf = this.buf;
    if (final && buf.length <= FIELD_SIZE) {
      this.emit(out, buf.length, buf.length);
      return;
    }
    const nl = buf.lastIndexOf('\n', FIELD_SIZE - 1);
    if (nl !== -1) {
      this.emit(out, nl + 1, nl + 1);
      return;
    }
    // one line longer than a field: cut it, and start the next field a little before the cut
    const sp = buf.lastIndexOf(' ', FIELD_SIZE - 1);
    const end = sp > FIELD_SIZE - 4096 ? sp + 1 : FIELD_SIZE;
    let next = end - OVERLAP;
    const nsp = buf.lastIndexOf(' ', next);
    if (nsp > next - OVERLAP) next = nsp + 1;
    this.emit(out, end, next);
  }

  /** Emits buf[0, end) as a field and keeps buf[next, …). */
  private emit(out: Field[], end: number, next: number): void {
    const text = this.buf.slice(0, end);
    if (NOT_BLANK.test(text)) out.push(newField(text, this.line, this.column, this.offset, this.ctx, undefined, undefined, undefined));
    const consumed = this.buf.slice(0, next);
    let nls = 0;
    let last = -1;
    for (let i = consumed.indexOf('\n'); i !== -1; i = consumed.indexOf('\n', i + 1)) {
      nls++;
      last = i;
    }
    if (nls > 0) {
      this.line += nls;
      this.column = next - last;
    } else {
      this.column += next;
    }
    this.offset += next;
    this.buf = this.buf.slice(next);
  }
}
