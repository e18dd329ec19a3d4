// The JSON-shaped bench inputs: one export of case records as NDJSON, pretty-printed and on a
// single line, and a folder of small files in the three shapes of ../shared/corpus/synthetic
// (neighbourhood, priorities, priority-cases), with fictional values from bench-fake.mjs.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  CATEGORIES, FORCE, TOWNS, address, caseRef, dob, email, person, personalSentence, phone, plainSentence, pncId, postcode, rng, seedOf, street,
} from './bench-fake.mjs';
import { priority, streamFile } from './bench-text.mjs';

const pad = (n) => String(n).padStart(2, '0');
const isoDay = (r, y) => `${y}-${pad(r.between(1, 12))}-${pad(r.between(1, 28))}`;
const TAGS = ['ASB', 'youths', 'evening', 'vehicles', 'drugs', 'noise', 'repeat', 'night-time economy'];

/** The export header of a case-management JSON export. */
const exportHeader = (r) => ({
  system: FORCE.system,
  generated: `${isoDay(r, 2024)}T09:${pad(r.int(60))}:${pad(r.int(60))}Z`,
  schemaVersion: '3.0.2',
  force: FORCE.name,
  neighbourhood: `${r.pick(TOWNS).slice(0, 3).toUpperCase()}${r.between(1, 9)}`,
});

/** The people attached to a case: roles with names and some of dob, address, contact, PNC ID. */
function parties(r) {
  return Array.from({ length: r.between(1, 3) }, (_, i) => {
    const p = person(r);
    const party = { role: ['victim', 'offender', 'witness'][i], name: p.name };
    if (r.chance(0.7)) party.dob = dob(r);
    if (r.chance(0.5)) party.address = address(r);
    if (i === 0) party.contact = r.chance(0.5) ? { phone: phone(r) } : { phone: phone(r), email: email(r, p) };
    if (i === 1 && r.chance(0.6)) party.identifiers = { pnc: pncId(r) };
    return party;
  });
}

/** Personal data in a place the schema did not plan for: parties, a stray key, a tag, prose. */
function leak(r, rec) {
  const p = person(r);
  switch (r.int(4)) {
    case 0: rec.parties = parties(r); break;
    case 1: rec[`x_attr_${r.between(10, 99)}`] = r.chance(0.5) ? email(r, p) : phone(r); break;
    case 2: rec.tags.push(postcode(r)); rec.notes = `<p>${personalSentence(r)}</p>`; break;
    default: rec.action = `<p>${plainSentence(r)}</p><p>${personalSentence(r)}</p>`;
  }
}

/** One case record (the priority-cases shape); `personal` ones carry personal data somewhere. */
export function caseRecord(r, personal) {
  const yy = r.pick([23, 24]);
  const town = r.pick(TOWNS);
  const rec = {
    ref: caseRef(r, yy),
    category: r.pick(CATEGORIES),
    status: r.pick(['open', 'closed', 'under review']),
    incidents: r.between(1, 60),
    hotspots: [`${town} 0${r.between(10, 40)}${r.pick(['A', 'B', 'C', 'D', 'E'])}`, `On or near ${street(r)}`],
    lsoa: `E0${r.digits(7)}`,
    raised: isoDay(r, 2000 + yy),
    reviewDate: isoDay(r, 2024),
    tags: TAGS.filter(() => r.chance(0.25)),
    issue: `<p>${priority(r)}</p>`,
    action: `<p>${plainSentence(r, yy)}</p>`,
    location: { latitude: (51 + r.int(1e6) / 1e6).toFixed(6), longitude: (-1 + r.int(1e6) / 1e6).toFixed(6) },
  };
  if (personal) leak(r, rec);
  return rec;
}

const RECORD_RATE = 0.01;

/** One case record a line, 1 in 100 with personal data. */
export async function makeNdjson(file, mib) {
  const r = rng(seedOf('json-records'));
  await streamFile(file, mib * 2 ** 20, () => `${JSON.stringify(caseRecord(r, r.chance(RECORD_RATE)))}\n`);
}

/** The same kind of records as one export object, pretty-printed with two-space indents. */
export async function makePrettyJson(file, mib) {
  const r = rng(seedOf('json-records'));
  const head = `{\n  "export": ${JSON.stringify(exportHeader(r), null, 2).replace(/\n/g, '\n  ')},\n  "priorities": [\n`;
  await streamFile(file, mib * 2 ** 20, (i) => `${i ? ',\n' : ''}    ${JSON.stringify(caseRecord(r, r.chance(RECORD_RATE)), null, 2).replace(/\n/g, '\n    ')}`, head, '\n  ]\n}\n');
}

/** The same kind of export object with no whitespace at all: one line, as APIs return it. */
export async function makeJsonLine(file, mib) {
  const r = rng(seedOf('json-records'));
  const head = `{"export":${JSON.stringify(exportHeader(r))},"priorities":[`;
  await streamFile(file, mib * 2 ** 20, (i) => `${i ? ',' : ''}${JSON.stringify(caseRecord(r, r.chance(RECORD_RATE)))}`, head, ']}\n');
}

/** A neighbourhood's public page data; a leaky one names a private person and their address. */
function neighbourhood(r, personal) {
  const town = r.pick(TOWNS);
  const s = town.toLowerCase().replace(/[^a-z]+/g, '-');
  const doc = {
    url_force: `https://www.${FORCE.domain}/area/${s}`,
    contact_details: { twitter: 'https://twitter.com/BorsetshirePol', facebook: 'https://www.facebook.com/BorsetshirePolice', telephone: '101', email: `snt.${s}@${FORCE.domain}`, web: `https://www.${FORCE.domain}/area/${s}` },
    name: town,
    centre: { latitude: (51 + r.int(1e6) / 1e6).toFixed(6), longitude: (-1 + r.int(1e6) / 1e6).toFixed(6) },
    locations: [{ name: `${town} Police Station`, postcode: postcode(r), address: `Market Square\n${town}`, type: 'station', description: r.pick([null, 'No front counter service', 'Front counter open 9am to 5pm']) }],
    description: `<p>The ${town} Safer Neighbourhood Team covers ${r.between(2, 8)} wards and a population of about ${r.between(8, 60)},${r.digits(3)}. Call 101 or 999 in an emergency.</p>`,
    id: `${town.slice(0, 3).toUpperCase()}${r.between(1, 9)}`,
    population: String(r.between(8000, 60000)),
    url: `https://www.police.uk/pu/your-area/${FORCE.name.toLowerCase().replace(/ /g, '-')}/${s}/`,
    engagement_methods: [
      { url: `https://www.${FORCE.domain}/ward-panels`, description: `<p>Ward panel meetings every ${r.pick(['month', 'quarter'])} at ${r.pick(['the library', 'the community centre', 'the town hall'])}.</p>`, title: 'Ward panels' },
      { url: `https://www.${FORCE.domain}/speedwatch`, description: null, title: 'Community Speedwatch' },
    ],
  };
  if (personal) {
    const p = person(r);
    if (r.chance(0.5)) doc.contact_details.watch_coordinator = `${p.name} - ${phone(r)}`;
    else doc.locations.push({ name: `Ward panel meeting (home of ${p.name})`, address: address(r), type: 'other', description: 'Quarterly ward panel, 7pm' });
  }
  return doc;
}

/** A priorities list (issue and action as HTML, dated); a leaky one has personal data in prose. */
function priorities(r, personal) {
  const items = Array.from({ length: r.between(3, 6) }, () => ({
    'issue-date': `${isoDay(r, 2024)}T00:00:00`,
    'action-date': `${isoDay(r, 2024)}T00:00:00`,
    issue: `<p>${priority(r)}</p>`,
    action: `<p>${plainSentence(r)}</p>`,
  }));
  if (personal) r.pick(items).action += `<p>${personalSentence(r)}</p>`;
  return items;
}

/** A case export of two records. */
const cases = (r, personal) => ({ export: exportHeader(r), priorities: [caseRecord(r, personal), caseRecord(r, false)] });

/** `count` small pretty-printed files (1-2 KB), a third of each shape; 1 in 50 leaks. */
export function makeJsonFiles(dir, count) {
  const r = rng(seedOf('json-files'));
  mkdirSync(dir, { recursive: true });
  const shapes = [['neighbourhood', neighbourhood], ['priorities', priorities], ['cases', cases]];
  for (let i = 0; i < count; i++) {
    const [name, make] = shapes[i % 3];
    writeFileSync(path.join(dir, `${name}-${String(i).padStart(5, '0')}.json`), `${JSON.stringify(make(r, r.chance(0.02)), null, 2)}\n`);
  }
}
