#!/usr/bin/env node
// gen-testset.mjs --seed N --out DIR [--bundles K] [--items M] [--columns]
//
// An independent test set for leakgate, made with a different generator than ../shared's corpus:
// @faker-js/faker (en_GB) for people, places and randomness, and this file's own writers for the
// identifiers, from their specs (HMRC NIM39110, NHS modulus 11, DVLA layout, PNC mod 23, ISO
// 13616, Luhn, ICAO 9303, Ofcom drama ranges, RFC 5737/3849 documentation addresses). Writes
// DIR/leaky-NN and DIR/clean-NN bundles and DIR/truth.json in the format of
// ../shared/corpus/synthetic/truth.json, so ../shared/eval/score.mjs scores it. See
// scripts/gen-testset.md. The output is for measuring only: never commit it.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fakerEN_GB as faker } from '@faker-js/faker';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const SEED = Number(arg('seed', '1'));
const OUT = arg('out');
const BUNDLES = Number(arg('bundles', '6'));
const ITEMS = Number(arg('items', '180'));
// --columns: each leaky bundle also gets columns.csv, neutral headers over columns of one category
// each, values bare: what only column inference (judging a column by its values) can find
const COLUMNS = process.argv.includes('--columns');
if (!OUT) {
  console.error('usage: gen-testset.mjs --seed N --out DIR [--bundles K] [--items M]');
  process.exit(2);
}
faker.seed(SEED);
const pick = (a) => a[faker.number.int(a.length - 1)];
const digits = (n) => faker.string.numeric({ length: n, allowLeadingZeros: true });
const letters = (n, from) => Array.from({ length: n }, () => pick(from)).join('');
const chance = (p) => faker.number.float() < p;

// ---- identifiers, from their specs
const NINO_1 = 'ABCEGHJKLMNPRSTWXYZ';
const NINO_2 = 'ABCEGHJKLMNPRSTWXYZ';
const BAD_PREFIX = new Set(['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ', 'CR', 'FY', 'MW', 'NC', 'OO', 'PP', 'PY', 'PZ']);
function nino() {
  let p;
  do p = letters(1, NINO_1) + letters(1, NINO_2);
  while (BAD_PREFIX.has(p));
  return { p, d: digits(6), s: pick('ABCD') };
}
function nhs() {
  for (;;) {
    const nine = String(faker.number.int({ min: 4, max: 7 })) + digits(8);
    let sum = 0;
    for (let i = 0; i < 9; i++) sum += Number(nine[i]) * (10 - i);
    const c = 11 - (sum % 11);
    if (c === 10) continue;
    return nine + (c === 11 ? '0' : String(c));
  }
}
function luhnDigit(body) {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}
function card() {
  const [prefix, len] = pick([['4', 16], ['4', 16], ['51', 16], ['55', 16], ['2221', 16], ['34', 15], ['37', 15]]);
  const body = prefix + digits(len - prefix.length - 1);
  return body + luhnDigit(body);
}
const mod97 = (s) => [...s].reduce((r, ch) => (r * (ch >= 'A' ? 100 : 10) + (ch >= 'A' ? ch.charCodeAt(0) - 55 : Number(ch))) % 97, 0);
function ibanGB() {
  const bban = letters(4, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') + digits(14);
  const check = 98 - mod97(`${bban}GB00`);
  return `GB${String(check).padStart(2, '0')}${bban}`;
}
const PNC_LETTERS = 'ZABCDEFGHJKLMNPQRTUVWXY';
function pnc() {
  const year = faker.number.int({ min: 1975, max: 2024 });
  const serial = String(faker.number.int({ min: 1, max: 9999999 }));
  const check = PNC_LETTERS[Number(BigInt(String(year).slice(2) + serial.padStart(7, '0')) % 23n)];
  return { year: String(year), serial, check };
}
const MRZ_W = [7, 3, 1];
const mrzDigit = (s) => String([...s].reduce((t, c, i) => t + (c === '<' ? 0 : c >= 'A' ? c.charCodeAt(0) - 55 : Number(c)) * MRZ_W[i % 3], 0) % 10);
const POST_1 = 'ABCDEFGHIJKLMNOPRSTUWYZ';
const POST_2 = 'ABCDEFGHKLMNOPQRSTUVWXY';
const POST_3 = 'ABCDEFGHJKPSTUW';
const POST_4 = 'ABEHMNPRVWXY';
const POST_IN = 'ABDEFGHJLNPQRSTUWXYZ';
function postcode() {
  const shape = pick(['A9', 'A99', 'AA9', 'AA99', 'A9A', 'AA9A']);
  const a1 = letters(1, POST_1);
  const out =
    shape === 'A9' ? a1 + digits(1) : shape === 'A99' ? a1 + digits(2) : shape === 'AA9' ? a1 + letters(1, POST_2) + digits(1)
      : shape === 'AA99' ? a1 + letters(1, POST_2) + digits(2) : shape === 'A9A' ? a1 + digits(1) + letters(1, POST_3)
        : a1 + letters(1, POST_2) + digits(1) + letters(1, POST_4);
  return { out, inward: digits(1) + letters(2, POST_IN) };
}
const DRAMA = ['07700 900', '0113 496 0', '0114 496 0', '0115 496 0', '0116 496 0', '0117 496 0', '0118 496 0', '0121 496 0', '0131 496 0',
  '0141 496 0', '0151 496 0', '0161 496 0', '0191 498 0', '020 7946 0', '028 9649 6', '029 2018 0', '01632 960', '08081 570', '0909 879 0', '03069 990'];
function phoneDigits() {
  const p = pick(DRAMA);
  return (p + digits(3)).replace(/\s/g, '');
}
const DOC4 = ['192.0.2.', '198.51.100.', '203.0.113.'];

// ---- written forms per category: each returns { value, form, weak } (weak: needs a label)
const FW = (s) => s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
function phoneForm() {
  const d = phoneDigits();
  const mobile = d.startsWith('07');
  const g = mobile ? [d.slice(0, 5), d.slice(5)] : d.startsWith('02') ? [d.slice(0, 3), d.slice(3, 7), d.slice(7)] : d.startsWith('01632') || d.startsWith('0808') || d.startsWith('0306') ? [d.slice(0, 5), d.slice(5)] : [d.slice(0, 4), d.slice(4, 7), d.slice(7)];
  const intl = `+44 ${g[0].slice(1)} ${g.slice(1).join(' ')}`;
  return pick([
    { value: g.join(' '), form: 'spaced' },
    { value: d, form: 'compact' },
    { value: intl, form: 'intl' },
    { value: `+44 (0)${g[0].slice(1)} ${g.slice(1).join(' ')}`, form: 'intl-(0)' },
    { value: `0044 ${g[0].slice(1)} ${g.slice(1).join(' ')}`, form: '0044' },
    { value: g.join('.'), form: 'dotted' },
    { value: g.join('-'), form: 'dashed' },
    { value: `(${g[0]}) ${g.slice(1).join(' ')}`, form: 'brackets' },
    { value: `${g.join(' ')} ext. ${digits(3)}`, form: 'ext' },
    { value: `${intl} x${digits(2)}`, form: 'x-ext' },
    { value: g.join('.') + ` ext ${digits(2)}`, form: 'dotted-ext' },
    { value: g.join('  '), form: 'double-space' },
    { value: g.join('\u00a0'), form: 'nbsp' },
    { value: FW(g.join(' ')), form: 'full-width' },
    { value: g.join('\u2013'), form: 'en-dash' },
  ]);
}
function emailForm() {
  const first = faker.person.firstName().toLowerCase().replace(/[^a-z]/g, '') || 'sam';
  const last = faker.person.lastName().toLowerCase().replace(/[^a-z]/g, '') || 'lee';
  const dom = pick(['example.com', 'example.org', 'example.net', 'mail.example.co.uk']);
  const [d1, ...rest] = dom.split('.');
  return pick([
    { value: `${first}.${last}@${dom}`, form: 'plain' },
    { value: `${first}${digits(2)}@${dom}`, form: 'plain-digits' },
    { value: `${first}+asb@${dom}`, form: 'plus-tag' },
    { value: `${first}.${last}@${dom}`.toUpperCase(), form: 'upper' },
    { value: `${first} [at] ${d1} [dot] ${rest.join(' [dot] ')}`, form: 'obf-brackets' },
    { value: `${first}(at)${dom}`, form: 'obf-paren' },
    { value: `${first} at ${d1} dot ${rest.join(' dot ')}`, form: 'obf-words' },
    { value: `${first}.${last} AT ${d1} DOT ${rest.join(' DOT ')}`, form: 'obf-words-upper' },
    { value: `${first}\u200b.${last}@${dom}`, form: 'zero-width' },
  ]);
}
function postcodeForm() {
  const { out, inward } = postcode();
  return pick([
    { value: `${out} ${inward}`, form: 'standard' },
    { value: `${out} ${inward}`.toLowerCase(), form: 'lower' },
    { value: `${out}${inward}`, form: 'compact' },
    { value: `${out}  ${inward}`, form: 'double-space' },
    { value: `${out}\u00a0${inward}`, form: 'nbsp' },
  ]);
}
function ninoForm() {
  const { p, d, s } = nino();
  const pairs = [d.slice(0, 2), d.slice(2, 4), d.slice(4)];
  return pick([
    { value: p + d + s, form: 'compact' },
    { value: `${p} ${pairs.join(' ')} ${s}`, form: 'spaced' },
    { value: `${p}-${pairs.join('-')}-${s}`, form: 'dashed' },
    { value: `${p}.${pairs.join('.')}.${s}`.toLowerCase(), form: 'dotted-lower' },
    { value: (p + d + s).toLowerCase(), form: 'lower' },
    { value: `${p} ${pairs.join(' ')}`, form: 'no-suffix-spaced' },
    { value: `${p}  ${pairs.join(' ')}  ${s}`, form: 'double-space' },
    { value: `${p}${d.slice(0, 3)}\u200b${d.slice(3)}${s}`, form: 'zero-width' },
    { value: p + d, form: 'no-suffix-compact', weak: true },
  ]);
}
function nhsForm() {
  const n = nhs();
  const g = [n.slice(0, 3), n.slice(3, 6), n.slice(6)];
  return pick([
    { value: g.join(' '), form: 'spaced' },
    { value: g.join('-'), form: 'dashed' },
    { value: g.join('.'), form: 'dotted' },
    { value: n, form: 'compact', weak: true },
  ]);
}
function passportForm() {
  const n = String(faker.number.int({ min: 1, max: 9 })) + digits(8);
  return pick([
    { value: n, form: 'nine-digits', weak: true },
    { value: letters(2, 'ABCDEFGHJKLMNPRSTUVWXYZ') + digits(7), form: 'two-letters', weak: true },
  ]);
}
function mrz() {
  const doc = String(faker.number.int({ min: 1, max: 9 })) + digits(8);
  const sex = pick(['M', 'F']);
  const birth = faker.date.birthdate({ min: 18, max: 80, mode: 'age' });
  const dob = birth.toISOString().slice(2, 10).replace(/-/g, '');
  const expiry = `${faker.number.int({ min: 27, max: 35 })}${String(faker.number.int({ min: 1, max: 12 })).padStart(2, '0')}${String(faker.number.int({ min: 1, max: 28 })).padStart(2, '0')}`;
  let l2 = `${doc}${mrzDigit(doc)}GBR${dob}${mrzDigit(dob)}${sex}${expiry}${mrzDigit(expiry)}<<<<<<<<<<<<<<<`;
  l2 += mrzDigit(l2.slice(0, 10) + l2.slice(13, 20) + l2.slice(21, 43));
  const surname = faker.person.lastName().toUpperCase().replace(/[^A-Z]/g, '');
  const given = `${faker.person.firstName()} ${faker.person.firstName()}`.toUpperCase().replace(/[^A-Z ]/g, '').replace(/ /g, '<');
  const l1 = `P<GBR${surname}<<${given}`.padEnd(44, '<').slice(0, 44);
  return { l1, l2 };
}
function licenceForm() {
  const sex = pick(['M', 'F']);
  const surname = faker.person.lastName().toUpperCase().replace(/[^A-Z]/g, '');
  const birth = faker.date.birthdate({ min: 18, max: 80, mode: 'age' });
  const y = String(birth.getUTCFullYear());
  const month = birth.getUTCMonth() + 1 + (sex === 'F' ? 50 : 0);
  const initials = (faker.person.firstName().slice(0, 1) + (chance(0.5) ? faker.person.firstName().slice(0, 1) : '9')).toUpperCase().replace(/[^A-Z9]/g, '9');
  const v = `${surname.slice(0, 5).padEnd(5, '9')}${y[2]}${String(month).padStart(2, '0')}${String(birth.getUTCDate()).padStart(2, '0')}${y[3]}${initials}9${letters(2, 'ABCDEFGHJKLMNPRSTUVWXYZ')}`;
  return pick([
    { value: v, form: 'compact' },
    { value: `${v.slice(0, 5)} ${v.slice(5, 11)} ${v.slice(11)}`, form: 'spaced' },
    { value: v.toLowerCase(), form: 'lower' },
    { value: `${v} ${digits(2)}`, form: 'with-issue' },
  ]);
}
function vehicleForm() {
  // DVLA INF104: memory tag without I, Q, Z; age identifier 02-25 or 51-75; random letters without I, Q
  // (faker.vehicle.vrm() draws any letters and ages, most of them plates DVLA never issues)
  const age = pick([faker.number.int({ min: 2, max: 25 }), faker.number.int({ min: 51, max: 75 })]);
  const current = `${letters(2, 'ABCDEFGHJKLMNOPRSTUVWXY')}${String(age).padStart(2, '0')}${letters(3, 'ABCDEFGHJKLMNOPRSTUVWXYZ')}`;
  const YL = 'ABCDEFGHJKLMNPRSTVWXY';
  return pick([
    { value: `${current.slice(0, 4)} ${current.slice(4)}`, form: 'current' },
    { value: current, form: 'current-compact' },
    { value: `${current.slice(0, 4)} ${current.slice(4)}`.toLowerCase(), form: 'current-lower' },
    { value: `${current.slice(0, 4)}-${current.slice(4)}`, form: 'current-dashed' },
    { value: `${letters(1, YL)}${faker.number.int({ min: 1, max: 999 })} ${letters(3, 'ABCDEFGHJKLMNPRSTUVWXY')}`, form: 'prefix', weak: true },
    { value: `${letters(3, 'ABCDEFGHJKLMNPRSTUVWXY')} ${faker.number.int({ min: 1, max: 999 })}${letters(1, YL)}`, form: 'suffix', weak: true },
    { value: `${letters(3, 'ABCDEFGHJKLMNPRSTUVWXYZ')} ${faker.number.int({ min: 1, max: 9999 })}`, form: 'dateless', weak: true },
  ]);
}
function cardForm() {
  const n = card();
  const g = n.length === 15 ? [n.slice(0, 4), n.slice(4, 10), n.slice(10)] : n.length === 16 ? n.match(/.{4}/g) : [n];
  return pick([
    { value: g.join(' '), form: 'spaced' },
    { value: g.join('-'), form: 'dashed' },
    { value: n, form: 'compact' },
  ]);
}
function bankForm() {
  const sc = [digits(2), digits(2), digits(2)];
  const acc = String(faker.number.int({ min: 1, max: 9 })) + digits(7);
  return pick([
    { value: `${sc.join('-')} ${acc}`, form: 'sort-code-first' },
    { value: `${acc} ${sc.join('-')}`, form: 'account-first' },
    { value: `${sc.join('-')}/${acc}`, form: 'slash' },
    { value: `sort code ${sc.join(' ')}, account ${acc}`, form: 'labelled-both', labelled: true },
    { value: acc, form: 'account-only', weak: true },
  ]);
}
function ibanForm() {
  const v = ibanGB();
  const grouped = v.match(/.{1,4}/g).join(' ');
  return pick([
    { value: grouped, form: 'grouped' },
    { value: v, form: 'compact' },
    { value: grouped.toLowerCase(), form: 'grouped-lower' },
  ]);
}
function ipForm() {
  const v4 = pick(DOC4) + faker.number.int({ min: 1, max: 254 });
  const h = () => faker.string.hexadecimal({ length: { min: 1, max: 4 }, casing: 'lower', prefix: '' });
  return pick([
    { value: v4, form: 'v4' },
    { value: `${v4}:${faker.number.int({ min: 1024, max: 65535 })}`, form: 'v4-port' },
    { value: `2001:db8:${h()}:${h()}:${h()}:${h()}:${h()}:${h()}`, form: 'v6-full' },
    { value: `2001:db8::${h()}:${h()}`, form: 'v6-compressed' },
    { value: `2001:DB8:${h()}::${h()}`.toUpperCase(), form: 'v6-upper' },
    { value: `2001:db8:${h()}::`, form: 'v6-trailing' },
    { value: `::ffff:${v4}`, form: 'v6-mapped-v4' },
    { value: `[2001:db8::${h()}]:443`, form: 'v6-brackets-port' },
  ]);
}
function pncForm() {
  const { year, serial, check } = pnc();
  const long = `${year}/${serial.padStart(7, '0')}${check}`;
  return pick([
    { value: `${year.slice(2)}/${serial}${check}`, form: 'short' },
    { value: long, form: 'long' },
    { value: long.replace('/', ''), form: 'long-slashless' },
    { value: `${year.slice(2)}/${serial}${check.toLowerCase()}`, form: 'lower-check' },
  ]);
}
function dobForm() {
  const b = faker.date.birthdate({ min: 16, max: 90, mode: 'age' });
  const [y, m, d] = [b.getUTCFullYear(), b.getUTCMonth() + 1, b.getUTCDate()];
  const p2 = (n) => String(n).padStart(2, '0');
  const month = b.toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' });
  // a date of birth is a DOB only with a label: always written after one
  const forms = [
    { value: `${p2(d)}/${p2(m)}/${y}`, form: 'dmy-slash' },
    { value: `${d} ${month} ${y}`, form: 'long' },
    { value: `${y}-${p2(m)}-${p2(d)}`, form: 'iso' },
    { value: `${y}${p2(m)}${p2(d)}`, form: 'compact' },
    { value: `${p2(d)}.${p2(m)}.${y}`, form: 'dotted' },
  ];
  return { ...pick(forms), weak: true };
}
function nameForm() {
  const first = faker.person.firstName();
  const last = faker.person.lastName();
  return pick([
    { value: `${faker.person.prefix().replace('.', '')} ${first} ${last}`, form: 'title-full' },
    { value: `${first} ${last}`, form: 'full' },
    { value: `${last}, ${first}`, form: 'surname-first' },
    { value: `${first} ${last}`.toLowerCase(), form: 'lower' },
    { value: `${first[0]} ${faker.person.firstName()[0]} ${last}`, form: 'initials' },
    { value: `${first} ${last}`.toUpperCase(), form: 'upper' },
  ]);
}
function addressForm() {
  const { out, inward } = postcode();
  return pick([
    { value: `${faker.location.buildingNumber()} ${faker.location.street()}, ${faker.location.city()} ${out} ${inward}`, form: 'full' },
    { value: `Flat ${faker.number.int({ min: 1, max: 40 })}, ${faker.location.buildingNumber()} ${faker.location.street()}`, form: 'flat' },
    { value: `${faker.location.buildingNumber()} ${faker.location.street()}`.toUpperCase(), form: 'upper' },
  ]);
}

/** Category → [writer, label words people put before it]. */
const CATEGORIES = {
  phone: [phoneForm, ['Tel:', 'mobile', 'contact number', 'phone']],
  email: [emailForm, ['email:', 'e-mail', 'contact']],
  postcode: [postcodeForm, ['postcode', 'post code:', 'PC:']],
  nino: [ninoForm, ['NI no', 'NINO:', 'National Insurance number']],
  'nhs-number': [nhsForm, ['NHS no.', 'NHS number:', 'NHS']],
  passport: [passportForm, ['passport no.', 'travel document', 'PPT no', 'Passport number:']],
  'driving-licence': [licenceForm, ['driving licence', 'DL:', 'licence no']],
  'vehicle-registration': [vehicleForm, ['reg', 'vehicle', 'VRM:', 'registration']],
  'payment-card': [cardForm, ['card', 'card number:', 'paid by card']],
  'bank-account': [bankForm, ['bank details', 'account number', 'a/c']],
  iban: [ibanForm, ['IBAN', 'IBAN:', 'bank']],
  'ip-address': [ipForm, ['IP', 'from IP', 'IP address:', 'host']],
  'pnc-id': [pncForm, ['PNC', 'PNC ID:', 'PNC no']],
  'date-of-birth': [dobForm, ['DOB:', 'D.O.B.', 'date of birth', 'born']],
  'person-name': [nameForm, ['Victim:', 'suspect', 'reported by', 'Name:']],
  address: [addressForm, ['lives at', 'address:', 'home address']],
};

// ---- placements: each writes one value on one line of a file
const PROSE = [
  (v) => `Caller stated that ${v} was relevant to the incident.`,
  (v) => `Details passed to the team: ${v}. No further action.`,
  (v) => `Follow-up required (${v}) before the next meeting.`,
  (v) => `${v} - noted at 14:20 by the attending officer.`,
];
const ODD_KEYS = ['x1', 'val', 'misc', 'f_07', 'info', 'extra', 'meta_v'];
const COL7 = ['Notes', 'Col7', 'ref2', 'comment', 'misc'];

class Bundle {
  constructor(dir, kind) {
    this.dir = dir;
    this.kind = kind;
    this.files = { 'notes.csv': ['ref,Notes,Col7,updated'], 'records.json': ['['], 'events.ndjson': [], 'page.html': ['<!doctype html>', '<html><head><title>Local priorities</title></head><body>'], 'notes.txt': ['Case log (export)'], 'people.csv': [] };
    this.entities = [];
    this.sensitive = [];
    this.jsonCount = 0;
  }
  line(file, text) {
    this.files[file].push(text);
    return this.files[file].length;
  }
  plant(file, line, e, placement) {
    this.entities.push({ file: `${this.dir}/${file}`, line, category: e.category, value: e.value, form: `${e.form}/${placement}/${e.labelled ? 'label' : 'bare'}` });
  }
  json(obj, e, placement) {
    const body = JSON.stringify(obj);
    const line = this.line('records.json', `  ${this.jsonCount++ ? ',' : ' '}${body}`);
    if (e) this.plant('records.json', line, e, placement);
  }
}

const csvCell = (s) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const htmlEsc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
const jsEsc = (s) => s.replace(/[@.\s]/g, (c) => (c === '@' ? '\\u0040' : c === '.' ? '\\x2e' : '\\x20'));
const pct = (s) => encodeURIComponent(s);
const today = () => faker.date.recent({ days: 60 }).toISOString().slice(0, 10);

/** Places one entity; returns nothing (records in the bundle). */
function place(b, e) {
  const text = e.labelled ? `${e.label} ${e.value}` : e.value;
  const ascii = !/[^\x20-\x7e]/.test(e.value);
  const where = pick(['csv-col7', 'csv-notes', 'txt-bare', 'txt-prose', 'json-odd-key', 'json-array', 'ndjson-msg', 'html-text', 'html-attr', 'html-data',
    ...(ascii && e.category === 'email' ? ['html-mailto-pct', 'html-script-js', 'html-onclick-js'] : []),
    ...(ascii && ['phone', 'email', 'ip-address', 'postcode'].includes(e.category) ? ['html-query'] : [])]);
  const ref = `R${digits(5)}`;
  switch (where) {
    case 'csv-col7': return b.plant('notes.csv', b.line('notes.csv', [ref, 'see Col7', csvCell(text), today()].join(',')), e, where);
    case 'csv-notes': return b.plant('notes.csv', b.line('notes.csv', [ref, csvCell(pick(PROSE)(text)), '', today()].join(',')), e, where);
    case 'txt-bare': return b.plant('notes.txt', b.line('notes.txt', text), e, where);
    case 'txt-prose': return b.plant('notes.txt', b.line('notes.txt', pick(PROSE)(text)), e, where);
    case 'json-odd-key': return b.json({ id: ref, [pick(ODD_KEYS)]: text }, e, where);
    case 'json-array': return b.json({ id: ref, items: ['n/a', text, today()] }, e, where);
    case 'ndjson-msg': return b.plant('events.ndjson', b.line('events.ndjson', JSON.stringify({ id: ref, at: today(), msg: pick(PROSE)(text) })), e, where);
    case 'html-text': return b.plant('page.html', b.line('page.html', `<p>${htmlEsc(pick(PROSE)(text))}</p>`), e, where);
    case 'html-attr': return b.plant('page.html', b.line('page.html', `<span title="${htmlEsc(text)}">more</span>`), e, where);
    case 'html-data': return b.plant('page.html', b.line('page.html', `<div data-${pick(['x', 'v', 'k2'])}="${htmlEsc(text)}"></div>`), e, where);
    case 'html-mailto-pct': return b.plant('page.html', b.line('page.html', `<a href="mailto:${pct(e.value)}">write</a>`), { ...e, labelled: false }, where);
    case 'html-script-js': return b.plant('page.html', b.line('page.html', `<script>var c = "${jsEsc(e.value)}";</script>`), { ...e, labelled: false }, where);
    case 'html-onclick-js': return b.plant('page.html', b.line('page.html', `<button onclick="show('${jsEsc(e.value)}')">show</button>`), { ...e, labelled: false }, where);
    case 'html-query': return b.plant('page.html', b.line('page.html', `<a href="/report?${pick(['q', 'v', 'ref'])}=${pct(e.value).replace(/%20/g, '+')}&amp;p=2">link</a>`), { ...e, labelled: false }, where);
  }
  throw new Error(where);
}

/** The labelled-column file: headers that name personal data (sensitive fields), one value per row. */
const LABELLED = [['Email', 'email'], ['Mobile', 'phone'], ['NI number', 'nino'], ['NHS number', 'nhs-number'], ['Postcode', 'postcode'], ['Vehicle reg', 'vehicle-registration'], ['Passport number', 'passport'], ['Date of birth', 'date-of-birth']];
function labelledCsv(b, n) {
  b.line('people.csv', ['ref', ...LABELLED.map(([h]) => h)].join(','));
  for (const [h] of LABELLED) b.sensitive.push({ file: `${b.dir}/people.csv`, line: 1, name: h });
  for (let i = 0; i < n; i++) {
    const row = [];
    const es = [];
    for (const [, cat] of LABELLED) {
      const e = { ...CATEGORIES[cat][0](), category: cat };
      row.push(csvCell(e.value));
      es.push(e);
    }
    const line = b.line('people.csv', [`R${digits(5)}`, ...row].join(','));
    for (const e of es) b.plant('people.csv', line, e, 'csv-labelled-column');
  }
}

/** Neutral headers over single-category columns, values bare (see --columns). */
function inferenceCsv(b, n) {
  const cols = [['person-name', () => `${faker.person.firstName()} ${faker.person.lastName()}`], ['phone', phoneForm], ['postcode', postcodeForm],
    ['nhs-number', () => nhs()], ['passport', () => String(faker.number.int({ min: 1, max: 9 })) + digits(8)]];
  b.files['columns.csv'] = [['id', ...cols.map((_, i) => `Col${i + 1}`)].join(',')];
  // judged by its values, a neutral column of personal data is a sensitive field like a named one
  cols.forEach((_, i) => b.sensitive.push({ file: `${b.dir}/columns.csv`, line: 1, name: `Col${i + 1}` }));
  for (let i = 0; i < n; i++) {
    const es = cols.map(([category, w]) => {
      const v = w();
      return typeof v === 'string' ? { category, value: v, form: 'column' } : { ...v, category };
    });
    const line = b.line('columns.csv', [`R${digits(5)}`, ...es.map((e) => csvCell(e.value))].join(','));
    for (const e of es) b.plant('columns.csv', line, e, 'csv-column-inference');
  }
}

function mrzBlock(b) {
  const { l1, l2 } = mrz();
  const file = pick(['notes.txt', 'notes.txt', 'records.json']);
  if (file === 'records.json') {
    const line = b.line('records.json', `  ${b.jsonCount++ ? ',' : ' '}${JSON.stringify({ id: `R${digits(5)}`, scan: [l1, l2] })}`);
    b.plant('records.json', line, { category: 'passport', value: l2, form: 'mrz-td3' }, 'json-array');
    b.plant('records.json', line, { category: 'person-name', value: l1, form: 'mrz-td3' }, 'json-array');
    return;
  }
  b.plant('notes.txt', b.line('notes.txt', l1), { category: 'person-name', value: l1, form: 'mrz-td3' }, 'txt-bare');
  b.plant('notes.txt', b.line('notes.txt', l2), { category: 'passport', value: l2, form: 'mrz-td3' }, 'txt-bare');
}

// ---- clean look-alikes: values that resemble personal data and are not
function lookAlike() {
  const d = faker.date.recent({ days: 400 });
  return pick([
    () => `Order ${digits(8)} dispatched`,
    () => `ORD-${d.getUTCFullYear()}-${digits(6)}`,
    () => `Invoice INV/${d.getUTCFullYear()}/${digits(4)}`,
    () => `Meeting on ${d.toLocaleDateString('en-GB')} at ${faker.number.int({ min: 9, max: 17 })}:30`,
    () => `Event date ${d.toISOString().slice(0, 10)}`,
    () => `Updated ${d.toISOString()}`,
    () => `Site version ${faker.system.semver()}`,
    () => `build ${faker.number.int(12)}.${faker.number.int(9)}.${faker.number.int(99)}.${faker.number.int(999)}`,
    () => `Location ${faker.location.latitude({ min: 50, max: 55, precision: 6 })}, ${faker.location.longitude({ min: -3, max: 1, precision: 6 })}`,
    () => `Grid ref SU ${digits(4)} ${digits(4)}`,
    () => `Cost £${faker.commerce.price({ min: 100, max: 9000 })} (${faker.number.int(99)}% of budget)`,
    () => `LSOA E0${digits(7)}`,
    () => `Crime ID ${faker.string.hexadecimal({ length: 64, casing: 'lower', prefix: '' })}`,
    () => `UUID ${faker.string.uuid()}`,
    () => `Officers met residents at ${faker.location.street()} at 7pm, dot on time`,
    () => `Call 101 or 999 in an emergency; Crimestoppers 0800 555 111`,
    () => `Crime reference ${digits(2)}/${digits(5)}/${d.getUTCFullYear() % 100}`,
    () => `Priority ${faker.number.int({ min: 1, max: 5 })} of 5, page ${faker.number.int(20)} of 20`,
    () => `Ticket #${digits(7)} closed`,
    () => `Road ${pick(['A', 'B', 'M'])}${faker.number.int({ min: 1, max: 999 })} closed near junction ${faker.number.int(30)}`,
    () => `Stats: ${digits(10)} page views, ${digits(6)} visitors`,
    () => `Patrols in ${faker.location.city()} and ${faker.location.county()} this week`,
  ])();
}

function main() {
  rmSync(OUT, { recursive: true, force: true });
  const truth = { version: 1, generator: { tool: 'leakgate/scripts/gen-testset.mjs', faker: 'en_GB', seed: SEED, bundles: BUNDLES, items: ITEMS }, bundles: [], entities: [], sensitiveFields: [] };
  const cats = Object.keys(CATEGORIES);
  for (let k = 0; k < 2 * BUNDLES; k++) {
    const kind = k < BUNDLES ? 'leaky' : 'clean';
    const dir = `${kind}-${String((k % BUNDLES) + 1).padStart(2, '0')}`;
    const b = new Bundle(dir, kind);
    if (kind === 'leaky') {
      for (let i = 0; i < ITEMS; i++) {
        const category = cats[i % cats.length];
        const [writer, labels] = CATEGORIES[category];
        const e = { ...writer(), category };
        // weak shapes always carry a label; others half the time
        e.labelled = e.labelled || e.weak || chance(0.5);
        e.label = pick(labels);
        if (e.form === 'labelled-both') e.labelled = false;
        place(b, e);
        if (chance(0.3)) b.line('notes.txt', lookAlike());
      }
      for (let i = 0; i < 3; i++) mrzBlock(b);
      labelledCsv(b, 8);
      if (COLUMNS) inferenceCsv(b, 10);
    }
    // clean content, in both kinds of bundle: look-alikes in every placement
    for (let i = 0; i < ITEMS / 2; i++) {
      const v = lookAlike();
      const r = `R${digits(5)}`;
      switch (i % 6) {
        case 0: b.line('notes.csv', [r, csvCell(v), '', today()].join(',')); break;
        case 1: b.line('notes.txt', v); break;
        case 2: b.json({ id: r, [pick(ODD_KEYS)]: v }); break;
        case 3: b.line('events.ndjson', JSON.stringify({ id: r, at: today(), msg: v })); break;
        case 4: b.line('page.html', `<p title="${htmlEsc(v)}">${htmlEsc(v)}</p>`); break;
        default: b.line('page.html', `<a href="/search?q=${pct(v).replace(/%20/g, '+')}">${htmlEsc(v)}</a>`);
      }
    }
    b.files['records.json'].push(']');
    b.files['page.html'].push('</body></html>');
    const files = [];
    mkdirSync(path.join(OUT, dir), { recursive: true });
    for (const [name, lines] of Object.entries(b.files)) {
      if (lines.length === 0) continue;
      const text = `${lines.join('\n')}\n`;
      writeFileSync(path.join(OUT, dir, name), text);
      files.push({ name, format: path.extname(name).slice(1), encoding: 'utf-8', bom: false, eol: 'lf', bytes: Buffer.byteLength(text) });
    }
    truth.bundles.push({ dir, kind, files });
    truth.entities.push(...b.entities);
    truth.sensitiveFields.push(...b.sensitive);
  }
  writeFileSync(path.join(OUT, 'truth.json'), `${JSON.stringify(truth, null, 1)}\n`);
  const by = {};
  for (const e of truth.entities) by[e.category] = (by[e.category] ?? 0) + 1;
  console.error(`gen-testset: ${truth.entities.length} entities in ${BUNDLES} leaky and ${BUNDLES} clean bundles under ${OUT}: ${JSON.stringify(by)}`);
}

main();
