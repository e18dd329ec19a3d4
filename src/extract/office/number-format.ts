/**
 * How a spreadsheet shows a stored number, as far as detection needs it: a date serial under a
 * date format as a UK date (an Excel serial under "DOB" is a date of birth), an identifier as
 * all its digits (an NHS number stored as a number is still one: no exponent, no float
 * artefacts), a digit mask such as `000 000 0000` or `"0"0000000000` applied (a phone number
 * stored as a number keeps the leading zero the sheet shows).
 */

/** What a cell's number format says about its value. */
export type NumberKind = { kind: 'number' } | { kind: 'date'; date: boolean; time: boolean } | { kind: 'mask'; mask: string[] } | { kind: 'hidden' };

const NUMBER: NumberKind = { kind: 'number' };

/**
 * Built-in date and time formats by id (ECMA-376 Part 1, 18.8.30 numFmt: 14-22, 45-47; and the
 * East Asian locale ids 27-36, 50-58 that Excel also renders as dates).
 */
const BUILTIN_DATES = new Set([14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52, 53, 54, 57, 58]);
const BUILTIN_TIMES = new Set([18, 19, 20, 21, 32, 33, 45, 46, 47, 55, 56]);

/** Reads a format (its id, and its code when custom) into what detection needs of it. */
export function numberKind(id: number, code: string | undefined): NumberKind {
  if (code === undefined) {
    if (BUILTIN_DATES.has(id)) return { kind: 'date', date: true, time: id === 22 };
    if (BUILTIN_TIMES.has(id)) return { kind: 'date', date: false, time: true };
    return NUMBER;
  }
  // `;;;` (every section empty) shows nothing at all: a way to hide a value in plain sight
  if (/^(?:;){1,3}$/.test(code.trim())) return { kind: 'hidden' };
  const first = code.split(/;(?=(?:[^"]*"[^"]*")*[^"]*$)/)[0] ?? '';
  // quoted literals, escaped characters and [colour]/[$-locale] sections say nothing about dates
  const bare = first.replace(/"[^"]*"/g, '').replace(/\\./g, '').replace(/\[(?!h\]|hh\]|m\]|mm\]|s\]|ss\])[^\]]*\]/gi, '');
  if (/[dy]/i.test(bare) || (/m/i.test(bare) && !/[#0?]/.test(bare))) return { kind: 'date', date: /[dy]/i.test(bare) || !/[hs]/i.test(bare), time: /[hs]/i.test(bare) };
  if (/[hs]/i.test(bare) && !/[#0?]/.test(bare)) return { kind: 'date', date: false, time: true };
  const mask = digitMask(first);
  return mask ? { kind: 'mask', mask } : NUMBER;
}

/**
 * A format made only of digit placeholders and literals (`00000000000`, `000 000 0000`,
 * `"0"0000000000`), as tokens: '0' and '#' placeholders, anything else literal. Undefined for
 * any other format (decimals, grouping, exponent, percent: the plain number reads better).
 */
function digitMask(code: string): string[] | undefined {
  const tokens: string[] = [];
  for (let i = 0; i < code.length; i++) {
    const c = code[i]!;
    if (c === '0' || c === '#') tokens.push(c);
    else if (c === '"') {
      const end = code.indexOf('"', i + 1);
      if (end === -1) return undefined;
      tokens.push(code.slice(i + 1, end));
      i = end;
    } else if (c === '\\') tokens.push(code[++i] ?? '');
    else if (c === ' ' || c === '-' || c === '(' || c === ')') tokens.push(c);
    else return undefined;
  }
  return tokens.includes('0') && tokens.filter((t) => t === '0' || t === '#').length > 1 ? tokens : undefined;
}

/** The text of a stored number as its format shows it (see NumberKind); `date1904` for the Mac epoch. */
export function formatNumber(raw: string, kind: NumberKind, date1904: boolean): string {
  if (kind.kind === 'number') return plainNumber(raw);
  const n = Number(raw);
  if (!Number.isFinite(n) || raw.trim() === '') return raw;
  if (kind.kind === 'date') return formatSerial(n, kind, date1904) ?? plainNumber(raw, n);
  if (kind.kind === 'mask' && Number.isInteger(n) && n >= 0 && n < 1e17) return applyMask(plainNumber(raw, n), kind.mask);
  return plainNumber(raw, n);
}

/**
 * A number without exponent or binary artefacts: an integer stored exactly keeps all its digits
 * (a writer other than Excel may store 16), a fraction reads as Excel's General format shows it
 * in a standard column (11 characters: 9 significant digits, 0.1 + 0.2 stored as
 * 0.30000000000000004 reads 0.3). Why: no identifier is a fraction, and the 15 digits after
 * "0." of a random rate (0.612345678901235) pass a Luhn check one time in ten.
 */
export function plainNumber(raw: string, n?: number): string {
  if (isPlainInteger(raw) || isShortDecimal(raw)) return raw;
  n ??= Number(raw);
  const t = raw.trim();
  if (!Number.isFinite(n) || t === '') return raw;
  if (/^-?\d+$/.test(t)) return t.replace(/^(-?)0+(?=\d)/, '$1');
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return n.toFixed(0);
  const r = Number(n.toPrecision(Math.abs(n) >= 1e9 ? 15 : 9));
  if (Number.isInteger(r) && Math.abs(r) < 1e21) return r.toFixed(0);
  const s = String(r);
  return /e/i.test(s) ? r.toFixed(20).replace(/\.?0+$/, '') : s;
}

/** A decimal as General shows it already (`12.5`, `-0.25`: nine digits at most, no exponent, no trailing zero). */
function isShortDecimal(s: string): boolean {
  let digits = 0;
  let dot = -1;
  const start = s.charCodeAt(0) === 45 ? 1 : 0;
  for (let i = start; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46 && dot === -1) dot = i;
    else if (c >= 48 && c <= 57) digits++;
    else return false;
  }
  return dot > start && dot < s.length - 1 && digits <= 9 && s.charCodeAt(s.length - 1) !== 48 && !(s.charCodeAt(start) === 48 && dot !== start + 1);
}

/** Digits only, not starting with a zero (unless it is "0"): the common case, told without a regex. */
function isPlainInteger(s: string): boolean {
  const n = s.length;
  if (n === 0 || (s.charCodeAt(0) === 48 && n > 1)) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function applyMask(digits: string, mask: string[]): string {
  const places = mask.filter((t) => t === '0' || t === '#').length;
  let d = digits.length - 1;
  const out: string[] = [];
  let seen = 0;
  for (let i = mask.length - 1; i >= 0; i--) {
    const t = mask[i]!;
    if (t !== '0' && t !== '#') {
      out.push(t);
      continue;
    }
    seen++;
    if (seen === places) {
      // the first placeholder takes every digit left over
      out.push(d >= 0 ? digits.slice(0, d + 1) : t === '0' ? '0' : '');
      d = -1;
    } else out.push(d >= 0 ? digits[d--]! : t === '0' ? '0' : '');
  }
  return out.reverse().join('').trim();
}

const DAY_MS = 86_400_000;
/** 1899-12-30: serial 0 of the 1900 system once Lotus 1-2-3's phantom 29 February 1900 is allowed for. */
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

/**
 * A date serial as the UK writes dates (`03/07/1985`, `03/07/1985 14:05`, `14:05:09`).
 * Serials 1-59 of the 1900 system count from 31 December 1899: Excel counts 29 February 1900,
 * which never was (ECMA-376 Part 1, 18.17.4.1).
 */
export function formatSerial(serial: number, kind: { date: boolean; time: boolean }, date1904: boolean): string | undefined {
  if (serial < 0 || serial >= 2958466) return undefined;
  const epoch = date1904 ? EPOCH_1904 : serial < 60 ? EPOCH_1900 + DAY_MS : EPOCH_1900;
  const ms = Math.round(epoch + serial * DAY_MS);
  const d = new Date(ms);
  const two = (x: number): string => String(x).padStart(2, '0');
  const date = `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
  const secs = d.getUTCSeconds();
  const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}${secs ? `:${two(secs)}` : ''}`;
  // a date-time at midnight is a date (LibreOffice saves ODS dates with a date-time format)
  if (!kind.time || (kind.date && d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && secs === 0)) return date;
  if (!kind.date) return time;
  return `${date} ${time}`;
}

/** An ISO date or date-time (ODF `office:date-value`, OOXML `t="d"`) as the UK writes it. */
export function formatIsoDate(iso: string): string {
  const m = /^(-?\d{4,})-(\d\d)-(\d\d)(?:T(\d\d):(\d\d)(?::(\d\d))?)?/.exec(iso);
  if (!m) return iso;
  const date = `${m[3]}/${m[2]}/${m[1]}`;
  if (!m[4] || (m[4] === '00' && m[5] === '00' && (!m[6] || m[6] === '00'))) return date;
  return `${date} ${m[4]}:${m[5]}${m[6] && m[6] !== '00' ? `:${m[6]}` : ''}`;
}
