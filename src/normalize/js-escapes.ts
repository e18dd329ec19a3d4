import { Rewrite, type Rewritten } from './rewrite.js';

/** A JavaScript string escape (ECMA-262 12.9.4): \xHH, \uHHHH, \u{H…}, or a backslash and one character. */
const ESCAPE = /\\(?:x([0-9A-Fa-f]{2})|u([0-9A-Fa-f]{4})|u\{([0-9A-Fa-f]{1,6})\}|([^xu\r\n]))/g;
const SINGLE: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', '0': '\0' };

/**
 * Decodes JavaScript string escapes, for text that is code: a `<script>` body, an `on*` event
 * attribute, a `javascript:` URL. Why: a page can write a value escaped
 * (`var tel = "07700\x20900123"`, `onclick="mail('jane\u0040example.com')"`) and a browser shows
 * it decoded. Plain text is never unescaped: a backslash there is a backslash.
 */
export function decodeJsEscapes(text: string): Rewritten | undefined {
  if (text.indexOf('\\') === -1) return undefined;
  let rw: Rewrite | undefined;
  ESCAPE.lastIndex = 0;
  for (let m = ESCAPE.exec(text); m; m = ESCAPE.exec(text)) {
    const hex = m[1] ?? m[2] ?? m[3];
    let ch: string;
    if (hex !== undefined) {
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff) continue;
      ch = String.fromCodePoint(cp);
    } else ch = SINGLE[m[4]!] ?? m[4]!;
    rw ??= new Rewrite(text);
    rw.copy(rw.end, m.index);
    rw.put(ch, m.index);
    rw.skipTo(m.index + m[0].length);
  }
  return rw?.finish();
}
