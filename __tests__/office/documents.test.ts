import type { Finding } from '../../src/types.js';
import { type DocSpec, docx } from '../fixtures/office/docx-fixture.js';
import { type OdsSheet, type OdtBlock, ods, odt } from '../fixtures/office/odf-fixture.js';
import { findingsLike, scanTree, summary, unzipText } from './office-helpers.js';

// Word and OpenDocument files: each hiding place planted in a fixture whose clean twin passes.
// All data is fiction (Ofcom drama numbers, example.com, invented identifiers).

const INTRO = { p: ['Anti-social behaviour update for the Riverside neighbourhood.'] };

interface Case<S> {
  name: string;
  leaky: S;
  clean: S;
  want: Partial<Finding>;
}

const word: Case<DocSpec>[] = [
  {
    name: 'body text',
    leaky: { body: [INTRO, { p: ['Reported by Mrs Jane Example of 31 Holly Close.'] }] },
    clean: { body: [INTRO, { p: ['Reported by a member of the public.'] }] },
    want: { file: 'memo.docx', category: 'person-name', line: 2 },
  },
  {
    name: 'deleted text of a tracked change',
    leaky: { body: [INTRO, { p: ['The caller, ', { text: 'Mrs Jane Example', del: true }, { text: 'a resident', ins: true }, ', reported noise.'] }] },
    clean: { body: [INTRO, { p: ['The caller, ', { text: 'a neighbour', del: true }, { text: 'a resident', ins: true }, ', reported noise.'] }] },
    want: { file: 'memo.docx', category: 'person-name', hidden: 'tracked-deletion' },
  },
  {
    name: 'hidden text (w:vanish)',
    leaky: { body: [INTRO, { p: ['Case closed. ', { text: 'Contact 07700 900498', vanish: true }] }] },
    clean: { body: [INTRO, { p: ['Case closed. ', { text: 'No contact needed', vanish: true }] }] },
    want: { file: 'memo.docx', category: 'phone', hidden: 'hidden-text' },
  },
  {
    name: 'text hidden by its character style',
    leaky: { hiddenStyle: true, body: [INTRO, { p: ['Case closed. ', { text: 'NI number ZY146798B', style: 'Secret' }] }] },
    clean: { hiddenStyle: true, body: [INTRO, { p: ['Case closed. ', { text: 'No further action', style: 'Secret' }] }] },
    want: { file: 'memo.docx', category: 'nino', hidden: 'hidden-text' },
  },
  {
    name: 'a comment',
    leaky: { body: [INTRO], comment: { text: 'Check with the victim, Mrs Jane Example, first', author: 'Analyst' } },
    clean: { body: [INTRO], comment: { text: 'Check the figures first', author: 'Analyst' } },
    want: { file: 'memo.docx!/comments', category: 'person-name', hidden: 'comment' },
  },
  {
    name: 'a page header',
    leaky: { body: [INTRO], header: 'Prepared for Mr John Smith' },
    clean: { body: [INTRO], header: 'OFFICIAL' },
    want: { file: 'memo.docx!/header1', category: 'person-name' },
  },
  {
    name: 'a page footer',
    leaky: { body: [INTRO], footer: 'Queries: jane.example@example.com' },
    clean: { body: [INTRO], footer: 'Page 1' },
    want: { file: 'memo.docx!/footer1', category: 'email' },
  },
  {
    name: 'a footnote',
    leaky: { body: [INTRO], footnote: 'Source: call from 020 7946 0123' },
    clean: { body: [INTRO], footnote: 'Source: force systems' },
    want: { file: 'memo.docx!/footnotes', category: 'phone' },
  },
  {
    name: 'an endnote',
    leaky: { body: [INTRO], endnote: 'Offender John Smith, aged 34' },
    clean: { body: [INTRO], endnote: 'Figures are provisional' },
    want: { file: 'memo.docx!/endnotes', category: 'person-name' },
  },
  {
    name: 'a text box',
    leaky: { body: [INTRO, { textBox: 'Complainant Ciaran McDonald' }] },
    clean: { body: [INTRO, { textBox: 'Provisional' }] },
    want: { file: 'memo.docx', category: 'person-name' },
  },
  {
    name: 'a table whose header names the column',
    leaky: { body: [INTRO, { table: [['Case', 'Victim name'], ['ASB/1', 'Jane Example']] }] },
    clean: { body: [INTRO, { table: [['Case', 'Status'], ['ASB/1', 'Closed']] }] },
    want: { file: 'memo.docx', category: 'person-name', field: 'Victim name' },
  },
  {
    name: 'a custom property',
    leaky: { body: [INTRO], props: { custom: { 'Victim name': 'Mrs Ann Other' } } },
    clean: { body: [INTRO], props: { custom: { Classification: 'OFFICIAL' } } },
    want: { file: 'memo.docx!/properties', category: 'person-name', hidden: 'metadata' },
  },
];

const sheets = (extra: Partial<OdsSheet>[] = []): OdsSheet[] => [{ name: 'Summary', rows: [['Offence', 'Count'], ['Burglary', 12]] }, ...extra.map((e, i) => ({ name: `S${i}`, rows: [], ...e }))];

const spreadsheet: Case<OdsSheet[]>[] = [
  {
    name: 'a hidden sheet',
    leaky: sheets([{ name: 'Staff', hidden: true, rows: [['Surname', 'Rank'], ['Example', 'Constable']] }]),
    clean: sheets(),
    want: { file: 'book.ods!/Staff', category: 'person-name', hidden: 'sheet', cell: 'A2' },
  },
  {
    name: 'a hidden row',
    leaky: sheets([{ name: 'Data', rows: [['Offence', 'Notes'], ['Burglary', 'Shed'], ['Assault', 'Victim Mrs Jane Example']], hiddenRows: [3] }]),
    clean: sheets([{ name: 'Data', rows: [['Offence', 'Notes'], ['Burglary', 'Shed']] }]),
    want: { file: 'book.ods!/Data', category: 'person-name', hidden: 'row', cell: 'B3' },
  },
  {
    name: 'a hidden column',
    leaky: sheets([{ name: 'Data', rows: [['Offence', 'Contact'], ['Burglary', '07700 900498']], hiddenCols: [2] }]),
    clean: sheets([{ name: 'Data', rows: [['Offence', 'Count'], ['Burglary', 3]], hiddenCols: [2] }]),
    want: { file: 'book.ods!/Data', category: 'phone', hidden: 'column', cell: 'B2' },
  },
  {
    name: 'a comment on a cell',
    leaky: sheets([{ name: 'Data', rows: [['Offence', 'Count'], [{ text: 'Burglary', comment: { author: 'Analyst', text: 'Victim Mrs Jane Example' } }, 3]] }]),
    clean: sheets([{ name: 'Data', rows: [['Offence', 'Count'], [{ text: 'Burglary', comment: { author: 'Analyst', text: 'Checked' } }, 3]] }]),
    want: { file: 'book.ods!/Data', category: 'person-name', hidden: 'comment', cell: 'A2' },
  },
  {
    name: 'a date under DOB, and a number shown with its leading zero',
    leaky: sheets([{ name: 'Data', rows: [['Ref', 'DOB', 'Mobile'], ['A1', { date: '1985-07-03' }, { v: 7700900498, shown: '07700 900498' }]] }]),
    clean: sheets([{ name: 'Data', rows: [['Ref', 'Month', 'Count'], ['A1', { date: '2023-06-01' }, { v: 12, shown: '12' }]] }]),
    want: { file: 'book.ods!/Data', category: 'date-of-birth', cell: 'B2' },
  },
];

const text: Case<OdtBlock[]>[] = [
  { name: 'body text', leaky: ['Update.', 'Reported by Mrs Jane Example.'], clean: ['Update.', 'Reported by a resident.'], want: { file: 'memo.odt', category: 'person-name', line: 2 } },
  { name: 'deleted text of a tracked change', leaky: ['Update.', { deleted: 'Mrs Jane Example' }], clean: ['Update.', { deleted: 'a neighbour' }], want: { file: 'memo.odt', category: 'person-name', hidden: 'tracked-deletion' } },
  { name: 'deleted text kept in the paragraph between change marks (as LibreOffice saves it)', leaky: ['Update.', { deletedInline: ['Reported by ', 'Mrs Jane Example', ' the caller.'] }], clean: ['Update.', { deletedInline: ['Reported by ', 'a neighbour', ' the caller.'] }], want: { file: 'memo.odt', category: 'person-name', hidden: 'tracked-deletion' } },
  { name: 'text hidden by its style', leaky: [{ hiddenSpan: ['Closed. ', 'Call 07700 900498'] }], clean: [{ hiddenSpan: ['Closed. ', 'No call'] }], want: { file: 'memo.odt', category: 'phone', hidden: 'hidden-text' } },
  { name: 'a hidden section', leaky: ['Update.', { hiddenSection: 'Offender John Smith' }], clean: ['Update.', { hiddenSection: 'Draft wording' }], want: { file: 'memo.odt', category: 'person-name', hidden: 'hidden-text' } },
  { name: 'a footnote', leaky: [{ note: ['Figures.', 'Source: jane.example@example.com'] }], clean: [{ note: ['Figures.', 'Source: force systems'] }], want: { file: 'memo.odt', category: 'email' } },
  { name: 'a comment', leaky: [{ comment: ['Figures.', 'Analyst', 'Ask Mrs Jane Example'] }], clean: [{ comment: ['Figures.', 'Analyst', 'Checked'] }], want: { file: 'memo.odt', category: 'person-name', hidden: 'comment' } },
  { name: 'a table with a header row', leaky: [{ table: [['Case', 'Victim name'], ['ASB/1', 'Jane Example']] }], clean: [{ table: [['Case', 'Status'], ['ASB/1', 'Closed']] }], want: { file: 'memo.odt', category: 'person-name', field: 'Victim name' } },
  { name: 'a text box', leaky: [{ textBox: 'Complainant Ciaran McDonald' }], clean: [{ textBox: 'Provisional' }], want: { file: 'memo.odt', category: 'person-name' } },
];

async function expectCase(name: string, leaky: Buffer, clean: Buffer, want: Partial<Finding>): Promise<void> {
  const bad = await scanTree({ [name]: leaky });
  expect(bad.report.errors).toEqual([]);
  expect({ found: findingsLike(bad.report, want).length > 0, all: summary(bad.report) }).toEqual({ found: true, all: summary(bad.report) });
  expect(bad.code).toBe(1);
  const good = await scanTree({ [name]: clean });
  expect(summary(good.report)).toBe('(nothing)');
  expect(good.code).toBe(0);
}

describe('docx: every hiding place is found, and its clean twin passes', () => {
  test.each(word)('$name', async ({ leaky, clean, want }) => expectCase('memo.docx', await docx(leaky), await docx(clean), want));

  test('a text box Word writes twice (DrawingML and its VML fallback) is one finding', async () => {
    const { report } = await scanTree({ 'memo.docx': await docx({ body: [{ textBox: 'Complainant Ciaran McDonald' }] }) });
    expect(report.findings.filter((f) => f.category === 'person-name')).toHaveLength(1);
  });

  test('the deleted name is marked, the visible text around it is not', async () => {
    const { report } = await scanTree({ 'memo.docx': await docx({ body: [{ p: ['Complainant Ciaran McDonald saw ', { text: 'Mr John Smith', del: true }] }] }) });
    const hidden = report.findings.map((f) => `${f.masked} ${f.hidden ?? 'shown'}`).sort();
    expect(hidden).toEqual(['C***** M******* shown', 'M* J*** S**** tracked-deletion']);
  });

  test('the fixture holds the deleted text where Word keeps it (read as raw XML)', async () => {
    const parts = await unzipText(await docx({ body: [{ p: [{ text: 'Mrs Jane Example', del: true }] }] }));
    expect(parts['word/document.xml']).toMatch(/<w:del [^>]*><w:r><w:delText xml:space="preserve">Mrs Jane Example<\/w:delText>/);
  });
});

describe('ods: every hiding place is found, and its clean twin passes', () => {
  test.each(spreadsheet)('$name', async ({ leaky, clean, want }) => expectCase('book.ods', await ods(leaky), await ods(clean), want));

  test('document properties (user-defined fields)', async () => {
    await expectCase('book.ods', await ods(sheets(), { userDefined: { 'Victim name': 'Mrs Ann Other' } }), await ods(sheets(), { userDefined: { Status: 'Final' } }), { file: 'book.ods!/properties', hidden: 'metadata' });
  });

  test('a flat, indented ODS (.fods) is read without its indentation', async () => {
    const cell = (t: string): string => `\n    <table:table-cell office:value-type="string">\n     <text:p>${t}</text:p>\n    </table:table-cell>`;
    const fods = `<?xml version="1.0"?>\n<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">\n <office:body>\n  <office:spreadsheet>\n   <table:table table:name="Cases">\n   <table:table-row>${cell('Case')}${cell('Victim name')}\n   </table:table-row>\n   <table:table-row>${cell('ASB/1')}${cell('Jane Example')}\n   </table:table-row>\n   </table:table>\n  </office:spreadsheet>\n </office:body>\n</office:document>\n`;
    const { report } = await scanTree({ 'book.fods': fods });
    expect(report.findings.map((f) => `${f.file} ${f.cell} ${f.category} ${f.masked}`)).toEqual(['book.fods!/Cases B1 sensitive-field Victim name', 'book.fods!/Cases B2 person-name J*** E******']);
  });

  test('a million padding rows are counted, not read one by one', async () => {
    const { report } = await scanTree({ 'book.ods': await ods(sheets([{ name: 'After', rows: [['Notes'], ['Mrs Jane Example']] }])) });
    expect(findingsLike(report, { file: 'book.ods!/After', cell: 'A2' })).toHaveLength(1);
  });
});

describe('odt: every hiding place is found, and its clean twin passes', () => {
  test.each(text)('$name', async ({ leaky, clean, want }) => expectCase('memo.odt', await odt(leaky), await odt(clean), want));

  test('a page header and the properties', async () => {
    await expectCase('memo.odt', await odt(['Update.'], { header: 'Prepared for Mr John Smith' }), await odt(['Update.'], { header: 'OFFICIAL' }), { file: 'memo.odt!/headers and footers', category: 'person-name' });
    await expectCase('memo.odt', await odt(['Update.'], { props: { userDefined: { Informant: 'Mrs Ann Other' } } }), await odt(['Update.'], { props: { userDefined: { Status: 'Final' } } }), { file: 'memo.odt!/properties', hidden: 'metadata' });
  });
});
