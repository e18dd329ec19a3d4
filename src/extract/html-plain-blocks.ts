// A shortcut of the HTML extractor for the HTML most JSON exports hold: plain blocks of text.
import type { Field, FieldContext } from '../types.js';

/** One block element with no attributes, holding text with no tag and no entity (`<p>…</p>`). */
const PLAIN_BLOCK = /<(p|div|li)>([^<&]*)<\/\1>/y;
/** Made once: a regex literal in the loop was a new RegExp object per block (two a record of a JSON case export). */
const NOT_BLANK = /\S/;
/** The context HtmlExtractor gives text in a plain block: plain text, no field name (the parent's is kept). */
const PLAIN_TEXT: FieldContext = { where: 'text', label: 'text', name: '' };

/**
 * The fields HtmlExtractor makes of a fragment that is only plain blocks one after another
 * (`<p>…</p><p>…</p>`, what case systems export into JSON): each block's text, where it sits;
 * undefined for any other fragment. Why: such strings are most of a JSON case export's text,
 * and building a parser for each cost about a tenth of the scan (issue 16).
 */
export function plainBlocks(text: string): Field[] | undefined {
  const out: Field[] = [];
  PLAIN_BLOCK.lastIndex = 0;
  while (PLAIN_BLOCK.lastIndex < text.length) {
    const at = PLAIN_BLOCK.lastIndex;
    const m = PLAIN_BLOCK.exec(text);
    if (!m) return undefined;
    const inner = m[2]!;
    if (NOT_BLANK.test(inner)) out.push({ text: inner, line: 1, column: 1, offset: at + m[1]!.length + 2, ctx: PLAIN_TEXT });
  }
  return out;
}
