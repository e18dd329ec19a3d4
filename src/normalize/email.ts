import { Rewrite, type Rewritten } from './rewrite.js';

const OPEN = '[\\[({<]';
const CLOSE = '[\\])}>]';
/** "at" in brackets (`[at]`, `(at)`, `{@}`), or as a word between spaces. */
const AT = `(\\s*${OPEN}\\s*(?:at|@)\\s*${CLOSE}\\s*|\\s+at\\s+)`;
/** "dot" in brackets, as a word between spaces, or a real dot. */
const DOT = `(?:\\s*${OPEN}\\s*(?:dot|\\.)\\s*${CLOSE}\\s*|\\s+dot\\s+|\\.)`;
const OBFUSCATED = new RegExp(
  `(?<![a-z0-9._%+-])(?<![a-z0-9._%+-]')[a-z0-9][a-z0-9._%+'-]{0,63}${AT}((?:[a-z0-9-]{1,63}${DOT}){1,8}[a-z]{2,24})(?![a-z0-9-])`,
  'gi',
);
const DOT_WORD = new RegExp(DOT, 'gi');
/** An "at" in brackets or a "dot" between spaces: no obfuscated address without one. */
const SPELLED = new RegExp(`${OPEN}\\s*(?:at|@)\\s*${CLOSE}|\\sdot\\s`, 'i');

/**
 * Rewrites e-mail addresses written to fool harvesters as addresses: `name [at] example [dot] com`,
 * `name(at)example.org`, `name at example dot com`. Why: they are personal e-mail addresses all the
 * same, and a person reads them as such. A bare " at " counts only with a " dot " word after it:
 * "I work at example.com" is prose.
 */
export function deobfuscateEmail(text: string): Rewritten | undefined {
  if (!SPELLED.test(text)) return undefined;
  let rw: Rewrite | undefined;
  OBFUSCATED.lastIndex = 0;
  for (let m = OBFUSCATED.exec(text); m; m = OBFUSCATED.exec(text)) {
    const at = m[1]!;
    const domain = m[2]!;
    const bareAt = !/[\[({<]/.test(at);
    if (bareAt && !/\sdot\s|[\[({<]/i.test(domain)) continue;
    const atStart = m.index + m[0].length - domain.length - at.length;
    const domainStart = atStart + at.length;
    rw ??= new Rewrite(text);
    rw.copy(rw.end, atStart);
    rw.put('@', atStart + at.search(/\S/));
    rw.skipTo(domainStart);
    DOT_WORD.lastIndex = 0;
    for (let d = DOT_WORD.exec(domain); d; d = DOT_WORD.exec(domain)) {
      if (d[0] === '.') continue;
      const s = domainStart + d.index;
      rw.copy(rw.end, s);
      rw.put('.', s + d[0].search(/\S/));
      rw.skipTo(s + d[0].length);
    }
    rw.copy(rw.end, m.index + m[0].length);
  }
  return rw?.finish();
}
