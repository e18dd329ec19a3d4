import type { Matcher } from '../types.js';

/**
 * One regex for a whole row of public values: the columns' regexes joined by the delimiter, each
 * allowing the empty cell, ending at the line end. Built only when every column says what it
 * publishes, with a built-in pack's own regex (a user pack's runs under a time budget, cell by
 * cell, never joined into a regex that runs unguarded); a row it does not match (a quoted cell,
 * an unexpected value) is tokenized as usual.
 *
 * Each column's regex is confined to its cell (cellSource): it cannot match the delimiter or a
 * line end. A column whose values may hold the delimiter character (a location with a comma
 * in its class) would otherwise take in the cells after it, and a row with an extra cell (a name
 * put after the location) was skipped as public. Confined, it also backtracks less.
 */
export function rowPattern(columns: (Matcher | undefined)[], count: number, delimiter: number): RegExp | undefined {
  if (columns.length !== count || columns.some((c) => !(c instanceof RegExp) || c.flags.replace(/[gy]/g, '') !== '')) return undefined;
  const d = hex(delimiter);
  const cells: string[] = [];
  for (const c of columns) {
    const confined = cellSource(unanchored((c as RegExp).source), delimiter);
    if (confined === undefined) return undefined;
    cells.push(`(?:${confined})?`);
  }
  return new RegExp(`${cells.join(d)}\r?\n`, 'y');
}

/** A column's source without the ^ and $ that anchor it to its whole cell. */
function unanchored(source: string): string {
  return source.replace(/^\^/, '').replace(/(?<!\\)\$$/, '');
}

/** \xHH (or \uHHHH) for a character: safe inside and outside a class. */
function hex(code: number): string {
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Escapes that stand for one character, by the letter after the backslash. */
const CONTROL: Record<string, number> = { t: 9, n: 10, v: 11, f: 12, r: 13, '0': 0 };

/**
 * A regex source (no flags) rewritten to match what it matched except text holding the delimiter,
 * a CR or a LF: a class loses those characters (or, when a range or a class escape holds one,
 * is preceded by a look-ahead refusing them), a negated class and `.` gain them, a literal one
 * never matches, and any other escape that may match one gets the look-ahead. Undefined for a
 * source with an assertion or a backreference (a look-around, ^, $, \b), which would see past
 * the cell in a row: such a column's cells are tested one by one.
 */
export function cellSource(source: string, delimiter: number): string | undefined {
  const excluded = [delimiter, 10, 13];
  const notExcluded = `(?![${excluded.map(hex).join('')}])`;
  let out = '';
  for (let i = 0; i < source.length; ) {
    const ch = source[i]!;
    // a character's atom, repeated as its quantifier says
    let atom: string | undefined;
    if (ch === '[') {
      const cls = readClass(source, i);
      atom = confineClass(cls.body, cls.negated, excluded, notExcluded);
      i = cls.end;
    } else if (ch === '\\') {
      const esc = readEscape(source, i);
      if (esc.assertion) return undefined;
      if (esc.code !== undefined) atom = excluded.includes(esc.code) ? '(?!)' : esc.text;
      else if (esc.safe) atom = esc.text;
      else atom = `(?:${notExcluded}${esc.text})`;
      i = esc.end;
    } else if (ch === '.') {
      atom = `[^${excluded.map(hex).join('')}\\u2028\\u2029]`;
      i++;
    } else if (ch === '(' && source[i + 1] === '?') {
      // a group: (?: or (?<name>; a look-around is an assertion
      const m = /^\(\?(?::|<[A-Za-z_$][\w$]*>)/.exec(source.slice(i, i + 40));
      if (!m) return undefined;
      out += m[0];
      i += m[0].length;
    } else if (ch === '^' || ch === '$') {
      return undefined;
    } else if (ch === '{' && QUANTIFIER.test(source.slice(i, i + 24))) {
      // a group's quantifier, whose comma is no character of the text
      const q = QUANTIFIER.exec(source.slice(i, i + 24))![0];
      out += q;
      i += q.length;
    } else if ((ch === '*' || ch === '+') && source[i - 1] === ')' && source[i - 2] !== '\\' && source[i + 1] !== '?') {
      // a group repeated as often as it can be: repeated as seldom as it must (LAZY_GROUPS)
      out += `${ch}?`;
      i++;
    } else if ('|()*+?'.includes(ch)) {
      // syntax: an alternative, a group, a quantifier
      out += ch;
      i++;
    } else {
      atom = excluded.includes(source.charCodeAt(i)) ? '(?!)' : ch;
      i++;
    }
    if (atom !== undefined) {
      const repeated = unrolled(atom, source, i);
      out += repeated.text;
      i = repeated.end;
    }
  }
  return out;
}

const QUANTIFIER = /^\{(\d+)(?:(,)(\d*))?\}/;

/*
 * LAZY_GROUPS: a group's * or + is made lazy. A confined cell matches the same text either way
 * (no assertion or backreference is left to tell), and a row regex ends at the row's line end
 * whatever path it took; only the order the paths are tried in changes. Greedy, a force name
 * (`[A-Z][a-z]+(?:[ -](?:and|of|&|[A-Z][a-z]+))*) (?:Police|Constabulary)`) first took in
 * "Constabulary" as one more word, then gave it back letter by letter to find " Constabulary"
 * after it; lazy, it tries that after each word. Street CSV rows, 100 MB, one thread: the row
 * regex 184 -> 162 ms of CPU (issue 16).
 */
/** Repeats written out: at most this many times one atom, and this many optional ones after them. */
const MAX_UNROLL = 64;
const MAX_OPTIONAL = 16;

/**
 * An atom and its quantifier at `i`, written out when it repeats a fixed number of times or a
 * few: V8 runs X{64} as a counted loop, 64 Xs in a row 4 times faster (a 64-hex crime ID was a
 * fifth of the row regex's time), and X{1,3} as X(?:X(?:X)?)?, the same greedy match.
 */
function unrolled(atom: string, source: string, i: number): { text: string; end: number } {
  const m = QUANTIFIER.exec(source.slice(i, i + 24));
  // none, or a lazy one: left as it is
  if (!m || source[i + m[0].length] === '?') return { text: atom, end: i };
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
  if (min > MAX_UNROLL || max - min > MAX_OPTIONAL) return { text: atom, end: i };
  let optional = '';
  for (let k = min; k < max; k++) optional = `(?:${atom}${optional})?`;
  return { text: atom.repeat(min) + optional, end: i + m[0].length };
}

interface Escape {
  text: string;
  end: number;
  /** The one character it stands for, when it stands for one. */
  code?: number;
  /** It stands for no excluded character (\d, \w). */
  safe: boolean;
  /** \b, \B or a backreference. */
  assertion?: boolean;
}

/** The escape at `i` (a backslash) outside a class. */
function readEscape(source: string, i: number): Escape {
  const c = source[i + 1] ?? '';
  if (c === 'd' || c === 'w') return { text: `\\${c}`, end: i + 2, safe: true };
  if (c === 'b' || c === 'B' || /[1-9]/.test(c)) return { text: '', end: i + 2, safe: false, assertion: true };
  const one = oneCharacter(source, i);
  if (one) return { ...one, safe: false };
  // \s, \D, \W, \S, \p{…}, \k<name> and the like: confined by a look-ahead
  const m = /^\\(?:[pPk](?:\{[^}]*\}|<[^>]*>)?|.)/s.exec(source.slice(i))!;
  return { text: m[0], end: i + m[0].length, safe: false };
}

/** The escape at `i` when it stands for one character: \t, \xHH, \uHHHH, \cX, \, and the like. */
function oneCharacter(source: string, i: number): { text: string; end: number; code: number } | undefined {
  const c = source[i + 1] ?? '';
  if (c in CONTROL && !(c === '0' && /[0-9]/.test(source[i + 2] ?? ''))) return { text: `\\${c}`, end: i + 2, code: CONTROL[c]! };
  const hexEsc = /^\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4}))/.exec(source.slice(i, i + 6));
  if (hexEsc) return { text: hexEsc[0], end: i + hexEsc[0].length, code: parseInt(hexEsc[1] ?? hexEsc[2]!, 16) };
  if (c === 'c' && /[A-Za-z]/.test(source[i + 2] ?? '')) return { text: source.slice(i, i + 3), end: i + 3, code: source.charCodeAt(i + 2) % 32 };
  // an identity escape: a punctuation character taken literally
  if (c !== '' && !/[A-Za-z0-9]/.test(c)) return { text: `\\${c}`, end: i + 2, code: c.charCodeAt(0) };
  return undefined;
}

/** The class starting at `i` (its `[`): its body between `[` or `[^` and `]`, and where it ends. */
function readClass(source: string, i: number): { body: string; negated: boolean; end: number } {
  const negated = source[i + 1] === '^';
  let j = i + (negated ? 2 : 1);
  const start = j;
  while (j < source.length && source[j] !== ']') j += source[j] === '\\' ? 2 : 1;
  return { body: source.slice(start, j), negated, end: j + 1 };
}

/** A class without the excluded characters. */
function confineClass(body: string, negated: boolean, excluded: number[], notExcluded: string): string {
  const add = excluded.map(hex).join('');
  if (negated) return `[^${body}${add}]`;
  // the class's items: single characters (kept unless excluded) and ranges
  let kept = '';
  let unsure = false;
  for (let i = 0; i < body.length; ) {
    let code: number | undefined;
    let text: string;
    if (body[i] === '\\') {
      const one = oneCharacter(body, i) ?? (body[i + 1] === 'b' ? { text: '\\b', end: i + 2, code: 8 } : undefined);
      if (one) {
        code = one.code;
        text = one.text;
        i = one.end;
      } else {
        const m = /^\\(?:[pP]\{[^}]*\}|.)/s.exec(body.slice(i))!;
        text = m[0];
        i += m[0].length;
        // \d and \w hold no excluded character; \s, \D, \W, \S, \p{…} may
        if (!/^\\[dw]$/.test(text)) unsure = true;
      }
    } else {
      code = body.charCodeAt(i);
      text = body[i]!;
      i++;
    }
    // a range: its two ends
    if (code !== undefined && body[i] === '-' && i + 1 < body.length) {
      const hi = body[i + 1] === '\\' ? oneCharacter(body, i + 1) : { text: body[i + 1]!, end: i + 2, code: body.charCodeAt(i + 1) };
      if (hi) {
        if (excluded.some((x) => x >= code! && x <= hi.code)) unsure = true;
        kept += `${text}-${hi.text}`;
        i = hi.end;
        continue;
      }
    }
    if (code !== undefined && excluded.includes(code)) continue;
    kept += text;
  }
  if (kept === '') return '(?!)';
  return unsure ? `(?:${notExcluded}[${kept}])` : `[${kept}]`;
}
