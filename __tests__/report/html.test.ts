import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cli, tree } from '../helpers/cli.js';
import path from 'node:path';
import { DomUtils, parseDocument } from 'htmlparser2';
import type { Element } from 'domhandler';
import { formatHtml } from '../../src/report/html.js';
import type { RuleMeta } from '../../src/report/rule-meta.js';
import type { Finding, Report } from '../../src/types.js';
import { root, scanLeakyBundle } from '../helpers/leaky-report.js';

const IMG = '<img src=x onerror="window.__pwned=1">';
const BREAKOUT = '</script><script>window.__pwned=2</script>';
const SVG = '"><svg onload=window.__pwned=3>';
const QUOTES = `it's "quoted" & <b>bold</b>`;
const COMMENT = '<!-- <script>';

const base = { confidence: 'high' as const, fingerprint: 'sha256:00', line: 1, column: 1 };
const findings: Finding[] = [
  { ...base, ruleId: 'uk.nino', category: 'nino', severity: 'critical', file: `bundle/${SVG}.csv`, line: 7, column: 31, field: IMG, masked: 'JM ** ** ** C' },
  { ...base, ruleId: 'evil.rule', category: 'phone', severity: 'high', file: `bundle/${BREAKOUT}\u2028x.csv`, field: BREAKOUT, masked: BREAKOUT },
  { ...base, ruleId: `rule-${IMG}`, category: 'email', severity: 'medium', file: `bundle/a&b.json`, field: `$.cases[3].${QUOTES}`, masked: SVG },
  { ...base, ruleId: 'uk.nino', category: 'nino', severity: 'critical', file: 'bundle/a&b.json', field: `$.cases[4].${QUOTES}`, masked: COMMENT },
];
const rules: RuleMeta[] = [
  { id: 'uk.nino', packId: 'uk', category: 'nino', severity: 'critical', description: `National Insurance number ${IMG}`, why: `Why: ${BREAKOUT}` },
  { id: 'evil.rule', packId: 'evil', category: 'phone', severity: 'high', description: SVG },
];
const report: Report = {
  version: 1,
  tool: { name: 'leakgate', version: '1.2.3' },
  summary: { files: 3, bytes: 100, findings: findings.length, errors: 1, warnings: 1, suppressed: 0, failOn: 'low', failed: true, durationMs: 3 },
  findings,
  errors: [{ file: `bundle/${IMG}.zip`, code: 'EUNREADABLE', message: `not a zip: ${BREAKOUT}` }],
  warnings: [{ file: 'bundle/bad.csv', code: 'EPARSE', message: `bad quote near ${SVG}; scanned as text` }],
};
const ctx = { rules, toolVersion: `1.2.3${IMG}` };

/** The parsed page, as a browser's tokenizer would see it. */
function dom(html: string) {
  return parseDocument(html, { decodeEntities: true });
}
function all(html: string, pred: (e: Element) => boolean): Element[] {
  return DomUtils.findAll(pred, dom(html).children);
}
function byId(html: string, id: string): Element {
  const e = all(html, (x) => x.attribs.id === id)[0];
  if (!e) throw new Error(`no #${id}`);
  return e;
}
function text(e: Element): string {
  return DomUtils.textContent(e);
}
function sha256(s: string): string {
  return `sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}`;
}

describe('formatHtml', () => {
  const html = formatHtml(report, ctx);

  test('hostile text never becomes markup: exactly the page\'s own elements', () => {
    const scripts = all(html, (e) => e.name === 'script');
    expect(scripts.map((s) => s.attribs.type ?? 'classic')).toEqual(['application/json', 'classic']);
    expect(html.match(/<script\b/gi)).toHaveLength(2);
    expect(html.match(/<\/script/gi)).toHaveLength(2);
    expect(all(html, (e) => e.name === 'img' || e.name === 'b')).toEqual([]);
    // the only svg is the bar chart, and no element anywhere has an event handler attribute
    expect(all(html, (e) => e.name === 'svg').map((e) => e.attribs.id)).toEqual(['category-chart']);
    expect(all(html, (e) => Object.keys(e.attribs).some((a) => /^on/i.test(a)))).toEqual([]);
    expect(html).not.toContain('<!-- <script>');
  });

  test('hostile text is shown as it is, in the cells where it belongs', () => {
    const rows = all(html, (e) => e.name === 'tr' && e.attribs['data-index'] !== undefined);
    expect(rows).toHaveLength(findings.length);
    const cells = (i: number) => DomUtils.findAll((e) => e.name === 'td', [rows[i]!]).map(text);
    expect(cells(0)).toEqual([`bundle/${SVG}.csv:7:31`, IMG, 'nino', 'critical', 'high', 'JM ** ** ** C', 'uk.nino', `National Insurance number ${IMG}Why: ${BREAKOUT}`]);
    expect(cells(1)[0]).toBe(`bundle/${BREAKOUT}\u2028x.csv:1:1`);
    expect(cells(1)[1]).toBe(BREAKOUT);
    expect(cells(1)[5]).toBe(BREAKOUT);
    expect(cells(1)[7]).toBe(SVG);
    expect(cells(2)[1]).toBe(`$.cases[3].${QUOTES}`);
    expect(cells(2)[5]).toBe(SVG);
    expect(cells(2)[6]).toBe(`rule-${IMG}`);
    expect(cells(2)[7]).toBe('email (rule not loaded)');
    expect(cells(3)[5]).toBe(COMMENT);
    expect(text(byId(html, 'errors'))).toContain(`bundle/${IMG}.zip`);
    expect(text(byId(html, 'errors'))).toContain(`not a zip: ${BREAKOUT}`);
    expect(text(byId(html, 'warnings'))).toContain(`bad quote near ${SVG}; scanned as text`);
    expect(html).toContain(`leakgate 1.2.3&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;`);
  });

  test('quotes are escaped, so attribute values cannot be closed', () => {
    const button = all(html, (e) => e.attribs['data-filter-category'] === 'nino')[0]!;
    expect(Object.keys(button.attribs).sort()).toEqual(['class', 'data-filter-category', 'title', 'type']);
    expect(html).not.toContain('"><svg onload');
    expect(html).toContain('&quot;&gt;&lt;svg onload=window.__pwned=3&gt;');
    expect(html).toContain('it&#39;s &quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;');
  });

  test('the filter data is JSON that cannot close its script element', () => {
    const m = /<script type="application\/json" id="leakgate-data">([\s\S]*?)<\/script>/.exec(html);
    expect(m).not.toBeNull();
    const raw = m![1]!;
    expect(raw).not.toMatch(/[<>&\u2028\u2029]/);
    expect(raw).toContain('\\u003c/script\\u003e');
    expect(raw).toContain('\\u2028');
    // what the page's script reads: the element's text, parsed, is the report's data
    const parsed = JSON.parse(text(byId(html, 'leakgate-data')));
    expect(parsed).toEqual({ findings: findings.map((f) => ({ severity: f.severity, category: f.category, file: f.file })) });
  });

  test('a CSP allows only the inline script and style, by their sha256', () => {
    const metas = all(html, (e) => e.name === 'meta');
    // first after charset: a meta policy does not cover what comes before it
    expect(metas[0]!.attribs.charset).toBe('utf-8');
    const csp = metas[1]!;
    expect(csp.attribs['http-equiv']).toBe('Content-Security-Policy');
    const policy = new Map(csp.attribs.content!.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name!, values] as const;
    }));
    const script = all(html, (e) => e.name === 'script' && e.attribs.type === undefined)[0]!;
    const style = all(html, (e) => e.name === 'style');
    expect(style).toHaveLength(1);
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('script-src')).toEqual([`'${sha256(text(script))}'`]);
    expect(policy.get('style-src')).toEqual([`'${sha256(text(style[0]!))}'`]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'none'"]);
    expect(csp.attribs.content).not.toMatch(/unsafe|https?:|data:|\*/);
    // inline style attributes would be blocked by that policy: the page has none
    expect(all(html, (e) => 'style' in e.attribs)).toEqual([]);
  });

  test('nothing is loaded from anywhere', () => {
    expect(all(html, (e) => ['link', 'iframe', 'object', 'embed', 'img', 'base', 'form'].includes(e.name))).toEqual([]);
    expect(all(html, (e) => 'src' in e.attribs || 'href' in e.attribs)).toEqual([]);
    expect(html).not.toMatch(/@import|url\(/);
  });

  test('the verdict is the text report\'s, and counts add up', () => {
    expect(text(byId(html, 'verdict'))).toBe('leakgate: 4 findings (2 critical, 1 high, 1 medium) in 3 of 3 files, 1 error, 1 warning; FAILED: some files could not be scanned');
    expect(text(all(html, (e) => e.name === 'h1')[0]!)).toBe('leakgate report: FAILED');
    expect(text(byId(html, 'summary-findings'))).toBe('4');
    const severity = all(html, (e) => e.name === 'tr' && e.attribs['data-severity'] !== undefined)
      .map((r) => [r.attribs['data-severity'], text(DomUtils.findOne((e) => e.name === 'td', [r])!)]);
    expect(severity).toEqual([['critical', '2'], ['high', '1'], ['medium', '1'], ['low', '0']]);
    const category = all(html, (e) => e.name === 'tr' && e.attribs['data-category'] !== undefined)
      .map((r) => [r.attribs['data-category'], text(DomUtils.findOne((e) => e.name === 'td', [r])!)]);
    expect(category).toEqual([['nino', '2'], ['email', '1'], ['phone', '1']]);
  });

  test('the heat table merges JSON array indexes into one row per key', () => {
    const heads = DomUtils.findAll((e) => e.name === 'th' && e.attribs.scope === 'row', [byId(html, 'heat')]).map(text);
    expect(heads).toContain(`$.cases[*].${QUOTES}`);
    expect(heads).toContain(IMG);
    expect(heads).toHaveLength(3);
  });

  test('bidi and control characters are shown, not obeyed', () => {
    const tricky: Report = { ...report, findings: [{ ...findings[0]!, file: 'bundle/invoice\u202Egpj.csv', field: 'a\u0000b\u001bc' }] };
    const out = formatHtml(tricky, ctx);
    expect(out).not.toMatch(/[\u202E\u0000\u001b]/);
    expect(out).toContain('bundle/invoice\\u202egpj.csv');
    expect(out).toContain('a\\x00b\\x1bc');
  });

  test('a clean run says passed and lists nothing', () => {
    const clean: Report = { ...report, findings: [], errors: [], warnings: [], summary: { ...report.summary, findings: 0, errors: 0, warnings: 0, failed: false } };
    const out = formatHtml(clean, ctx);
    expect(text(all(out, (e) => e.name === 'h1')[0]!)).toBe('leakgate report: passed');
    expect(text(byId(out, 'verdict'))).toBe('leakgate: no findings in 3 files; passed');
    expect(text(byId(out, 'findings-count'))).toBe('Showing 0 of 0 findings');
    expect(all(out, (e) => e.name === 'svg')).toEqual([]);
  });

  test('no raw values, no value column and no banner without --show-values', () => {
    expect(html).not.toContain('raw-values-warning');
    expect(all(html, (e) => e.name === 'th').map(text)).not.toContain('Value');
  });

  test('raw values only under a visible warning that the report holds personal data', () => {
    const withValues: Report = { ...report, findings: findings.map((f, i) => (i === 0 ? { ...f, value: `JM 45 67 89 C ${IMG}` } : f)) };
    const out = formatHtml(withValues, ctx);
    const banner = byId(out, 'raw-values-warning');
    expect(banner.attribs.role).toBe('alert');
    expect(text(banner)).toContain('This report holds personal data.');
    // the banner comes before any finding
    expect(out.indexOf('raw-values-warning')).toBeLessThan(out.indexOf('findings-table'));
    expect(all(out, (e) => e.name === 'th').map(text)).toContain('Value');
    expect(text(all(out, (e) => e.attribs.class === 'raw')[0]!)).toBe(`JM 45 67 89 C ${IMG}`);
    expect(all(out, (e) => e.name === 'img')).toEqual([]);
    // values are never in the data the script reads
    expect(text(byId(out, 'leakgate-data'))).not.toContain('JM 45');
  });
});

describe('formatHtml on the leaky example', () => {
  const planted: string[] = JSON.parse(readFileSync(path.join(root, '__tests__/fixtures/leaky-bundle-planted.json'), 'utf8')).values;

  test('holds no planted value, and one row per finding', async () => {
    const { report: leaky, rules: metas } = await scanLeakyBundle();
    const out = formatHtml(leaky, { rules: metas, toolVersion: '0.0.0-test' });
    for (const value of planted) expect(out).not.toContain(value);
    expect(all(out, (e) => e.name === 'tr' && e.attribs['data-index'] !== undefined)).toHaveLength(leaky.findings.length);
    // every finding's rule was loaded, so each says why it matters
    expect(out).not.toContain('rule not loaded');
  });
});

describe('leakgate scan --format html', () => {
  test('-o report.htm picks the HTML report; -f html writes it to stdout', async () => {
    const out = tree({});
    const file = await cli(['scan', 'examples/leaky-bundle', '-o', path.join(out, 'report.htm')], { cwd: root });
    expect(file.code).toBe(1);
    expect(readFileSync(path.join(out, 'report.htm'), 'utf8')).toMatch(/^<!DOCTYPE html>\n/);
    const stdout = await cli(['scan', 'examples/leaky-bundle', '-f', 'html'], { cwd: root });
    expect(stdout.code).toBe(1);
    expect(stdout.stdout).toMatch(/^<!DOCTYPE html>\n[\s\S]*<\/html>\n$/);
    expect(stdout.stderr).toMatch(/^leakgate: \d+ findings/);
  });

  test('--show-values puts the banner on the page', async () => {
    const r = await cli(['scan', 'examples/leaky-bundle', '-f', 'html', '--show-values'], { cwd: root });
    expect(r.stdout).toContain('id="raw-values-warning"');
    expect(r.stdout).toContain('JM 45 67 89 C');
  });
});
