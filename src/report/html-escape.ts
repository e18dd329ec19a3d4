const ENTITY: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

// Characters that are invisible or reorder text: C0 controls (bar tab, LF, CR), DEL and C1
// controls, and the Unicode bidi controls that "Trojan Source" (CVE-2021-42574) uses to make
// `report<U+202E>vsc.exe` read as `reportexe.csv`. Shown as escapes, so the report shows what is there.
const HIDDEN = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/**
 * Escapes text for element content and quoted attribute values (the five characters of the OWASP
 * XSS Prevention Cheat Sheet, "Output Encoding for HTML Contexts"), after making hidden characters visible.
 */
export function esc(s: string): string {
  return visible(s).replace(/[&<>"']/g, (c) => ENTITY[c]!);
}

/** Shows hidden characters as `\xNN` or `\uNNNN`. */
export function visible(s: string): string {
  return s.replace(HIDDEN, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * JSON that is safe inside a <script> element: `<`, `>` and `&` as \u escapes, so no `</script>`
 * or `<!--` can end or change the element (HTML §4.12.1.3 "Restrictions for contents of script
 * elements"), and U+2028/U+2029 too, which older JavaScript parsers took for line ends.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

// A tiny, safe subset of Markdown for the rules' texts (description, why), which packs write
// with `code`, *emphasis* and [links](…): code spans, **strong**, *em* or _em_ (not inside words,
// so snake_case stays), and links shown as their text (the page links to nothing). Everything
// else, and the text inside each of these, is escaped: a pack cannot put markup in the page.
const INLINE = /(`+)([^`][\s\S]*?)\1(?!`)|\[([^\]\n]+)\]\([^)\s]+\)|\*\*(?=\S)([\s\S]*?\S)\*\*|\*(?=[^\s*])([^*]*?[^\s*])\*|(?<![\p{L}\p{N}_])_(?=[^\s_])([^_]*?[^\s_])_(?![\p{L}\p{N}_])/gu;

/** Renders the Markdown subset as HTML: only <code>, <strong> and <em> elements, over escaped text. */
export function inlineMarkdown(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    out += esc(text.slice(last, m.index));
    const [, , code, link, strong, em, em2] = m;
    if (code !== undefined) out += `<code>${esc(code.trim() === '' ? code : code.replace(/^ (.*) $/s, '$1'))}</code>`;
    else if (link !== undefined) out += esc(link);
    else if (strong !== undefined) out += `<strong>${esc(strong)}</strong>`;
    else out += `<em>${esc(em ?? em2 ?? '')}</em>`;
    last = m.index + m[0].length;
  }
  return out + esc(text.slice(last));
}
