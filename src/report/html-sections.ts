import { SEVERITIES, type Problem, type Severity, type Summary } from '../types.js';
import { esc, inlineMarkdown } from './html-escape.js';
import type { RuleMeta } from './rule-meta.js';

/** At most this many files get a column in the heat table; the rest share one "other files" column. */
const HEAT_FILES = 12;
/** At most this many columns get a row in the heat table; the rest are counted in a line below. */
const HEAT_ROWS = 40;

/** Counts of one key (a category, a file, a column): how many findings, in first-seen order. */
export type Tally = Map<string, number>;

/** Files, bytes and the other totals of the summary. */
export function summarySection(s: Summary): string {
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
    ...(s.ignored ? [item('ignored', 'Ignored by .leakgateignore', `${s.ignored.files} files, ${s.ignored.findings} findings`)] : []),
    item('fail-on', 'Fails on', s.failOn),
    item('duration', 'Duration', `${s.durationMs} ms`),
    '</dl></section>',
  ].join('\n');
}

/** Counts by severity and by category, with a bar chart of the categories coloured by their worst severity. */
export function countsSection(bySeverity: ReadonlyMap<Severity, number>, byCategory: Tally, worst: ReadonlyMap<string, Severity>): string {
  const severityRows = SEVERITIES.map((sev) =>
    `<tr data-severity="${sev}"><th scope="row"><span class="sev sev-${sev}">${sev}</span></th><td>${bySeverity.get(sev) ?? 0}</td></tr>`);
  const categories = sorted(byCategory);
  const categoryRows = categories.map(([c, n]) =>
    `<tr data-category="${esc(c)}"><th scope="row"><button type="button" class="link" data-filter-category="${esc(c)}" title="Show only ${esc(c)} findings">${esc(c)}</button></th><td>${n}</td></tr>`);
  return [
    '<section aria-labelledby="h-counts"><h2 id="h-counts">What was found</h2>',
    '<div class="counts">',
    '<table id="by-severity"><caption>Findings by severity</caption>',
    '<thead><tr><th scope="col">Severity</th><th scope="col">Findings</th></tr></thead>',
    `<tbody>\n${severityRows.join('\n')}\n</tbody></table>`,
    '<table id="by-category"><caption>Findings by category (select one to list them)</caption>',
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
function barChart(categories: [string, number][], worst: ReadonlyMap<string, Severity>): string {
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
    `<figure class="chart"><svg id="category-chart" viewBox="0 0 ${label + barMax + 60} ${height}" width="100%" role="img" aria-labelledby="chart-title">`,
    '<title id="chart-title">Bar chart: findings by category, coloured by the most severe finding in each</title>',
    ...bars,
    '</svg><figcaption>Findings by category; colour: the most severe finding in each.</figcaption></figure>',
  ].join('\n');
}

/** Where the findings sit: one row per column or key, one column per file, shaded by count. */
export function heatSection(byFile: Tally, cells: ReadonlyMap<string, Tally>): string {
  const head = '<section aria-labelledby="h-heat"><h2 id="h-heat">Where: files × columns</h2>';
  if (byFile.size === 0) return `${head}\n<p>No findings.</p></section>`;
  const shown = sorted(byFile).slice(0, HEAT_FILES).map(([f]) => f).sort(byCodeUnits);
  const others = byFile.size - shown.length;
  const rows = [...cells.entries()].map(([key, perFile]) => {
    const counts = shown.map((f) => perFile.get(f) ?? 0);
    if (others > 0) counts.push([...perFile].reduce((n, [f, c]) => n + (shown.includes(f) ? 0 : c), 0));
    return { key, counts, total: [...perFile.values()].reduce((a, b) => a + b, 0) };
  }).sort((a, b) => b.total - a.total || byCodeUnits(a.key, b.key));
  const top = rows.slice(0, HEAT_ROWS);
  // a loop, not Math.max(...cells): a big bundle has more cells than a call takes arguments
  let max = 0;
  for (const r of top) for (const n of r.counts) max = Math.max(max, n);
  const body = top.map(({ key, counts }) => {
    const tds = counts.map((n) => (n === 0 ? '<td class="heat-0"></td>' : `<td class="heat-${Math.ceil((n / max) * 4)}">${n}</td>`));
    return `<tr><th scope="row">${esc(key)}</th>${tds.join('')}</tr>`;
  });
  const heads = shown.map((f) => `<th scope="col" class="file">${esc(f)}</th>`);
  if (others > 0) heads.push(`<th scope="col">${others} other file${others === 1 ? '' : 's'}</th>`);
  const more = rows.length - top.length;
  return [
    head,
    '<p>Findings per column (CSV header, JSON key path or HTML element) and file; darker cells hold more. JSON array indexes are merged as <code>[*]</code>.</p>',
    '<div class="scroll"><table id="heat" class="heat">',
    `<thead><tr><th scope="col">Column</th>${heads.join('')}</tr></thead>`,
    `<tbody>\n${body.join('\n')}\n</tbody></table></div>`,
    more > 0 ? `<p>${more} more column${more === 1 ? '' : 's'} with fewer findings are in the list below.</p>` : '',
    '</section>',
  ].join('\n');
}

/**
 * A finding's field as a heat-table row. JSON key paths carry real array indexes
 * (`$.cases[17].name`): merged as `[*]`, one key is one row instead of one row per record.
 */
export function fieldKey(field: string | undefined): string {
  if (field === undefined || field === '') return '(no column)';
  return field.startsWith('$') ? field.replace(/\[\d+\]/g, '[*]') : field;
}

/** Each rule that found something, once: what it finds and why it matters, its Markdown rendered. */
export function rulesSection(byRule: Tally, rules: ReadonlyMap<string, RuleMeta>, categoryOf: ReadonlyMap<string, string>): string {
  const head = '<section aria-labelledby="h-rules" id="rules"><h2 id="h-rules">Why it matters</h2>';
  if (byRule.size === 0) return `${head}\n<p>No rule found anything.</p></section>`;
  const cards = sorted(byRule).map(([id, n]) => {
    const rule = rules.get(id);
    const category = rule?.category ?? categoryOf.get(id) ?? '';
    const severity = rule?.severity;
    return [
      '<article class="rule">',
      `<h3><code>${esc(id)}</code>${severity ? ` <span class="sev sev-${severity}">${severity}</span>` : ''}</h3>`,
      `<p class="meta">${esc(category)} · <button type="button" class="link" data-filter-rule="${esc(id)}" title="List the findings of ${esc(id)}">${n} finding${n === 1 ? '' : 's'}</button></p>`,
      `<p>${rule ? inlineMarkdown(rule.description) : `${esc(category)} (rule not loaded)`}</p>`,
      rule?.why ? `<p class="why">${inlineMarkdown(rule.why)}</p>` : '',
      '</article>',
    ].filter(Boolean).join('');
  });
  return [head, '<p>Each rule that found something: what it looks for and why that matters. Its findings are listed below.</p>', `<div class="rules">\n${cards.join('\n')}\n</div></section>`].join('\n');
}

/** The list of findings: filters, a pager, and a table the script fills one page at a time. */
export function findingsSection(total: number, withValues: boolean): string {
  const filter = (key: string, label: string, all: string) => `<span><label for="filter-${key}">${label}</label> <select id="filter-${key}"><option value="">${all}</option></select></span>`;
  const pageButton = (id: string, text: string) => `<button type="button" id="page-${id}">${text}</button>`;
  const columns = ['Location', 'Column', 'Category', 'Severity', 'Confidence', 'Masked value', ...(withValues ? ['Value'] : []), 'Rule'];
  return [
    '<section aria-labelledby="h-findings" id="findings"><h2 id="h-findings">Findings</h2>',
    // shown by the script: without it, filters and pages could not work
    '<div id="filters" class="filters" role="search" aria-label="Filter findings" data-needs-script hidden>',
    filter('severity', 'Severity', 'All severities'),
    filter('category', 'Category', 'All categories'),
    filter('file', 'File', 'All files'),
    filter('rule', 'Rule', 'All rules'),
    '<button type="button" id="filter-clear">Show all</button>',
    '</div>',
    `<p id="findings-count" aria-live="polite">${total} finding${total === 1 ? '' : 's'}</p>`,
    '<noscript><p>The list of findings needs JavaScript; the counts above do not.</p></noscript>',
    '<table id="findings-table">',
    '<caption class="visually-hidden">The findings, masked, one page at a time</caption>',
    `<thead><tr>${columns.map((c) => `<th scope="col">${c}</th>`).join('')}</tr></thead>`,
    '<tbody></tbody></table>',
    `<nav id="pager" class="pager" aria-label="Pages of findings" hidden>${pageButton('first', 'First')}${pageButton('prev', 'Previous')}<span id="page-info"></span>${pageButton('next', 'Next')}${pageButton('last', 'Last')}</nav>`,
    total === 0 ? '<p>No personal data found.</p>' : '',
    '</section>',
  ].join('\n');
}

/** The errors or warnings as a table, or a line saying there are none. */
export function problemsSection(id: string, title: string, problems: Problem[]): string {
  const head = `<section aria-labelledby="h-${id}" id="${id}"><h2 id="h-${id}">${title}</h2>`;
  if (problems.length === 0) return `${head}\n<p>None.</p></section>`;
  const rows = problems.map((p) => `<tr><td>${esc(p.file)}</td><td><code>${esc(p.code)}</code></td><td>${esc(p.message)}</td></tr>`);
  return [
    head,
    '<div class="scroll"><table>',
    '<thead><tr><th scope="col">File</th><th scope="col">Code</th><th scope="col">Message</th></tr></thead>',
    `<tbody>\n${rows.join('\n')}\n</tbody></table></div></section>`,
  ].join('\n');
}

/** Entries by count, most first, then by name. */
export function sorted(tally: Tally): [string, number][] {
  return [...tally.entries()].sort((a, b) => b[1] - a[1] || byCodeUnits(a[0], b[0]));
}

/** Plain code-unit order, the order the JSON report sorts files in. */
export function byCodeUnits(a: string, b: string): number {
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
