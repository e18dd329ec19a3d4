// The text-shaped bench inputs: a free-text case-management CSV with no known column names,
// large HTML pages and a folder of small ones, all laid out like the local-priorities pages
// and ASB exports of ../shared/corpus/synthetic, with fictional values from bench-fake.mjs.
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  CATEGORIES, FORCE, LANDMARKS, TOWNS, address, caseNote, caseRef, date, dob, email, person, personalSentence, phone, plainSentence, rng, seedOf, street, vrm,
} from './bench-fake.mjs';

/** Writes chunks from make(i) to file until it holds `bytes` bytes, between head and tail. */
export async function streamFile(file, bytes, make, head = '', tail = '') {
  const out = createWriteStream(file);
  const failed = new Promise((_, reject) => out.once('error', reject));
  let size = Buffer.byteLength(head);
  out.write(head);
  for (let i = 0; size < bytes; i++) {
    const chunk = make(i);
    size += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await Promise.race([new Promise((r) => out.once('drain', r)), failed]);
  }
  out.end(tail);
  await Promise.race([new Promise((r) => out.once('finish', r)), failed]);
}

const csvCell = (v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const pad = (n) => String(n).padStart(2, '0');
const RISKS = ['Standard', 'Medium', 'High'];
const TEAMS = ['Neighbourhood team A', 'Neighbourhood team B', 'Council ASB team', 'Housing officer'];
const STATUSES = ['Open', 'Closed', 'Under review'];
const NEXT = ['Review at next multi-agency meeting.', 'Further patrols; reassess in 4 weeks.', 'Await CCTV and update the caller.', 'No further action; close if no new reports.', 'Send warning letter and monitor.'];

/**
 * Rows of a case-management export as an ASB team pulls it: invented column names, so no
 * column tells the scanner what a cell holds; case notes in prose, one in five over several
 * dated lines; one row in twenty (`rate`) names a caller, victim or suspect in its notes.
 */
export async function makeCaseCsv(file, mib, rate = 0.05) {
  const r = rng(seedOf('case-csv'));
  const head = 'Case ID,Opened,Ward,Category,Risk,Assigned to,Status,Summary,Notes,Next action,Closed\r\n';
  await streamFile(file, mib * 2 ** 20, () => {
    const yy = r.pick([23, 24]);
    const personal = r.chance(rate);
    const sentences = caseNote(r, r.between(2, 6), personal, yy);
    const notes = r.chance(0.2) ? sentences.map((s) => `${pad(r.between(1, 28))}/${pad(r.between(1, 12))}/20${yy} ${pad(r.between(7, 23))}:${pad(r.int(60))} - ${s}`).join('\n') : sentences.join(' ');
    let next = r.pick(NEXT);
    if (personal && r.chance(0.3)) {
      const p = person(r);
      next = `Call ${p.name} back on ${phone(r)}.`;
    }
    const status = r.pick(STATUSES);
    const cells = [caseRef(r, yy), date(r, 2000 + yy, 2000 + yy), `${r.pick(TOWNS)} ${r.pick(['North', 'South', 'East', 'West', 'Central'])}`, r.pick(CATEGORIES), r.pick(RISKS), r.pick(TEAMS), status, priority(r), notes, next, status === 'Closed' ? `20${yy}-${pad(r.between(1, 12))}-${pad(r.between(1, 28))}` : ''];
    return `${cells.map(csvCell).join(',')}\r\n`;
  }, head);
}

/** A neighbourhood priority as the public pages state it. */
export function priority(r) {
  switch (r.int(5)) {
    case 0: return `Reduce ${r.pick(CATEGORIES).toLowerCase()} around ${r.pick(LANDMARKS)}, particularly on Friday and Saturday evenings.`;
    case 1: return `Tackle speeding on ${street(r)} raised by residents at the ward panel.`;
    case 2: return `Deter drug dealing near ${r.pick(LANDMARKS)} after ${r.between(5, 60)} reports in the last quarter.`;
    case 3: return `Improve road safety outside ${r.pick(['St Mary\'s Primary School', 'the academy', 'the sixth-form college'])} at drop-off and pick-up times.`;
    default: return `Prevent cycle theft at ${r.pick(LANDMARKS)} in ${r.pick(TOWNS)}.`;
  }
}

const escapeHtml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const slug = (s) => s.toLowerCase().replace(/[^a-z]+/g, '-');

/**
 * One row of a priorities table; a personal row has personal data in its action or attributes.
 * With `people` (a leaked case-system view), the row also has Complainant and Contact cells.
 */
function tableRow(r, personal, people) {
  const set = date(r, 2024, 2024);
  const upd = `2024-${pad(r.between(1, 12))}-${pad(r.between(1, 28))}`;
  let action = plainSentence(r);
  let attr = '';
  if (personal) {
    if (r.chance(0.6)) action = `${action} ${personalSentence(r)}`;
    else attr = ` data-complainant="${escapeHtml(person(r).name)}"`;
  }
  let cells = '';
  if (people) {
    const named = r.chance(0.5);
    cells = `  <td>${named ? escapeHtml(person(r).name) : 'Anonymous'}</td>\n  <td>${named ? phone(r) : 'Withheld'}</td>\n`;
  }
  return `<tr data-ref="${caseRef(r, 24)}"${attr}>\n  <td>${escapeHtml(priority(r))}</td>\n  <td>${set}</td>\n  <td>${escapeHtml(action)}</td>\n  <td><time datetime="${upd}">${upd.slice(8)}/${upd.slice(5, 7)}/${upd.slice(0, 4)}</time></td>\n${cells}</tr>\n`;
}

/** Where a leaky page hides its personal data outside the table rows, as CMS exports do. */
function pageLeak(r, small) {
  const p = person(r);
  switch (r.int(small ? 5 : 4)) {
    case 0: return { meta: `<meta name="x-export-subject" content="Offender: ${escapeHtml(p.name)} DOB ${dob(r)}">\n` };
    case 1: return { body: `<!-- export from the case system, remove before publishing\n     victim: ${escapeHtml(p.name)}, ${escapeHtml(address(r))}\n     tel: ${phone(r)}\n-->\n` };
    case 2: return { form: `  <input type="hidden" name="complainant_phone" value="${phone(r)}">\n` };
    case 3: return { script: `<script type="application/json" id="case-data">\n${JSON.stringify({ caseRef: caseRef(r, 24), victim: { name: p.name, dob: dob(r), phone: phone(r), email: email(r, p) }, vehicle: vrm(r) }, null, 2)}\n</script>\n` };
    default: return { people: true };
  }
}

/**
 * A local-priorities page of the fictional force: head, navigation, a table of priorities
 * (rows until `bytes`, or `minRows`), the feedback form, public contacts and footer.
 * `rowRate` of rows and, if `leakyPage`, one place outside the table carry personal data.
 */
export function makePage(r, { bytes = 0, minRows = 1, rowRate = 0, leakyPage = false, forceRow = false }) {
  const town = r.pick(TOWNS);
  const leak = leakyPage ? pageLeak(r, bytes === 0) : {};
  const more = leak.people ? '<th scope="col">Complainant</th><th scope="col">Contact</th>' : '';
  const head = `<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n<title>Local priorities | ${town} | ${FORCE.name}</title>\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="description" content="Local policing priorities for ${town}, agreed with residents at the ward panel meeting.">\n<meta property="og:url" content="https://www.${FORCE.domain}/area/${slug(town)}/priorities">\n<meta name="last-modified" content="2024-${pad(r.between(1, 12))}-${pad(r.between(1, 28))}T16:42:07+00:00">\n${leak.meta ?? ''}<link rel="stylesheet" href="/assets/css/main.min.css?v=3.1.4">\n<script src="/assets/js/vendor/jquery-3.7.1.min.js"></script>\n</head>\n<body class="page-priorities">\n<a class="skip-link" href="#main">Skip to main content</a>\n<header class="site-header">\n  <a href="/" class="logo"><img src="/assets/img/logo.svg" alt="${FORCE.name}" width="180" height="60"></a>\n  <nav aria-label="Main">\n    <ul>\n      <li><a href="/report">Report</a></li>\n      <li><a href="/contact">Contact us</a></li>\n      <li><a href="/area">Your area</a></li>\n      <li><a href="/news">News</a></li>\n    </ul>\n  </nav>\n</header>\n<main id="main">\n<h1>Local priorities: ${town}</h1>\n<p class="lead">These priorities were agreed at the public ward panel meeting on ${date(r, 2024, 2024)}. They are reviewed every three months.</p>\n<table class="priorities">\n<thead>\n<tr><th scope="col">Issue</th><th scope="col">Date set</th><th scope="col">Action taken</th><th scope="col">Updated</th>${more}</tr>\n</thead>\n<tbody>\n`;
  const parts = [head];
  let size = head.length;
  const forced = forceRow ? r.int(minRows) : -1;
  for (let i = 0; i < minRows || size < bytes; i++) {
    const row = tableRow(r, i === forced || r.chance(rowRate), leak.people);
    parts.push(row);
    size += row.length;
  }
  const team = `snt.${slug(town).replace(/-$/, '')}@${FORCE.domain}`;
  parts.push(`</tbody>\n</table>\n${leak.body ?? ''}<p>Between ${date(r, 2024, 2024)} and ${date(r, 2024, 2024)} the team dealt with ${r.between(10, 90)} reports of anti-social behaviour, a ${r.between(1, 40)}.0% reduction on the previous quarter.</p>\n<h2>Tell us what you think</h2>\n<form action="/feedback" method="post" class="feedback">\n  <input type="hidden" name="neighbourhood" value="${town.slice(0, 3).toUpperCase()}${r.between(1, 9)}">\n  <input type="hidden" name="csrf_token" value="${r.hex(32)}">\n${leak.form ?? ''}  <label for="fb">Your comments</label>\n  <textarea id="fb" name="comments" rows="4"></textarea>\n  <button type="submit">Send</button>\n</form>\n<h2>Contact your local team</h2>\n<p>Call <a href="tel:101">101</a> or report online. In an emergency always call <strong>999</strong>. Textphone users can call 18001 101.</p>\n<p>Email the team at <a href="mailto:${team}">${team}</a>. To give information anonymously call Crimestoppers on 0800 555 111.</p>\n<address>${town} Police Station<br>Market Square<br>${town}</address>\n</main>\n<footer class="site-footer">\n  <p>&copy; 2024 ${FORCE.name}. Site version 4.2.0.</p>\n  <ul><li><a href="/privacy">Privacy notice</a></li><li><a href="/cookies">Cookies</a></li><li><a href="/accessibility">Accessibility</a></li></ul>\n</footer>\n${leak.script ?? ''}</body>\n</html>\n`);
  return parts.join('');
}

/** Pages of about 1 MiB each (one long priorities table): 1 row in 100 and 1 page in 5 leak. */
export function makeHtmlPages(dir, mib) {
  const r = rng(seedOf('html-pages'));
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < mib; i++) {
    const html = makePage(r, { bytes: 2 ** 20 - 2500, rowRate: 0.01, leakyPage: r.chance(0.2) });
    writeFileSync(path.join(dir, `priorities-${String(i).padStart(4, '0')}.html`), html);
  }
}

/** `count` pages of about 5 KB (4-7 rows); 1 in 50 leaks, in a row or elsewhere on the page. */
export function makeHtmlFiles(dir, count) {
  const r = rng(seedOf('html-files'));
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const leaky = r.chance(0.02);
    const inRow = leaky && r.chance(0.5);
    const html = makePage(r, { minRows: r.between(4, 7), leakyPage: leaky && !inRow, forceRow: inRow });
    writeFileSync(path.join(dir, `priorities-${String(i).padStart(5, '0')}.html`), html);
  }
}
