import * as phoneCore from 'libphonenumber-js/core';
import { parsePhoneNumberFromString, type PhoneNumber } from 'libphonenumber-js/core';
// the "min" metadata (83 KB): numbering patterns by country, enough for isValid() on GB numbers
import metadata from 'libphonenumber-js/metadata.min.json';
import { ownString } from '../shared/own-string.js';
// The uk-phone validator: what Google's libphonenumber metadata says of a UK telephone number.

const repdigit = (d: string): boolean => /^(\d)\1+$/.test(d);

/**
 * The first seven national digits of Ofcom's drama ranges (Ofcom, "Telephone numbers for use in
 * TV and radio drama"; table in uk-identifiers.md A.4): 1000 numbers each, never allocated. Test
 * data uses them, so they are phone numbers here, although libphonenumber's metadata calls most of
 * them invalid (07700 900xxx, 01632 960xxx, 0115 496 0xxx…).
 */
const DRAMA = new Set([
  '1214960', '1174960', '2920180', '1314960', '1414960', '1134960', '1164960', '1514960', '2079460', '1614960',
  '1914980', '2896496', '1154960', '1184960', '1144960', '1632960', '7700900', '8081570', '9098790', '3069990',
]);

/** A candidate read as a UK (+44) number by libphonenumber, or undefined. */
function ukNumber(value: string): PhoneNumber | undefined {
  // libphonenumber reads an extension ("x456", "ext. 45", ";ext=456") and "+44 (0)20" itself
  const n = parsePhoneNumberFromString(value, 'GB', metadata);
  if (!n || n.countryCallingCode !== '44') return undefined;
  // an unallocated repdigit passes a length check: "07777 777777" is a placeholder, not a number
  return repdigit(n.nationalNumber.slice(1)) ? undefined : n;
}

/** A phone label right before a candidate (its last 30 characters): "Tel: ", "mobile 0", "call on ". */
const PHONE_LABEL = /\b(?:tel|telephone|phone|mobile|mob|call|contact(?: number| no)?)\b[^\d\n]{0,12}$/i;

/**
 * UK telephone number as Google's libphonenumber metadata says (numbers in use, by type: its
 * metadata, not ours, decides what a UK number is), or a number in an Ofcom drama range.
 * Guernsey, Jersey and the Isle of Man share +44 and count. After a phone label, a number of a
 * possible length is enough: "Tel: 0814 922 1062" is someone's number as written, even in a
 * range not in use. (The label is looked for here, not by a second rule, so that the phone
 * pattern runs once.)
 */
export function ukPhone(value: string, ctx?: { text: string; index: number }): boolean {
  const verdict = phoneVerdict(value);
  if (verdict === 'number') return true;
  return verdict === 'possible' && ctx !== undefined && PHONE_LABEL.test(ctx.text.slice(Math.max(0, ctx.index - 30), ctx.index));
}

/** What libphonenumber says of a candidate: a number in use (or in a drama range), one of a possible length only, or none. */
type PhoneVerdict = 'number' | 'possible' | 'none';

/**
 * What libphonenumber says of a candidate, remembered: a number in use (or in a drama range), one
 * of a possible length only (a number after a phone label), or none. A plainly spelled candidate
 * (what the phone rule matches) is answered by `plainVerdict`, the same steps on the same metadata
 * with each pattern compiled once; anything else (an extension, letters) is parsed. The same
 * numbers recur (a force's switchboard on every row of a case export: 10,766 times in 20 MB of the
 * bench's case CSV), so the last few thousand verdicts are kept.
 */
function phoneVerdict(value: string): PhoneVerdict {
  let v = verdicts.get(value);
  if (v === undefined) {
    v = plainVerdict(value) ?? parsedVerdict(value);
    if (verdicts.size >= 4096) verdicts.clear();
    verdicts.set(ownString(value), v);
  }
  return v;
}

/** The verdict from libphonenumber's parse (tens of microseconds: it compiles its patterns on every call). Exported for the test that compares it with `plainVerdict`. */
export function parsedVerdict(value: string): PhoneVerdict {
  const n = ukNumber(value);
  if (!n) return 'none';
  if (n.isValid() || (n.nationalNumber.length === 10 && DRAMA.has(n.nationalNumber.slice(0, 7)))) return 'number';
  return n.isPossible() && n.nationalNumber.length >= 9 ? 'possible' : 'none';
}

/** The +44 numbering plans (GB first, then GG, IM, JE), read once from libphonenumber's metadata with their patterns compiled. */
interface Plan {
  country: string;
  /** Leading digits that pick this region among those sharing +44, or undefined (then a valid number of it picks it). */
  leading: RegExp | undefined;
  national: RegExp;
  lengths: number[];
  /** Undefined when the metadata has no number types for the region (the national pattern alone decides). */
  types: { pattern: RegExp; lengths: number[] | undefined }[] | undefined;
}
interface MetadataReader {
  selectNumberingPlan(country: string): void;
  getCountryCodesForCallingCode(code: string): string[] | undefined;
  hasCallingCode(code: string): boolean;
  hasTypes(): boolean;
  type(t: string): { pattern(): string; possibleLengths(): number[] | undefined } | undefined;
  numberingPlan: {
    leadingDigits(): string | undefined;
    nationalNumberPattern(): string;
    possibleLengths(): number[] | undefined;
    nationalPrefixForParsing(): string | undefined;
    nationalPrefixTransformRule(): string | undefined;
    IDDPrefix(): string;
  };
}
// libphonenumber's getNumberType tries FIXED_LINE, then these, in this order; any match makes the number valid
const NUMBER_TYPES = ['FIXED_LINE', 'MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'];
const whole = (pattern: string): RegExp => new RegExp(`^(?:${pattern})$`);

/** GB's plans and national prefix, or undefined if the metadata is not of the shape `plainVerdict` follows (then every candidate is parsed). */
interface UkPlans {
  gb: Plan;
  plans: Plan[];
  prefix: RegExp;
}
const UK = ((): UkPlans | undefined => {
  const m = new (phoneCore as unknown as { Metadata: new (json: unknown) => MetadataReader }).Metadata(metadata);
  const countries = m.getCountryCodesForCallingCode('44');
  if (!countries || countries[0] !== 'GB' || m.hasCallingCode('4')) return undefined;
  const plans: Plan[] = [];
  for (const country of countries) {
    m.selectNumberingPlan(country);
    const p = m.numberingPlan;
    const lengths = p.possibleLengths();
    if (!lengths) return undefined;
    const leading = p.leadingDigits();
    const types = m.hasTypes()
      ? NUMBER_TYPES.flatMap((t) => {
          const type = m.type(t);
          const pattern = type?.pattern();
          return type && pattern ? [{ pattern: whole(pattern), lengths: type.possibleLengths() }] : [];
        })
      : undefined;
    plans.push({ country, leading: leading ? new RegExp(`^(?:${leading})`) : undefined, national: whole(p.nationalNumberPattern()), lengths, types });
  }
  m.selectNumberingPlan('GB');
  const prefix = m.numberingPlan.nationalPrefixForParsing();
  // a prefix rule that rewrites the number or captures a carrier code is not followed here
  if (!prefix || m.numberingPlan.nationalPrefixTransformRule() || m.numberingPlan.IDDPrefix() !== '00') return undefined;
  const prefixRe = new RegExp(`^(?:${prefix})`);
  if (new RegExp(`(?:${prefix})|`).exec('')!.length !== 1) return undefined;
  return { gb: plans[0]!, plans, prefix: prefixRe };
})();

/** libphonenumber's checkNumberLength: the number's length against a plan's possible lengths. */
function lengthCheck(nsn: string, lengths: number[]): 'IS_POSSIBLE' | 'TOO_SHORT' | 'TOO_LONG' | 'INVALID_LENGTH' {
  const len = nsn.length;
  const min = lengths[0] ?? 0;
  if (min === len) return 'IS_POSSIBLE';
  if (min > len) return 'TOO_SHORT';
  if ((lengths[lengths.length - 1] ?? 0) < len) return 'TOO_LONG';
  return lengths.indexOf(len, 1) >= 0 ? 'IS_POSSIBLE' : 'INVALID_LENGTH';
}

/** libphonenumber's isValid on one plan: the national pattern, then any number type's length and pattern. */
function validIn(nsn: string, plan: Plan): boolean {
  if (!plan.national.test(nsn)) return false;
  if (!plan.types) return true;
  return plan.types.some((t) => (!t.lengths || t.lengths.includes(nsn.length)) && t.pattern.test(nsn));
}

/** libphonenumber's getCountryByNationalNumber among the +44 regions: leading digits, else a valid number of the region. */
function planOf(nsn: string, plans: Plan[]): Plan | undefined {
  // the same number is asked twice in a row (for its length after the national prefix, then for its verdict)
  if (nsn === lastPlanOf.nsn) return lastPlanOf.plan;
  let found: Plan | undefined;
  for (const plan of plans) {
    if (plan.leading ? plan.leading.test(nsn) : validIn(nsn, plan)) {
      found = plan;
      break;
    }
  }
  lastPlanOf.nsn = nsn;
  lastPlanOf.plan = found;
  return found;
}
const lastPlanOf: { nsn: string; plan: Plan | undefined } = { nsn: '', plan: undefined };

/** libphonenumber's extractNationalNumber for +44: the national prefix ("0") off, unless that leaves no possible number. */
function nationalOf(digits: string, uk: UkPlans): string {
  const gb = uk.gb;
  const m = uk.prefix.exec(digits);
  if (!m) return digits;
  const nsn = digits.slice(m[0].length);
  if (nsn === digits) return digits;
  if (gb.national.test(digits) && !gb.national.test(nsn)) return digits;
  const check = lengthCheck(nsn, (planOf(nsn, uk.plans) ?? gb).lengths);
  return check === 'TOO_SHORT' || check === 'INVALID_LENGTH' ? digits : nsn;
}

/** A candidate as the phone rule matches it: an optional "+" or "(" first, then digits, spaces, dots, hyphens and brackets. */
const PLAIN_PHONE = /^[+(]?[\d ().-]{1,60}$/;

/**
 * `parsedVerdict` for a plainly spelled candidate, by libphonenumber's own steps for a number read
 * with GB as the default country (international prefix "00" or "+" and calling code 44, a bare
 * "44" read as one only when the rest fits better, the national prefix, the region among GB, GG,
 * IM and JE, then isValid and isPossible), on its metadata, with the patterns compiled once.
 * Undefined for anything else, which is parsed. __tests__/packs/phone-verdict.test.ts checks the
 * two agree on every UK prefix in many spellings.
 */
export function plainVerdict(value: string): PhoneVerdict | undefined {
  const uk = UK;
  if (!uk || !PLAIN_PHONE.test(value)) return undefined;
  const digits = value.replace(/\D/g, '');
  if (digits.length < 3) return undefined;
  const gb = uk.gb;
  let number: string;
  if (value[0] === '+' || (digits.startsWith('00') && digits[2] !== '0')) {
    // an international number: only +44 is a UK one
    const international = value[0] === '+' ? digits : digits.slice(2);
    if (!international.startsWith('44')) return 'none';
    number = international.slice(2);
  } else if (digits.startsWith('44')) {
    // "44" then the number without "+": the calling code only if the rest is valid and the whole is not, or the whole is too long
    const shorter = digits.slice(2);
    const all = nationalOf(digits, uk);
    const fits = !gb.national.test(all) && gb.national.test(nationalOf(shorter, uk));
    number = fits || lengthCheck(all, gb.lengths) === 'TOO_LONG' ? shorter : digits;
  } else {
    number = digits;
  }
  if (!number) return 'none';
  const nsn = nationalOf(number, uk);
  if (nsn.length < 2 || nsn.length > 17) return 'none';
  // an unallocated repdigit passes a length check: "07777 777777" is a placeholder, not a number
  if (repdigit(nsn.slice(1))) return 'none';
  const found = planOf(nsn, uk.plans);
  const plan = found ?? gb;
  // a region picked without leading digits was picked for a valid number; GB, tried first, was not one if none was picked
  const valid = found ? !found.leading || validIn(nsn, found) : gb.leading !== undefined && validIn(nsn, gb);
  if (valid || (nsn.length === 10 && DRAMA.has(nsn.slice(0, 7)))) return 'number';
  return lengthCheck(nsn, plan.lengths) === 'IS_POSSIBLE' && nsn.length >= 9 ? 'possible' : 'none';
}
const verdicts = new Map<string, PhoneVerdict>();
