// htmlparser2's Tokenizer (12), its main loop rewritten for the options HtmlTree gives it (HTML, no
// entity decoding): where a state reads characters that change nothing (the letters of a tag or
// attribute name, the spaces between attributes), a loop skips them at once, and the state's own
// method runs on the first character that does something. Why: the Tokenizer's loop called a state
// method for each character of each name, a third of a page's extraction (issue 16).
// __tests__/extract/html-tokenizer-loop.test.ts compares its callbacks with the stock loop's.
import { Tokenizer, type TokenizerCallbacks } from 'htmlparser2';

/** The Tokenizer's fields and methods the loop reads (private to it, hence declared here). */
interface TokenizerInternals {
  buffer: string;
  index: number;
  offset: number;
  state: number;
  running: boolean;
  sectionStart: number;
  sequenceIndex: number;
  currentSequence: Uint8Array;
  fastForwardTo(c: number): boolean;
  cleanup(): void;
  stateText(c: number): void;
  stateSpecialStartSequence(c: number): void;
  stateInSpecialTag(c: number): void;
  stateCDATASequence(c: number): void;
  stateDeclarationSequence(c: number): void;
  handleInAttributeValue(c: number, quote: number): void;
  stateInAttributeName(c: number): void;
  stateInCommentLike(c: number): void;
  stateInSpecialComment(c: number): void;
  stateBeforeAttributeName(c: number): void;
  stateInTagName(c: number): void;
  stateInClosingTagName(c: number): void;
  stateBeforeTagName(c: number): void;
  stateAfterAttributeName(c: number): void;
  stateBeforeAttributeValue(c: number): void;
  stateBeforeClosingTagName(c: number): void;
  stateAfterClosingTagName(c: number): void;
  stateInAttributeValueNoQuotes(c: number): void;
  stateInSelfClosingTag(c: number): void;
  stateInDeclaration(c: number): void;
  stateBeforeDeclaration(c: number): void;
  stateBeforeComment(c: number): void;
  stateInProcessingInstruction(c: number): void;
}

/** The ASCII characters, by code. */
const CHARS = Array.from({ length: 128 }, (_, i) => String.fromCharCode(i));

/**
 * The Tokenizer's fastForwardTo (to the next `c` of its chunk, or to its end), with indexOf: its
 * own loop read a character at a time, a tenth of a page's extraction, where indexOf searches the
 * chunk in native code (issue 16). Set on each tokenizer made here (the method is private to it).
 */
function fastForwardTo(this: TokenizerInternals, c: number): boolean {
  const buffer = this.buffer;
  const i = buffer.indexOf(CHARS[c] ?? String.fromCharCode(c), this.index + 1 - this.offset);
  if (i === -1) {
    this.index = buffer.length + this.offset - 1;
    return false;
  }
  this.index = i + this.offset;
  return true;
}

/** The Tokenizer's states (its State enum). */
const TEXT = 1;
const BEFORE_TAG_NAME = 2;
const IN_TAG_NAME = 3;
const IN_SELF_CLOSING_TAG = 4;
const BEFORE_CLOSING_TAG_NAME = 5;
const IN_CLOSING_TAG_NAME = 6;
const AFTER_CLOSING_TAG_NAME = 7;
const BEFORE_ATTRIBUTE_NAME = 8;
const IN_ATTRIBUTE_NAME = 9;
const AFTER_ATTRIBUTE_NAME = 10;
const BEFORE_ATTRIBUTE_VALUE = 11;
const IN_ATTRIBUTE_VALUE_DQ = 12;
const IN_ATTRIBUTE_VALUE_SQ = 13;
const IN_ATTRIBUTE_VALUE_NQ = 14;
const BEFORE_DECLARATION = 15;
const IN_DECLARATION = 16;
const IN_PROCESSING_INSTRUCTION = 17;
const BEFORE_COMMENT = 18;
const CDATA_SEQUENCE = 19;
const DECLARATION_SEQUENCE = 20;
const IN_SPECIAL_COMMENT = 21;
const IN_COMMENT_LIKE = 22;
const SPECIAL_START_SEQUENCE = 23;
const IN_SPECIAL_TAG = 24;
const IN_PLAIN_TEXT = 25;

/**
 * Which characters a state acts on (bits), by character code: a state that acts on only some (a
 * tag name's acts on the `/`, `>` or space that ends it) ignores the others, and the loop skips them.
 */
const NOT_SPACE = 1;
/** `/`, `>` or a space: ends a tag name (the Tokenizer's isEndOfTagSection). */
const END_OF_NAME = 2;
/** `=` or END_OF_NAME: ends an attribute name. */
const END_OF_ATTRIBUTE_NAME = 4;
/** `>` or a space: ends an unquoted attribute value. */
const END_OF_VALUE = 8;
/** Every character (the states the loop does not skip in). */
const ANY = 16;
/** The bits of the ASCII characters (any other is NOT_SPACE | ANY). */
const KIND = new Uint8Array(128).fill(NOT_SPACE | ANY);
for (const c of [9, 10, 12, 13, 32]) KIND[c] = END_OF_NAME | END_OF_ATTRIBUTE_NAME | END_OF_VALUE | ANY;
KIND[47] = NOT_SPACE | END_OF_NAME | END_OF_ATTRIBUTE_NAME | ANY; // /
KIND[61] = NOT_SPACE | END_OF_ATTRIBUTE_NAME | ANY; // =
KIND[62] = NOT_SPACE | END_OF_NAME | END_OF_ATTRIBUTE_NAME | END_OF_VALUE | ANY; // >

/**
 * The first letters (lower case) of the elements whose text the Tokenizer reads raw (iframe,
 * noembed, noframes, plaintext, script, style, textarea, title, xmp): a tag name starting with
 * another letter is read as any other (its stateBeforeTagName, without the lookup it makes).
 */
const RAW_FIRST = new Uint8Array(128);
for (const c of 'inpstx') RAW_FIRST[c.charCodeAt(0)] = 1;

/** What each state acts on (KIND bits), by state. */
const ACTS = new Uint8Array(IN_PLAIN_TEXT + 1).fill(ANY);
ACTS[IN_TAG_NAME] = END_OF_NAME;
ACTS[IN_CLOSING_TAG_NAME] = END_OF_NAME;
ACTS[IN_ATTRIBUTE_NAME] = END_OF_ATTRIBUTE_NAME;
ACTS[IN_ATTRIBUTE_VALUE_NQ] = END_OF_VALUE;
for (const state of [BEFORE_ATTRIBUTE_NAME, AFTER_ATTRIBUTE_NAME, BEFORE_ATTRIBUTE_VALUE, IN_SELF_CLOSING_TAG]) ACTS[state] = NOT_SPACE;

/**
 * The first index from `from` in `buffer` of a `<`, or of U+001C, which the Tokenizer's case folding
 * (`c | 0x20`) takes for one, or the buffer's length.
 */
function nextLt(buffer: string, from: number): number {
  const n = buffer.length;
  let i = from;
  for (; i < n; i++) if ((buffer.charCodeAt(i) | 0x20) === 60) break;
  return i;
}

/** The first index from `from` in `buffer` of a character of kind `kind` (KIND), or the buffer's length. */
function nextOf(buffer: string, from: number, kind: number): number {
  const n = buffer.length;
  const other = kind & NOT_SPACE;
  let i = from;
  for (; i < n; i++) {
    const c = buffer.charCodeAt(i);
    if ((c < 128 ? KIND[c]! & kind : other) !== 0) break;
  }
  return i;
}

/**
 * The Tokenizer's parse(), set on a Tokenizer made with `decodeEntities: false` in HTML mode: the
 * same calls to the same state methods with the same characters, but for the characters a state
 * ignores, which are skipped.
 */
function parse(this: TokenizerInternals): void {
  const buffer = this.buffer;
  const offset = this.offset;
  const end = buffer.length + offset;
  while (this.index < end && this.running) {
    const state = this.state;
    let i = this.index - offset;
    const acts = ACTS[state]!;
    if (acts !== ANY || (state === IN_SPECIAL_TAG && this.sequenceIndex === 0 && this.currentSequence[2] === 116)) {
      // (the second: text in <title> or <textarea>, which the Tokenizer reads a character at a time
      // for the `<` of its end tag, where nothing else is done with entities left as they are)
      i = acts !== ANY ? nextOf(buffer, i, acts) : nextLt(buffer, i);
      // none left: the index ends at the buffer's end, as the Tokenizer's did
      this.index = i + offset;
      if (i === buffer.length) break;
    }
    const c = buffer.charCodeAt(i);
    switch (state) {
      case TEXT: {
        this.stateText(c);
        break;
      }
      case IN_PLAIN_TEXT: {
        this.index = end - 1;
        break;
      }
      case IN_ATTRIBUTE_VALUE_DQ: {
        this.handleInAttributeValue(c, 34);
        break;
      }
      case IN_ATTRIBUTE_NAME: {
        this.stateInAttributeName(c);
        break;
      }
      case BEFORE_ATTRIBUTE_NAME: {
        this.stateBeforeAttributeName(c);
        break;
      }
      case IN_TAG_NAME: {
        this.stateInTagName(c);
        break;
      }
      case IN_CLOSING_TAG_NAME: {
        this.stateInClosingTagName(c);
        break;
      }
      case BEFORE_TAG_NAME: {
        // (c | 0x20 is a lower-case letter for the ASCII letters alone)
        const lower = c | 0x20;
        if (lower >= 97 && lower <= 122 && RAW_FIRST[lower] === 0) {
          this.sectionStart = this.index;
          this.state = IN_TAG_NAME;
        } else this.stateBeforeTagName(c);
        break;
      }
      case AFTER_ATTRIBUTE_NAME: {
        this.stateAfterAttributeName(c);
        break;
      }
      case BEFORE_ATTRIBUTE_VALUE: {
        this.stateBeforeAttributeValue(c);
        break;
      }
      case IN_ATTRIBUTE_VALUE_SQ: {
        this.handleInAttributeValue(c, 39);
        break;
      }
      case IN_ATTRIBUTE_VALUE_NQ: {
        this.stateInAttributeValueNoQuotes(c);
        break;
      }
      case IN_SELF_CLOSING_TAG: {
        this.stateInSelfClosingTag(c);
        break;
      }
      case SPECIAL_START_SEQUENCE: {
        this.stateSpecialStartSequence(c);
        break;
      }
      case IN_SPECIAL_TAG: {
        this.stateInSpecialTag(c);
        break;
      }
      case CDATA_SEQUENCE: {
        this.stateCDATASequence(c);
        break;
      }
      case DECLARATION_SEQUENCE: {
        this.stateDeclarationSequence(c);
        break;
      }
      case IN_COMMENT_LIKE: {
        this.stateInCommentLike(c);
        break;
      }
      case IN_SPECIAL_COMMENT: {
        this.stateInSpecialComment(c);
        break;
      }
      case BEFORE_CLOSING_TAG_NAME: {
        this.stateBeforeClosingTagName(c);
        break;
      }
      case AFTER_CLOSING_TAG_NAME: {
        this.stateAfterClosingTagName(c);
        break;
      }
      case IN_DECLARATION: {
        this.stateInDeclaration(c);
        break;
      }
      case BEFORE_DECLARATION: {
        this.stateBeforeDeclaration(c);
        break;
      }
      case BEFORE_COMMENT: {
        this.stateBeforeComment(c);
        break;
      }
      case IN_PROCESSING_INSTRUCTION: {
        this.stateInProcessingInstruction(c);
        break;
      }
      default: {
        // InEntity: never entered without entity decoding
        throw new Error(`html tokenizer: unexpected state ${state}`);
      }
    }
    this.index++;
  }
  this.cleanup();
}

/** htmlparser2's Tokenizer with the loop above and the fastForwardTo before it (set on its prototype: private to the Tokenizer). */
class HtmlTokenizer extends Tokenizer {}
Object.assign(HtmlTokenizer.prototype, { parse, fastForwardTo });

/** htmlparser2's Tokenizer as HtmlTree drives it (HTML, entities left as they are), reading with the loop above. */
export function htmlTokenizer(cbs: TokenizerCallbacks): Tokenizer {
  return new HtmlTokenizer({ decodeEntities: false }, cbs);
}
