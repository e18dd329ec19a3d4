import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cli, tree } from '../helpers/cli.js';
import path from 'node:path';
import { DomUtils, parseDocument } from 'htmlparser2';
import type { Element } from 'domhandler';
import { createHtmlReport, formatHtml } from '../../src/report/html.js';
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
  { ...base, ruleId: 'uk-identifiers.nino', category: 'nino', severity: 'critical', file: `bundle/${SVG}.csv`, line: 7, column: 31, field: IMG, masked: 'JM ** ** ** C' },
  { ...base, ruleId: 'evil.rule', category: 'phone', severity: 'high', file: `bundle/${BREAKOUT}\u2028x.csv`, field: BREAKOUT, masked: BREAKOUT },
  { ...base, ruleId: `rule-${IMG}`, category: 'email', severity: 'medium', file: `bundle/a&b.json`, field: `$.cases[3].${QUOTES}`, masked: SVG },
  { ...base, ruleId: 'uk-identifiers.nino', category: 'nino', severity: 'critical', file: 'bundle/a&b.json', field: `$.cases[4].${QUOTES}`, masked: COMMENT },
];
const rules: RuleMeta[] = [
  { id: 'uk-identifiers.nino', packId: 'uk', category: 'nino', severity: 'critical', description: `National Insurance number ${IMG}`, why: `Why: ${BREAKOUT}` },
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

  /** The findings as the page's script reads them: its JSON data, each row with its strings looked up. */
  function rowsOf(page: string) {
    const d = JSON.parse(text(byId(page, 'leakgate-data')));
    return (d.findings as (string | number)[][]).map((f) => ({
      file: d.files[f[0] as number], line: f[1], column: f[2], field: (f[3] as number) < 0 ? undefined : d.fields[f[3] as number],
      ruleId: d.rules[f[4] as number], category: d.categories[f[5] as number], severity: d.severities[f[6] as number],
      confidence: d.confidences[f[7] as number], masked: f[8], value: f[9],
    }));
  }

  test('hostile text is kept as it is, for the script to show as text', () => {
    expect(rowsOf(html)).toEqual(findings.map((f) => ({ file: f.file, line: f.line, column: f.column, field: f.field, ruleId: f.ruleId, category: f.category, severity: f.severity, confidence: f.confidence, masked: f.masked, value: undefined })));
    expect(text(byId(html, 'errors'))).toContain(`bundle/${IMG}.zip`);
    expect(text(byId(html, 'errors'))).toContain(`not a zip: ${BREAKOUT}`);
    expect(text(byId(html, 'warnings'))).toContain(`bad quote near ${SVG}; scanned as text`);
    expect(html).toContain(`leakgate 1.2.3&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;`);
  });

  test('each rule that fired says once what it finds and why it matters; hostile text in a pack stays text', () => {
    const cards = all(html, (e) => e.name === 'article').map(text);
    expect(cards).toEqual([
      `uk-identifiers.nino criticalnino · 2 findingsNational Insurance number ${IMG}Why: ${BREAKOUT}`,
      `evil.rule highphone · 1 finding${SVG}`,
      `rule-${IMG}email · 1 findingemail (rule not loaded)`,
    ]);
    expect(all(html, (e) => e.attribs['data-filter-rule'] !== undefined).map((e) => e.attribs['data-filter-rule'])).toEqual(['uk-identifiers.nino', 'evil.rule', `rule-${IMG}`]);
  });

  test('a rule\'s Markdown is rendered: code spans, emphasis, links as their text; nothing else becomes markup', () => {
    const md: RuleMeta[] = [{ ...rules[0]!, description: 'Names such as `Victim name` or `victim_name`, *never* a **placeholder**; see [the guide](https://example.org/guide).', why: `It is _personal_ data <b>x</b> \`<img src=x>\`` }];
    const out = formatHtml(report, { ...ctx, rules: md });
    const card = all(out, (e) => e.name === 'article')[0]!;
    expect(DomUtils.findAll(() => true, card.children).map((e) => e.name)).toEqual(['h3', 'code', 'span', 'p', 'button', 'p', 'code', 'code', 'em', 'strong', 'p', 'em', 'code']);
    expect(text(card)).toContain('Names such as Victim name or victim_name, never a placeholder; see the guide.');
    expect(text(card)).toContain('It is personal data <b>x</b> <img src=x>');
    expect(out).not.toContain('`');
  });

  test('quotes are escaped, so attribute values cannot be closed', () => {
    const button = all(html, (e) => e.attribs['data-filter-category'] === 'nino')[0]!;
    expect(Object.keys(button.attribs).sort()).toEqual(['class', 'data-filter-category', 'title', 'type']);
    expect(html).not.toContain('"><svg onload');
    expect(html).toContain('&quot;&gt;&lt;svg onload=window.__pwned=3&gt;');
    expect(html).toContain('it&#39;s &quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;');
  });

  test('the data is JSON that cannot close its script element', () => {
    const m = /<script type="application\/json" id="leakgate-data">([\s\S]*?)<\/script>/.exec(html);
    expect(m).not.toBeNull();
    const raw = m![1]!;
    expect(raw).not.toMatch(/[<>&\u2028\u2029]/);
    expect(raw).toContain('\\u003c/script\\u003e');
    expect(raw).toContain('\\u2028');
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
    expect(text(byId(out, 'findings-count'))).toBe('0 findings');
    expect(text(byId(out, 'next-steps'))).toMatch(/^What to do next\nNothing: no personal data was found and every file was scanned/);
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
    expect(out.indexOf('raw-values-warning')).toBeLessThan(out.indexOf('id="findings-table"'));
    expect(all(out, (e) => e.name === 'th').map(text)).toContain('Value');
    expect(rowsOf(out).map((r) => r.value)).toEqual([`JM 45 67 89 C ${IMG}`, undefined, undefined, undefined]);
    expect(all(out, (e) => e.name === 'img')).toEqual([]);
    // without --show-values, no value at all in the data
    expect(text(byId(html, 'leakgate-data'))).not.toContain('JM 45');
  });

  test('ends with next steps built from the report: the bundle folder, columns named as personal data, the errors', () => {
    const named: Report = { ...report, findings: [...findings, { ...base, ruleId: 'field-names.person-name', category: 'sensitive-field', severity: 'high', file: 'bundle/cases.csv', field: 'Victim name', masked: 'Victim name' }, { ...base, ruleId: 'field-names.dob', category: 'sensitive-field', severity: 'high', file: 'bundle/sub/x.json', field: '$.cases[2].victim_dob', masked: 'victim_dob' }] };
    const next = byId(formatHtml(named, ctx), 'next-steps');
    const steps = DomUtils.findAll((e) => e.name === 'li', [next]).map(text);
    expect(steps).toHaveLength(6);
    expect(steps[0]).toMatch(/^Remove the data at its source\..*the columns named as personal data \(Victim name, victim_dob\).*leakgate scan bundle$/s);
    expect(steps[1]).toMatch(/leakgate redact bundle --out bundle-redacted$/);
    expect(steps[2]).toMatch(/allow it in \.leakgate\.json/);
    expect(steps[3]).toMatch(/leakgate baseline create bundle -o \.leakgate-baseline\.json\nleakgate scan bundle --baseline \.leakgate-baseline\.json$/);
    expect(steps[4]).toMatch(/^To ignore one finding or a path.*\.leakgateignore.*echo 'drafts\/' >> bundle\/\.leakgateignore$/s);
    expect(steps[5]).toMatch(/^Files that could not be scanned fail the gate\./);
  });
});

describe('formatHtml on the leaky example', () => {
  const planted: string[] = JSON.parse(readFileSync(path.join(root, '__tests__/fixtures/leaky-bundle-planted.json'), 'utf8')).values;

  test('holds no planted value, and one row of data per finding', async () => {
    const { report: leaky, rules: metas } = await scanLeakyBundle();
    const out = formatHtml(leaky, { rules: metas, toolVersion: '0.0.0-test' });
    for (const value of planted) expect(out).not.toContain(value);
    expect(JSON.parse(text(byId(out, 'leakgate-data'))).findings).toHaveLength(leaky.findings.length);
    // every finding's rule was loaded, so each says why it matters, with no Markdown left raw
    expect(out).not.toContain('rule not loaded');
    expect(text(byId(out, 'rules'))).not.toContain('`');
  });

  test('findings given one at a time (a stream) make the same page', async () => {
    const { report: leaky, rules: metas } = await scanLeakyBundle();
    const writer = createHtmlReport({ rules: metas, toolVersion: '0.0.0-test' });
    for (const f of leaky.findings) writer.add(f);
    const { findings: _all, ...rest } = leaky;
    expect(writer.finish(rest).join('')).toBe(formatHtml(leaky, { rules: metas, toolVersion: '0.0.0-test' }));
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
