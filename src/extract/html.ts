import type { Field, FieldContext } from '../types.js';
import { type Extractor, type ExtractWarning, lineMessage } from './extractor.js';
import { ID_BR, ID_TABLE, ID_TD, ID_TH, JSON_SCRIPT, TAG_BLOCK, TAG_KNOWN, TAG_RAW_TEXT, TAG_TABLE, type TagInfo, hasContent, tagInfo } from './html-elements.js';
import { looksLikeHtml } from './html-entities.js';
import { type Attributes, attributeValue } from './html-attributes.js';
import { RAW } from './html-fields.js';
import { fragmentField, sliceField } from './html-page-fields.js';
import { HtmlTree } from './html-tree.js';
import { plainBlocks } from './html-plain-blocks.js';
import { hasNonSpace, isSpaceCode } from '../shared/js-space.js';
import { closingTagStart, lastAmpersand } from './html-source.js';
import type { Element } from './html-tables.js';
import { JsonExtractor } from './json.js';
import { TextExtractor } from './text.js';
import { objectList } from './object-list.js';

export { looksLikeHtml } from './html-entities.js';

/**
 * Elements open at once beyond which the rest of a file is scanned as text: htmlparser2 keeps the
 * open elements in an array it unshifts and shifts, so 100,000 nested `<div>`s took seconds and a
 * million would hang the gate. Real pages nest a few dozen deep.
 */
const MAX_DEPTH = 1000;
/** What an attribute's name looks like (a name that does not is a piece of a value with spaces). */
const ATTRIBUTE_NAME = /^[@:#]?[a-z_][\w:.-]*$/i;

/**
 * HTML, streamed through htmlparser2: visible text (joined across inline elements), every
 * attribute value, comments, and script contents (`application/json` and `ld+json` as JSON), with
 * entities decoded and exact positions. Table cells take their column header (or row header) as
 * their field name, so `<th>Victim</th>` makes the cells below it sensitive.
 */
export class HtmlExtractor extends HtmlTree implements Extractor {
  readonly warnings: ExtractWarning[] = [];
  private total = 0;
  /** The tag's attributes: `name` as the parser gives it (lower case), `source` as the file has it. */
  private readonly attrs: Attributes = { list: objectList(), n: 0 };
  /** Where the attributes of the tag being read start in `attrs` (those before are a tag's the parser ignored). */
  private attrStart = 0;
  private rawText: { at: number; text: string } | undefined;
  /** The end of a text that may be an entity cut by a chunk boundary (`&am`), held for the next text. */
  private tail: { at: number; text: string } | undefined;
  private safe = 0;
  /** Set while the parser ends (what it reports then is the end of what it read). */
  private ending = false;
  /**
   * Set when the tag being read has attributes the parser split (`<a title=JM 45 67 89 C>` gives
   * title="JM" and four empty ones): its whole source is scanned as text too.
   */
  private soup = false;
  private soupWarned = false;
  /** Whether the tag's last attribute had an unquoted value. */
  private lastUnquoted = false;
  /** Where the element that opened too deep starts; from there the file is read as text. */
  private deep: number | undefined;
  private fallback: TextExtractor | undefined;
  /**
   * Elements popped from the stack, for the next ones opened: nothing holds an element once it is
   * closed. Why: an object each element opened made a sixth of a page's extraction's young-generation
   * collections (41 -> 34 on the 20 MiB pages, issue 16). At most as many as were open at once.
   */
  private readonly closed = objectList<Element>();
  /**
   * How many of `closed` are free: the first `closedN`. Counted, not pushed and popped: the pushes
   * were calls to Array.prototype.push, a sixtieth of a page's extraction (issue 16).
   */
  private closedN = 0;

  push(chunk: string): Field[] {
    if (this.fallback) return this.fallback.push(chunk);
    this.lines.add(chunk, this.total);
    this.total += chunk.length;
    this.write(chunk);
    // from the deep element, or from a tag the parser skipped just before it
    if (this.deep !== undefined) return this.toText(Math.min(this.safe, this.deep));
    this.trim();
    return this.take();
  }

  end(): Field[] {
    if (this.fallback) return this.fallback.end();
    this.ending = true;
    this.finish();
    this.flushTail();
    this.flushRun();
    this.flushRawText();
    this.flushUnparsed();
    return this.take();
  }

  /** Scans the rest of the file, from the element at `at` that went too deep, as text. */
  private toText(at: number): Field[] {
    this.flushTail();
    this.flushRun();
    this.flushRawText();
    const pos = this.lines.at(at);
    this.warnings.push({ code: 'EDEPTH', message: [`elements nested over ${MAX_DEPTH} deep at line `, pos.line, '; scanned as text from there'] });
    this.fallback = new TextExtractor(pos.line, pos.column, at);
    const out = this.take();
    for (const f of this.fallback.push(this.slice(at, this.total))) out.push(f);
    this.win = '';
    return out;
  }

  /**
   * htmlparser2 drops a tag the input ends inside (`<p title="…` or `<!DOCTYPE …` at the end, as
   * browsers do): what it held is still in the file, so it is scanned as text.
   */
  private flushUnparsed(): void {
    if (this.total > this.safe) this.scanTagSource(this.safe, this.total);
  }

  /**
   * Scans source the parser read nothing (or only part) from as text: a malformed or unterminated
   * tag. One warning per file says so.
   */
  private scanTagSource(from: number, to: number): void {
    const src = this.slice(from, to);
    if (!hasContent(src)) return;
    const i = src.search(/\S/);
    const line = this.lines.at(from + i).line;
    if (!this.soupWarned) {
      this.soupWarned = true;
      this.warnings.push({ code: 'EPARSE', message: ['malformed or unterminated tag at line ', line, '; its source scanned as text'] });
    }
    this.out.push(this.verbatimField(src.slice(i), from + i, this.context('text', 'text', '')));
    this.safe = Math.max(this.safe, to);
  }

  /** Drops retained text that no pending field or tag can still need. */
  private trim(): void {
    let keep = this.safe;
    if (this.run.n > 0) keep = Math.min(keep, this.run.segs[RAW]!);
    if (this.rawText) keep = Math.min(keep, this.rawText.at);
    if (this.tail) keep = Math.min(keep, this.tail.at);
    if (this.attrs.n > 0) keep = Math.min(keep, this.attrs.list[0]!.nameAt);
    if (keep > this.winBase) {
      this.win = this.win.slice(keep - this.winBase);
      this.winBase = keep;
      this.lines.forget(keep);
    }
  }

  private mark(): void {
    this.safe = Math.max(this.safe, this.endIndex + 1);
  }

  /**
   * Scans what the parser skipped between the last event and one starting at `start`: closing tags
   * it does not report (`</x>` with no `<x>` open) and words after a closing tag's name (`</p JM 45…>`).
   */
  private skippedTo(start: number): void {
    if (start > this.safe) this.scanTagSource(this.safe, start);
  }

  protected onAttribute(name: string, value: string, quote: string | null | undefined): void {
    const nameAt = this.startIndex;
    const end = this.endIndex + 1;
    // a name without a value after an unquoted value, or one no attribute has (`45`, `jane@example.com`):
    // a value with spaces, split by the parser
    if (quote === undefined && (this.lastUnquoted || !ATTRIBUTE_NAME.test(name))) this.soup = true;
    this.lastUnquoted = quote === null;
    // where the value starts: after the first `=`, spaces and a quote, read in the window (no slice of
    // the attribute made, issue 16)
    const win = this.win;
    const from = nameAt - this.winBase;
    const to = end - this.winBase;
    const eq = value.length > 0 ? win.indexOf('=', from) : -1;
    if (eq !== -1 && eq < to) {
      let at = eq + 1;
      while (at < to && isSpaceCode(win.charCodeAt(at))) at++;
      if (at < to && (win.charCodeAt(at) === 34 || win.charCodeAt(at) === 39)) at++;
      this.addAttribute(name, value, value, at + this.winBase, nameAt, end);
    } else {
      // a name alone is text too (`<div jane@example.com>`, `<p ab123456c>`)
      this.addAttribute(name, '', value, -1, nameAt, end);
    }
  }

  /** Appends an attribute to the tag's (see Attribute), in an object a tag before used if there is one. */
  private addAttribute(name: string, value: string, given: string, at: number, nameAt: number, end: number): void {
    const attrs = this.attrs;
    const a = attrs.list[attrs.n];
    if (a === undefined) attrs.list.push({ name, value, given, at, nameAt, end });
    else {
      a.name = name;
      a.value = value;
      a.given = given;
      a.at = at;
      a.nameAt = nameAt;
      a.end = end;
    }
    attrs.n++;
  }

  protected onTagName(): void {
    this.attrStart = this.attrs.n;
  }

  protected onOpen(name: string, tag: TagInfo): void {
    if (this.stack.length >= MAX_DEPTH) {
      this.deep = this.startIndex;
      this.pause();
      return;
    }
    this.flushTail();
    this.skippedTo(this.startIndex);
    const depth = this.stack.length;
    const parent = depth > 0 ? this.stack[depth - 1] : undefined;
    const flags = tag.flags;
    if (tag.id === ID_BR) this.addText('\n', this.startIndex, false);
    else if (flags & (TAG_BLOCK | TAG_RAW_TEXT)) this.flushRun();
    const attrs = this.attrs;
    const own = this.attrStart;
    const type = flags & TAG_RAW_TEXT ? attributeValue(attrs, own, 'type') : undefined;
    // an element closed before is taken again, every property set anew (see closed)
    let el = this.closedN > 0 ? this.closed[--this.closedN] : undefined;
    if (el === undefined) el = { name, type, label: name, fieldName: undefined, cell: undefined, tag, textCtx: undefined };
    else {
      el.name = name;
      el.type = type;
      el.label = name;
      el.fieldName = undefined;
      el.cell = undefined;
      el.tag = tag;
      el.textCtx = undefined;
    }
    if (parent?.fieldName && !(flags & TAG_BLOCK)) {
      el.fieldName = parent.fieldName;
      el.label = parent.label;
      el.cell = parent.cell;
    }
    if (flags & TAG_TABLE) this.tables.open(el, tag.id === ID_TD || tag.id === ID_TH ? attributeValue(attrs, own, 'colspan') : undefined);
    this.stack.push(el);
    // emptied, not replaced: a new array a tag was garbage even for a tag with no attribute
    if (attrs.n > 0) {
      this.emitAttributes(el, attrs, own);
      attrs.n = 0;
      this.attrStart = 0;
    }
    // an element no HTML, SVG or MathML has (`Contact Jane <jane@example.com>` opens one): text
    // that an unescaped `<` turned into a tag, which the page hides but its source publishes
    if (this.soup || !(flags & TAG_KNOWN)) this.scanTagSource(this.startIndex, this.endIndex + 1);
    this.soup = false;
    this.lastUnquoted = false;
    if (flags & TAG_RAW_TEXT) this.rawText = { at: this.endIndex + 1, text: '' };
    this.mark();
  }

  protected onClose(name: string, implied: boolean): void {
    this.flushTail();
    if (!implied) this.skippedTo(closingTagStart(this.win, this.endIndex - this.winBase, this.closeNameStart - this.winBase) + this.winBase);
    // the matching element (htmlparser2 reports implied closes too), whose name's flags it holds:
    // the innermost one as a rule, so a closing tag hashes no name (issue 16)
    let open = this.stack.length - 1;
    while (open >= 0 && this.stack[open]!.name !== name) open--;
    const tag = open >= 0 ? this.stack[open]!.tag : tagInfo(name);
    const flags = tag.flags;
    if (flags & TAG_RAW_TEXT) this.flushRawText();
    else if (flags & TAG_BLOCK) this.flushRun();
    // pop up to it
    // popped, not cut by setting the length (a call into the runtime each closing tag)
    if (open >= 0) while (this.stack.length > open) this.closed[this.closedN++] = this.stack.pop()!;
    if (tag.id === ID_TABLE) this.tables.close();
    // an implied close consumes no source (and the parser's indexes then point inside the next tag)
    if (implied) return;
    this.mark();
  }

  protected onText(text: string, at: number): void {
    // CDATA in SVG is reported as text, without its `]]>`: looked for in what the parser read
    if (at === -1) {
      at = this.endIndex + 1 - text.length;
      if (this.slice(at, at + text.length) !== text) at = this.safe + Math.max(0, this.slice(this.safe, this.endIndex + 1).lastIndexOf(text));
    }
    // text the parser reports after a tag it dropped at the end is a piece of that tag: scanned with it
    if (this.ending && at > this.safe && hasContent(this.slice(this.safe, at))) return;
    this.skippedTo(at);
    if (this.rawText) {
      this.rawText.text += text;
      this.mark();
      return;
    }
    if (this.tail) {
      text = this.tail.text + text;
      at = this.tail.at;
      this.tail = undefined;
    }
    // htmlparser2 reports text chunk by chunk: hold back a possible entity start (at most '&' and
    // 32 characters, as decodeEntities reads them) until the next text or tag shows where it ends,
    // or `&am` + `p;` would never decode
    // (most texts have no `&`: one search says so, for this and for addText)
    const plain = text.indexOf('&') === -1;
    const amp = plain ? -1 : lastAmpersand(text);
    if (amp !== -1 && /^&#?\w*$/.test(text.slice(amp))) {
      this.tail = { at: at + amp, text: text.slice(amp) };
      text = text.slice(0, amp);
    }
    if (text) this.addText(text, at, true, plain);
    this.mark();
  }

  private flushTail(): void {
    const tail = this.tail;
    if (!tail) return;
    this.tail = undefined;
    this.addText(tail.text, tail.at, true);
  }

  protected onComment(data: string): void {
    this.flushTail();
    const start = this.startIndex;
    const src = this.slice(start, this.endIndex + 1);
    // the parser's startIndex may be before a tag it skipped (see onText): look from what was read
    const i = src.indexOf(data, Math.max(0, this.safe - start));
    if (i !== -1) this.skippedTo(start + Math.max(0, src.lastIndexOf('<', i)));
    if (hasNonSpace(data) && i !== -1) {
      this.flushRun();
      this.out.push(this.verbatimField(data, start + i, this.context('comment', 'comment', '')));
    }
    this.mark();
  }

  /** `<!DOCTYPE …>` (in HTML the parser reports nothing else this way): its words are scanned too. */
  protected onDoctype(data: string): void {
    this.flushTail();
    // data is `!` and the text between `<!` and `>`
    const at = this.endIndex - data.length - 1;
    this.skippedTo(at);
    const text = data.slice(1);
    if (hasNonSpace(text)) this.out.push(this.verbatimField(text, at + 2, this.context('meta', 'doctype', '')));
    this.mark();
  }

  private flushRawText(): void {
    const raw = this.rawText;
    if (!raw) return;
    this.rawText = undefined;
    const el = this.stack[this.stack.length - 1];
    if (!hasNonSpace(raw.text)) return;
    const type = el?.type ?? '';
    if (el?.name === 'script' && JSON_SCRIPT.test(type.trim())) {
      // a loop, not push(...spread): a big JSON script has more fields than a call takes arguments
      for (const f of this.embeddedJson(raw.text, raw.at)) this.out.push(f);
      return;
    }
    this.out.push(this.verbatimField(raw.text, raw.at, this.context('script', el?.name ?? 'script', '')));
  }

  /** Scans JSON inside a script element, moving its fields to where the script sits. */
  private embeddedJson(text: string, at: number): Field[] {
    const json = new JsonExtractor({ html: { looksLikeHtml, extractHtmlFragment } });
    const fields = json.push(text).concat(json.end());
    // the script's own line numbers are words here: they count from the script's first line
    for (const w of json.warnings) this.warnings.push({ code: w.code, message: ['in <script> at line ', this.lines.at(at).line, `: ${lineMessage(w.message)}`] });
    const start = this.lines.at(at);
    for (const f of fields) {
      if (f.line === 1) f.column += start.column - 1;
      f.line += start.line - 1;
      f.offset += at;
    }
    return fields;
  }
}

/**
 * Scans a string that holds HTML (a JSON value, say) as HTML: returns fields whose positions point
 * into the original file through the parent field. Text keeps the parent's context (its key). The
 * list is made by a loop into an objectList, not by `map`: an empty map's array has the other
 * elements kind, and JSON's valueFields, which walks the list, was thrown away at the first one
 * ("wrong map", issue 16).
 */
export function extractHtmlFragment(parent: Field): Field[] {
  const out = objectList<Field>();
  let subs = plainBlocks(parent.text);
  // plain blocks of a parent that is a verbatim slice on one line: each block's text is one too
  const slices = subs !== undefined && !parent.offsets && parent.text.indexOf('\n') === -1;
  if (!subs) {
    const html = new HtmlExtractor();
    subs = html.push(parent.text).concat(html.end());
  }
  const raw = parent.raw ?? parent.text;
  const label = parent.label ?? parent.ctx.label;
  for (const s of subs) out.push(slices ? sliceField(parent, s, label) : fragmentField(parent, s, label, raw));
  return out;
}
