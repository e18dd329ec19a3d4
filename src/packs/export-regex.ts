import type { Ruleset } from '../types.js';

export interface ExportedRegex {
  id: string;
  /** The pattern in the dialect asked for. */
  pattern: string;
  /** What had to change to fit the dialect (dropped look-arounds, approximated back-references). */
  changes: string[];
}

/**
 * The built-in rules' patterns for another engine, for comparing speed with ripgrep. `rust` is
 * ripgrep's default engine: it has no look-around and no back-references, so look-arounds are
 * dropped (a look-behind that only fences a word becomes \b) and a back-reference is replaced by
 * the class it repeats; `pcre2` (rg -P) keeps them. Flags become a scoped `(?i:…)`.
 */
export function exportRegexes(ruleset: Ruleset, dialect: 'rust' | 'pcre2' = 'rust'): ExportedRegex[] {
  return ruleset.rules.map((r) => {
    const changes: string[] = [];
    let p = r.re.source;
    // names clash once rg joins the patterns with |; a plain group keeps the numbering
    p = p.replace(/\(\?<([A-Za-z_]\w*)>/g, '(');
    if (dialect === 'rust') {
      // the Rust engine refuses escapes of characters that are not special, such as \/
      p = p.replace(/\\(.)/g, (m, c: string) => (/[\w\\.+*?()|[\]{}^$#&\-~\s]/.test(c) ? m : c));
      const groups = capturingGroups(p);
      p = p.replace(/\\([1-9])/g, (_, n: string) => {
        changes.push(`back-reference \\${n} approximated by its group`);
        return groups[Number(n) - 1] ?? '';
      });
      p = stripLookarounds(p, changes, () => true);
    } else {
      // PCRE2 as ripgrep builds it wants a look-behind of one fixed length (per top-level branch)
      p = stripLookarounds(p, changes, (body) => body.startsWith('(?<') && !fixedLength(body));
    }
    // \uXXXX is JavaScript's; both ripgrep engines spell a code point \x{XXXX}
    p = p.replace(/\\\\|\\u\{?([0-9A-Fa-f]{4,6})\}?/g, (m, hex: string | undefined) => (hex ? `\\x{${hex}}` : m));
    // rg joins the lines of -f with |, so a flag must be scoped to its own pattern
    if (r.re.flags.includes('i')) p = `(?i:${p})`;
    return { id: r.id, pattern: p, changes };
  });
}

/** The source of each capturing group, in order (for back-references). */
function capturingGroups(p: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '\\') {
      i++;
      continue;
    }
    if (p[i] === '(' && p[i + 1] !== '?') out.push(p.slice(i, groupEnd(p, i) + 1));
  }
  return out;
}

/**
 * Calls `visit` with each character of `p` from `start` that is outside an escape and a character
 * class, and its index; stops when `visit` returns true. Returns that index, or -1.
 */
function scanSyntax(p: string, start: number, visit: (c: string, i: number) => boolean): number {
  let inClass = false;
  for (let i = start; i < p.length; i++) {
    const c = p[i]!;
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (visit(c, i)) return i;
  }
  return -1;
}

/** Index of the parenthesis closing the group that opens at `start` (escapes and classes respected). */
function groupEnd(p: string, start: number): number {
  let depth = 0;
  const end = scanSyntax(p, start, (c) => (c === '(' ? (depth++, false) : c === ')' && --depth === 0));
  return end < 0 ? p.length - 1 : end;
}

/**
 * Whether a look-behind's body has one length per top-level branch, as PCRE2 needs: no group, no
 * quantifier but `{n}`. A nested group of branches (`(?:^|[(:])`) is refused by older PCRE2 even
 * when each branch is fixed, so any group counts as variable.
 */
function fixedLength(lookbehind: string): boolean {
  const body = lookbehind.slice(lookbehind.indexOf('<') + 2, -1);
  const variable = scanSyntax(body, 0, (c, i) => '(*+?'.includes(c) || (c === '{' && !/^\{\d+\}/.test(body.slice(i))));
  return variable < 0;
}

/**
 * Removes the look-arounds `drop` picks (its argument is the whole group); a dropped look-behind
 * that only excludes word characters becomes \b.
 */
function stripLookarounds(p: string, changes: string[], drop: (lookaround: string) => boolean): string {
  let out = '';
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '\\') {
      out += p.slice(i, i + 2);
      i++;
      continue;
    }
    const m = /^\(\?<?[=!]/.exec(p.slice(i, i + 4));
    if (m) {
      const end = groupEnd(p, i);
      const body = p.slice(i, end + 1);
      if (!drop(body)) {
        out += body;
        i = end;
        continue;
      }
      const behind = body.startsWith('(?<');
      changes.push(`${behind ? 'look-behind' : 'look-ahead'} ${body.slice(0, 40)} dropped`);
      if (behind && body.startsWith('(?<!') && /\\w|A-Za-z|\\p\{L\}/.test(body)) out += '\\b';
      i = end;
      continue;
    }
    out += p[i];
  }
  return out;
}
