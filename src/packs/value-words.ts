// The words of a value as the name checks read them (people.ts), found without a regex.
/** A character of `/[\s,]/`: a comma, or what JavaScript's `\s` takes for white space. */
function isSeparator(c: number): boolean {
  if (c < 0xa0) return c === 32 || c === 44 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * The words of a value, split at white space and commas (`s.split(/[\s,]+/).filter(Boolean)`),
 * read by hand: the split and the filter made two arrays and a regex run each time, and the name
 * forms split every value they judge (issue 16).
 */
export function words(s: string): string[] {
  const out: string[] = [];
  const n = s.length;
  let i = 0;
  while (i < n) {
    while (i < n && isSeparator(s.charCodeAt(i))) i++;
    if (i === n) break;
    const start = i;
    while (i < n && !isSeparator(s.charCodeAt(i))) i++;
    out.push(s.slice(start, i));
  }
  return out;
}
