import { Rewrite, type Rewritten } from './rewrite.js';

/** A run of %XX escapes, or a plus sign. */
const CODED = /(?:%[0-9A-Fa-f]{2})+|\+/g;
const VALUE_START = /[?&=]/;
/** A token that reads as a query string or form data, where `+` stands for a space. */
const QUERY = /[?&=]/;
/** A plus sign after the start of a query-string value. */
const QUERY_PLUS = /[?&=][^\s?&=]*\+/;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes percent-encoding (RFC 3986 2.1) and, in query strings, `+` between two characters of a
 * value (HTML form encoding: application/x-www-form-urlencoded), token by token.
 * Why: a URL carries values encoded (`mailto:jane%40example.com`, `?tel=07700+900123`), and a
 * pattern that reads the encoded form would see neither an e-mail nor a phone. Only whole UTF-8
 * sequences are decoded: `50%OFF` and a lone `%E9` stay as written. A `+` that starts a value
 * (`?tel=+447700900123`) is a plus sign as people type it, not a space.
 */
export function decodePercent(text: string): Rewritten | undefined {
  if (text.indexOf('%') === -1 && !QUERY_PLUS.test(text)) return undefined;
  let rw: Rewrite | undefined;
  for (const token of text.matchAll(/\S+/g)) {
    const t = token[0];
    const base = token.index;
    const query = QUERY.test(t);
    if (t.indexOf('%') === -1 && !(query && t.indexOf('+') !== -1)) continue;
    CODED.lastIndex = 0;
    for (let m = CODED.exec(t); m; m = CODED.exec(t)) {
      const at = base + m.index;
      if (m[0] === '+') {
        // a space in a form-encoded value; a plus that starts a value is a plus sign as typed
        if (!query || m.index === 0 || VALUE_START.test(t[m.index - 1]!)) continue;
        rw ??= new Rewrite(text);
        rw.copy(rw.end, at);
        rw.put(' ', at);
        rw.skipTo(at + 1);
        continue;
      }
      const bytes = Uint8Array.from(m[0].slice(1).split('%'), (h) => parseInt(h, 16));
      let decoded: string;
      try {
        decoded = UTF8.decode(bytes);
      } catch {
        continue;
      }
      rw ??= new Rewrite(text);
      rw.copy(rw.end, at);
      // each character points at the first escape of its bytes
      let byte = 0;
      for (const ch of decoded) {
        rw.put(ch, at + 3 * byte);
        byte += Buffer.byteLength(ch);
      }
      rw.skipTo(at + m[0].length);
    }
  }
  return rw?.finish();
}
