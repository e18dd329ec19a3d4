// The HTML report's only script and style, inlined in the page and allowed by its CSP by hash.

/** Findings per page of the list: a page of 40,000 rows would take seconds to lay out. */
export const PAGE_SIZE = 100;

/** The columns of a finding in the embedded data (a compact array per finding, strings by index). */
export const COLUMN = { file: 0, line: 1, column: 2, field: 3, rule: 4, category: 5, severity: 6, confidence: 7, masked: 8, value: 9 } as const;

// The page's only script. It reads the embedded JSON with JSON.parse(textContent), keeps the
// findings that pass the filters, and builds one page of rows at a time with createElement and
// textContent: never innerHTML, so nothing in the data can become markup (and Trusted Types
// would throw if it tried).
export const SCRIPT = `
'use strict';
(() => {
  const data = JSON.parse(document.getElementById('leakgate-data').textContent);
  const C = ${JSON.stringify(COLUMN)};
  const PAGE = ${PAGE_SIZE};
  const all = data.findings;
  const tbody = document.querySelector('#findings-table tbody');
  const count = document.getElementById('findings-count');
  const pager = document.getElementById('pager');
  const pageInfo = document.getElementById('page-info');
  const buttons = { first: 0, prev: 0, next: 0, last: 0 };
  for (const b of Object.keys(buttons)) buttons[b] = document.getElementById('page-' + b);
  // each filter: the names of its values (the data holds their indexes); options carry the names
  const filters = { severity: data.severities, category: data.categories, file: data.files, rule: data.rules };
  const selects = {};
  const indexOf = {};
  for (const key of Object.keys(filters)) {
    const select = document.getElementById('filter-' + key);
    selects[key] = select;
    const names = filters[key];
    indexOf[key] = new Map(names.map((name, i) => [name, i]));
    const tally = new Map();
    for (const f of all) tally.set(f[C[key]], (tally.get(f[C[key]]) || 0) + 1);
    const values = Array.from(tally.keys());
    // severities in their order, the rest by name
    if (key === 'severity') values.sort((a, b) => a - b);
    else values.sort((a, b) => (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0));
    for (const value of values) {
      const option = document.createElement('option');
      option.value = names[value];
      option.textContent = names[value] + ' (' + tally.get(value) + ')';
      select.appendChild(option);
    }
    select.addEventListener('change', apply);
  }
  const labels = Array.from(document.querySelectorAll('#findings-table thead th')).map((th) => th.textContent);
  let shown = [];
  let page = 0;
  function apply() {
    const want = Object.keys(selects).filter((k) => selects[k].value !== '').map((k) => [C[k], indexOf[k].get(selects[k].value)]);
    shown = want.length === 0 ? all : all.filter((f) => want.every(([c, v]) => f[c] === v));
    page = 0;
    render();
  }
  function cell(row, text, className, code) {
    const td = document.createElement('td');
    td.setAttribute('data-label', labels[row.children.length]);
    if (className) td.className = className;
    if (code) {
      const c = document.createElement('code');
      c.textContent = text;
      td.appendChild(c);
    } else td.textContent = text;
    row.appendChild(td);
    return td;
  }
  function render() {
    const pages = Math.max(1, Math.ceil(shown.length / PAGE));
    const start = page * PAGE;
    const end = Math.min(shown.length, start + PAGE);
    const rows = document.createDocumentFragment();
    for (let i = start; i < end; i++) {
      const f = shown[i];
      const tr = document.createElement('tr');
      cell(tr, data.files[f[C.file]] + ':' + f[C.line] + ':' + f[C.column], 'loc');
      cell(tr, f[C.field] < 0 ? '' : data.fields[f[C.field]], 'field');
      cell(tr, data.categories[f[C.category]], 'nowrap');
      const sev = data.severities[f[C.severity]];
      const badge = document.createElement('span');
      badge.className = 'sev sev-' + sev;
      badge.textContent = sev;
      cell(tr, '', '').appendChild(badge);
      cell(tr, data.confidences[f[C.confidence]], '');
      cell(tr, f[C.masked], 'masked', true);
      if (data.withValues) cell(tr, f[C.value] === undefined ? '' : f[C.value], 'raw', true);
      cell(tr, data.rules[f[C.rule]], 'rule', true);
      rows.appendChild(tr);
    }
    tbody.replaceChildren(rows);
    count.textContent = 'Showing ' + shown.length + ' of ' + all.length + ' finding' + (all.length === 1 ? '' : 's');
    pager.hidden = pages === 1;
    pageInfo.textContent = 'Page ' + (page + 1) + ' of ' + pages + ' (rows ' + (shown.length ? start + 1 : 0) + '–' + end + ')';
    buttons.first.disabled = buttons.prev.disabled = page === 0;
    buttons.next.disabled = buttons.last.disabled = page >= pages - 1;
  }
  const go = (p) => () => {
    const pages = Math.max(1, Math.ceil(shown.length / PAGE));
    page = Math.min(pages - 1, Math.max(0, p()));
    render();
  };
  buttons.first.addEventListener('click', go(() => 0));
  buttons.prev.addEventListener('click', go(() => page - 1));
  buttons.next.addEventListener('click', go(() => page + 1));
  buttons.last.addEventListener('click', go(() => Infinity));
  function only(key, value) {
    for (const k of Object.keys(selects)) selects[k].value = '';
    selects[key].value = value;
    apply();
    document.getElementById('findings').scrollIntoView();
  }
  for (const button of document.querySelectorAll('button[data-filter-category]')) {
    button.addEventListener('click', () => only('category', button.getAttribute('data-filter-category')));
  }
  for (const button of document.querySelectorAll('button[data-filter-rule]')) {
    button.addEventListener('click', () => only('rule', button.getAttribute('data-filter-rule')));
  }
  document.getElementById('filter-clear').addEventListener('click', () => {
    for (const k of Object.keys(selects)) selects[k].value = '';
    apply();
  });
  for (const hidden of document.querySelectorAll('[data-needs-script]')) hidden.hidden = false;
  apply();
})();
`;

/** The page's only style sheet: readable from 360 px up, light and dark. */
export const STYLE = `
:root { color-scheme: light dark; --fg: #1b1b1f; --bg: #fff; --muted: #5c5f66; --line: #d4d6db; --head: #f1f3f5;
  --critical: #b00020; --high: #c2410c; --medium: #8a6d00; --low: #3b5bdb; --ok: #2b8a3e;
  --h1: #fff4e6; --h2: #ffd8a8; --h3: #ffa94d; --h4: #e8590c; }
@media (prefers-color-scheme: dark) { :root { --fg: #e9ecef; --bg: #141517; --muted: #a6a7ab; --line: #373a40; --head: #25262b;
  --critical: #ff6b6b; --high: #ff922b; --medium: #fcc419; --low: #74c0fc; --ok: #69db7c;
  --h1: #3d2a12; --h2: #6b3d0e; --h3: #a8530c; --h4: #e8590c; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 90rem; padding: 1rem clamp(.5rem, 3vw, 1.5rem) 3rem; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); overflow-wrap: break-word; }
h1 { font-size: 1.6rem; margin: .5rem 0; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
h3 { font-size: 1rem; margin: 0 0 .25rem; }
[hidden] { display: none !important; }
.status.ok { color: var(--ok); } .status.bad { color: var(--critical); }
#verdict { font-size: 1.05rem; margin: 0; }
.banner { margin: 1rem 0; padding: .75rem 1rem; border: 2px solid var(--critical); border-radius: 6px; color: var(--critical); font-weight: 500; }
.summary { display: grid; grid-template-columns: repeat(auto-fill, minmax(9rem, 1fr)); gap: .5rem; margin: 0; }
.summary div { border: 1px solid var(--line); border-radius: 6px; padding: .4rem .6rem; }
.summary dt { color: var(--muted); font-size: .8rem; } .summary dd { margin: 0; font-size: 1.15rem; font-weight: 600; }
#summary-bytes { font-size: .95rem; }
.counts { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }
.chart { flex: 1 1 20rem; min-width: 0; margin: 0; } .chart svg { max-width: 100%; height: auto; } .chart figcaption { color: var(--muted); font-size: .8rem; }
.chart text { fill: var(--fg); font-size: 13px; }
table { border-collapse: collapse; font-size: .9rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
thead th { background: var(--head); }
#by-severity td, #by-category td, .heat td { font-variant-numeric: tabular-nums; }
.scroll { overflow-x: auto; max-width: 100%; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .85rem; }
.sev { font-weight: 600; } .sev-critical { color: var(--critical); } .sev-high { color: var(--high); }
.sev-medium { color: var(--medium); } .sev-low { color: var(--low); }
rect.sev-critical { fill: var(--critical); } rect.sev-high { fill: var(--high); }
rect.sev-medium { fill: var(--medium); } rect.sev-low { fill: var(--low); }
.heat th.file { overflow-wrap: anywhere; min-width: 6rem; max-width: 14rem; }
.heat td { text-align: center; min-width: 3rem; }
.heat-1 { background: var(--h1); } .heat-2 { background: var(--h2); } .heat-3 { background: var(--h3); }
.heat-4 { background: var(--h4); color: #fff; }
.rules { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 24rem), 1fr)); gap: .75rem; }
.rule { border: 1px solid var(--line); border-radius: 6px; padding: .6rem .8rem; }
.rule p { margin: .25rem 0; } .rule .why { color: var(--muted); } .rule .meta { font-size: .85rem; color: var(--muted); }
.filters, .pager { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; margin: .5rem 0; }
.filters select { max-width: min(22rem, 100%); }
button.link { background: none; border: 0; padding: 0; color: inherit; font: inherit; text-decoration: underline; cursor: pointer; text-align: left; }
#findings-table { width: 100%; }
#findings-table td { overflow-wrap: anywhere; }
#findings-table .masked code, #findings-table .raw code, #findings-table .rule code, .nowrap { white-space: nowrap; }
.raw code { color: var(--critical); }
.next li { margin: .4rem 0; } .next pre { margin: .25rem 0; padding: .4rem .6rem; background: var(--head); border-radius: 4px; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
footer { margin-top: 2rem; color: var(--muted); font-size: .8rem; }
/* narrow screens: each finding is a card of labelled lines, so nothing runs off the right edge */
@media (max-width: 56rem) {
  #findings-table thead { display: none; }
  #findings-table, #findings-table tbody, #findings-table tr, #findings-table td { display: block; }
  #findings-table tr { border: 1px solid var(--line); border-radius: 6px; margin: .5rem 0; padding: .3rem .6rem; }
  #findings-table td { border: 0; padding: .1rem 0; display: grid; grid-template-columns: 7.5rem minmax(0, 1fr); gap: .5rem; }
  #findings-table td::before { content: attr(data-label); color: var(--muted); font-size: .8rem; }
  #findings-table .masked code, #findings-table .raw code, #findings-table .rule code { white-space: normal; }
}
`;
