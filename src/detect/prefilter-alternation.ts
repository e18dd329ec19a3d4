/**
 * An alternation of anchor parts, with what every part starts with written once in front:
 * `\d{4}(?:[ .-]\d{4}[ .-]\d{4}[ .-]\d{4}|[ .-]\d{6}[ .-]\d{4}|\d{8})` for a payment card, not
 * `(?:\d{4}[ .-]\d{4}…|\d{4}[ .-]\d{6}…|\d{12})`. The same strings match; V8 tries each
 * alternative from the start, so at every digit the unfactored search read the same four digits
 * three times (callgrind on json-files-5000's batch text: 23.8 -> 12.8 instructions a character).
 * Parts are the plain regexes prefilter-derive.ts writes; one it cannot read is left as it is.
 */
export function alternation(parts: string[]): string {
  const plain = `(?:${parts.join('|')})`;
  if (parts.length < 2) return plain;
  const toks = parts.map(tokens);
  if (toks.some((t) => t === undefined || t.length === 0)) return plain;
  const rests = toks as Token[][];
  let prefix = '';
  for (;;) {
    const heads = rests.map((t) => t[0]);
    if (heads.some((h) => h === undefined)) break;
    const first = heads[0]!;
    if (heads.every((h) => h!.raw === first.raw)) {
      // the same token in every part (a group, a class repeated 1 to 7 times)
      prefix += first.raw;
      rests.forEach((t) => t.shift());
      continue;
    }
    // the same atom, repeated a fixed number of times in each part: the fewest of those times go in front
    if (!heads.every((h) => h!.atom === first.atom && h!.count !== undefined)) break;
    const k = Math.min(...heads.map((h) => h!.count!));
    prefix += k === 1 ? first.atom : `${first.atom}{${k}}`;
    rests.forEach((t, i) => {
      const left = heads[i]!.count! - k;
      if (left === 0) t.shift();
      else t[0] = { atom: first.atom, count: left, raw: left === 1 ? first.atom : `${first.atom}{${left}}` };
    });
  }
  // a part used up in front would leave an empty alternative: then as it was
  if (!prefix || rests.some((t) => t.length === 0)) return plain;
  return `${prefix}(?:${rests.map((t) => t.map((x) => x.raw).join('')).join('|')})`;
}

interface Token {
  /** A character, escape, class or group. */
  atom: string;
  /** How many times it must occur when its quantifier fixes that (none: once), else undefined. */
  count: number | undefined;
  /** The atom with its quantifier, as written. */
  raw: string;
}

/** The regex's atoms, each with its quantifier; undefined for a form this does not read. */
function tokens(src: string): Token[] | undefined {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const start = i;
    const c = src[i]!;
    if (c === '\\') {
      // \d, \/, \uXXXX, \xXX; \p{…}, \u{…}, \k<…>, \c and back-references are left alone
      if (/[pPkc1-9]/.test(src[i + 1] ?? '') || (src[i + 1] === 'u' && src[i + 2] === '{')) return undefined;
      i += src[i + 1] === 'u' ? 6 : src[i + 1] === 'x' ? 4 : 2;
    } else if (c === '[') {
      for (i++; i < src.length && src[i] !== ']'; i++) if (src[i] === '\\') i++;
      i++;
    } else if (c === '(') {
      let depth = 0;
      for (; i < src.length; i++) {
        if (src[i] === '\\') i++;
        else if (src[i] === '[') {
          for (i++; i < src.length && src[i] !== ']'; i++) if (src[i] === '\\') i++;
        } else if (src[i] === '(') depth++;
        else if (src[i] === ')' && --depth === 0) break;
      }
      i++;
    } else if ('|)]{}?*+^$.'.includes(c)) return undefined;
    else i++;
    if (i > src.length) return undefined;
    const atom = src.slice(start, i);
    const q = /^(?:\{(\d+)(,\d*)?\}|[?*+])\??/.exec(src.slice(i));
    let count: number | undefined = 1;
    if (q) {
      count = q[1] !== undefined && q[2] === undefined && !q[0].endsWith('?') ? Number(q[1]) : undefined;
      i += q[0].length;
    }
    // a group is taken whole: in front only when every part starts with the same one
    if (atom.startsWith('(')) count = undefined;
    out.push({ atom, count, raw: src.slice(start, i) });
  }
  return out;
}
