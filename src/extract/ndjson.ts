import type { Field, FieldContext } from '../types.js';
import type { Extractor, ExtractWarning } from './extractor.js';
import { type HtmlReader, JsonExtractor } from './json.js';

const TEXT_CTX: FieldContext = { where: 'text' };
/** A line longer than this is parsed when it ends, but never held beyond this many characters twice. */
const MAX_LINE = 64 * 1024 * 1024;

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

  constructor(html?: HtmlReader) {
    this.json = new JsonExtractor(html ? { lineMode: true, html } : { lineMode: true });
  }

  get warnings(): ExtractWarning[] {
    return this.json.warnings.concat(this.extra);
  }

  push(chunk: string): Field[] {
    this.buf += chunk;
    const out: Field[] = [];
    let start = 0;
    for (let nl = this.buf.indexOf('\n'); nl !== -1; nl = this.buf.indexOf('\n', start)) {
      this.parseLine(this.buf.slice(start, nl), out);
      start = nl + 1;
    }
    this.buf = this.buf.slice(start);
    if (this.buf.length > MAX_LINE) {
      this.extra.push({ code: 'ELONGLINE', message: `line ${this.line} is over 64 MiB; scanned as text` });
      out.push({ text: this.buf, line: this.line, column: 1, offset: this.offset, ctx: TEXT_CTX });
      this.offset += this.buf.length;
      this.buf = '';
    }
    return out;
  }

  end(): Field[] {
    const out: Field[] = [];
    if (this.buf.length > 0) this.parseLine(this.buf, out);
    this.buf = '';
    return out;
  }

  private parseLine(raw: string, out: Field[]): void {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (/\S/.test(text)) {
      const fields = this.json.parseLine(text, this.line, this.offset);
      for (const f of fields) out.push(f);
      if (this.json.broken) out.push({ text, line: this.line, column: 1, offset: this.offset, ctx: TEXT_CTX });
    }
    this.line++;
    this.offset += raw.length + 1;
  }
}
