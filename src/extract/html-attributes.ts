// The attributes of the tag the HTML extractor is reading, and the values an element reads of its own.
import { NAMING } from './html-elements.js';

/**
 * An attribute of the tag being read: `name` as the parser gives it (lower case), its value (''
 * when it has none in the source), the value as the parser gives it (`given`), where the value
 * starts (-1: none), and where the attribute starts and ends in the file. Its name as the file has
 * it is sourceOf.
 */
export interface Attribute {
  name: string;
  value: string;
  given: string;
  at: number;
  nameAt: number;
  end: number;
}

/**
 * The attributes of the tag being read: the first `n` of `list`. Its objects are reused from tag
 * to tag (an object an attribute, and the array emptied by setting its length, a call into the
 * runtime, were a tenth of a page's extraction, issue 16).
 */
export interface Attributes {
  list: Attribute[];
  n: number;
}

/** The value of the first attribute named `name` in attrs from `from` (the element's own), if any. */
export function attributeValue(attrs: Attributes, from: number, name: string): string | undefined {
  const list = attrs.list;
  for (let i = from; i < attrs.n; i++) if (list[i]!.name === name) return list[i]!.given;
  return undefined;
}

/** The value of the first attribute that names an element (NAMING) among its own from `from`, if any. */
export function namingOf(attrs: Attributes, from: number): string | undefined {
  for (const n of NAMING) {
    const v = attributeValue(attrs, from, n);
    if (v && v.trim()) return v;
  }
  return undefined;
}
