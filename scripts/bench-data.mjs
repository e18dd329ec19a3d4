// Generates the NDJSON and HTML inputs of `npm run bench` (the CSV comes from ../shared/eval/gen-big.mjs).
// police.uk-shaped records; every 5,000th carries fictional personal data (Ofcom drama numbers,
// example.com addresses, invented names), so that the scan has something to find.
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';

let seed = 7;
const rnd = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const hex = (n) => Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(rnd() * 16)]).join('');
const CATEGORIES = ['anti-social-behaviour', 'burglary', 'criminal-damage-arson', 'drugs', 'other-theft', 'public-order', 'shoplifting', 'vehicle-crime', 'violent-crime'];
const STREETS = ['On or near High Street', 'On or near Station Road', 'On or near Parking Area', 'On or near Supermarket', 'On or near Church Lane', 'On or near Park/Open Space'];
const OUTCOMES = ['Investigation complete; no suspect identified', 'Under investigation', 'Unable to prosecute suspect', 'Awaiting court outcome'];
const PEOPLE = ['Mr Ellis Pendry', 'Mrs Orla Vance', 'Ms Tess Arkwright', 'Dr Amir Haddad'];
const planted = (i) => `Reported by ${pick(PEOPLE)} (tel 07700 900${String(i % 1000).padStart(3, '0')}, ${`case${i}`}@example.com)`;

/** Writes lines from `make(i)` until the stream has `bytes` bytes; resolves when flushed. */
async function write(file, bytes, make, head = '', tail = '') {
  const out = createWriteStream(file);
  let n = 0;
  let size = 0;
  if (head) out.write(head);
  while (size < bytes) {
    const line = make(n++);
    size += Buffer.byteLength(line);
    if (!out.write(line)) await new Promise((r) => out.once('drain', r));
  }
  out.end(tail);
  await new Promise((r) => out.once('finish', r));
}

/** A police.uk API crime record; every 5,000th has personal data in its context. */
const record = (i) => ({
  category: pick(CATEGORIES),
  location_type: 'Force',
  location: { latitude: (51 + rnd()).toFixed(6), street: { id: Math.floor(rnd() * 1e7), name: pick(STREETS) }, longitude: (-1 + rnd()).toFixed(6) },
  context: i % 5000 === 0 ? planted(i) : '',
  outcome_status: { category: pick(OUTCOMES), date: '2024-01' },
  persistent_id: hex(64),
  id: Math.floor(rnd() * 1e9),
  location_subtype: '',
  month: '2024-01',
});

export async function makeNdjson(file, mb) {
  await write(file, mb * 1024 * 1024, (i) => `${JSON.stringify(record(i))}\n`);
}

/** One JSON array of the same records on a single line, as the police.uk API returns them. */
export async function makeJsonLine(file, mb) {
  await write(file, mb * 1024 * 1024, (i) => `${i === 0 ? '' : ','}${JSON.stringify(record(i))}`, '[', ']');
}

/** A folder of pages, each a neighbourhood's priorities and a table of crimes, about 1 MB each. */
export async function makeHtml(dir, mb) {
  mkdirSync(dir, { recursive: true });
  let row = 0;
  for (let page = 0; page < mb; page++) {
    await write(
      path.join(dir, `neighbourhood-${String(page).padStart(4, '0')}.html`),
      1024 * 1024,
      () => {
        const i = row++;
        return `<tr><td>${hex(12)}</td><td>2024-01</td><td>${pick(CATEGORIES)}</td><td>${pick(STREETS)}</td><td>${i % 5000 === 0 ? planted(i) : pick(OUTCOMES)}</td></tr>\n`;
      },
      '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Neighbourhood priorities</title></head><body><h1>Local priorities</h1><p>Our officers will focus on anti-social behaviour near the station.</p><table><thead><tr><th>ID</th><th>Month</th><th>Crime type</th><th>Location</th><th>Outcome</th></tr></thead><tbody>\n',
      '</tbody></table></body></html>\n',
    );
  }
}
