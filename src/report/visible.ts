// Characters that move the cursor, end a line, recolour a terminal or reorder text when printed:
// C0 controls (ESC starts ANSI sequences, CR rewinds a line, LF starts a new one), DEL and the C1
// controls (0x9B is a one-byte CSI on some terminals: ECMA-48 §5.3), the line and paragraph
// separators U+2028/U+2029, and the invisible format characters that "Trojan Source"
// (CVE-2021-42574) uses to make `report<U+202E>vsc.exe` read as `reportexe.csv`: the bidi
// embeddings, overrides and isolates, the marks, zero-width characters and the BOM.
const HIDDEN = /[\p{Cc}\u2028\u2029\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/gu;

/**
 * Shows hidden characters as `\xNN` or `\uNNNN`, so that text from a scanned file (a header, a
 * file name, a value) prints as what it is and can never draw on the terminal: no colour, no
 * cursor movement, no fake verdict line, no reordering.
 */
export function visible(s: string): string {
  return s.replace(HIDDEN, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
