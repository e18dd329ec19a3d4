// The element tree of an HTML page as htmlparser2's Parser builds it, driven straight from its
// Tokenizer. Why not the Parser: it made an attribute object of a new shape each tag, sliced and
// lower-cased each tag name afresh and looked it up in four sets and maps, kept its open elements
// in an array it unshifted, and sliced each text again from its own buffers (issue 16). The rules
// of which tag closes which are the Parser's (htmlparser2 12, HTML mode, with the extractor's
// options: no entity decoding, names in lower case), ported one for one; __tests__/extract/
// html-tree.test.ts compares the two event by event.
import type { Tokenizer, TokenizerCallbacks } from 'htmlparser2';
import { HtmlFields } from './html-fields.js';
import { ID_FORM, type TagInfo, tagInfo } from './html-elements.js';
import { tagName } from './html-tag-names.js';
import { htmlTokenizer } from './html-tokenizer-loop.js';
import { objectList } from './object-list.js';
import { INTEGRATION, NONE, SVG, SVG_ADJUSTED, VOID } from './html-tree-rules.js';

/** QuoteType of htmlparser2's Tokenizer. */
const NO_VALUE = 0;
const SINGLE = 2;
const DOUBLE = 3;

/**
 * An HTML page's events, as htmlparser2's Parser reports them to its handler: subclasses take
 * them (onOpen, onClose, onText…) and read `startIndex` and `endIndex` as the Parser's.
 */
export abstract class HtmlTree extends HtmlFields implements TokenizerCallbacks {
  /** The start index of the last event (the Parser's). */
  protected startIndex = 0;
  /** The end index of the last event (the Parser's). */
  protected endIndex = 0;
  /**
   * Where the name of the last closing tag starts: the Tokenizer reads a closing tag's name from
   * just after its `</` (a space there makes the tag a comment), so that is two characters on.
   */
  protected closeNameStart = 0;
  /** False once paused: events the tokenizer still sends are then dropped. */
  protected live = true;
  private readonly tokenizer: Tokenizer;
  private openTagStart = 0;
  /** The tag being opened ('' when none, or a second `<form>`, which the Parser ignores). */
  private tagname = '';
  /** What that tag's name is (tagInfo): looked up once, for this and for the subclass (onOpen). */
  private tagInfo: TagInfo | undefined;
  /** Whether that tag is a void element (`<br>`, `<img>`): closed once opened. */
  private tagVoid = false;
  /** Whether an open tag is being read (the Parser's `attribs !== null`): its attributes are reported since onTagName. */
  private opening = false;
  private attribname = '';
  private attribvalue = '';
  /** The open elements' names, innermost last (the Parser's stack, reversed). */
  private readonly names = objectList<string>();
  /** The foreign contexts open (NONE, SVG, MATHML), innermost last; the first is the page's. */
  private readonly foreign: number[] = [NONE];
  private ended = false;
  /**
   * The chunks written that the last slice may still read, the first at bufferOffset (the
   * Parser's): text is sliced as the Parser sliced it, from them, even where that is not the
   * source (a tag cut by the end of the file, read back over a chunk already dropped).
   */
  private readonly buffers = objectList<string>();
  private bufferOffset = 0;

  constructor() {
    super();
    this.tokenizer = htmlTokenizer(this);
  }

  /**
   * A tag's name was read: the attributes reported from here to its onOpen are its own (the
   * Parser's `attribs` object is the first of each name among them).
   */
  protected abstract onTagName(): void;
  protected abstract onOpen(name: string, info: TagInfo): void;
  protected abstract onClose(name: string, implied: boolean): void;
  protected abstract onAttribute(name: string, value: string, quote: string | null | undefined): void;
  /** Text, at `at` in the file, or -1 when it is not there as it is (CDATA's, without its `]]>`). */
  protected abstract onText(text: string, at: number): void;
  protected abstract onComment(data: string): void;
  protected abstract onDoctype(data: string): void;

  /** Parses a chunk of the page (appended to the window). */
  protected write(chunk: string): void {
    this.win += chunk;
    this.buffers.push(chunk);
    if (this.tokenizer.running) this.tokenizer.write(chunk);
  }

  /** Parses the end of the page and closes what is still open. */
  protected finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.tokenizer.end();
  }

  /** Stops parsing: no event reaches the subclass after this. */
  protected pause(): void {
    this.live = false;
    this.tokenizer.pause();
  }

  /** The text from `start` to `end` as the Parser's getSlice gives it (the source, but when `start` is in a dropped chunk). */
  private getSlice(start: number, end: number): string {
    if (start === end) return '';
    const buffers = this.buffers;
    while (start - this.bufferOffset >= buffers[0]!.length) this.shiftBuffer();
    let slice = buffers[0]!.slice(start - this.bufferOffset, end - this.bufferOffset);
    while (end - this.bufferOffset > buffers[0]!.length) {
      this.shiftBuffer();
      slice += buffers[0]!.slice(0, end - this.bufferOffset);
    }
    return slice;
  }

  private shiftBuffer(): void {
    this.bufferOffset += this.buffers[0]!.length;
    this.buffers.shift();
  }

  /**
   * getSlice(start, end).toLowerCase(), for a tag or attribute name: read in the window and
   * interned (tagName), the chunks dropped as getSlice drops them.
   */
  private readName(start: number, end: number): string {
    if (start === end || start < this.bufferOffset || start < this.winBase) return this.getSlice(start, end).toLowerCase();
    const buffers = this.buffers;
    while (start - this.bufferOffset >= buffers[0]!.length) this.shiftBuffer();
    while (end - this.bufferOffset > buffers[0]!.length) this.shiftBuffer();
    return tagName(this.win, start - this.winBase, end - this.winBase);
  }

  // Tokenizer events (its Callbacks), as the Parser takes them

  ontext(start: number, endIndex: number): void {
    const data = this.getSlice(start, endIndex);
    this.endIndex = endIndex - 1;
    if (this.live) this.onText(data, start);
    this.startIndex = endIndex;
  }

  ontextentity(cp: number, endIndex: number): void {
    this.endIndex = endIndex - 1;
    if (this.live) this.onText(String.fromCodePoint(cp), -1);
    this.startIndex = endIndex;
  }

  isInForeignContext(): boolean {
    return this.foreign[this.foreign.length - 1] !== NONE;
  }

  private readTagName(start: number, endIndex: number): string {
    const name = this.readName(start, endIndex);
    const foreign = this.foreign;
    if (foreign[foreign.length - 1] === SVG) return SVG_ADJUSTED.get(name) ?? name;
    // closing tags of SVG elements inside an HTML integration point (`</foreignObject>`)
    if (foreign.length > 1) {
      const adjusted = SVG_ADJUSTED.get(name);
      if (adjusted !== undefined && this.names.includes(adjusted)) return adjusted;
    }
    if (foreign[foreign.length - 1] === NONE) return name === 'image' ? 'img' : name;
    return name;
  }

  onopentagname(start: number, endIndex: number): void {
    this.endIndex = endIndex;
    this.emitOpenTag(this.readTagName(start, endIndex));
  }

  private emitOpenTag(name: string): void {
    this.openTagStart = this.startIndex;
    this.tagname = name;
    const names = this.names;
    const info = tagInfo(name);
    // a second <form> while one is open is ignored
    if (info.id === ID_FORM && names.includes('form')) {
      this.tagname = '';
      this.tagVoid = false;
      return;
    }
    this.tagInfo = info;
    const rule = info.rule;
    if (rule === undefined) {
      names.push(name);
      this.tagVoid = false;
    } else {
      const impliesClose = rule.impliesClose;
      if (impliesClose) {
        while (names.length > 0 && impliesClose.has(names[names.length - 1]!)) this.popElement(true);
      }
      if (!rule.isVoid) {
        names.push(name);
        if (rule.opens !== -1) this.foreign.push(rule.opens);
      }
      this.tagVoid = rule.isVoid;
    }
    if (this.live) this.onTagName();
    this.opening = true;
  }

  private endOpenTag(): void {
    this.startIndex = this.openTagStart;
    if (this.opening) {
      this.opening = false;
      if (this.live) this.onOpen(this.tagname, this.tagInfo!);
    }
    if (this.tagVoid && this.live) this.onClose(this.tagname, true);
    this.tagname = '';
    this.tagVoid = false;
  }

  onopentagend(endIndex: number): void {
    this.endIndex = endIndex;
    this.endOpenTag();
    this.startIndex = endIndex + 1;
  }

  onclosetag(start: number, endIndex: number): void {
    this.endIndex = endIndex;
    this.closeNameStart = start;
    const name = this.readTagName(start, endIndex);
    const names = this.names;
    // the innermost element, as a rule: closed with no lookup (a void element is never open, see emitOpenTag)
    if (names.length > 0 && names[names.length - 1] === name) this.popElement(false);
    else if (!VOID.has(name)) {
      const pos = names.lastIndexOf(name);
      if (pos !== -1) {
        for (let n = names.length - 1 - pos; n > 0; n--) this.popElement(true);
        this.popElement(false);
      } else if (name === 'p') {
        // a `</p>` with no `<p>` open opens and closes one
        this.emitOpenTag('p');
        this.closeCurrentTag(true);
      }
    } else if (name === 'br') {
      // `</br>` is a `<br>`
      if (this.live) this.onTagName();
      if (this.live) this.onOpen('br', tagInfo('br'));
      if (this.live) this.onClose('br', false);
    }
    this.startIndex = endIndex + 1;
  }

  onselfclosingtag(endIndex: number): void {
    this.endIndex = endIndex;
    if (this.isInForeignContext()) {
      this.closeCurrentTag(false);
      this.startIndex = endIndex + 1;
    } else {
      // `<br/>` in HTML: the slash means nothing
      this.onopentagend(endIndex);
    }
  }

  private popElement(implied: boolean): void {
    const element = this.names.pop()!;
    // (only an element that opened a context closes one: none while none is open)
    if (this.foreign.length > 1 && (element === 'svg' || element === 'math' || INTEGRATION.has(element))) this.foreign.pop();
    if (this.live) this.onClose(element, implied);
  }

  private closeCurrentTag(isOpenImplied: boolean): void {
    const name = this.tagname;
    this.endOpenTag();
    const names = this.names;
    if (names.length > 0 && names[names.length - 1] === name) this.popElement(!isOpenImplied);
  }

  onattribname(start: number, endIndex: number): void {
    this.startIndex = start;
    this.attribname = this.readName(start, endIndex);
  }

  onattribdata(start: number, endIndex: number): void {
    this.attribvalue += this.getSlice(start, endIndex);
  }

  onattribentity(cp: number): void {
    this.attribvalue += String.fromCodePoint(cp);
  }

  onattribend(quote: number, endIndex: number): void {
    this.endIndex = endIndex;
    if (this.live) this.onAttribute(this.attribname, this.attribvalue, quote === DOUBLE ? '"' : quote === SINGLE ? "'" : quote === NO_VALUE ? undefined : null);
    this.attribvalue = '';
  }

  ondeclaration(start: number, endIndex: number): void {
    this.endIndex = endIndex;
    const value = this.getSlice(start, endIndex);
    // in HTML only a DOCTYPE is a declaration (the tokenizer makes any other a comment)
    if (this.live) this.onDoctype(`!${value}`);
    this.startIndex = endIndex + 1;
  }

  onprocessinginstruction(start: number, endIndex: number): void {
    this.endIndex = endIndex;
    const value = this.getSlice(start, endIndex);
    if (this.live) this.onDoctype(`?${value}`);
    this.startIndex = endIndex + 1;
  }

  oncomment(start: number, endIndex: number, offset: number): void {
    this.endIndex = endIndex;
    if (this.live) this.onComment(this.getSlice(start, endIndex - offset));
    this.startIndex = endIndex + 1;
  }

  oncdata(start: number, endIndex: number, offset: number): void {
    this.endIndex = endIndex;
    const value = this.getSlice(start, endIndex - offset);
    // CDATA is text in SVG and MathML, a comment in HTML
    if (this.isInForeignContext()) {
      if (this.live) this.onText(value, -1);
    } else if (this.live) this.onComment(`[CDATA[${value}]]`);
    this.startIndex = endIndex + 1;
  }

  onend(): void {
    this.endIndex = this.startIndex;
    const names = this.names;
    for (let i = names.length - 1; i >= 0; i--) if (this.live) this.onClose(names[i]!, true);
  }
}
