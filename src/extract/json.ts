import type { Field, FieldContext } from '../types.js';
import type { Extractor, ExtractWarning, ListSink } from './extractor.js';
import { recordLabel } from '../shared/record-label.js';
import { expectsValue, type Frame, type JsonField, knownKey, learnKey, MAX_PATH_DEPTH, newFrame, rememberSibling, reuseFrame, ScopeTree } from './json-frames.js';
import { LineTail } from './json-line-tail.js';
import { PendingFields } from './json-pending.js';
import { isLiteralChar, internKey, NUMBER, StringEnds } from './json-tokens.js';
import { TextExtractor } from './text.js';
import { objectList } from './object-list.js';

/** A single token longer than this is scanned as text rather than held in memory whole. */
const MAX_TOKEN = 8 * 1024 * 1024;
/** How much of the current line, already parsed, is kept so that a text fallback can start at its beginning. */
const MAX_LINE_KEPT = 64 * 1024;

/**
 * JSON, streamed: every key and every string or number value becomes a Field, labelled with its
 * key path (`$.priorities[3].issue`) at the exact position of its first character. Strings that
 * hold HTML (police.uk priorities do) are scanned as HTML text. Several top-level values in a row
 * (concatenated JSON, JSON Lines) are read one after the other. Invalid JSON is reported and the
 * rest of the file, from the line where it broke, is scanned as text.
 */
export class JsonExtractor implements Extractor {
  readonly warnings: ExtractWarning[] = [];
  /** The text not parsed yet (line mode: the line). */
  private buf = '';
  /** Offset in the file of buf[0]; line and offset of the character before the current line. */
  private base = 0;
  /** The current line as far as it is parsed, for a fallback to text. */
  private readonly tail = new LineTail(MAX_LINE_KEPT);
  private line = 1;
  private lineStart = -1;
  private stack = objectList<Frame>();
  /**
   * Frames of objects closed, to open the next objects with: a frame, its pending list and the
   * list's growth were made anew for every object of the file (issue 16: garbage per record).
   */
  private readonly spare = objectList<Frame>();
  private readonly spareArrays = objectList<Frame>();
  private readonly ends = new StringEnds();
  private fallback: TextExtractor | undefined;
  private readonly scopes = new ScopeTree();
  private readonly root: Frame = newFrame('array', this.scopes.root, '$', 'value');
  /** Line mode (NDJSON): an error marks the line broken instead of switching to text. */
  private readonly lineMode: boolean;
  /** A file cut in parts: how deep its array of records is, and that array once it holds a record (its elements number the fields). */
  private readonly recordsDepth: number | undefined;
  private recordsFrame: Frame | undefined;
  /** The fields of objects held back until they close (to learn their siblings). */
  private readonly held = new PendingFields();
  broken = false;

  /** Scans a string that holds HTML as HTML; the HTML extractor is loaded only when JSON is read. */
  private readonly html: HtmlReader | undefined;
  /** Gets each object's members with their spans (redaction drops keys with them). */
  private readonly onList: ListSink | undefined;

  constructor(options: { lineMode?: boolean; html?: HtmlReader; onList?: ListSink; recordsDepth?: number } = {}) {
    this.lineMode = options.lineMode ?? false;
    this.recordsDepth = options.recordsDepth;
    this.html = options.html;
    this.onList = options.onList;
  }

  /** Top-level values seen so far (NDJSON: records), which number the labels ($[n]). */
  get records(): number {
    return this.root.index;
  }

  /** Line mode: parses one complete line that starts at `line`/`offset` of the file; its fields go to `out`. */
  parseLine(text: string, line: number, offset: number, out: Field[]): void {
    this.stack.length = 0;
    this.buf = text;
    this.base = offset;
    this.line = line;
    this.lineStart = offset - 1;
    this.broken = false;
    const first = this.root.index;
    this.parse(true, out);
    if (!this.broken && this.stack.length > 0) {
      for (const frame of this.stack) if (frame.pending) this.held.flush(out, frame);
      this.broken = true;
      this.onList?.(undefined);
      this.warnings.push({ code: 'EPARSE', message: ['invalid JSON (the line ends inside a value) at line ', line, '; scanned as text'] });
    }
    // a broken line is still a record: the lines after it keep the labels ($[n]) they would have had
    if (this.broken) this.root.index = Math.max(this.root.index, first + 1);
    this.buf = '';
  }

  /**
   * A part of a file cut between the records of an array (parallel/plan-json.ts): the line and
   * column parsing is at, whether it is between two records of that array (after a comma, nothing
   * held), the records read so far and the array's label.
   */
  boundary(): { line: number; column: number; idle: boolean; records: number; label?: string } {
    const top = this.stack[this.stack.length - 1];
    const idle = !this.fallback && top !== undefined && top === this.recordsFrame && this.stack.length === this.recordsDepth && top.state === 'value' && this.buf.length === 0;
    const at = { line: this.line, column: this.base - this.lineStart, idle, records: this.recordsFrame?.index ?? 0 };
    return this.recordsFrame ? { ...at, label: this.recordsFrame.label } : at;
  }

  /** Line mode: counts a line read another way (too long to parse, scanned as text) as a record. */
  skipLine(): void {
    this.root.index++;
  }

  push(chunk: string): Field[] {
    if (this.fallback) return this.fallback.push(chunk);
    // joined to what was left unparsed; else the piece itself, not a copy: a reader's chunk is 64 KB
    // of text at most (decodeRest), a small file's whole text 256 KB, so that the fields cut from a
    // piece keep no more of the file alive than the piece (a copy of each was 1.4 KB more garbage a
    // small file, issue 16)
    this.buf = this.buf.length > 0 ? this.buf + chunk : chunk;
    return this.parse(false);
  }

  end(): Field[] {
    if (this.fallback) return this.fallback.end();
    const out = this.parse(true);
    if (this.fallback) return out.concat((this.fallback as TextExtractor).end());
    if (this.stack.length > 0) {
      for (const frame of this.stack) if (frame.pending) this.held.flush(out, frame);
      this.onList?.(undefined);
      this.warnings.push({ code: 'EPARSE', message: [`truncated JSON: the input ends inside ${this.stack.length} open object(s) or array(s); everything before was scanned`] });
    }
    return out;
  }

  private parse(final: boolean, out = objectList<Field>()): Field[] {
    const buf = this.buf;
    const n = buf.length;
    const ends = this.ends;
    ends.reset(buf);
    // the fields the innermost object held back at the end of the last piece come first
    this.held.start(out, this.stack[this.stack.length - 1]);
    let i = 0;
    while (i < n) {
      const c = buf.charCodeAt(i);
      // whitespace
      if (c === 32 || c === 9 || c === 13) {
        i++;
        continue;
      }
      if (c === 10) {
        this.line++;
        this.lineStart = this.base + i;
        i++;
        continue;
      }
      if (c === 0xfeff && this.base + i === 0) {
        i++;
        continue;
      }
      const frame = this.stack.length > 0 ? this.stack[this.stack.length - 1]! : undefined;
      if (c === 34) {
        // a string: a key or a value
        const keyed = frame?.kind === 'object' && (frame.state === 'key' || frame.state === 'first');
        const known = keyed ? knownKey(buf, i + 1, frame) : undefined;
        const end = known ? i + 1 + known.text.length : ends.end(i + 1);
        if (end === -1) {
          if (!final && n - i <= MAX_TOKEN) break;
          return this.fail(out, final ? 'unterminated string' : 'string over 8 MiB', i);
        }
        if (end === -2) return this.fail(out, 'line break inside a string', i);
        if (keyed) {
          // a key recognised is its own decoded text (no escapes)
          let text = known ? known.text : ends.text(i + 1, end);
          if (text === undefined) return this.fail(out, 'invalid escape in a string', i);
          const offsets = known ? undefined : ends.offsets;
          let k = known;
          frame.at = known ? frame.keys : -1;
          if (!k) {
            k = internKey(text);
            if (!offsets) {
              text = k.text;
              if (learnKey(frame, k)) frame.at = frame.keys;
            }
          }
          frame.keys++;
          frame.key = k.text;
          frame.seg = k.seg;
          frame.keyLabel = frame.label + k.seg;
          frame.state = 'colon';
          frame.keyField = this.field(buf, i + 1, end, text, offsets, this.scopes.placed('key', frame), frame.keyLabel);
          if (frame.members) frame.member = { start: this.base + i, path: frame.keyField.ctx.path! };
          i = end + 1;
          continue;
        }
        if (!expectsValue(frame)) return this.fail(out, 'unexpected string', i);
        const text = ends.text(i + 1, end);
        if (text === undefined) return this.fail(out, 'invalid escape in a string', i);
        this.takeKey(out, frame, text.length > 0 ? 'scalar' : 'empty');
        this.valueFields(out, frame, buf, i + 1, end, text, ends.offsets);
        this.afterValue(frame, this.base + end + 1);
        i = end + 1;
        continue;
      }
      if (c === 123 || c === 91) {
        // { or [
        if (!expectsValue(frame)) return this.fail(out, 'unexpected character', i);
        // a key holding an array (`vehicles: [...]`) names data; one holding an object names a group
        this.takeKey(out, frame, c === 91 ? 'array' : 'object');
        this.open(out, frame, c === 123 ? 'object' : 'array');
        i++;
        continue;
      }
      if (c === 125 || c === 93) {
        // } or ]
        const kind = c === 125 ? 'object' : 'array';
        if (!frame || frame.kind !== kind || !(frame.state === 'comma' || frame.state === 'first')) {
          return this.fail(out, 'unexpected character', i);
        }
        this.close(out, this.base + i + 1);
        i++;
        continue;
      }
      if (c === 58) {
        // :
        if (frame?.kind !== 'object' || frame.state !== 'colon') return this.fail(out, "unexpected ':'", i);
        frame.state = 'value';
        i++;
        continue;
      }
      if (c === 44) {
        // ,
        if (!frame || frame.state !== 'comma') return this.fail(out, "unexpected ','", i);
        frame.state = frame.kind === 'object' ? 'key' : 'value';
        i++;
        continue;
      }
      // a number or a literal
      let j = i;
      while (j < n && isLiteralChar(buf.charCodeAt(j))) j++;
      if (j === n && !final) break;
      const tok = buf.slice(i, j);
      if (!expectsValue(frame)) return this.fail(out, 'unexpected value', i);
      if (tok === 'true' || tok === 'false' || tok === 'null') {
        // nothing personal in a literal
        this.takeKey(out, frame, 'empty');
      } else if (NUMBER.test(tok)) {
        this.takeKey(out, frame, 'scalar');
        this.valueFields(out, frame, buf, i, j, tok, undefined);
      } else {
        return this.fail(out, 'invalid token', i);
      }
      this.afterValue(frame, this.base + j);
      i = j;
    }
    // a line is parsed whole, and never falls back to text
    if (this.lineMode) return out;
    if (!final) this.held.holdBack(out, this.stack[this.stack.length - 1]);
    // keep the start of the current line, so that a fallback to text starts at the beginning of
    // the broken line whatever the chunk boundaries (a key before the error is context for rules)
    if (i > 0) {
      this.tail.add(buf.slice(0, i), this.base, this.lineStart + 1);
      this.buf = buf.slice(i);
      this.base += i;
    }
    return out;
  }

  /** Emits the key read before this value, saying what kind of value it holds. */
  private takeKey(out: Field[], frame: Frame | undefined, holds: NonNullable<Field['holds']>): void {
    if (!frame?.keyField) return;
    frame.keyField.holds = holds;
    this.held.emit(out, frame, frame.keyField);
    frame.keyField = undefined;
  }

  /** Moves past a value that ends at `end` (an offset of the file). */
  private afterValue(frame: Frame | undefined, end: number): void {
    if (!frame) {
      this.root.index++;
      return;
    }
    if (frame.member) {
      frame.members!.push({ start: frame.member.start, end, keyAt: frame.member.start + 1, path: frame.member.path });
      frame.member = undefined;
    }
    frame.state = 'comma';
    if (frame.kind === 'array') frame.index++;
  }

  private open(out: Field[], parent: Frame | undefined, kind: 'object' | 'array'): void {
    const p = parent ?? this.root;
    if (parent?.pending) this.held.flush(out, parent);
    this.held.none(out);
    if (kind === 'object' && parent?.kind === 'array' && parent.scope.depth === this.recordsDepth) this.recordsFrame ??= parent;
    const inObject = p.kind === 'object';
    const label = p.scope.depth >= MAX_PATH_DEPTH ? p.label : inObject ? p.keyLabel : parent ? `${p.label}[${p.index}]` : recordLabel(p.index);
    const scope = this.scopes.child(p.scope, inObject ? p.key : undefined, !parent);
    const spare = kind === 'object' ? this.spare.pop() : this.spareArrays.pop();
    const frame = spare ? reuseFrame(spare, scope, label) : newFrame(kind, scope, label);
    if (kind === 'object') {
      frame.siblings = {};
      // a spare object's pending list is kept, with its room
      frame.pending ??= objectList();
      if (this.onList) frame.members = objectList();
    }
    this.stack.push(frame);
  }

  private close(out: Field[], end: number): void {
    const frame = this.stack.pop()!;
    if (frame.pending) this.held.flush(out, frame);
    this.held.none(out);
    if (frame.members && frame.members.length > 0) this.onList!(frame.members);
    this.afterValue(this.stack.length > 0 ? this.stack[this.stack.length - 1] : undefined, end);
    // a frame is done with once closed, but for the array of records (recordsFrame), which says where a part ended
    if (frame.pending) {
      frame.siblings = undefined;
      if (this.spare.length < MAX_PATH_DEPTH) this.spare.push(frame);
    } else if (frame !== this.recordsFrame && this.spareArrays.length < MAX_PATH_DEPTH) this.spareArrays.push(frame);
  }

  /** The fields of a value read as `text` from `buf` (`start` to `end`; `offsets`: of its escapes, when it had any). */
  private valueFields(out: Field[], frame: Frame | undefined, buf: string, start: number, end: number, text: string, offsets: Int32Array | undefined): void {
    const p = frame ?? this.root;
    if (frame?.kind === 'object') rememberSibling(frame, text);
    if (text.length === 0) return;
    const inObject = p.kind === 'object';
    const label = p.scope.depth > MAX_PATH_DEPTH ? p.label : inObject ? p.keyLabel : frame ? `${p.label}[${p.index}]` : recordLabel(this.root.index);
    const ctx = inObject ? this.scopes.placed('value', p) : this.scopes.context('value', p, '', p === this.root);
    const field = this.field(buf, start, end, text, offsets, ctx, label);
    // markup needs a '<' or an '&': most values have neither, and are not run through the regex
    if (this.html && (text.indexOf('<') !== -1 || text.indexOf('&') !== -1) && this.html.looksLikeHtml(text)) for (const f of this.html.extractHtmlFragment(field)) this.held.emit(out, frame, f);
    else this.held.emit(out, frame, field);
  }

  private field(buf: string, start: number, end: number, text: string, offsets: Int32Array | undefined, ctx: FieldContext, label: string): Field {
    const offset = this.base + start;
    const column = offset - this.lineStart;
    // a part of a cut file numbers its records from 0: the join moves them on (shared/record-label.ts)
    const record = this.recordsDepth === undefined ? this.root.index : this.stack[this.recordsDepth - 1] === this.recordsFrame ? this.recordsFrame?.index : undefined;
    // every field of JSON has one shape, with the properties set later (siblings, holds) and those it
    // may lack: four shapes, each grown by one or two properties afterwards, made the later stages'
    // property loads megamorphic, and the two set later an extra backing store per field (issue 16)
    const f: JsonField = { text, line: this.line, column, offset, ctx, label, record, raw: offsets ? buf.slice(start, end) : undefined, offsets, siblings: undefined, holds: undefined, row: undefined };
    return f as Field;
  }

  /**
   * Reports invalid JSON and scans the rest, from the start of the broken line, as text. The
   * message names the place (line and column), never the characters found there: they may be data.
   */
  private fail(out: Field[], why: string, at: number): Field[] {
    for (const frame of this.stack) if (frame.pending) this.held.flush(out, frame);
    this.onList?.(undefined);
    const where = this.base + at - this.lineStart;
    if (this.lineMode) {
      this.broken = true;
      this.warnings.push({ code: 'EPARSE', message: [`invalid JSON (${why}) at line `, this.line, `, column ${where}; the line scanned as text`] });
      this.buf = '';
      return out;
    }
    this.warnings.push({ code: 'EPARSE', message: [`invalid JSON (${why}) at line `, this.line, `, column ${where}; scanned as text from there`] });
    // restart at the start of the broken line, or as far back as it is kept if it began earlier
    let from = this.lineStart + 1;
    let column = 1;
    if (from < this.tail.start) {
      column = this.tail.start - this.lineStart;
      from = this.tail.start;
    }
    from = Math.min(from, this.base + at);
    this.fallback = new TextExtractor(this.line, column, from);
    const rest = from < this.base ? this.tail.textFrom(from) + this.buf : this.buf.slice(from - this.base);
    this.buf = '';
    return out.concat(this.fallback.push(rest));
  }
}

/** What JSON needs of the HTML extractor: it is passed in, so that JSON does not load HTML's parser itself. */
export interface HtmlReader {
  looksLikeHtml(text: string): boolean;
  extractHtmlFragment(parent: Field): Field[];
}
