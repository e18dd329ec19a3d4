// The HTML report in a real browser: Debian's chromium driven by playwright-core (never a
// downloaded browser: this machine reaches no browser CDN). npm test obtains chromium, so a
// missing one fails these tests instead of skipping them.
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { SEVERITIES, type Report } from '../../src/types.js';
import { cli, tree } from '../helpers/cli.js';
import { root } from '../helpers/leaky-report.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.join(root, 'test-artifacts');
const TIMEOUT = 60_000;

const planted: string[] = JSON.parse(readFileSync(path.join(root, '__tests__/fixtures/leaky-bundle-planted.json'), 'utf8')).values;

let browser: Browser | undefined;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (npm test does, as root)`);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    // Root has no sandbox here; the network flags stop chromium's background calls, which this
    // machine's closed network refuses (see the env notes on node machines).
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  mkdirSync(ARTIFACTS, { recursive: true });
}, TIMEOUT);

afterAll(async () => {
  await browser?.close();
});

interface Opened {
  page: Page;
  /** Console errors, uncaught page errors, dialogs and CSP violations seen so far. */
  trouble: string[];
}

/** Opens a report file from file://, recording anything that went wrong or ran. */
async function open(file: string, width = 1280): Promise<Opened> {
  const page = await browser!.newPage({ viewport: { width, height: 900 } });
  const trouble: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') trouble.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => trouble.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    trouble.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  // init scripts come from the driver, not the page, so the page's policy does not block this one
  await page.addInitScript(`
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
  `);
  await page.goto(pathToFileURL(file).href);
  return { page, trouble };
}

/** CSP violations the page reported. */
async function violations(page: Page): Promise<string[]> {
  return page.evaluate('window.__violations') as Promise<string[]>;
}

/** How many findings of each value of `key` a report has. */
function tally(report: Report, key: 'severity' | 'category' | 'file'): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of report.findings) out.set(f[key], (out.get(f[key]) ?? 0) + 1);
  return out;
}

test('the leaky example: verdict, counts, no raw value, filters, screenshot', async () => {
  const out = tree({});
  const html = path.join(out, 'report.html');
  const run = await cli(['scan', 'examples/leaky-bundle', '-o', html], { cwd: root });
  expect(run.code).toBe(1);
  const json = await cli(['scan', 'examples/leaky-bundle', '-o', path.join(out, 'report.json')], { cwd: root });
  const report: Report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'));
  expect(report.summary.findings).toBeGreaterThan(10);

  const { page, trouble } = await open(html);
  try {
    expect(await page.locator('h1').innerText()).toBe('leakgate report: FAILED');
    // the verdict is the line the CLI printed on stderr
    expect(await page.locator('#verdict').innerText()).toBe(run.stderr.trim());
    expect(run.stderr.trim()).toBe(json.stderr.trim());

    const s = report.summary;
    for (const [id, value] of [['findings', s.findings], ['files', s.files], ['errors', s.errors], ['warnings', s.warnings], ['suppressed', s.suppressed]] as const) {
      expect([id, await page.locator(`#summary-${id}`).innerText()]).toEqual([id, String(value)]);
    }
    expect(await page.locator('#summary-bytes').innerText()).toContain(`${s.bytes} bytes`);
    const bySeverity = tally(report, 'severity');
    for (const sev of SEVERITIES) {
      expect([sev, await page.locator(`#by-severity tr[data-severity="${sev}"] td`).innerText()]).toEqual([sev, String(bySeverity.get(sev) ?? 0)]);
    }
    const byCategory = tally(report, 'category');
    const shownCategories = await page.locator('#by-category tbody tr').evaluateAll((rows) =>
      rows.map((r) => [r.getAttribute('data-category'), r.querySelector('td')!.textContent]));
    expect(new Map(shownCategories as [string, string][])).toEqual(new Map([...byCategory].map(([c, n]) => [c, String(n)])));
    expect(await page.locator('#findings-table tbody tr:visible').count()).toBe(s.findings);
    expect(await page.locator('#findings-count').innerText()).toBe(`Showing ${s.findings} of ${s.findings} findings`);

    // No planted value anywhere, in the markup or in what a person sees
    const markup = (await page.evaluate('document.documentElement.outerHTML')) as string;
    const seen = (await page.evaluate('document.body.innerText')) as string;
    for (const value of planted) {
      expect([value, markup.includes(value)]).toEqual([value, false]);
      expect([value, seen.includes(value)]).toEqual([value, false]);
    }

    await page.screenshot({ path: path.join(ARTIFACTS, 'html-report.png'), fullPage: true });

    // a category filter shows exactly that category's rows, and says how many
    const [category, count] = [...byCategory].find(([, n]) => n > 1 && n < s.findings)!;
    await page.locator(`button[data-filter-category="${category}"]`).click();
    const visible = page.locator('#findings-table tbody tr:visible');
    expect(await visible.count()).toBe(count);
    expect(new Set(await visible.locator('td:nth-child(3)').allInnerTexts())).toEqual(new Set([category]));
    expect(await page.locator('#findings-count').innerText()).toBe(`Showing ${count} of ${s.findings} findings`);
    expect(await page.locator('#filter-category').inputValue()).toBe(category);
    expect(await page.locator('#pager').isVisible()).toBe(false);
    await page.screenshot({ path: path.join(ARTIFACTS, 'html-report-filtered.png') });

    // the filters combine: a file and a severity as well
    const [file] = [...tally(report, 'file')][0]!;
    await page.locator('#filter-file').selectOption(file);
    const both = report.findings.filter((f) => f.category === category && f.file === file).length;
    expect(await visible.count()).toBe(both);
    await page.locator('#filter-category').selectOption('');
    expect(await visible.count()).toBe(tally(report, 'file').get(file));
    await page.locator('#filter-severity').selectOption('critical');
    expect(await visible.count()).toBe(report.findings.filter((f) => f.file === file && f.severity === 'critical').length);
    await page.locator('#filter-clear').click();
    expect(await visible.count()).toBe(s.findings);

    expect(await violations(page)).toEqual([]);
    expect(trouble).toEqual([]);
  } finally {
    await page.close();
  }
}, TIMEOUT);

test('markup and script in the data: nothing injected runs or renders', async () => {
  const IMG = '<img src=x onerror="window.__pwned=1">';
  const BREAKOUT = '</script><script>window.__pwned=2</script>';
  const SVG = '"><svg onload=window.__pwned=3>';
  const bundle = tree({
    // each payload sits in a header (so in a finding's field) next to real personal data
    'cases.csv': [
      `Reference,Victim name ${IMG.replace(/"/g, '')},"${BREAKOUT} NI number","${SVG.replace(/"/g, '""')} email"`,
      `1,"Jane Example ${IMG.replace(/"/g, '""')}","JM 45 67 89 C ${BREAKOUT}","jane.example@example.com${SVG.replace(/"/g, '""')}"`,
      '',
    ].join('\n'),
    // a file name is a finding's location
    '"><img src=x onerror=window.__pwned=4>.csv': 'Victim name,Notes\nJane Example,"NI number JM 45 67 89 C <img src=x onerror=window.__pwned=7>"\n',
    'keys.json': JSON.stringify({ '<img src=x onerror=window.__pwned=5> email': 'jane.example@example.com', victim: { name: 'Jane Example</script><script>window.__pwned=6</script>' } }),
  });
  const html = path.join(bundle, 'report.html');
  const run = await cli(['scan', '.', '--exclude', 'report.html', '-o', html], { cwd: bundle });
  expect(run.code).toBe(1);

  const { page, trouble } = await open(html);
  try {
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    expect(await page.locator('img').count()).toBe(0);
    // the bar chart is the page's only svg, and no element has an event handler attribute
    expect(await page.locator('svg').evaluateAll((svgs) => svgs.map((e) => e.id))).toEqual(['category-chart']);
    const handlers = await page.locator('*').evaluateAll((els) =>
      els.flatMap((e) => Array.from(e.attributes as ArrayLike<{ name: string }>).filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName} ${a.name}`)));
    expect(handlers).toEqual([]);
    expect(await page.locator('script').count()).toBe(2);

    // the payloads are there, as text the analyst can read
    const cells = await page.locator('#findings-table td').allInnerTexts();
    expect(cells).toContain(`Victim name ${IMG.replace(/"/g, '')}`);
    expect(cells).toContain(`${BREAKOUT} NI number`);
    expect(cells).toContain(`${SVG} email`);
    expect(cells.some((c) => c.startsWith('"><img src=x onerror=window.__pwned=4>.csv:'))).toBe(true);
    expect(cells).toContain('$["<img src=x onerror=window.__pwned=5> email"]');
    // the file filter lists the hostile file name as plain option text
    expect(await page.locator('#filter-file option').allInnerTexts()).toContain('"><img src=x onerror=window.__pwned=4>.csv (3)');

    // the filters still work, and filtering adds no element either
    await page.locator('#filter-file').selectOption('"><img src=x onerror=window.__pwned=4>.csv');
    expect(await page.locator('#findings-table tbody tr:visible').count()).toBe(3);
    await page.screenshot({ path: path.join(ARTIFACTS, 'html-report-injection.png'), fullPage: true });
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');

    // the page's own script and style ran under its policy without a single violation
    expect(await violations(page)).toEqual([]);
    expect(trouble).toEqual([]);
  } finally {
    await page.close();
  }
}, TIMEOUT);

/**
 * What runs past the right edge of the viewport: the page itself, or any element outside the
 * boxes that scroll on their own (the heat and error tables, which are matrices).
 */
async function overflow(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const width = document.documentElement.clientWidth;
    const out = [];
    if (document.documentElement.scrollWidth > width) out.push('page ' + document.documentElement.scrollWidth + ' > ' + width);
    for (const e of document.querySelectorAll('body *')) {
      if (e.closest('.scroll, .visually-hidden')) continue;
      const r = e.getBoundingClientRect();
      if (r.right > width + 0.5 || e instanceof HTMLElement && e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0 && getComputedStyle(e).overflowX === 'visible') out.push(e.tagName + '.' + e.getAttribute('class') + ' ' + Math.round(r.right) + ' > ' + width);
    }
    return out;
  })()`) as Promise<string[]>;
}

test.each([['narrow', 360], ['wide', 1920]] as const)('readable at a %s width (%i px): nothing cut off, the why rendered, next steps at the end', async (name, width) => {
  const out = tree({});
  const html = path.join(out, 'report.html');
  expect((await cli(['scan', 'examples/leaky-bundle', '-o', html], { cwd: root })).code).toBe(1);
  const { page, trouble } = await open(html, width);
  try {
    expect(await overflow(page)).toEqual([]);
    // a finding's cells are all on screen: at a narrow width as a card of labelled lines
    const first = page.locator('#findings-table tbody tr').first();
    const labels = await first.locator('td').evaluateAll((tds) => tds.map((td) => td.getAttribute('data-label')));
    expect(labels).toEqual(['Location', 'Column', 'Category', 'Severity', 'Confidence', 'Masked value', 'Rule']);
    const display = await page.evaluate(`getComputedStyle(document.querySelector('#findings-table tbody tr')).display`);
    expect(display).toBe(name === 'narrow' ? 'block' : 'table-row');
    // the why: Markdown rendered, no backtick left, in full
    const rules = page.locator('#rules');
    expect(await rules.locator('.rule code').count()).toBeGreaterThan(10);
    expect(await rules.innerText()).not.toContain('`');
    expect(await rules.locator('.rule', { hasText: 'uk-identifiers.nino' }).innerText()).toMatch(/National Insurance number/);
    // next steps end the page, with commands for this bundle
    const next = page.locator('#next-steps');
    expect(await next.innerText()).toContain('leakgate redact examples/leaky-bundle --out examples/leaky-bundle-redacted');
    expect(await page.evaluate(`document.querySelector('main').lastElementChild.id`)).toBe('next-steps');
    await page.screenshot({ path: path.join(ARTIFACTS, `html-report-${name}.png`), fullPage: true });
    // a rule card's count lists that rule's findings
    await page.locator('button[data-filter-rule="uk-identifiers.nino"]').click();
    expect(await page.locator('#findings-table tbody tr').count()).toBe(2);
    expect(await page.locator('#filter-rule').inputValue()).toBe('uk-identifiers.nino');
    expect(await violations(page)).toEqual([]);
    expect(trouble).toEqual([]);
  } finally {
    await page.close();
  }
}, TIMEOUT);

test('40,000 findings: a page under 5 MB that works, a page of rows at a time', async () => {
  // 20,000 rows, each with a (fictional) telephone number and e-mail address: 40,002 findings
  // with the two column headers
  const rows = Array.from({ length: 20_000 }, (_, i) => `ASB/${i},07700 900${String(i % 1000).padStart(3, '0')},resident.${i}@example.com`);
  const bundle = tree({ 'export.csv': `Ref,Contact number,Email\n${rows.join('\n')}\n` });
  const html = path.join(bundle, 'report.html');
  const run = await cli(['scan', 'export.csv', '-o', html], { cwd: bundle });
  expect(run.code).toBe(1);
  const total = 40_002;
  expect(run.stderr).toMatch(new RegExp(`^leakgate: ${total} findings`));
  const bytes = statSync(html).size;
  expect(bytes).toBeLessThan(5 * 1024 * 1024);

  for (const width of [1280, 360]) {
    const started = Date.now();
    const { page, trouble } = await open(html, width);
    try {
      // measured, not asserted (timings depend on the machine): the load time goes to the log
      const loaded = (await page.evaluate(`performance.getEntriesByType('navigation')[0].loadEventEnd`)) as number;
      console.log(`HTML report, ${total} findings, ${(bytes / 1048576).toFixed(2)} MB, ${width} px: loaded in ${Math.round(loaded)} ms (${Date.now() - started} ms with opening the tab)`);
      const count = page.locator('#findings-count');
      const info = page.locator('#page-info');
      const body = page.locator('#findings-table tbody tr');
      expect(await count.innerText()).toBe(`Showing ${total} of ${total} findings`);
      expect(await info.innerText()).toBe('Page 1 of 401 (rows 1–100)');
      expect(await body.count()).toBe(100);
      expect(await body.first().locator('td').first().innerText()).toBe('export.csv:1:5');
      await page.locator('#page-next').click();
      expect(await info.innerText()).toBe('Page 2 of 401 (rows 101–200)');
      await page.locator('#page-last').click();
      expect(await info.innerText()).toBe('Page 401 of 401 (rows 40001–40002)');
      expect(await body.count()).toBe(2);
      expect(await page.locator('#page-next').isDisabled()).toBe(true);
      expect(await body.last().locator('td').first().innerText()).toBe('export.csv:20001:24');
      await page.locator('#filter-category').selectOption('email');
      expect(await count.innerText()).toBe(`Showing 20000 of ${total} findings`);
      expect(await info.innerText()).toBe('Page 1 of 200 (rows 1–100)');
      expect(new Set(await body.locator('td:nth-child(3)').allInnerTexts())).toEqual(new Set(['email']));
      expect(await overflow(page)).toEqual([]);
      if (width === 360) await page.screenshot({ path: path.join(ARTIFACTS, 'html-report-40000-narrow.png') });
      expect(await violations(page)).toEqual([]);
      expect(trouble).toEqual([]);
    } finally {
      await page.close();
    }
  }
}, 120_000);
