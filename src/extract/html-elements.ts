import { ownString } from '../shared/own-string.js';
import type { FieldContext } from '../types.js';
import { RULES, type TagRule } from './html-tree-rules.js';
import { SLOTS, keptSlot } from './html-tag-names.js';

// Element names of HTML (current and obsolete ones browsers still parse), SVG and MathML, as
// htmlparser2 reports them (lower case). Why: text with an unescaped `<` (`Jane <jane@example.com>`)
// is parsed as a tag, which hides it from a reader of the page but not from its source.
const HTML = 'a abbr acronym address applet area article aside audio b base basefont bdi bdo bgsound big blink blockquote body br button canvas caption center cite code col colgroup data datalist dd del details dfn dialog dir div dl dt em embed fieldset figcaption figure font footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe image img input ins isindex kbd keygen label legend li link listing main map mark marquee menu menuitem meta meter multicol nav nextid nobr noembed noframes noscript object ol optgroup option output p param picture plaintext pre progress q rb rp rt rtc ruby s samp script search section select slot small source spacer span strike strong style sub summary sup table tbody td template textarea tfoot th thead time title tr track tt u ul var video wbr xmp';
const SVG = 'svg g path rect circle ellipse line polyline polygon text tspan textpath defs use symbol marker clippath mask pattern lineargradient radialgradient stop filter foreignobject desc metadata switch view animate animatemotion animatetransform animatecolor set mpath cursor font-face hkern vkern glyph missing-glyph';
const MATHML = 'math mi mo mn ms mtext mrow mfrac msqrt mroot msub msup msubsup munder mover munderover mtable mtr mtd mlabeledtr mspace mstyle semantics annotation annotation-xml mpadded mphantom menclose merror mfenced mglyph mmultiscripts mprescripts none maligngroup malignmark maction';
const ELEMENTS = new Set(`${HTML} ${SVG} ${MATHML}`.split(' '));

/**
 * True for an element name a page may use: a known one, an SVG filter primitive (`fe…`), a custom
 * element (`my-widget`) or a namespaced one (`o:p`, from Word).
 */
export function isElementName(name: string): boolean {
  return ELEMENTS.has(name) || /^fe[a-z]+$/.test(name) || /^[a-z][a-z0-9]*(?:[-:.][a-z0-9_.-]*)+$/.test(name);
}

/**
 * Elements that end a run of text. Text inside inline elements (`<strong>`, `<a>`, `<span>`…) is
 * joined with its neighbours into one field, as a reader sees it; `<br>` counts as a line break.
 */
export const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'button', 'caption', 'dd', 'details', 'dialog', 'div', 'dl',
  'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'head', 'header',
  'hr', 'html', 'label', 'legend', 'li', 'main', 'nav', 'ol', 'optgroup', 'option', 'p', 'pre', 'section', 'select',
  'summary', 'table', 'tbody', 'td', 'textarea', 'tfoot', 'th', 'thead', 'title', 'tr', 'ul', 'noscript', 'template',
]);
/** Elements whose content is code, not text: kept raw, JSON types scanned as JSON. */
export const RAW_TEXT = new Set(['script', 'style']);
/** Elements whose opening HtmlTables.open acts on: the others skip the call (issue 16). */
export const TABLE_PART = new Set(['table', 'dd', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td']);
/** Elements that hold a cell of a table or list: text context looks no further up than these. */
export const CELL = new Set(['td', 'th', 'dd', 'dt', 'table', 'dl']);
export const JSON_SCRIPT = /^application\/(?:[\w.+-]*\+)?json$|^importmap$/i;
/** Common HTML attribute names: nothing to scan in the name itself (any other name is scanned as text). */
export const HTML_ATTRIBUTES = new Set(['id', 'class', 'style', 'href', 'src', 'alt', 'title', 'type', 'name', 'value', 'rel', 'lang', 'dir', 'width', 'height', 'colspan', 'rowspan', 'scope', 'headers', 'content', 'charset', 'http-equiv', 'property', 'role', 'target', 'action', 'method', 'for', 'placeholder', 'label', 'datetime', 'cite', 'srcset', 'sizes', 'media', 'async', 'defer', 'hidden', 'disabled', 'checked', 'selected', 'readonly', 'required', 'tabindex', 'border', 'cellpadding', 'cellspacing', 'align', 'valign', 'nonce', 'integrity', 'crossorigin', 'loading', 'xmlns', 'xml:lang', 'version', 'summary', 'span', 'start', 'reversed', 'download', 'hreflang', 'referrerpolicy', 'translate', 'accesskey', 'autocomplete', 'autofocus', 'multiple', 'pattern', 'min', 'max', 'step', 'maxlength', 'minlength', 'size', 'rows', 'cols', 'wrap', 'form', 'enctype', 'novalidate', 'accept', 'accept-charset', 'usemap', 'ismap', 'shape', 'coords', 'frameborder', 'allowfullscreen', 'allow', 'sandbox', 'srcdoc', 'poster', 'controls', 'autoplay', 'loop', 'muted', 'preload', 'kind', 'srclang', 'default', 'open', 'itemprop', 'itemscope', 'itemtype', 'itemid', 'slot', 'is', 'part', 'inputmode', 'enterkeyhint', 'spellcheck', 'contenteditable', 'draggable']);

/** What an element name is (tagFlags): bits. */
export const TAG_BLOCK = 1;
export const TAG_RAW_TEXT = 2;
export const TAG_CELL = 4;
/** A name an element may have (isElementName). */
export const TAG_KNOWN = 8;
/** An element the tables read when it opens (TABLE_PART). */
export const TAG_TABLE = 16;

/**
 * The element names the extractor asks about by name (TagInfo.id), as numbers: an element's id is
 * compared where its name was. Why: a name read from a page is not the literal it was compared
 * with, so each comparison was a call to compare the two strings (`'td'` and `'th'` alike, same
 * length): a fiftieth of a page's extraction (issue 16).
 */
export const ID_OTHER = 0;
export const ID_BR = 1;
export const ID_TABLE = 2;
export const ID_TR = 3;
export const ID_TD = 4;
export const ID_TH = 5;
export const ID_THEAD = 6;
export const ID_TBODY = 7;
export const ID_TFOOT = 8;
export const ID_DD = 9;
export const ID_DT = 10;
export const ID_TITLE = 11;
export const ID_FORM = 12;
const IDS = new Map([
  ['br', ID_BR], ['table', ID_TABLE], ['tr', ID_TR], ['td', ID_TD], ['th', ID_TH], ['thead', ID_THEAD], ['tbody', ID_TBODY],
  ['tfoot', ID_TFOOT], ['dd', ID_DD], ['dt', ID_DT], ['title', ID_TITLE], ['form', ID_FORM],
]);

/** Element names remembered (tagInfo); past this, what a name is is worked out each time. */
const MAX_TAGS = 1000;
const tags = new Map<string, TagInfo>();

/**
 * What an element name is, kept for the run: its flags (TAG_*), and, once asked for, the context
 * of plain text in it and what its attributes are (filled by html-fields.ts). Why: a tag asked
 * BLOCK, RAW_TEXT, CELL and the element names each, and its text and attributes the context maps,
 * a hash lookup apiece (issue 16); one here.
 */
export interface TagInfo {
  flags: number;
  /** Which of the names the extractor asks about it is (ID_*), or ID_OTHER. */
  id: number;
  /** What opening it does beyond opening an element (html-tree-rules.ts), if anything. */
  rule: TagRule | undefined;
  /** The context of text whose innermost element this is and that nothing above names (kept only when the run's). */
  textCtx: FieldContext | undefined;
  /** What its attributes are, by name (html-fields.ts); undefined when this name is not kept. */
  attributes: Map<string, unknown> | undefined;
}

/**
 * What the names tagName keeps are, by their slot (keptSlot): each open tag's name is one, found
 * without the hash lookup in `tags` (a hundredth of a page's extraction, issue 16).
 */
const bySlot = new Array<TagInfo | undefined>(SLOTS).fill(undefined);

/** What element `name` is, as htmlparser2 reports it (lower case). */
export function tagInfo(name: string): TagInfo {
  const slot = keptSlot(name);
  if (slot !== -1) {
    const kept = bySlot[slot];
    if (kept !== undefined) return kept;
  }
  const known = tags.get(name);
  if (known !== undefined) {
    if (slot !== -1) bySlot[slot] = known;
    return known;
  }
  const flags = (BLOCK.has(name) ? TAG_BLOCK : 0) | (RAW_TEXT.has(name) ? TAG_RAW_TEXT : 0) | (CELL.has(name) ? TAG_CELL : 0) | (TABLE_PART.has(name) ? TAG_TABLE : 0) | (isElementName(name.toLowerCase()) ? TAG_KNOWN : 0);
  const info: TagInfo = { flags, id: IDS.get(name) ?? ID_OTHER, rule: RULES.get(name), textCtx: undefined, attributes: undefined };
  if (tags.size >= MAX_TAGS) return info;
  info.attributes = new Map();
  tags.set(ownString(name), info);
  if (slot !== -1) bySlot[slot] = info;
  return info;
}

/** Attributes whose value is named by another attribute of the element (`<input name="dob" value="…">`). */
export const NAMED_VALUE = new Set(['value', 'content']);
export const NAMING = ['name', 'id', 'property', 'itemprop', 'aria-label'];

/** True when source skipped by the parser holds more than closing tags of elements, spaces and brackets. */
export function hasContent(src: string): boolean {
  return /[^\s/>]/.test(src.replace(/<\/([^\s/>]*)|<!\[CDATA\[/g, (tag, name?: string) => (name === undefined || isElementName(name.toLowerCase()) ? '' : tag)));
}
