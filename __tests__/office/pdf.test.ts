import { getDocumentProxy } from 'unpdf';
import type { Finding } from '../../src/types.js';
import { type PdfSpec, pdf, revisedPdf } from '../fixtures/office/pdf-fixture.js';
import { findingsLike, scanTree, summary } from './office-helpers.js';

// PDFs: text of every page, text under a drawn box, white text, form fields, annotations and
// metadata, each with a clean twin; scans (image-only pages) are errors naming the page.

const PAGE = ['Neighbourhood priorities, June 2023', 'Burglary and vehicle crime are the priorities.'];

interface Case {
  name: string;
  leaky: PdfSpec;
  clean: PdfSpec;
  want: Partial<Finding>;
}

const cases: Case[] = [
  {
    name: 'text on a later page',
    leaky: { pages: [PAGE, ['Reported by Mrs Jane Example, 07700 900498']] },
    clean: { pages: [PAGE, ['Reported by a member of the public']] },
    want: { file: 'doc.pdf', category: 'phone', page: 2, line: 3 },
  },
  {
    name: 'text under a black box drawn over it (a redaction that only paints)',
    leaky: { pages: [['Victim: Mrs Jane Example', ...PAGE]], coverFirstLine: { from: 8 } },
    clean: { pages: [['Victim: [redacted]', ...PAGE]], coverFirstLine: { from: 8 } },
    want: { file: 'doc.pdf', category: 'person-name', page: 1, hidden: 'covered-text' },
  },
  {
    name: 'text under a black "rectangle" comment drawn over it',
    leaky: { pages: [['Victim: Mrs Jane Example', ...PAGE]], boxAnnotation: { from: 8 } },
    clean: { pages: [['Victim: [redacted]', ...PAGE]], boxAnnotation: { from: 8 } },
    want: { file: 'doc.pdf', category: 'person-name', page: 1, hidden: 'covered-text' },
  },
  {
    name: 'text in white on the white page',
    leaky: { pages: [PAGE], whiteText: 'Informant: jane.example@example.com' },
    clean: { pages: [PAGE], whiteText: 'Draft' },
    want: { file: 'doc.pdf', category: 'email', page: 1, hidden: 'hidden-text' },
  },
  {
    name: 'a form field, judged with its name',
    leaky: { pages: [PAGE], form: { 'Victim name': 'Ann Other' } },
    clean: { pages: [PAGE], form: { 'Crime type': 'Burglary' } },
    want: { file: 'doc.pdf!/form fields', category: 'person-name', field: 'Victim name', page: 1 },
  },
  {
    name: 'a sticky-note comment',
    leaky: { pages: [PAGE], note: 'Offender John Smith lives at 31 Holly Close' },
    clean: { pages: [PAGE], note: 'Check the figures' },
    want: { file: 'doc.pdf!/annotations', category: 'person-name', hidden: 'comment', page: 1 },
  },
  {
    name: 'the metadata',
    leaky: { pages: [PAGE], keywords: 'NI number ZY146798B' },
    clean: { pages: [PAGE], keywords: 'priorities' },
    want: { file: 'doc.pdf!/properties', category: 'nino', hidden: 'metadata' },
  },
];

describe('pdf: every hiding place is found, and its clean twin passes', () => {
  test.each(cases)('$name', async ({ leaky, clean, want }) => {
    const bad = await scanTree({ 'doc.pdf': await pdf(leaky) });
    expect(bad.report.errors).toEqual([]);
    expect({ found: findingsLike(bad.report, want).length > 0, all: summary(bad.report) }).toEqual({ found: true, all: summary(bad.report) });
    expect(bad.code).toBe(1);
    const good = await scanTree({ 'doc.pdf': await pdf(clean) });
    expect(summary(good.report)).toBe('(nothing)');
    expect(good.code).toBe(0);
  });

  test('text an incremental save removed is still in the earlier revision, and is found there', async () => {
    const revised = await revisedPdf('Victim: Mrs Jane Example', 'Victim: [redacted]');
    // the fixture: PDF.js shows the final text, and the old one is in the file's bytes
    const doc = await getDocumentProxy(new Uint8Array(revised));
    const text = (await (await doc.getPage(1)).getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join('');
    await doc.destroy();
    expect(text).toBe('Victim: [redacted]');
    const { code, report } = await scanTree({ 'doc.pdf': revised });
    expect(report.findings.map((f) => `${f.file} ${f.category} ${f.page} ${f.hidden}`)).toEqual(['doc.pdf!/earlier revision 1 person-name 1 earlier-revision']);
    expect(code).toBe(1);
    const clean = await scanTree({ 'doc.pdf': await revisedPdf('Victim: a resident', 'Victim: [redacted]') });
    expect(summary(clean.report)).toBe('(nothing)');
  });

  test('only the covered words are marked covered; a shaded row under text hides nothing', async () => {
    const covered = await scanTree({ 'doc.pdf': await pdf({ pages: [['Witness Jane Smith; victim Mrs Ann Example']], coverFirstLine: { from: 25 } }) });
    expect(covered.report.findings.map((f) => `${f.masked} ${f.hidden ?? 'shown'}`).sort()).toEqual(['J*** S**** shown', 'M** A** E****** covered-text']);
    const shaded = await scanTree({ 'doc.pdf': await pdf({ pages: [['Victim: Mrs Jane Example']], shadeFirstLine: true }) });
    expect(shaded.report.findings.map((f) => f.hidden ?? 'shown')).toEqual(['shown']);
  });

  test('the text report says the value was under a box', async () => {
    const { dir } = await scanTree({ 'doc.pdf': await pdf({ pages: [['Victim: Mrs Jane Example']], coverFirstLine: { from: 8 } }) });
    const { cli } = await import('../helpers/cli.js');
    const r = await cli(['scan', '.'], { cwd: dir });
    expect(r.stdout).toMatch(/doc\.pdf:1:9 high +person-name M\*\* J\*\*\* E\*+ \(page 1, under a box drawn over it: covered, not removed\)/);
  });

  test('the fixture: PDF.js extracts the covered text, and a box is drawn over it', async () => {
    const doc = await getDocumentProxy(new Uint8Array(await pdf({ pages: [['Victim: Mrs Jane Example']], coverFirstLine: { from: 8 } })));
    const page = await doc.getPage(1);
    const text = (await page.getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join('');
    expect(text).toBe('Victim: Mrs Jane Example');
    await doc.destroy();
  });
});

describe('pdf: what cannot be read', () => {
  test('an image-only page (a scan) is an error naming the page, unless the config accepts it', async () => {
    const files = { 'scan.pdf': await pdf({ pages: [PAGE], imagePages: 2 }) };
    const { code, report } = await scanTree(files);
    expect(code).toBe(2);
    expect(report.errors).toEqual([{ file: 'scan.pdf', code: 'EIMAGEPAGE', message: expect.stringMatching(/^pages 2, 3 have no text layer \(a scan: images only\): cannot be read; run OCR/) }]);
    const accepted = await scanTree({ ...files, '.leakgate.json': JSON.stringify({ acceptImagePages: true }) });
    expect(accepted.report.errors).toEqual([]);
    expect(accepted.code).toBe(0);
  });

  test('JavaScript in a PDF is never run, and the text is still read', async () => {
    const marker = `leakgate-js-${process.pid}`;
    const js = `globalThis["${marker}"] = 1; app.alert("x");`;
    const { code, report } = await scanTree({ 'doc.pdf': await pdf({ pages: [['Reported by Mrs Jane Example']], javascript: js }) });
    expect((globalThis as Record<string, unknown>)[marker]).toBeUndefined();
    expect(code).toBe(1);
    expect(findingsLike(report, { category: 'person-name', page: 1 })).toHaveLength(1);
  });

  test('a file attached to a PDF is an error naming it', async () => {
    const { code, report } = await scanTree({ 'doc.pdf': await pdf({ pages: [PAGE], attachment: { name: 'victims.csv', text: 'Victim name\nJane Example\n' } }) });
    expect(code).toBe(2);
    expect(report.errors).toEqual([{ file: 'doc.pdf', code: 'EEMBEDDED', message: expect.stringContaining('victims.csv') }]);
  });

  test('a corrupt and a truncated PDF are errors', async () => {
    const good = await pdf({ pages: [PAGE] });
    const { code, report } = await scanTree({ 'bad.pdf': Buffer.from('%PDF-1.7\nthis is not a PDF body'), 'cut.pdf': good.subarray(0, Math.floor(good.length / 3)), 'fake.pdf': Buffer.from('hello') });
    expect(code).toBe(2);
    expect(report.errors.map((e) => `${e.file} ${e.code}`).sort()).toEqual(['bad.pdf EUNREADABLE', 'cut.pdf EUNREADABLE', 'fake.pdf EUNREADABLE']);
  });

  test('a thousand pages are read page by page', async () => {
    const pages = Array.from({ length: 1000 }, (_, i) => [`Page ${i + 1} of the priorities`]);
    pages[999] = ['Reported by Mrs Jane Example'];
    const { report } = await scanTree({ 'long.pdf': await pdf({ pages }) });
    expect(findingsLike(report, { category: 'person-name', page: 1000 })).toHaveLength(1);
  }, 60_000);
});
