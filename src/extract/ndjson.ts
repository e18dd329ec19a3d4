import type { Field, FieldContext } from '../types.js';
import type { Extractor, ExtractWarning, ListSink } from './extractor.js';
import { type HtmlReader, JsonExtractor } from './json.js';
import { TextExtractor } from './text.js';
import { TEXT_CONTEXT } from './field-context.js';
import { newField } from './new-field.js';

const NOT_BLANK = /\S/;
/**
 * A line longer than this is scanned as text, streamed: parsed whole, a 50 MB line of objects
 * made millions of fields at once and ran out of memory.
 */
const MAX_LINE = 8 * 1024 * 1024;

/**
 * NDJSON / JSON Lines: each line is one JSON value, parsed on its own, so one broken line is
 * reported and scanned as text while the lines around it keep their structure.
 */
export class NdjsonExtractor implements Extractor {
  private readonly json: JsonExtractor;
  private buf = '';
  private line = 1;
  private offset = 0;
  private readonly extra: ExtractWarning[] = [];
  /** The rest of a line too long to parse, streamed as text until it ends. */
  private long: TextExtractor | undefined;

  constructor(html?: HtmlReader, private readonly onList?: ListSink) {
    this.json = new JsonExtractor({ lineMode: true, ...(html ? { html } : {}), ...(onList ? { onList } : {}) });
  }

  get warnings(): ExtractWarning[] {
    return this.json.warnings.concat(this.extra);
  }

  push(chunk: string): Field[] {
    const out: Field[] = [];
    let rest = chunk;
    if (this.long) {
      const nl = chunk.indexOf('\n');
      if (nl === -1) {
        this.offset += chunk.length;
        return this.long.push(chunk);
      }
      for (const f of this.long.push(chunk.slice(0, nl))) out.push(f);
      for (const f of this.long.end()) out.push(f);
      this.long = undefined;
      // still a record: the lines after it keep the labels ($[n]) they would have had
      this.json.skipLine();
      this.line++;
      this.offset += nl + 1;
      rest = chunk.slice(nl + 1);
    }
    // only the new text is searched for line ends: searching the held line again was quadratic
    const from = this.buf.length;
    this.buf += rest;
    let start = 0;
    for (let nl = this.buf.indexOf('\n', from); nl !== -1; nl = this.buf.indexOf('\n', start)) {
      this.parseLine(this.buf.slice(start, nl), out);
      start = nl + 1;
    }
    this.buf = this.buf.slice(start);
    if (this.buf.length > MAX_LINE) {
      this.onList?.(undefined);
      this.extra.push({ code: 'ELONGLINE', message: ['line ', this.line, ' is over 8 MiB; scanned as text'] });
      this.long = new TextExtractor(this.line, 1, this.offset);
      for (const f of this.long.push(this.buf)) out.push(f);
      this.offset += this.buf.length;
      this.buf = '';
    }
    return out;
  }

  boundary(): { line: number; idle: boolean; records: number } {
    return { line: this.line, idle: this.buf === '' && !this.long, records: this.json.records };
  }

  end(): Field[] {
    const out: Field[] = [];
    if (this.long) {
      for (const f of this.long.end()) out.push(f);
      this.long = undefined;
    } else if (this.buf.length > 0) {
      this.parseLine(this.buf, out);
    }
    this.buf = '';
    return out;
  }

  private parseLine(raw: string, out: Field[]): void {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    // a record's line starts with its brace: the regex is for the others
    if (text.charCodeAt(0) === 123 || NOT_BLANK.test(text)) {
      this.json.parseLine(text, this.line, this.offset, out);
      if (this.json.broken) out.push(newField(text, this.line, 1, this.offset, TEXT_CONTEXT, undefined, undefined, undefined));
    }
    this.line++;
    this.offset += raw.length + 1;
  }
}
