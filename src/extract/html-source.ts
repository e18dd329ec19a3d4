// Searches in the source an HTML page's extractor holds (html.ts), each made to read as few
// characters as it can.

/**
 * The last `&` in text if it is one of its last 33 characters, else -1: what text.lastIndexOf('&')
 * gives when an entity may start there, without reading back over the whole text when none does.
 * Searched with indexOf (native), not a character at a time: most texts have none (issue 16).
 */
export function lastAmpersand(text: string): number {
  let last = text.indexOf('&', Math.max(0, text.length - 33));
  if (last === -1) return -1;
  for (let i = text.indexOf('&', last + 1); i !== -1; i = text.indexOf('&', i + 1)) last = i;
  return last;
}

/**
 * Where the closing tag whose name starts at `nameStart` and ends at `end` (indexes in `win`; `end`
 * is the space, `/` or `>` after it) starts: win.lastIndexOf('</', end), found without a search.
 * The Tokenizer reads a closing tag's name from just after its `</` (a space there makes the tag a
 * comment) to a space, `/` or `>`, so no `/` is in the name and the last `</` is the tag's own, two
 * characters before the name, unless the name ends in `<` and a `/` ends it (`</a</b>`). Why: lastIndexOf is a call into the runtime,
 * and a loop back over the name read it all, once a closing tag (issue 16). Where `win` does not
 * hold the tag's `</` (a name cut by the window, say), the loop reads back as lastIndexOf would.
 */
export function closingTagStart(win: string, end: number, nameStart: number): number {
  const own = nameStart - 2;
  if (own >= 0 && own + 2 < end && end < win.length && win.charCodeAt(own) === 60 && win.charCodeAt(own + 1) === 47) {
    return win.charCodeAt(end) === 47 && win.charCodeAt(end - 1) === 60 ? end - 1 : own;
  }
  for (let i = Math.min(Math.max(0, end), win.length - 2); i >= 0; i--) {
    if (win.charCodeAt(i) === 60 && win.charCodeAt(i + 1) === 47) return i;
  }
  return -1;
}
