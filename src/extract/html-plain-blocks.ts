// A shortcut of the HTML extractor for the HTML most JSON exports hold: plain blocks of text.
import type { Field, FieldContext } from '../types.js';
import { hasNonSpace } from '../shared/js-space.js';
import { fieldContext } from './field-context.js';
import { objectList } from './object-list.js';
import { newField } from './new-field.js';

/** The context HtmlExtractor gives text in a plain block: plain text, no field name (the parent's is kept). */
const PLAIN_TEXT: FieldContext = fieldContext('text', 'text', '');

/** The length of the block element's name at `at` followed by `>` (`p>`, `div>`, `li>`): 1, 3, 2, or 0 for anything else. */
function blockName(text: string, at: number): number {
  const c = text.charCodeAt(at);
  if (c === 112) return text.charCodeAt(at + 1) === 62 ? 1 : 0; // p>
  if (c === 100) return text.charCodeAt(at + 1) === 105 && text.charCodeAt(at + 2) === 118 && text.charCodeAt(at + 3) === 62 ? 3 : 0; // div>
  if (c === 108) return text.charCodeAt(at + 1) === 105 && text.charCodeAt(at + 2) === 62 ? 2 : 0; // li>
  return 0;
}

/**
 * The fields HtmlExtractor makes of a fragment that is only plain blocks one after another
 * (`<p>…</p><p>…</p>`, what case systems export into JSON): each block's text, where it sits;
 * undefined for any other fragment. A block is one element with no attributes, holding text with
 * no tag and no entity: what `/<(p|div|li)>([^<&]*)<\/\1>/y` matches, read here by hand, since that
 * regex's match arrays and the whole-block and name strings of each match were garbage at once
 * (issue 16). Why: such strings are most of a JSON case export's text, and building a parser for
 * each cost about a tenth of the scan.
 */
export function plainBlocks(text: string): Field[] | undefined {
  const out = objectList<Field>();
  const n = text.length;
  // the next `&` at or after the current block (looked for again only once passed: one scan of the text)
  let amp = text.indexOf('&');
  let at = 0;
  while (at < n) {
    if (text.charCodeAt(at) !== 60) return undefined;
    const name = blockName(text, at + 1);
    if (name === 0) return undefined;
    const from = at + name + 2;
    const lt = text.indexOf('<', from);
    if (lt === -1) return undefined;
    if (amp !== -1 && amp < from) amp = text.indexOf('&', from);
    if (amp !== -1 && amp < lt) return undefined;
    // `</` and the same name, then `>`
    if (text.charCodeAt(lt + 1) !== 47 || blockName(text, lt + 2) !== name) return undefined;
    const inner = text.slice(from, lt);
    if (hasNonSpace(inner)) out.push(newField(inner, 1, 1, from, PLAIN_TEXT, undefined, undefined, undefined));
    at = lt + name + 3;
  }
  return out;
}
