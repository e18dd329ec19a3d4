/**
 * Where `JSON.parse` gave up on `text`, as "line L, column C". V8's messages quote the text
 * around the error (`Unexpected token 'A', "AB123456C,…" is not valid JSON`): a data file passed
 * by mistake as a config, pack or baseline would have its first values printed. When the message
 * gives no position, the shortest prefix that already fails is found by bisection (JSON is read
 * left to right, so a prefix fails before its end exactly when the error lies inside it).
 */
export function describeJsonError(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const at = /at position (\d+)/.exec(message);
  const offset = at ? Number(at[1]) : /Unexpected end of JSON input/.test(message) ? text.length : firstBadOffset(text);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}

/** The offset of the character JSON.parse stops at, found without reading its message's quote. */
function firstBadOffset(text: string): number {
  let lo = 1;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (failsInside(text, mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo - 1;
}

/** True when the first `k` characters fail before their end (not merely by stopping short). */
function failsInside(text: string, k: number): boolean {
  try {
    JSON.parse(text.slice(0, k));
    return false;
  } catch (e) {
    const m = (e as Error).message;
    if (/Unexpected end of JSON input/.test(m)) return false;
    const at = /at position (\d+)/.exec(m);
    return !at || Number(at[1]) < k;
  }
}

/**
 * Where a YAML parser gave up, as "line L, column C" with the parser's error code: the `yaml`
 * package's messages end in an excerpt of the text, which a data file must not have printed.
 */
export function describeYamlError(error: unknown): string {
  const e = error as { code?: unknown; linePos?: { line: number; col: number }[] };
  const at = e?.linePos?.[0];
  const code = typeof e?.code === 'string' ? ` (${e.code})` : '';
  return at ? `line ${at.line}, column ${at.col}${code}` : `somewhere in the file${code}`;
}

/** Quotes a key from a file in a message only when it reads as a key (a short identifier), not as data. */
export function quoteKey(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$.-]{0,39}$/.test(key) ? `"${key}"` : '(a key that is not an identifier)';
}
