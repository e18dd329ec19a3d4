import ExcelJS from 'exceljs';
import { XMLParser } from 'fast-xml-parser';
import type { Finding } from '../../src/types.js';
import { type BookSpec, STYLE, xlsx } from '../fixtures/office/xlsx-fixture.js';
import { findingsLike, scanTree, summary, unzipText } from './office-helpers.js';

// Every hiding place of a workbook, planted in a fixture whose clean twin must pass. The data is
// fiction: Ofcom drama numbers, example.com, invented checksum-valid identifiers.

const PUBLIC: BookSpec['sheets'][number] = { name: 'Summary', rows: [['Offence', 'Month', 'Count'], ['Burglary', '2023-06', 12], ['Vehicle crime', '2023-06', 7]] };
const STAFF_ROWS = [['Surname', 'Initial', 'Rank', 'Location'], ['Example', 'J', 'Constable', 'Lisburn'], ['Other', 'A', 'Sergeant', 'Newry']];

interface Case {
  name: string;
  leaky: BookSpec;
  clean: BookSpec;
  want: Partial<Finding>;
}

const cases: Case[] = [
  {
    name: 'a hidden sheet of staff (the PSNI pattern)',
    leaky: { sheets: [PUBLIC, { name: 'Staff', state: 'hidden', rows: STAFF_ROWS }] },
    clean: { sheets: [PUBLIC] },
    want: { file: 'book.xlsx!/Staff', hidden: 'sheet', category: 'person-name', cell: 'A2', line: 2, column: 1 },
  },
  {
    name: 'a very hidden sheet',
    leaky: { sheets: [PUBLIC, { name: 'Raw', state: 'veryHidden', rows: [['Notes'], ['Reported by Mrs Jane Example, 07700 900498']] }] },
    clean: { sheets: [PUBLIC, { name: 'Raw', rows: [['Notes'], ['Reported by a member of the public']] }] },
    want: { file: 'book.xlsx!/Raw', hidden: 'sheet', category: 'phone', cell: 'A2' },
  },
  {
    name: 'a hidden row',
    leaky: { sheets: [{ name: 'Data', rows: [['Offence', 'Notes'], ['Burglary', 'Shed entered'], ['Assault', 'Victim Mrs Jane Example'], ['Theft', 'Bicycle']], hiddenRows: [3] }] },
    clean: { sheets: [{ name: 'Data', rows: [['Offence', 'Notes'], ['Burglary', 'Shed entered'], ['Theft', 'Bicycle']] }] },
    want: { file: 'book.xlsx!/Data', hidden: 'row', category: 'person-name', cell: 'B3' },
  },
  {
    name: 'a hidden column',
    leaky: { sheets: [{ name: 'Data', rows: [['Offence', 'Count', 'Suspect'], ['Burglary', 3, 'NI number ZY146798B']], hiddenCols: [3] }] },
    clean: { sheets: [{ name: 'Data', rows: [['Offence', 'Count'], ['Burglary', 3]] }] },
    want: { file: 'book.xlsx!/Data', hidden: 'column', category: 'nino', cell: 'C2' },
  },
  {
    name: 'a note on a cell',
    leaky: { sheets: [{ ...PUBLIC, comments: [{ ref: 'C2', text: 'Victim Mrs Jane Example asked for updates', author: 'Analyst' }] }] },
    clean: { sheets: [{ ...PUBLIC, comments: [{ ref: 'C2', text: 'Figures checked against the June return', author: 'Analyst' }] }] },
    want: { file: 'book.xlsx!/Summary', hidden: 'comment', category: 'person-name', cell: 'C2' },
  },
  {
    name: 'a threaded comment',
    leaky: { sheets: [{ ...PUBLIC, threaded: [{ ref: 'B3', text: 'Call the complainant back on 020 7946 0123' }] }] },
    clean: { sheets: [{ ...PUBLIC, threaded: [{ ref: 'B3', text: 'Month format agreed with the team' }] }] },
    want: { file: 'book.xlsx!/Summary', hidden: 'comment', category: 'phone', cell: 'B3' },
  },
  {
    name: 'a defined name holding a constant',
    leaky: { sheets: [PUBLIC], definedNames: [{ name: 'Informant', text: '"Mrs Jane Example"', hidden: true }] },
    clean: { sheets: [PUBLIC], definedNames: [{ name: 'Totals', text: 'Summary!$C$2:$C$3' }] },
    want: { file: 'book.xlsx!/defined names', hidden: 'defined-name', category: 'person-name' },
  },
  {
    name: 'a pivot cache with its records (the Norfolk and Suffolk pattern)',
    leaky: { sheets: [PUBLIC], pivot: { fields: ['Offence', 'Victim name', 'Victim postcode'], records: [['Burglary', 'Jane Example', 'AL2 5FE'], ['Assault', 'Ann Other', 'EC1A 1BB']] } },
    clean: { sheets: [PUBLIC], pivot: { fields: ['Offence', 'Month', 'Count'], records: [['Burglary', '2023-06', 12], ['Vehicle crime', '2023-06', 7]] } },
    want: { file: 'book.xlsx!/pivot cache 1', hidden: 'pivot-cache', category: 'person-name', field: 'Victim name', line: 3 },
  },
  {
    name: "a pivot cache's shared items without records",
    leaky: { sheets: [PUBLIC], pivot: { fields: ['Offence', 'Notes'], records: [['Assault', 'Offender John Smith, 07700 900498']], withRecords: false } },
    clean: { sheets: [PUBLIC], pivot: { fields: ['Offence', 'Notes'], records: [['Assault', 'No further action']], withRecords: false } },
    want: { file: 'book.xlsx!/pivot cache 1', hidden: 'pivot-cache', category: 'phone' },
  },
  {
    name: "a chart's cached categories",
    leaky: { sheets: [PUBLIC], chart: { series: 'Calls', categories: ['Mrs Jane Example', 'Mr John Smith'], values: [4, 2] } },
    clean: { sheets: [PUBLIC], chart: { series: 'Calls', categories: ['Burglary', 'Vehicle crime'], values: [4, 2] } },
    want: { file: 'book.xlsx!/xl/charts/chart1.xml', hidden: 'chart-cache', category: 'person-name' },
  },
  {
    name: "an external link's cached cells",
    leaky: { sheets: [PUBLIC], externalLink: { target: 'file:///C:/Users/Public/Staff.xlsx', sheet: 'Staff', rows: STAFF_ROWS } },
    clean: { sheets: [PUBLIC], externalLink: { target: 'file:///C:/Users/Public/Totals.xlsx', sheet: 'Totals', rows: [['Offence', 'Count'], ['Burglary', '12']] } },
    want: { file: 'book.xlsx!/external link 1 Staff', hidden: 'external-link', category: 'person-name', cell: 'A2' },
  },
  {
    name: 'a custom document property',
    leaky: { sheets: [PUBLIC], props: { custom: { 'Victim name': 'Mrs Ann Other' } } },
    clean: { sheets: [PUBLIC], props: { custom: { 'Review date': '2023-09-01' } } },
    want: { file: 'book.xlsx!/properties', hidden: 'metadata', category: 'person-name', field: 'Victim name' },
  },
  {
    name: 'the last author as an e-mail address',
    leaky: { sheets: [PUBLIC], props: { lastModifiedBy: 'jane.example@example.com' } },
    clean: { sheets: [PUBLIC], props: { lastModifiedBy: 'Performance team' } },
    want: { file: 'book.xlsx!/properties', hidden: 'metadata', category: 'email' },
  },
  {
    name: "a cell hidden by its number format (';;;')",
    leaky: { sheets: [{ name: 'Data', rows: [['Offence', 'Reference'], ['Burglary', { v: 'NHS number 943 476 5919', style: STYLE.hidden }]] }] },
    clean: { sheets: [{ name: 'Data', rows: [['Offence', 'Reference'], ['Burglary', { v: 'Closed', style: STYLE.hidden }]] }] },
    want: { file: 'book.xlsx!/Data', hidden: 'number-format', category: 'nhs-number', cell: 'B2' },
  },
  {
    name: 'a text box drawn on a sheet',
    leaky: { sheets: [PUBLIC], textBox: 'Contact Mrs Jane Example before publishing' },
    clean: { sheets: [PUBLIC], textBox: 'Provisional figures' },
    want: { file: 'book.xlsx!/xl/drawings/drawing1.xml', category: 'person-name' },
  },
];

describe('xlsx: every hiding place is found, and its clean twin passes', () => {
  test.each(cases)('$name', async ({ leaky, clean, want }) => {
    const bad = await scanTree({ 'book.xlsx': await xlsx(leaky) });
    expect(bad.report.errors).toEqual([]);
    expect(bad.code).toBe(1);
    expect({ found: findingsLike(bad.report, want).length > 0, all: summary(bad.report) }).toEqual({ found: true, all: summary(bad.report) });
    const good = await scanTree({ 'book.xlsx': await xlsx(clean) });
    expect(summary(good.report)).toBe('(nothing)');
    expect(good.code).toBe(0);
  });
});

describe('xlsx: cells read as Excel shows them', () => {
  test('a date serial under DOB is a date of birth; numbers keep every digit and their masks', async () => {
    const { report } = await scanTree({
      'book.xlsx': await xlsx({
        sheets: [{
          name: 'Nominals',
          rows: [
            ['Ref', 'DOB', 'NHS', 'Mobile', 'Card'],
            ['A1', { v: 31047, style: STYLE.ukDate }, { v: 9434765919, style: STYLE.nhsMask }, { v: 7700900498, style: STYLE.leadingZero }, 4111111111111111],
          ],
        }],
      }),
    });
    const at = (cell: string): string[] => report.findings.filter((f) => f.cell === cell).map((f) => `${f.category} ${f.masked}`);
    expect(at('B2')).toEqual(['date-of-birth **/**/****']);
    expect(at('C2')).toEqual(['nhs-number 94* *** ***9']);
    expect(at('D2')).toEqual(['phone 07********8']);
    expect(at('E2')).toEqual(['payment-card 41*************1']);
  });

  test('dates in the 1904 system, inline strings, formula results and rich text runs', async () => {
    const book = await xlsx({
      date1904: true,
      sheets: [{
        name: 'Mixed',
        rows: [
          ['Offender', 'Date of birth', 'Contact'],
          [{ v: 'Offender John Smith', t: 'inline' }, { v: 29585, style: STYLE.ukDate }, { v: 'jane.example@example.com', t: 'str', f: 'LOWER(C3)' }],
          [{ v: '', rich: ['Mrs Jane ', 'Example'] }, null, { v: 0, f: 'IF(A1="x","07700 900498","")' }],
        ],
      }],
    });
    const { report } = await scanTree({ 'book.xlsx': book });
    const got = report.findings.map((f) => `${f.cell} ${f.category}`).sort();
    // serial 29585 in the 1904 system is 1 January 1985 (1461 days after the same serial in the 1900 system)
    expect(got).toEqual(expect.arrayContaining(['A2 person-name', 'B2 date-of-birth', 'C2 email', 'A3 person-name', 'C3 phone']));
  });

  test('rows and cells without r attributes are placed by their order; a title row is not the header', async () => {
    const { report } = await scanTree({
      'book.xlsx': await xlsx({ sheets: [{ name: 'Export', noRefs: true, rows: [['Anti-social behaviour cases, June 2023'], ['Case', 'Victim name'], ['ASB/1', 'Jane Example']] }] }),
    });
    expect(findingsLike(report, { cell: 'B3', category: 'person-name', field: 'Victim name' })).toHaveLength(1);
    expect(findingsLike(report, { cell: 'B2', category: 'sensitive-field' })).toHaveLength(1);
  });

  test('a header of a label and dates ("Surname" over columns of days) is still the header', async () => {
    const days = [44927, 44928, 44929].map((v) => ({ v, style: STYLE.ukDate }));
    const { report } = await scanTree({ 'book.xlsx': await xlsx({ sheets: [{ name: 'Rota', rows: [['Surname', ...days], ['Quill', 1, 0, 1]] }] }) });
    expect(findingsLike(report, { cell: 'A2', category: 'person-name', field: 'Surname' })).toHaveLength(1);
  });

  test('a group label over the header ("Victim" over "Name") says whose the column is', async () => {
    const { report } = await scanTree({ 'book.xlsx': await xlsx({ sheets: [{ name: 'Cases', rows: [[null, 'Victim', null], ['Case', 'Name', 'Age'], ['ASB/1', 'Quill', 34]] }] }) });
    expect(findingsLike(report, { cell: 'B3', category: 'person-name' })).toHaveLength(1);
    // the control: the same column without the group label is not a person's name
    const plain = await scanTree({ 'book.xlsx': await xlsx({ sheets: [{ name: 'Cases', rows: [['Case', 'Name', 'Age'], ['ASB/1', 'Quill', 34]] }] }) });
    expect(plain.report.findings).toEqual([]);
  });

  test('a sheet shaped like a police.uk street-level CSV gets unexpected-field for an extra column', async () => {
    const header = ['Crime ID', 'Month', 'Reported by', 'Falls within', 'Longitude', 'Latitude', 'Location', 'LSOA code', 'LSOA name', 'Crime type', 'Last outcome category', 'Context', 'Victim'];
    const row = ['', '2023-06', 'Example Constabulary', 'Example Constabulary', -0.1, 51.5, 'On or near High Street', 'E01000001', 'City of London 001A', 'Burglary', 'Under investigation', '', 'Jane Example'];
    const { report } = await scanTree({ 'street.xlsx': await xlsx({ sheets: [{ name: 'street', rows: [header, row] }] }) });
    expect(findingsLike(report, { category: 'unexpected-field', cell: 'M1' })).toHaveLength(1);
  });
});

describe('xlsx and the config', () => {
  test('a workbook allowed by path is allowed whole, every part of it', async () => {
    const book = await xlsx({ sheets: [PUBLIC, { name: 'Staff', state: 'hidden', rows: STAFF_ROWS }], props: { custom: { 'Victim name': 'Mrs Ann Other' } } });
    const { code, report } = await scanTree({ 'public/book.xlsx': book, '.leakgate.json': JSON.stringify({ allow: { paths: ['public/book.xlsx'] } }) });
    expect(report.findings).toEqual([]);
    expect(report.summary.suppressed).toBeGreaterThan(0);
    expect(code).toBe(0);
  });
});

test("an author's name in the properties is a finding, unless the config allows the field", async () => {
  const book = await xlsx({ sheets: [PUBLIC], props: { creator: 'Jane Example', lastModifiedBy: 'SMITH, John' } });
  const found = await scanTree({ 'book.xlsx': book });
  expect(found.report.findings.map((f) => `${f.field} ${f.category} ${f.hidden}`).sort()).toEqual(['creator person-name metadata', 'lastModifiedBy person-name metadata']);
  const allowed = await scanTree({ 'book.xlsx': book, '.leakgate.json': JSON.stringify({ allow: { fields: ['^creator$', '^last modified by$'] } }) });
  expect(allowed.report.findings).toEqual([]);
  expect(allowed.code).toBe(0);
});

describe('xlsx written by another writer (exceljs)', () => {
  test('its hidden sheet, date cells and numbers are read as Excel shows them', async () => {
    const wb = new ExcelJS.Workbook();
    wb.creator = 'Performance team';
    wb.addWorksheet('Totals').addRows([['Offence', 'Count'], ['Burglary', 12]]);
    const hidden = wb.addWorksheet('Nominals', { state: 'veryHidden' });
    hidden.addRows([['Surname', 'DOB', 'Phone'], ['Example', new Date(Date.UTC(1985, 6, 3)), '07700 900498']]);
    hidden.getColumn(2).numFmt = 'dd/mm/yyyy';
    const { report, code } = await scanTree({ 'export.xlsx': Buffer.from(await wb.xlsx.writeBuffer()) });
    expect(code).toBe(1);
    const got = report.findings.filter((f) => f.file === 'export.xlsx!/Nominals' && f.hidden === 'sheet').map((f) => `${f.cell} ${f.category}`);
    expect(got).toEqual(expect.arrayContaining(['A2 person-name', 'B2 date-of-birth', 'C2 phone']));
    expect(findingsLike(report, { file: 'export.xlsx!/Totals' })).toEqual([]);
  });
});

describe('xlsx fixtures, checked with an independent reader', () => {
  test('exceljs sees the hidden sheet, its cells, the hidden row and the note', async () => {
    const book = await xlsx({ sheets: [PUBLIC, { name: 'Staff', state: 'hidden', rows: STAFF_ROWS, hiddenRows: [3], comments: [{ ref: 'A2', text: 'Victim Mrs Jane Example', author: 'Analyst' }] }] });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(book as unknown as ArrayBuffer);
    const staff = wb.getWorksheet('Staff')!;
    expect(staff.state).toBe('hidden');
    expect(staff.getCell('A2').value).toBe('Example');
    expect(staff.getRow(3).hidden).toBe(true);
    expect(JSON.stringify(staff.getCell('A2').note)).toContain('Jane Example');
  });

  test('the pivot cache records hold the rows (read with fast-xml-parser)', async () => {
    const book = await xlsx({ sheets: [PUBLIC], pivot: { fields: ['Offence', 'Victim name'], records: [['Burglary', 'Jane Example']] } });
    const parts = await unzipText(book);
    const parser = new XMLParser({ ignoreAttributes: false });
    const def = parser.parse(parts['xl/pivotCache/pivotCacheDefinition1.xml']!);
    const names = [def.pivotCacheDefinition.cacheFields.cacheField].flat().map((f: Record<string, string>) => f['@_name']);
    expect(names).toEqual(['Offence', 'Victim name']);
    expect(parts['xl/pivotCache/pivotCacheRecords1.xml']).toContain('<x v="0"/>');
    expect(JSON.stringify(def)).toContain('Jane Example');
  });
});
