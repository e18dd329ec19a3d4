// The inputs of `npm run bench`: what each is, its size (full and --quick) and how it is made.
// Made once into bench/out/ (git-ignored) and made again only when its generator's code or its
// size changes (bench/out/manifest.json keeps a hash of both). Each is written under a temporary
// name and renamed, so an interrupted run never leaves half an input behind.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeJsonFiles, makeJsonLine, makeNdjson, makePrettyJson } from './bench-json.mjs';
import { makeCaseCsv, makeHtmlFiles, makeHtmlPages } from './bench-text.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const GEN_BIG = path.resolve(here, '../../shared/eval/gen-big.mjs');
const OURS = ['bench-fake.mjs', 'bench-text.mjs', 'bench-json.mjs'].map((f) => path.join(here, f));

/** Every input: id (for --only), what it is, sizes in MiB or files, file name, maker. */
export const INPUTS = [
  {
    id: 'street', full: 1000, quick: 100, unit: 'MiB', name: (n) => `street-${n}mib.csv`, sources: [GEN_BIG],
    what: 'police.uk street-level crime CSV (../shared/eval/gen-big.mjs): the public shape leakgate knows; 1 row in 10,000 has a name, address and phone in its Context cell',
    make: (file, n) => execFileSync(process.execPath, [GEN_BIG, '--out', file, '--mb', String(n)], { stdio: 'ignore' }),
  },
  {
    id: 'case-csv', full: 200, quick: 20, unit: 'MiB', name: (n) => `case-notes-${n}mib.csv`, sources: OURS, make: makeCaseCsv,
    what: 'ASB case-management export, CRLF CSV with column names no rule knows (Case ID, Ward, Summary, Notes, Next action…); case notes in prose (dates, times, crime and CCTV references, officers, places, amounts), one in five over several dated lines; 1 row in 20 names a caller, victim or suspect with a phone, address, DOB, e-mail or identifier in the notes',
  },
  {
    id: 'ndjson', full: 200, quick: 20, unit: 'MiB', name: (n) => `case-records-${n}mib.ndjson`, sources: OURS, make: makeNdjson,
    what: 'NDJSON, one case record a line (the priority-cases shape: ref, category, hotspots, LSOA, dates, tags, HTML issue and action, coordinates); 1 record in 100 has parties (name, DOB, address, phone, e-mail, PNC ID), a stray key with an e-mail or phone, or personal data in its prose',
  },
  {
    id: 'json-pretty', full: 200, quick: 20, unit: 'MiB', name: (n) => `case-export-${n}mib-pretty.json`, sources: OURS, make: makePrettyJson,
    what: 'the same kind of records as one export object ({"export": {…}, "priorities": […]}), pretty-printed with two-space indents',
  },
  {
    id: 'json-line', full: 200, quick: 20, unit: 'MiB', name: (n) => `case-export-${n}mib-one-line.json`, sources: OURS, make: makeJsonLine,
    what: 'the same export object with no whitespace: one line',
  },
  {
    id: 'html-pages', full: 200, quick: 20, unit: 'MiB', name: (n) => `priorities-pages-${n}mib`, sources: OURS, make: makeHtmlPages,
    what: 'a folder of local-priorities pages of 1 MiB each (head, navigation, one long table of priorities, feedback form, public contacts, footer); 1 row in 100 has personal data in its action text or a data-complainant attribute; 1 page in 5 also hides some in a meta tag, an HTML comment, a hidden input or a JSON script',
  },
  {
    id: 'json-files', full: 50000, quick: 5000, unit: 'files', name: (n) => `json-files-${n}`, sources: OURS, make: makeJsonFiles,
    what: 'a folder of small pretty-printed JSON files (1-2 KB): neighbourhood, priorities list and case export shapes in turn; 1 file in 50 has personal data',
  },
  {
    id: 'html-files', full: 20000, quick: 2000, unit: 'files', name: (n) => `html-files-${n}`, sources: OURS, make: makeHtmlFiles,
    what: 'a folder of small local-priorities pages (about 5 KB, 4-7 rows); 1 page in 50 has personal data: in a row, or in a meta tag, comment, hidden input, JSON script or Complainant and Contact columns',
  },
];

/** Bytes and files under a path (a file, or a folder walked recursively). */
export function sizeOf(p) {
  const s = statSync(p);
  if (!s.isDirectory()) return { bytes: s.size, files: 1 };
  let bytes = 0;
  let files = 0;
  for (const e of readdirSync(p, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    bytes += statSync(path.join(e.parentPath ?? e.path, e.name)).size;
    files++;
  }
  return { bytes, files };
}

/** Makes the input in `out` unless an up-to-date one is there; returns its path, bytes and files. */
export async function ensureInput(input, out, quick, log) {
  const n = quick ? input.quick : input.full;
  const file = path.join(out, input.name(n));
  const manifestPath = path.join(out, 'manifest.json');
  const manifest = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) : {};
  for (const src of input.sources) if (!existsSync(src)) throw new Error(`${src} is missing (needed to make the ${input.id} input)`);
  const hash = createHash('sha256').update(`${input.id} ${n}\n`);
  for (const src of input.sources) hash.update(readFileSync(src));
  const digest = hash.digest('hex').slice(0, 16);
  const known = manifest[path.basename(file)];
  if (known?.hash === digest && existsSync(file)) return { path: file, ...known };
  log(`bench: making ${path.relative(process.cwd(), file)} (${n} ${input.unit})`);
  const partial = `${file}.partial`;
  rmSync(partial, { recursive: true, force: true });
  const t0 = Date.now();
  await input.make(partial, n);
  rmSync(file, { recursive: true, force: true });
  renameSync(partial, file);
  if (existsSync(`${partial}.truth.json`)) renameSync(`${partial}.truth.json`, `${file}.truth.json`);
  const entry = { hash: digest, ...sizeOf(file), madeInS: (Date.now() - t0) / 1000 };
  // read again: another input may have been made meanwhile by a concurrent run
  const latest = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) : {};
  const kept = Object.entries(latest).filter(([name]) => existsSync(path.join(out, name)));
  writeFileSync(manifestPath, `${JSON.stringify(Object.fromEntries([...kept, [path.basename(file), entry]]), null, 2)}\n`);
  return { path: file, ...entry };
}
