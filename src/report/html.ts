import { createHash } from 'node:crypto';
import { SEVERITIES, type Finding, type Problem, type Report, type Severity } from '../types.js';
import type { RuleMeta } from './rule-meta.js';
import { verdict } from './text.js';

export interface HtmlContext {
  /** Loaded rules: each finding says why it matters from its rule's description and `why`. */
  rules: RuleMeta[];
  toolVersion: string;
}

/** At most this many files get a column in the heat table; the rest share one "other files" column. */
const HEAT_FILES = 12;

/**
 * The HTML report for an analyst: one self-contained page (inline CSS and JS, nothing loaded
 * from anywhere, works from file://) with the verdict, counts, a bar chart by category, a file ×
 * column heat table and every finding, filterable by severity, category and file. Everything
 * from the report is escaped, and a Content-Security-Policy allows only this page's own script
 * and style (by hash), so text from a scanned file can neither inject markup nor run.
 */
export function formatHtml(report: Report, ctx: HtmlContext): string {
  const rules = new Map(ctx.rules.map((r) => [r.id, r] as const));
  const withValues = report.findings.some((f) => f.value !== undefined);
  const s = report.summary;
  const status = s.errors > 0 || s.failed ? 'FAILED' : 'passed';
  // Only what the filters need, and no value: the raw data never reaches the script.
  // Files as the table shows them (hidden characters made visible), so the file filter's options
  // read the same and a bidi control cannot reorder them.
  const data = { findings: report.findings.map((f) => ({ severity: f.severity, category: f.category, file: visible(f.file) })) };

  const body = [
    `<header><h1>leakgate report: <span class="status ${status === 'passed' ? 'ok' : 'bad'}">${status}</span></h1>`,
    `<p id="verdict">${esc(verdict(report))}</p></header>`,
    withValues ? rawValuesBanner() : '',
    '<main>',
    summarySection(report),
    countsSection(report),
    heatSection(report.findings),
    findingsSection(report.findings, rules, withValues),
    problemsSection('errors', 'Errors: files not scanned', report.errors),
    problemsSection('warnings', 'Warnings: files scanned with a caveat', report.warnings),
    '</main>',
    `<footer><p>Made by leakgate ${esc(ctx.toolVersion)} (report version ${report.version}). This page loads nothing from the network.</p></footer>`,
  ].filter(Boolean).join('\n');

  // Hashes, not nonces: the page is a file, not a response, so a per-render nonce would add
  // nothing, and hashes tie the policy to exactly these bytes of script and style.
  const csp = [
    "default-src 'none'",
    `script-src '${sha256(SCRIPT)}'`,
    `style-src '${sha256(STYLE)}'`,
    // these two do not fall back to default-src (CSP Level 3 §6.3, §6.4)
    "base-uri 'none'",
    "form-action 'none'",
    // Trusted Types (Chromium): innerHTML and friends throw, so even a bug in the script cannot
    // turn data into markup
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
  ].join('; ');

  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // first in <head>: a policy in a meta element covers only what comes after it (CSP3 §3.3)
    `<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">`,
    '<meta name="referrer" content="no-referrer">',
    // the report describes personal data: keep it out of search engines if it is ever published
    '<meta name="robots" content="noindex, nofollow">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>leakgate report: ${status}, ${s.findings} finding${s.findings === 1 ? '' : 's'}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    body,
    `<script type="application/json" id="leakgate-data">${scriptJson(data)}</script>`,
    `<script>${SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** The banner shown when --show-values put raw personal data into the report. */
function rawValuesBanner(): string {
  return [
    '<div class="banner" role="alert" id="raw-values-warning">',
    '<strong>This report holds personal data.</strong> It was made with <code>--show-values</code>, so the',
    '“Value” column shows the raw values found. Do not upload, email or share this file; delete it when you are done.',
    '</div>',
  ].join('\n');
}

/** Files, bytes and the other totals of the summary. */
function summarySection(report: Report): string {
  const s = report.summary;
  const item = (id: string, label: string, value: string) => `<div><dt>${label}</dt><dd id="summary-${id}">${esc(value)}</dd></div>`;
  return [
    '<section aria-labelledby="h-summary"><h2 id="h-summary">Summary</h2>',
    '<dl class="summary">',
    item('findings', 'Findings', String(s.findings)),
    item('files', 'Files scanned', String(s.files)),
    item('bytes', 'Bytes scanned', humanBytes(s.bytes)),
    item('errors', 'Errors', String(s.errors)),
    item('warnings', 'Warnings', String(s.warnings)),
    item('suppressed', 'Suppressed', String(s.suppressed)),
    item('fail-on', 'Fails on', s.failOn),
    item('duration', 'Duration', `${s.durationMs} ms`),
    '</dl></section>',
  ].join('\n');
}

/** Counts by severity and by category, with a bar chart of the categories. */
function countsSection(report: Report): string {
  const bySeverity = countBy(report.findings, (f) => f.severity);
  const severityRows = SEVERITIES.map((sev) =>
    `<tr data-severity="${sev}"><th scope="row"><span class="sev sev-${sev}">${sev}</span></th><td>${bySeverity.get(sev) ?? 0}</td></tr>`);

  const byCategory = countBy(report.findings, (f) => f.category);
  const worst = new Map<string, Severity>();
  for (const f of report.findings) {
    const w = worst.get(f.category);
    if (w === undefined || rank(f.severity) < rank(w)) worst.set(f.category, f.severity);
  }
  const categories = [...byCategory.entries()].sort((a, b) => b[1] - a[1] || byCodeUnits(a[0], b[0]));
  const categoryRows = categories.map(([c, n]) =>
    `<tr data-category="${esc(c)}"><th scope="row"><button type="button" class="link" data-filter-category="${esc(c)}" title="Show only ${esc(c)} findings">${esc(c)}</button></th><td>${n}</td></tr>`);

  return [
    '<section aria-labelledby="h-counts"><h2 id="h-counts">What was found</h2>',
    '<div class="counts">',
    '<table id="by-severity"><caption>Findings by severity</caption>',
    '<thead><tr><th scope="col">Severity</th><th scope="col">Findings</th></tr></thead>',
    `<tbody>\n${severityRows.join('\n')}\n</tbody></table>`,
    '<table id="by-category"><caption>Findings by category (select one to filter the list)</caption>',
    '<thead><tr><th scope="col">Category</th><th scope="col">Findings</th></tr></thead>',
    categories.length ? `<tbody>\n${categoryRows.join('\n')}\n</tbody></table>` : '<tbody><tr><td colspan="2">none</td></tr></tbody></table>',
    categories.length ? barChart(categories, worst) : '',
    '</div></section>',
  ].join('\n');
}

/**
 * A horizontal bar chart as inline SVG. Sizes are SVG attributes, never `style` attributes,
 * because the page's policy allows only the hashed <style> element.
 */
function barChart(categories: [string, number][], worst: Map<string, Severity>): string {
  const max = Math.max(...categories.map(([, n]) => n));
  const label = 170;
  const barMax = 360;
  const step = 24;
  const height = categories.length * step + 8;
  const bars = categories.map(([c, n], i) => {
    const y = i * step + 4;
    const w = Math.max(2, Math.round((n / max) * barMax));
    return [
      `<g><text x="${label - 8}" y="${y + 15}" text-anchor="end">${esc(c)}</text>`,
      `<rect x="${label}" y="${y}" width="${w}" height="18" class="bar sev-${worst.get(c) ?? 'low'}"></rect>`,
      `<text x="${label + w + 6}" y="${y + 15}">${n}</text></g>`,
    ].join('');
  });
  return [
    `<figure class="chart"><svg id="category-chart" viewBox="0 0 ${label + barMax + 50} ${height}" width="100%" role="img" aria-labelledby="chart-title">`,
    '<title id="chart-title">Bar chart: findings by category, coloured by the most severe finding in each</title>',
    ...bars,
    '</svg><figcaption>Findings by category; colour: the most severe finding in each.</figcaption></figure>',
  ].join('\n');
}

/** Where the findings sit: one row per column or key, one column per file, shaded by count. */
function heatSection(findings: Finding[]): string {
  const head = '<section aria-labelledby="h-heat"><h2 id="h-heat">Where: files × columns</h2>';
  if (findings.length === 0) return `${head}\n<p>No findings.</p></section>`;
  const fileCounts = [...countBy(findings, (f) => f.file).entries()].sort((a, b) => b[1] - a[1] || byCodeUnits(a[0], b[0]));
  const shown = fileCounts.slice(0, HEAT_FILES).map(([f]) => f).sort(byCodeUnits);
  const others = fileCounts.length - shown.length;
  const column = new Map(shown.map((f, i) => [f, i] as const));
  const width = shown.length + (others > 0 ? 1 : 0);

  const grid = new Map<string, number[]>();
  for (const f of findings) {
    const key = fieldKey(f.field);
    let row = grid.get(key);
    if (!row) grid.set(key, (row = new Array<number>(width).fill(0)));
    row[column.get(f.file) ?? shown.length]! += 1;
  }
  // a loop, not Math.max(...cells): a big bundle has more cells than a call takes arguments
  let max = 0;
  for (const counts of grid.values()) for (const n of counts) max = Math.max(max, n);
  const rows = [...grid.entries()]
    .sort((a, b) => sum(b[1]) - sum(a[1]) || byCodeUnits(a[0], b[0]))
    .map(([key, counts]) => {
      const cells = counts.map((n) => (n === 0 ? '<td class="heat-0"></td>' : `<td class="heat-${Math.ceil((n / max) * 4)}">${n}</td>`));
      return `<tr><th scope="row">${esc(key)}</th>${cells.join('')}</tr>`;
    });
  const heads = shown.map((f) => `<th scope="col" class="file">${esc(f)}</th>`);
  if (others > 0) heads.push(`<th scope="col">${others} other file${others === 1 ? '' : 's'}</th>`);
  return [
    head,
    '<p>Findings per column (CSV header, JSON key path or HTML element) and file; darker cells hold more. JSON array indexes are merged as <code>[*]</code>.</p>',
    '<div class="scroll"><table id="heat" class="heat">',
    `<thead><tr><th scope="col">Column</th>${heads.join('')}</tr></thead>`,
    `<tbody>\n${rows.join('\n')}\n</tbody></table></div></section>`,
  ].join('\n');
}

/**
 * A finding's field as a heat-table row. JSON key paths carry real array indexes
 * (`$.cases[17].name`): merged as `[*]`, one key is one row instead of one row per record.
 */
function fieldKey(field: string | undefined): string {
  if (field === undefined || field === '') return '(no column)';
  return field.startsWith('$') ? field.replace(/\[\d+\]/g, '[*]') : field;
}

/** Every finding in one table, with the filters that hide and show its rows. */
function findingsSection(findings: Finding[], rules: Map<string, RuleMeta>, withValues: boolean): string {
  const n = findings.length;
  const rows = findings.map((f, i) => {
    const rule = rules.get(f.ruleId);
    const description = esc(rule?.description ?? `${f.category} (rule not loaded)`);
    // the longer "why" folds away: repeated on every row, it would bury the table
    const why = rule?.why ? `<details><summary>${description}</summary>${esc(rule.why)}</details>` : description;
    return [
      `<tr data-index="${i}">`,
      `<td class="loc">${esc(`${f.file}:${f.line}:${f.column}`)}</td>`,
      `<td class="field">${f.field === undefined ? '' : esc(f.field)}</td>`,
      `<td class="nowrap">${esc(f.category)}</td>`,
      `<td><span class="sev sev-${f.severity}">${esc(f.severity)}</span></td>`,
      `<td>${esc(f.confidence)}</td>`,
      `<td class="masked"><code>${esc(f.masked)}</code></td>`,
      withValues ? `<td class="raw"><code>${f.value === undefined ? '' : esc(f.value)}</code></td>` : '',
      `<td><code>${esc(f.ruleId)}</code></td>`,
      `<td class="why">${why}</td>`,
      '</tr>',
    ].join('');
  });
  return [
    '<section aria-labelledby="h-findings" id="findings"><h2 id="h-findings">Findings</h2>',
    // shown by the script: without it, the filters could not work
    '<div id="filters" class="filters" role="search" aria-label="Filter findings" hidden>',
    filterSelect('severity', 'Severity', 'All severities'),
    filterSelect('category', 'Category', 'All categories'),
    filterSelect('file', 'File', 'All files'),
    '<button type="button" id="filter-clear">Show all</button>',
    '</div>',
    `<p id="findings-count" aria-live="polite">Showing ${n} of ${n} finding${n === 1 ? '' : 's'}</p>`,
    '<div class="scroll"><table id="findings-table">',
    '<caption class="visually-hidden">Every finding, masked</caption>',
    '<thead><tr>',
    '<th scope="col">Location</th><th scope="col">Column</th><th scope="col">Category</th><th scope="col">Severity</th>',
    `<th scope="col">Confidence</th><th scope="col">Masked value</th>${withValues ? '<th scope="col">Value</th>' : ''}<th scope="col">Rule</th><th scope="col">What it is and why it matters</th>`,
    '</tr></thead>',
    `<tbody>\n${rows.join('\n')}\n</tbody></table></div>`,
    n === 0 ? '<p>No personal data found.</p>' : '',
    '</section>',
  ].join('\n');
}

/** A labelled, empty <select>; the script fills its options from the embedded data. */
function filterSelect(key: string, label: string, all: string): string {
  return `<label for="filter-${key}">${label}</label> <select id="filter-${key}"><option value="">${all}</option></select>`;
}

/** The errors or warnings as a table, or a line saying there are none. */
function problemsSection(id: string, title: string, problems: Problem[]): string {
  const head = `<section aria-labelledby="h-${id}" id="${id}"><h2 id="h-${id}">${title}</h2>`;
  if (problems.length === 0) return `${head}\n<p>None.</p></section>`;
  const rows = problems.map((p) => `<tr><td class="loc">${esc(p.file)}</td><td><code>${esc(p.code)}</code></td><td>${esc(p.message)}</td></tr>`);
  return [
    head,
    '<div class="scroll"><table>',
    '<thead><tr><th scope="col">File</th><th scope="col">Code</th><th scope="col">Message</th></tr></thead>',
    `<tbody>\n${rows.join('\n')}\n</tbody></table></div></section>`,
  ].join('\n');
}

const ENTITY: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

// Characters that are invisible or reorder text: C0 controls (bar tab, LF, CR), DEL and C1
// controls, and the Unicode bidi controls that "Trojan Source" (CVE-2021-42574) uses to make
// `report<U+202E>vsc.exe` read as `reportexe.csv`. Shown as escapes, so the report shows what is there.
const HIDDEN = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/**
 * Escapes text for element content and quoted attribute values (the five characters of the OWASP
 * XSS Prevention Cheat Sheet, "Output Encoding for HTML Contexts"), after making hidden characters visible.
 */
function esc(s: string): string {
  return visible(s).replace(/[&<>"']/g, (c) => ENTITY[c]!);
}

/** Shows hidden characters as `\xNN` or `\uNNNN`. */
function visible(s: string): string {
  return s.replace(HIDDEN, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * JSON that is safe inside a <script> element: `<`, `>` and `&` as \u escapes, so no `</script>`
 * or `<!--` can end or change the element (HTML §4.12.1.3 "Restrictions for contents of script
 * elements"), and U+2028/U+2029 too, which older JavaScript parsers took for line ends.
 */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A CSP hash source (`sha256-…`) of an inline script or style: base64 of the digest of its UTF-8 bytes. */
function sha256(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

/** How many items fall under each key, in first-seen order. */
function countBy<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of items) out.set(key(item), (out.get(key(item)) ?? 0) + 1);
  return out;
}

function rank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

function sum(ns: number[]): number {
  return ns.reduce((a, b) => a + b, 0);
}

/** Plain code-unit order, the order the JSON report sorts files in. */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Bytes in binary units with one decimal, and exactly (`2.7 KiB (2743 bytes)`). */
function humanBytes(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${n} bytes` : `${v.toFixed(1)} ${units[u]} (${n} bytes)`;
}

// The page's only script. It reads the embedded JSON with JSON.parse(textContent) and touches
// the page only through textContent, option values and the `hidden` property: never innerHTML,
// so nothing in the data can become markup (and Trusted Types would throw if it tried).
const SCRIPT = `
'use strict';
(() => {
  const data = JSON.parse(document.getElementById('leakgate-data').textContent);
  const rows = Array.from(document.querySelectorAll('#findings-table tbody tr'));
  const count = document.getElementById('findings-count');
  const keys = ['severity', 'category', 'file'];
  const order = { severity: ['critical', 'high', 'medium', 'low'] };
  const selects = {};
  for (const key of keys) {
    const select = document.getElementById('filter-' + key);
    selects[key] = select;
    const tally = new Map();
    for (const f of data.findings) tally.set(f[key], (tally.get(f[key]) || 0) + 1);
    const values = Array.from(tally.keys());
    if (order[key]) values.sort((a, b) => order[key].indexOf(a) - order[key].indexOf(b));
    else values.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const value of values) {
      const option = document.createElement('option');
      option.value = value;
      option.textContent = value + ' (' + tally.get(value) + ')';
      select.appendChild(option);
    }
    select.addEventListener('change', apply);
  }
  function apply() {
    let shown = 0;
    rows.forEach((row, i) => {
      const f = data.findings[i];
      const visible = keys.every((key) => selects[key].value === '' || selects[key].value === f[key]);
      row.hidden = !visible;
      if (visible) shown++;
    });
    count.textContent = 'Showing ' + shown + ' of ' + rows.length + ' finding' + (rows.length === 1 ? '' : 's');
  }
  for (const button of document.querySelectorAll('button[data-filter-category]')) {
    button.addEventListener('click', () => {
      selects.category.value = button.getAttribute('data-filter-category');
      apply();
      document.getElementById('findings').scrollIntoView();
    });
  }
  document.getElementById('filter-clear').addEventListener('click', () => {
    for (const key of keys) selects[key].value = '';
    apply();
  });
  document.getElementById('filters').hidden = false;
  apply();
})();
`;

const STYLE = `
:root { color-scheme: light dark; --fg: #1b1b1f; --bg: #fff; --muted: #5c5f66; --line: #d4d6db; --head: #f1f3f5;
  --critical: #b00020; --high: #c2410c; --medium: #8a6d00; --low: #3b5bdb; --ok: #2b8a3e;
  --h1: #fff4e6; --h2: #ffd8a8; --h3: #ffa94d; --h4: #e8590c; }
@media (prefers-color-scheme: dark) { :root { --fg: #e9ecef; --bg: #141517; --muted: #a6a7ab; --line: #373a40; --head: #25262b;
  --critical: #ff6b6b; --high: #ff922b; --medium: #fcc419; --low: #74c0fc; --ok: #69db7c;
  --h1: #3d2a12; --h2: #6b3d0e; --h3: #a8530c; --h4: #e8590c; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 80rem; padding: 1rem 1.5rem 3rem; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
h1 { font-size: 1.6rem; margin: .5rem 0; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
[hidden] { display: none !important; }
.status.ok { color: var(--ok); } .status.bad { color: var(--critical); }
#verdict { font-size: 1.05rem; margin: 0; }
.banner { margin: 1rem 0; padding: .75rem 1rem; border: 2px solid var(--critical); border-radius: 6px; color: var(--critical); font-weight: 500; }
.summary { display: grid; grid-template-columns: repeat(auto-fill, minmax(9rem, 1fr)); gap: .5rem; margin: 0; }
.summary div { border: 1px solid var(--line); border-radius: 6px; padding: .4rem .6rem; }
.summary dt { color: var(--muted); font-size: .8rem; } .summary dd { margin: 0; font-size: 1.15rem; font-weight: 600; }
#summary-bytes { font-size: .95rem; }
.counts { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }
.chart { flex: 1 1 28rem; margin: 0; } .chart figcaption { color: var(--muted); font-size: .8rem; }
.chart text { fill: var(--fg); font-size: 13px; }
table { border-collapse: collapse; font-size: .9rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
thead th { background: var(--head); position: sticky; top: 0; }
td:nth-child(2), #by-severity td, #by-category td { font-variant-numeric: tabular-nums; }
.scroll { overflow-x: auto; }
.loc, .file { overflow-wrap: anywhere; }
.why { max-width: 26rem; } .why details { color: var(--muted); } .why summary { color: var(--fg); cursor: pointer; }
.masked code, .raw code, .nowrap { white-space: nowrap; }
.loc { min-width: 12rem; } .field { overflow-wrap: anywhere; min-width: 8rem; max-width: 16rem; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .85rem; }
.sev { font-weight: 600; } .sev-critical { color: var(--critical); } .sev-high { color: var(--high); }
.sev-medium { color: var(--medium); } .sev-low { color: var(--low); }
rect.sev-critical { fill: var(--critical); } rect.sev-high { fill: var(--high); }
rect.sev-medium { fill: var(--medium); } rect.sev-low { fill: var(--low); }
.heat td { text-align: center; min-width: 3rem; font-variant-numeric: tabular-nums; }
.heat-1 { background: var(--h1); } .heat-2 { background: var(--h2); } .heat-3 { background: var(--h3); }
.heat-4 { background: var(--h4); color: #fff; }
.filters { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; margin: .5rem 0; }
.filters select { max-width: 22rem; }
button.link { background: none; border: 0; padding: 0; color: inherit; font: inherit; text-decoration: underline; cursor: pointer; }
.raw code { color: var(--critical); }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
footer { margin-top: 2rem; color: var(--muted); font-size: .8rem; }
`;
