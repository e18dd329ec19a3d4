import { isIP } from 'node:net';
import type { Refusal, Validator } from '../types.js';
import { PEOPLE_VALIDATORS, notForenameSurname } from './people.js';
import { dateOfBirth } from './dates.js';
import { NAME_FORM_VALIDATORS, notLowerName, notRoleName, notSurnameFirst } from './name-forms.js';
import { ukPhone } from './uk-phone.js';
// Named checks a pack rule can run on each candidate. Each says where its rule comes from;
// ../shared/reference/uk-identifiers.md has the sources in full.

const digitsOf = (s: string): string => s.replace(/\D/g, '');
/** A value without the separators people put in identifiers (spaces, dashes, dots, slashes), in capitals. */
const compact = (s: string): string => s.replace(/[\s./-]/g, '').toUpperCase();

/** Luhn (mod 10), as used by payment cards. */
export function luhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

const repdigit = (d: string): boolean => /^(\d)\1+$/.test(d);

/**
 * NHS number (England, Wales, Isle of Man) and Scottish CHI number: ten digits, the tenth a
 * modulus 11 check on weights 10..2; a check of 10 is never issued (NHS Data Dictionary,
 * "NHS NUMBER"). Repdigits and 0123456789 pass the arithmetic and are refused as placeholders.
 */
export function nhsNumber(value: string): boolean {
  const d = digitsOf(value);
  if (d.length !== 10 || repdigit(d) || d === '0123456789') return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (d.charCodeAt(i) - 48) * (10 - i);
  let check = 11 - (sum % 11);
  if (check === 11) check = 0;
  return check !== 10 && check === d.charCodeAt(9) - 48;
}

/**
 * National Insurance number: prefix rules of HMRC NIM39110 (D F I Q U V never used, O never
 * second, BG GB KN NK NT TN ZZ never allocated) and the administrative prefixes it lists
 * (CR FY MW NC OO PP PY PZ) refused; suffix A–D, or none: the NINO is unique without it
 * (Wikipedia "National Insurance number"), and forms often leave it off.
 */
export function nino(value: string): boolean {
  const v = compact(value);
  if (!/^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]?$/.test(v)) return false;
  const prefix = v.slice(0, 2);
  return !['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ', 'CR', 'FY', 'MW', 'NC', 'OO', 'PP', 'PY', 'PZ'].includes(prefix);
}

/** Card issuer prefixes and lengths, from braintree credit-card-type 10.3.0 (card-types.js). */
const CARD_ISSUERS: [RegExp, number[]][] = [
  // Visa. Not 13 digits (legacy cards, which Presidio and faker still write): on real open data
  // a 13-digit coordinate without its point (4512345678907) passes Luhn one time in ten
  [/^4/, [16, 18, 19]],
  [/^(?:5[1-5]|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)/, [16]], // Mastercard
  [/^3[47]/, [15]], // American Express
  [/^(?:30[0-5]|36|38|39)/, [14, 16, 19]], // Diners Club
  [/^(?:6011|64[4-9]|65)/, [16, 19]], // Discover
  [/^(?:2131|1800|35(?:2[89]|[3-8]\d))/, [16, 17, 18, 19]], // JCB
  [/^(?:50|5[6-9]|6[0-9])/, [12, 13, 14, 15, 16, 17, 18, 19]], // Maestro
  [/^62/, [16, 17, 18, 19]], // UnionPay
];

/** Payment card number: Luhn, and an issuer prefix with a length that issuer uses. */
export function paymentCard(value: string): boolean {
  const d = digitsOf(value);
  if (d.length < 12 || d.length > 19 || repdigit(d) || !luhn(d)) return false;
  return CARD_ISSUERS.some(([prefix, lengths]) => prefix.test(d) && lengths.includes(d.length));
}

/** IBAN lengths by country (ISO 13616 registry, as in ibantools 4.5.4). */
const IBAN_LENGTH: Record<string, number> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, BY: 28, CH: 21, CR: 22, CY: 28,
  CZ: 24, DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18,
  GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32,
  LI: 21, LT: 20, LU: 20, LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15, PK: 24,
  PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, SA: 24, SC: 31, SE: 24, SI: 19, SK: 24, SM: 27, ST: 25, SV: 28,
  TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20,
};

/** IBAN: the country's length and the ISO 7064 MOD-97-10 check (remainder 1). */
export function iban(value: string): boolean {
  const v = compact(value);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(v) || IBAN_LENGTH[v.slice(0, 2)] !== v.length) return false;
  if (v.slice(0, 2) === 'GB' && !/^GB\d{2}[A-Z]{4}\d{14}$/.test(v)) return false;
  const moved = v.slice(4) + v.slice(0, 4);
  let rem = 0;
  for (const ch of moved) {
    const code = ch.charCodeAt(0);
    const n = code >= 65 ? code - 55 : code - 48;
    rem = n >= 10 ? (rem * 100 + n) % 97 : (rem * 10 + n) % 97;
  }
  return rem === 1;
}

/** A query parameter `v` (its name and `=` end the text) of a URL whose path names a file: `main.min.css?v=`, `app.js?x=1&v=`. */
const FILE_VERSION_PARAM = /\.[a-z\d]{1,5}\?(?:[^\s?#"'<>]*[&;])?v=$/i;
/** "v" written as a word before a number: `v 2.4.10.1`, `v. 1.2.3.4`. */
const V_WORD = /(?:^|[^\p{L}\p{N}])v\.?\s+$/iu;

/**
 * A version number, not an address, by what is written before it: the `v` parameter of a static
 * file's URL (a cache-busting version: `main.min.css?v=2.4.10.1`) or the word "v". A `v`
 * parameter of a page or an endpoint (`/report?v=192.0.2.7&p=2`) is whatever the page passes,
 * and an address there is one. (The words "version", "build", "ver" are the rule's exclusions.)
 */
function versionBefore(text: string, index: number): boolean {
  const before = text.slice(Math.max(0, index - 200), index);
  if (before.endsWith('v=')) return FILE_VERSION_PARAM.test(before);
  return V_WORD.test(before.slice(-4));
}

/**
 * IPv4 address, refusing the unspecified, loopback, broadcast and multicast/reserved ranges,
 * which identify nobody (RFC 6890), and a version number written as a file's `v` parameter or
 * after "v" (versionBefore). Documentation ranges (192.0.2.0/24…) pass: test data uses them.
 */
export function ipv4(value: string, ctx?: { text: string; index: number }): boolean {
  if (ctx && versionBefore(ctx.text, ctx.index)) return false;
  const octets = value.split('.');
  // Number() would read "", "0x1" and "1e0" as octets: each must be one to three decimal digits
  if (octets.length !== 4 || octets.some((o) => !/^\d{1,3}$/.test(o))) return false;
  const parts = octets.map(Number);
  if (parts.some((p) => p > 255)) return false;
  const [a] = parts as [number, number, number, number];
  return a !== 0 && a !== 127 && a < 224;
}

/** PNC check letters: remainder 0 → Z, 1 → A … skipping I, O and S (criminaljusticehub.org.uk). */
const PNC_LETTERS = 'ZABCDEFGHJKLMNPQRTUVWXY';

/**
 * Police National Computer ID: YY/NNNNNNND or YYYY/NNNNNNND, the slash optional, the check
 * letter (two-digit year followed by the serial padded to seven digits) mod 23. Without the slash
 * the ministryofjustice/hmpps-person-record reading applies (PNCIdentifier.kt): twelve characters
 * are a four-digit year and a seven-digit serial, fewer a two-digit year and the rest.
 */
export function pncId(value: string): boolean {
  const v = value.trim().toUpperCase();
  let m = /^(\d{2}|\d{4})\/(\d{1,7})([A-Z])$/.exec(v);
  if (!m) m = v.length === 12 ? /^(\d{4})(\d{7})([A-Z])$/.exec(v) : /^(\d{2})(\d{1,7})([A-Z])$/.exec(v);
  if (!m) return false;
  const yy = m[1]!.slice(-2);
  const n = BigInt(yy + m[2]!.padStart(7, '0'));
  return PNC_LETTERS[Number(n % 23n)] === m[3];
}

/** Criminal Records Office number NNNNNN/YYD: the check letter is (YY + serial padded to six) mod 23. */
export function croNumber(value: string): boolean {
  const m = /^(\d{1,6})\/(\d{2})([A-Z])$/.exec(value.trim().toUpperCase());
  if (!m) return false;
  const n = Number(m[2]! + m[1]!.padStart(6, '0'));
  return PNC_LETTERS[n % 23] === m[3];
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** The DVLA specimen licence (Sarah Meredyth Morgan): printed on the specimen, not anyone's. */
const SPECIMEN_LICENCES = new Set(['MORGA753116SM9IJ']);

/**
 * GB driving licence number: five letters of the surname padded with 9s, decade, month (+50 for
 * women), day, year digit, two initials (9 padded), a digit and two check characters
 * (ukdriving.org.uk, aph.com guides). The day must exist in the month.
 */
export function drivingLicence(value: string): boolean {
  const v = compact(value).slice(0, 16);
  if (SPECIMEN_LICENCES.has(v)) return false;
  // shape of A.5: surname part is letters then only 9s; character 14 a digit; initials letters or 9
  if (!/^[A-Z9]{5}\d{6}[A-Z9]{2}\d[A-Z0-9]{2}$/.test(v) || !/^[A-Z]{1,5}9*$/.test(v.slice(0, 5))) return false;
  let month = Number(v.slice(6, 8));
  if (month > 50) month -= 50;
  const day = Number(v.slice(8, 10));
  return month >= 1 && month <= 12 && day >= 1 && day <= DAYS_IN_MONTH[month - 1]!;
}

/**
 * Passport number after a passport label: HM Passport Office's nine digits, or two letters and
 * seven digits (Irish and other passports; Presidio's UK recognizer accepts it too), refusing
 * placeholders (repdigits, 123456789).
 */
export function passport(value: string): boolean {
  const v = compact(value);
  if (!/^(?:\d{9}|[A-Z]{2}\d{7})$/.test(v)) return false;
  const d = digitsOf(v);
  return !repdigit(d) && (d.length < 9 || (d !== '123456789' && d !== '987654321'));
}

/** ICAO 9303 check digit: weights 7, 3, 1 over digits, letters A=10…Z=35 and the filler < as 0. */
function mrzCheck(s: string): number {
  let sum = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const n = c >= 65 ? c - 55 : c === 60 ? 0 : c - 48;
    sum += n * [7, 3, 1][i % 3]!;
  }
  return sum % 10;
}

/**
 * The second line of a machine-readable zone (ICAO Doc 9303 parts 4 and 5): TD3 (passports,
 * 44 characters) or TD2 (36): document number, birth date and expiry date each with a check
 * digit, and the composite check digit over them. Five checks at once: chance does not pass them.
 */
export function mrzLine(value: string): boolean {
  const v = value.trim().toUpperCase();
  const digit = (i: number): number => (v[i] === '<' ? 0 : v.charCodeAt(i) - 48);
  if (v.length !== 44 && v.length !== 36) return false;
  if (mrzCheck(v.slice(0, 9)) !== digit(9) || mrzCheck(v.slice(13, 19)) !== digit(19) || mrzCheck(v.slice(21, 27)) !== digit(27)) return false;
  if (v.length === 44) {
    // TD3: the personal number (28-41) has its own check digit, then the composite over 0-9, 13-19, 21-42
    if (mrzCheck(v.slice(28, 42)) !== digit(42)) return false;
    return mrzCheck(v.slice(0, 10) + v.slice(13, 20) + v.slice(21, 43)) === digit(43);
  }
  // TD2: the composite over 0-9, 13-19, 21-34
  return mrzCheck(v.slice(0, 10) + v.slice(13, 20) + v.slice(21, 35)) === digit(35);
}

/**
 * Sort code and account number, in either order: a sort code (six digits, not 00-00-00) and an
 * eight-digit account number, whatever labels or separators sit between them.
 */
export function sortCodeAccount(value: string): boolean {
  const runs = value.match(/\d+/g) ?? [];
  const at = runs.findIndex((r) => r.length === 8);
  if (at === -1) return false;
  const account = runs[at]!;
  const sortCode = runs.filter((_, i) => i !== at).join('');
  return sortCode.length === 6 && !repdigit(sortCode) && !repdigit(account);
}

/** Letters never used as the year letter of prefix and suffix registrations (DVLA INF104): I O Q U Z. */
const YEAR_LETTER = /^[A-HJ-NPR-TV-Y]$/;

/**
 * Vehicle registration: current format (DVLA INF104) with an age identifier 02–29 (March) or
 * 51–79 (September); prefix (A123 BCD) and suffix (ABC 123D) formats with a year letter in use;
 * dateless ones (1-3 letters and 1-4 digits, either way round) as their patterns shape them.
 */
export function vehicleRegistration(value: string): boolean {
  const v = value.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
  const current = /^[A-Z]{2}(\d{2})[A-Z]{3}$/.exec(v);
  if (current) {
    const age = Number(current[1]);
    return (age >= 2 && age <= 29) || (age >= 51 && age <= 79);
  }
  const prefix = /^([A-Z])\d{1,3}[A-Z]{3}$/.exec(v);
  if (prefix) return YEAR_LETTER.test(prefix[1]!);
  const suffix = /^[A-Z]{3}\d{1,3}([A-Z])$/.exec(v);
  if (suffix) return YEAR_LETTER.test(suffix[1]!);
  // a police collar number (PC 1234, DS 567) has a dateless plate's shape and sits near "car"
  return /^(?:[A-Z]{1,3}\d{1,4}|\d{1,4}[A-Z]{1,3})$/.test(v) && !/^0/.test(v.replace(/^[A-Z]+/, '')) && !COLLAR.test(v);
}

/** Police ranks written before a collar number (College of Policing abbreviations). */
const COLLAR = /^(?:PC|DC|PS|DS|DI|DCI|CI|SC|SPC|PCSO|TDC)\d/;

/**
 * IPv6 address, as Node's own parser reads it (`node:net` isIP: every compressed form, embedded
 * IPv4, zone ids), refusing the unspecified (::), loopback (::1) and multicast (ff00::/8) addresses,
 * which identify nobody (RFC 4291).
 */
export function ipv6(value: string): boolean {
  const v = value.replace(/^\[|\]$/g, '');
  if (isIP(v) !== 6) return false;
  const bare = v.toLowerCase().replace(/%.*$/, '');
  return bare !== '::' && bare !== '::1' && !bare.startsWith('ff');
}

export const VALIDATORS: Readonly<Record<string, Validator>> = {
  luhn: (v) => luhn(digitsOf(v)),
  'payment-card': paymentCard,
  nhs: nhsNumber,
  nino,
  iban,
  'uk-phone': ukPhone,
  ipv4,
  ipv6,
  mrz: mrzLine,
  pnc: pncId,
  cro: croNumber,
  'driving-licence': drivingLicence,
  passport,
  'sort-code-account': sortCodeAccount,
  'vehicle-registration': vehicleRegistration,
  ...PEOPLE_VALIDATORS,
  'date-of-birth': dateOfBirth,
  ...NAME_FORM_VALIDATORS,
};

/** A validator's first test, by the validator's name, for the ones that have one (CompiledRule.refuses). */
export const REFUSALS: Readonly<Record<string, Refusal>> = {
  'forename-surname': notForenameSurname,
  'role-name': notRoleName,
  'lower-name': notLowerName,
  'surname-first': notSurnameFirst,
};
