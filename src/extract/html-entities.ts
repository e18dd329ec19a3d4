import { decodeHTML } from 'entities';
import { objectList } from './object-list.js';

/** An entity as HTML reads it (`&amp;`, `&#39;`, `&#x27;`, legacy `&copy` without its `;`). */
const ENTITY = /&(?:#\d{1,7};?|#[xX][\da-fA-F]{1,6};?|[A-Za-z][A-Za-z\d]{1,31};?)/y;
/** The same, searching (made once: a RegExp made each call was a compile-cache lookup and an object a text with an entity, issue 16). */
const ENTITIES = new RegExp(ENTITY.source, 'g');

/**
 * A tag, a comment or an entity; entities alone count too: CMS exports escape text ("O&#39;Neill")
 * without any tag around it. Made once: a literal in the function made a RegExp object per JSON value.
 */
const MARKUP = /<(?:[a-zA-Z][\w-]*[\s/>]|\/[a-zA-Z]|!--)|&(?:#\d{1,7}|#[xX][\da-fA-F]{1,6}|[A-Za-z][A-Za-z\d]{1,31});/;

/** True when a string holds markup worth parsing as HTML: a tag, a comment or an entity. */
export function looksLikeHtml(text: string): boolean {
  return MARKUP.test(text);
}

/** Splits raw HTML text into verbatim pieces and decoded entities, with each piece's raw offset. */
export function decodeEntities(raw: string): { text: string; raw: number; verbatim: boolean }[] {
  const pieces = objectList<{ text: string; raw: number; verbatim: boolean }>();
  const re = ENTITIES;
  re.lastIndex = 0;
  let last = 0;
  for (let m = re.exec(raw); m; m = re.exec(raw)) {
    const decoded = decodeHTML(m[0]);
    if (decoded === m[0]) continue;
    if (m.index > last) pieces.push({ text: raw.slice(last, m.index), raw: last, verbatim: true });
    // a legacy entity without ';' may decode only its first part ("&copy2023" → "©2023"): the
    // undecoded rest is verbatim and keeps its own positions
    let rest = 0;
    while (rest < decoded.length - 1 && decoded[decoded.length - 1 - rest] === m[0][m[0].length - 1 - rest]) rest++;
    pieces.push({ text: decoded.slice(0, decoded.length - rest), raw: m.index, verbatim: false });
    if (rest > 0) pieces.push({ text: decoded.slice(decoded.length - rest), raw: m.index + m[0].length - rest, verbatim: true });
    last = m.index + m[0].length;
  }
  if (last < raw.length) pieces.push({ text: raw.slice(last), raw: last, verbatim: true });
  return pieces;
}

/** The length of the entity at `at` in raw HTML text, as decodeEntities reads it (0: none there). */
export function entityLength(raw: string, at: number): number {
  ENTITY.lastIndex = at;
  return ENTITY.exec(raw)?.[0].length ?? 0;
}
