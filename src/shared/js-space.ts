// What JavaScript's \s takes for a space, read a character code at a time, for the hot loops that
// would otherwise call into the regex engine per character or per short text: the name checks'
// word splitting (packs/value-words.ts) and the HTML extractor's text runs. Why hasNonSpace is not
// /\S/.test: most texts of a page are the spaces and newlines between two tags, and a regex test
// is a call into the regex engine each (a twentieth of a page's extraction, issue 16), where the
// first character mostly answers.

/** Whether the character of code `c` is a space to /\s/ (ECMAScript's WhiteSpace and LineTerminator). */
export function isSpaceCode(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 160) return false;
  return c === 160 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** /\S/.test(text): whether `text` has a character that is not a space. */
export function hasNonSpace(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // printable ASCII, the common answer, first
    if ((c > 32 && c < 127) || !isSpaceCode(c)) return true;
  }
  return false;
}
