/**
 * Numbers are read as numbers (issue 15): digits that continue a longer digit run, or sit in a
 * decimal number, a coordinate or a version string, are part of that number, never an identifier
 * of their own. `-2.1234567890123452` holds a Luhn-valid run after its point; `53.4` is not a
 * house number; `2.4.3.3.1` is not an IP address.
 */
export function insideNumber(text: string, index: number, value: string): boolean {
  // a read before the text's start or past its end is no digit; tested first, as charCodeAt's NaN
  // there made V8 throw away the optimised code of this and of what it was inlined into (judge)
  const n = text.length;
  const digit = (i: number): boolean => {
    if (i < 0 || i >= n) return false;
    const c = text.charCodeAt(i);
    return c >= 48 && c <= 57;
  };
  const end = index + value.length;
  if (digit(index)) {
    if (digit(index - 1)) return true;
    // the fraction of a decimal number, or the next part of a version string: a point after a digit
    if (index >= 2 && text.charCodeAt(index - 1) === 46 && digit(index - 2)) return true;
  }
  if (digit(end - 1)) {
    if (digit(end)) return true;
    if (end + 1 < n && text.charCodeAt(end) === 46 && digit(end + 1)) return true;
  }
  return false;
}
