/**
 * Whether a regex source (without the `u` or `v` flag) has a `|` outside every group and class: a
 * branch of the whole regex, which a rewrite of the regex's beginning must not leave out.
 */
export function topLevelBar(source: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return true;
  }
  return false;
}
