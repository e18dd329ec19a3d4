// Fictional values and prose for the bench inputs: a seeded generator, people with Ofcom drama
// numbers and example.com mail, checksum-valid but invented identifiers, and case-note sentences
// with and without personal data. Shapes follow ../shared/corpus/synthetic; no value comes from it.

/** A seeded random source (mulberry32, as in ../shared/eval/gen-big.mjs): same seed, same bytes. */
export function rng(seed) {
  let s = seed >>> 0 || 1;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  const digits = (n) => {
    let o = '';
    for (let i = 0; i < n; i++) o += String(int(10));
    return o;
  };
  return {
    int,
    digits,
    between: (lo, hi) => lo + int(hi - lo + 1),
    pick: (xs) => xs[int(xs.length)],
    chance: (p) => next() < p,
    hex: (n) => {
      let o = '';
      for (let i = 0; i < n; i++) o += '0123456789abcdef'[int(16)];
      return o;
    },
  };
}

/** A seed from a name (FNV-1a), so each input has its own stream whatever else is generated. */
export function seedOf(name) {
  let h = 0x811c9dc5;
  for (const ch of name) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}

const pad = (n, w = 2) => String(n).padStart(w, '0');
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

// ---- the fictional force and places (real town names are public; the force is invented)
export const FORCE = { name: 'Borsetshire Police', domain: 'borsetshire.police.uk', system: 'CaseWorks RMS' };
export const TOWNS = ['Aylesbury', 'Banbury', 'Bicester', 'Chelmsford', 'Colchester', 'Didcot', 'Harlow', 'Kettering', 'Northampton', 'Reading', 'Swindon', 'Taunton', 'Wellingborough', 'Witney', 'Yeovil'];
const STREET_WORDS = ['Alder', 'Beacon', 'Brook', 'Chapel', 'Coronation', 'Foxglove', 'Kingfisher', 'Lime Tree', 'Meadow', 'Millbrook', 'Orchard', 'Primrose', 'Quarry', 'Rowan', 'Saxon', 'Sycamore', 'Tanners', 'Wyvern'];
const STREET_TYPES = ['Road', 'Street', 'Lane', 'Avenue', 'Close', 'Drive', 'Crescent', 'Gardens', 'Way', 'Grove', 'Terrace', 'Walk'];
const HOUSES = ['The Old Forge', 'Ivy House', 'Mill Barn', 'Orchard View', 'The Laurels', 'Holly Lodge'];
export const LANDMARKS = ['the bus station', 'the leisure centre', 'the skate park', 'the multi-storey car park', 'the recreation ground', 'the retail park', 'the canal towpath', 'the railway station', 'the community centre', 'the parade of shops'];
export const CATEGORIES = ['Anti-social behaviour', 'Noise nuisance', 'Neighbour dispute', 'Criminal damage', 'Drug-related ASB', 'Vehicle nuisance', 'Youth-related ASB', 'Hate incident', 'Harassment', 'Fly-tipping'];
const OPERATIONS = ['Operation Kestrel', 'Operation Lantern', 'Operation Granite', 'Operation Harbour', 'Operation Thistle'];
const AGENCIES = ['the housing association', 'the council ASB team', 'Children\'s Services', 'the youth offending team', 'Adult Social Care', 'the community mental health team', 'Victim Support'];
const GIVEN = ['Aisha', 'Alfie', 'Amber', 'Arjun', 'Bethany', 'Callum', 'Daniel', 'Eleanor', 'Ethan', 'Freya', 'Gareth', 'Hannah', 'Harvey', 'Imogen', 'Isaac', 'Jasmine', 'Kieran', 'Leah', 'Lewis', 'Maureen', 'Megan', 'Nathan', 'Niamh', 'Oscar', 'Paige', 'Pauline', 'Rhys', 'Rosie', 'Scarlett', 'Tariq', 'Toby', 'Yusuf', 'Zara', 'Derek'];
const SURNAMES = ['Abbott', 'Ahmed', 'Ashworth', 'Bowen', 'Chowdhury', 'Doyle', 'Ellison', 'Fletcher', 'Gallagher', 'Hartley', 'Hussain', 'Jennings', 'Kaur', 'Lawson', 'MacLeod', 'Marsh', 'Nowak', 'Okafor', 'Osei', "O'Brien", 'Pearson', 'Quinn', 'Rahman', 'Sutcliffe', 'Thornton', 'Whitaker', 'Fitzgerald-Hughes'];
const TITLES = ['Mr', 'Mrs', 'Ms', 'Miss', 'Dr'];
const RANKS = ['PC', 'PCSO', 'Sgt', 'DC', 'Insp'];

/** A person: given name, surname, title, and how the name is written this time. */
export function person(r) {
  const first = r.pick(GIVEN);
  const last = r.pick(SURNAMES);
  const title = r.pick(TITLES);
  const form = r.int(3);
  const name = form === 0 ? `${title} ${first} ${last}` : form === 1 ? `${first} ${last}` : `${title} ${first[0]} ${last}`;
  return { first, last, title, name };
}

// Ofcom's drama ranges (ofcom.org.uk, "Telephone numbers for TV, radio and other media"): prefix and area-code length.
const DRAMA = [['07700 900', 5], ['020 7946 0', 3], ['0113 496 0', 4], ['0114 496 0', 4], ['0115 496 0', 4], ['0116 496 0', 4], ['0117 496 0', 4], ['0118 496 0', 4], ['0121 496 0', 4], ['0131 496 0', 4], ['0141 496 0', 4], ['0151 496 0', 4], ['0161 496 0', 4], ['01632 960', 5], ['0191 498 0', 4], ['028 9649 6', 3], ['029 2018 0', 3]];

/** A drama-range phone number, spaced, compact, international or with the area code in brackets. */
export function phone(r) {
  const [prefix, area] = r.pick(DRAMA);
  const spaced = prefix + r.digits(11 - prefix.replace(/\D/g, '').length);
  const form = r.int(4);
  if (form === 0) return spaced;
  if (form === 1) return spaced.replace(/ /g, '');
  if (form === 2) return `+44 ${spaced.slice(1)}`;
  return prefix.startsWith('07') ? spaced : `(${spaced.slice(0, area)})${spaced.slice(area)}`;
}

/** An e-mail address on a documentation domain (RFC 2606). */
export function email(r, p) {
  const local = `${p.first}.${p.last}`.toLowerCase().replace(/[^a-z.]/g, '');
  return `${local}${r.chance(0.4) ? r.between(1, 99) : ''}@example.${r.pick(['com', 'org', 'net'])}`;
}

/** A postcode of the right shape: a real postal area, an invented district and unit. */
export function postcode(r) {
  const area = r.pick(['AL', 'BA', 'CB', 'CM', 'CV', 'EN', 'GL', 'HP', 'LU', 'MK', 'NN', 'OX', 'RG', 'SN', 'TA']);
  return `${area}${r.between(1, 19)} ${r.int(10)}${r.pick([...'ABDEFGHJLNPQRSTUWXYZ'])}${r.pick([...'ABDEFGHJLNPQRSTUWXYZ'])}`;
}

/** A street name alone ("Rowan Close"): public, no house number. */
export const street = (r) => `${r.pick(STREET_WORDS)} ${r.pick(STREET_TYPES)}`;

/** A home address: house number or flat or named house, street, town and postcode. */
export function address(r) {
  const form = r.int(3);
  if (form === 0) return `${r.between(1, 240)} ${street(r)}, ${r.pick(TOWNS)} ${postcode(r)}`;
  if (form === 1) return `Flat ${r.between(1, 40)}, ${r.pick(STREET_WORDS)} Court, ${street(r)}, ${r.pick(TOWNS)} ${postcode(r)}`;
  return `${r.pick(HOUSES)}, ${street(r)}, ${r.pick(TOWNS)}, ${postcode(r)}`;
}

/** A date in one of the shapes exports use: 14/03/1987, 1987-03-14, 14 March 1987. */
export function date(r, fromYear, toYear) {
  const y = r.between(fromYear, toYear);
  const m = r.between(1, 12);
  const d = r.between(1, 28);
  const form = r.int(3);
  if (form === 0) return `${pad(d)}/${pad(m)}/${y}`;
  if (form === 1) return `${y}-${pad(m)}-${pad(d)}`;
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** A date of birth. */
export const dob = (r) => date(r, 1940, 2008);

/** An NHS number that passes modulus 11 (NHS Data Dictionary), compact or 3-3-4. */
export function nhsNumber(r) {
  for (;;) {
    const d = r.digits(9);
    let sum = 0;
    for (let i = 0; i < 9; i++) sum += Number(d[i]) * (10 - i);
    const check = (11 - (sum % 11)) % 11;
    if (check === 10) continue;
    const n = d + check;
    return r.chance(0.5) ? n : `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`;
  }
}

/** A National Insurance number with an allocatable prefix (HMRC NIM39110), compact or spaced. */
export function nino(r) {
  let prefix;
  do prefix = r.pick([...'ABCEGHJKLMNOPRSTWXYZ']) + r.pick([...'ABCEGHJKLMNPRSTWXYZ']);
  while (['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ', 'CR', 'FY', 'MW', 'NC', 'OO', 'PP', 'PY', 'PZ'].includes(prefix));
  const d = r.digits(6);
  const suffix = r.pick(['A', 'B', 'C', 'D']);
  return r.chance(0.5) ? `${prefix}${d}${suffix}` : `${prefix} ${d.slice(0, 2)} ${d.slice(2, 4)} ${d.slice(4)} ${suffix}`;
}

/** A nine-digit passport number. */
export const passport = (r) => `${r.between(1, 9)}${r.digits(8)}`;

/** A Luhn-valid Visa-shaped card number, compact or in fours. */
export function card(r) {
  const body = `4${r.digits(14)}`;
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    let d = Number(body[14 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  const n = body + ((10 - (sum % 10)) % 10);
  return r.chance(0.5) ? n : n.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** A sort code and account number. */
export const sortCodeAccount = (r) => ({ sortCode: `${r.between(10, 99)}-${r.digits(2)}-${r.digits(2)}`, account: `${r.between(1, 9)}${r.digits(7)}` });

/** A GB IBAN with a correct ISO 7064 check, compact or grouped in fours. */
export function iban(r) {
  const bban = `${r.pick(['NWBK', 'BARC', 'LOYD', 'MIDL', 'HBUK'])}${r.digits(14)}`;
  const numeric = [...`${bban}GB00`].map((c) => (c >= 'A' ? String(c.charCodeAt(0) - 55) : c)).join('');
  let rem = 0;
  for (const c of numeric) rem = (rem * 10 + Number(c)) % 97;
  const v = `GB${pad(98 - rem)}${bban}`;
  return r.chance(0.5) ? v : v.replace(/(.{4})(?=.)/g, '$1 ');
}

/** A driving licence number in the DVLA layout, built from a person's surname and initial. */
export function drivingLicence(r, p) {
  const sur = p.last.toUpperCase().replace(/[^A-Z]/g, '').slice(0, 5).padEnd(5, '9');
  const y = r.between(1950, 2005);
  const m = r.between(1, 12) + (r.chance(0.5) ? 50 : 0);
  return `${sur}${String(y).at(-2)}${pad(m)}${pad(r.between(1, 28))}${String(y).at(-1)}${p.first[0]}9${r.int(10)}${r.pick([...'ABCDEFGHJK'])}${r.pick([...'LMNPRSTUWX'])}`;
}

/** A current-format vehicle registration (age identifier 02-24 or 51-74), spaced or not. */
export function vrm(r) {
  const L = [...'ABCDEFGHJKLMNOPRSTUVWXY'];
  const age = r.chance(0.5) ? r.between(2, 24) : r.between(51, 74);
  const v = `${r.pick(L)}${r.pick(L)}${pad(age)}`;
  const tail = `${r.pick(L)}${r.pick(L)}${r.pick(L)}`;
  return r.chance(0.6) ? `${v} ${tail}` : v + tail;
}

/** An IPv4 address in a documentation range (RFC 5737). */
export const ip = (r) => `${r.pick(['192.0.2', '198.51.100', '203.0.113'])}.${r.between(1, 254)}`;

/** A PNC ID YYYY/NNNNNNNL whose check letter is (YY + serial) mod 23. */
export function pncId(r) {
  const year = r.between(1998, 2024);
  const serial = r.digits(7);
  const letter = 'ZABCDEFGHJKLMNPQRTUVWXY'[Number(BigInt(String(year).slice(2) + serial) % 23n)];
  return `${year}/${serial}${letter}`;
}

// ---- the everyday, public text around the personal data: references, dates, counts, officers
export const caseRef = (r, yy) => `ASB/${yy}/${r.digits(4)}`;
const crimeRef = (r, yy) => `${r.between(10, 60)}/${r.digits(5)}/${yy}`;
const time = (r) => `${pad(r.between(0, 23))}:${pad(r.int(12) * 5)}`;
const officer = (r) => `${r.pick(RANKS)} ${r.pick(SURNAMES)}`;
const collar = (r) => `${r.pick(['PC', 'PCSO'])} ${r.between(1000, 9999)}`;

/** One sentence of a case note holding nothing personal (but dates, numbers, places, officers). */
export function plainSentence(r, yy = 24) {
  switch (r.int(12)) {
    case 0: return `Officers attended ${r.pick(LANDMARKS)} at ${time(r)} following reports of youths causing a nuisance; group dispersed, no offences disclosed.`;
    case 1: return `Crime reference ${crimeRef(r, yy)} raised for criminal damage to a bus shelter on ${street(r)}.`;
    case 2: return `${officer(r)} spoke to the caller; diary sheets issued and ${r.between(2, 19)} incidents logged over ${r.between(7, 90)} days.`;
    case 3: return `Case reviewed at the multi-agency meeting on ${date(r, 2000 + yy, 2000 + yy)}; referral to ${r.pick(AGENCIES)} agreed.`;
    case 4: return `${r.between(2, 9)} dispersal orders issued under section 34 of the Anti-social Behaviour, Crime and Policing Act 2014.`;
    case 5: return `CCTV request CCTV/${yy}/${r.digits(5)} sent to the council control room covering ${time(r)} to ${time(r)}.`;
    case 6: return `Part of ${r.pick(OPERATIONS)}; ${collar(r)} on foot patrol near ${r.pick(LANDMARKS)} between ${time(r)} and ${time(r)}.`;
    case 7: return `Funding of £${r.between(1, 9)},${r.between(1, 9)}00 agreed by the Community Safety Partnership for lighting on ${street(r)}.`;
    case 8: return `Incident log ${r.digits(4)} of ${date(r, 2000 + yy, 2000 + yy)}: noise from a house party reported to ${r.pick(AGENCIES)}.`;
    case 9: return `Caller wished to remain anonymous; advised to call 101, or Crimestoppers on 0800 555 111.`;
    case 10: return `Graffiti reported at ${r.pick(LANDMARKS)} in ${r.pick(TOWNS)}; removal requested from the council within ${r.between(2, 14)} days.`;
    default: return `Letter ${r.pick(['ABC1', 'ABC2', 'W1', 'W2'])} sent by ${officer(r)} on ${date(r, 2000 + yy, 2000 + yy)}; next review in ${r.between(2, 12)} weeks.`;
  }
}

/** One sentence of a case note carrying personal data, in the ways case notes carry it. */
export function personalSentence(r) {
  const p = person(r);
  switch (r.int(14)) {
    case 0: return `Caller ${p.name} (${phone(r)}) reports youths gathering outside ${address(r)} most evenings.`;
    case 1: return `Victim ${p.name}, DOB ${dob(r)}, of ${address(r)}, says the abuse has gone on since the summer.`;
    case 2: return `Suspect named as ${p.name} (PNC ${pncId(r)}), known to frequent ${r.pick(LANDMARKS)}.`;
    case 3: return `Please contact the complainant on ${phone(r)} or ${email(r, p)} before the visit.`;
    case 4: return `Vehicle ${vrm(r)} registered to ${p.name} of ${address(r)} seen at the scene.`;
    case 5: return `Ambulance crew recorded NHS number ${nhsNumber(r)} for ${p.name}.`;
    case 6: return `Passport no. ${passport(r)} seized from ${p.name} during the search.`;
    case 7: {
      const a = sortCodeAccount(r);
      return `Compensation of £${r.between(50, 900)} to be paid to ${p.name}, sort code ${a.sortCode}, account ${a.account}.`;
    }
    case 8: return `Refund for the damaged fence to go to IBAN ${iban(r)} (${p.name}).`;
    case 9: return `Driving licence ${drivingLicence(r, p)} produced by ${p.name} at the roadside.`;
    case 10: return `${p.name}'s National Insurance number ${nino(r)} given for the benefits referral.`;
    case 11: return `Abusive messages sent from IP address ${ip(r)} to ${email(r, p)}.`;
    case 12: return `Card ${card(r)} used by ${p.name} at the off-licence on ${date(r, 2023, 2024)}.`;
    default: return `Complainant ${p.name}, born ${dob(r)}, now living at ${address(r)}; mobile ${phone(r)}.`;
  }
}

/** A case note of n sentences; with personal data, one or two of them carry it. */
export function caseNote(r, n, personal, yy = 24) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(plainSentence(r, yy));
  if (personal) {
    out[r.int(n)] = personalSentence(r);
    if (n > 2 && r.chance(0.4)) out[r.int(n)] = personalSentence(r);
  }
  return out;
}
