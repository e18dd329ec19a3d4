// Issue 15: real published data (transparency tables, premises registers, council contact lists,
// re-exported police.uk data) passes quiet, while a private person's data in the same shapes does
// not. One test per false-positive family, on fixtures of the same shapes written here (fiction:
// Ofcom drama numbers, example.com, invented identifiers), through the built CLI.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { root, runBin } from '../helpers/bin.js';
import { tree } from '../helpers/cli.js';
import type { Report } from '../../src/types.js';

type Finding = Report['findings'][number];

async function scan(files: Record<string, string>, ...args: string[]): Promise<{ code: number | null; report: Report; stdout: string }> {
  const dir = tree(files);
  const r = await runBin(['scan', '.', '-f', 'json', ...args], { cwd: dir });
  if (r.code === 2) throw new Error(r.stderr);
  return { code: r.code, report: JSON.parse(r.stdout) as Report, stdout: r.stdout };
}

const where = (fs: Finding[]): string[] => fs.map((f) => `${f.category} ${f.field ?? ''} ${f.line}`);

describe('numbers are read as numbers', () => {
  it('no card, phone or other identifier inside a high-precision coordinate, a decimal or a longer digit run', async () => {
    const { code, report } = await scan({
      'casualties.csv': [
        'ref,date,lon,lat,notes',
        // the digits after the point pass Luhn (4111111111111111); 0116 496 0123 is a phone's shape
        '2024061393664,2024-01-01,-2.4111111111111111,53.01164960123,none',
        '2024061393715,2024-01-02,-2.123356307022915,53.45507523784409,sold 3.4111111111111111 units',
        '2024061393716,2024-01-03,-2.1,53.4,ref 94347659190001',
      ].join('\n'),
    });
    expect(where(report.findings)).toEqual([]);
    expect(code).toBe(0);
  });

  it('a control: the same digits standing alone are found', async () => {
    const { report } = await scan({ 'notes.csv': 'ref,notes\n1,card 4111 1111 1111 1111 used\n2,call 0116 496 0123\n' });
    expect(report.findings.map((f) => f.category).sort()).toEqual(['payment-card', 'phone']);
  });

  it('a version string in a build or version field is not an IP address', async () => {
    const { report } = await scan({ 'release.json': JSON.stringify({ build: '2.4.3.3', version: '10.2.0.1', notes: 'from 192.0.2.116' }) });
    expect(where(report.findings)).toEqual(['ip-address $.notes 1']);
  });
});

describe('business identifiers are not personal', () => {
  it('a VAT registration number is not a vehicle, and bare "registration" names no vehicle', async () => {
    const { report } = await scan({
      'suppliers.csv': 'Supplier,VATRegistrationNumber,CompanyRegistrationNumber,Registration\nAcme Widgets Ltd,GB123456789,AB12 CDE,2019-04-01\n',
    });
    expect(report.findings.filter((f) => f.category === 'vehicle-registration' || f.category === 'sensitive-field')).toEqual([]);
  });

  it('invoice, purchase-order and transaction numbers starting with 0 are not phones or cards', async () => {
    const { report } = await scan({
      'spend.csv': 'Invoice number,PO Number,Transaction ID,Amount\n02900001234,01632960193,4111111111111111,120.00\n',
    });
    expect(where(report.findings)).toEqual([]);
  });

  it('a control: a vehicle registration column and a phone column still report', async () => {
    const { report } = await scan({ 'cases.csv': 'Vehicle registration number,Contact number\nAB51 ABC,07700 900123\n' });
    expect(report.findings.filter((f) => f.line === 2).map((f) => f.category).sort()).toEqual(['phone', 'vehicle-registration']);
  });
});

describe('organisations are not people', () => {
  it('a premises register (website, type, register id, organisation name, opening times) passes; its mobiles and personal mailboxes do not', async () => {
    const { report } = await scan({
      'dentists.csv': [
        'name,type,address,postcode,telephone,website',
        'Example Smile Clinic,Dentist,"7 Example Street, Exampleton",M1 1AA,1614960123,http://www.example.com',
        'Jane Example Dental Practice,Dentist,"9 Example Road, Exampleton",M1 1AB,1614960124,NA',
        'Example Dental Care,Dentist,"11 Example Lane, Exampleton",M1 1AD,07700 900123,NA',
      ].join('\n'),
      'food-banks.csv': [
        'Name,Opening times,Address,Postcode,Contact',
        'Example Food Bank,Wednesday 10am - 4pm,"The Lodge, 2 Example Road, Exampleton",BL3 2HP,referrals@example.org.uk',
        'Example Pantry,Friday 9am - 12noon,"4 Example Road, Exampleton",BL3 2HQ,jane.doe@example.org',
        'Example Church Hall,Mondays 1pm,"6 Example Road, Exampleton",BL3 2HR,exampleperson123@hotmail.example.com',
      ].join('\n'),
      'schools.csv': 'name,unique_reference_number,postcode\nExample Primary School,106283,M16 0EX\n',
    });
    const values = report.findings.filter((f) => f.category !== 'sensitive-field');
    expect(where(values)).toEqual(['phone telephone 4', 'email Contact 3', 'email Contact 4']);
  });

  it('a control: the same columns describing people are findings', async () => {
    const { report } = await scan({
      'residents.csv': 'name,address,postcode,telephone,email\nJane Doe,"7 Example Street, Exampleton",M1 1AA,0161 496 0123,jane.doe@example.com\n',
    });
    expect(report.findings.filter((f) => f.line === 2).map((f) => f.category).sort()).toEqual(['address', 'email', 'person-name', 'phone', 'postcode']);
  });

  it('role mailboxes and public-sector mailboxes are public unless the local part is a name', async () => {
    const { report } = await scan({
      'contacts.txt': [
        'Write to foi@example.org.uk or enquiries@example.com.',
        'Libraries: northmoor.library@example.gov.uk, disclosure@example.police.uk',
        'Officer: jane.doe@example.gov.uk',
      ].join('\n'),
    });
    expect(report.findings.map((f) => `${f.category} ${f.line}`)).toEqual(['email 3']);
  });

  it('a person named in an organisation name is the organisation; a name in the row of a meeting at a home is not', async () => {
    const { report } = await scan({
      'practices.csv': 'name,address,postcode\nDr Jane Example Dental Practice,"7 Example Street, Exampleton",M1 1AA\nMeeting (home of Jane Hall),"9 Example Street, Exampleton",M1 1AB\n',
    });
    expect(report.findings.filter((f) => f.category !== 'sensitive-field').map((f) => `${f.category} ${f.line}`)).toEqual(['person-name 3', 'address 3', 'postcode 3']);
  });
});

describe('published results, places and history', () => {
  it('an election result row: candidates, the returning officer and the electoral services contacts are published', async () => {
    const { report } = await scan({
      'results.csv': [
        'ElectoralAreaLabel,CandidateSurname,CandidateForenames,PoliticalPartyLabel,VotesWon,ReturningOfficer,ContactEmail,ContactTel',
        'Example West,EXAMPLE,Jane Mary,Example Party,1234,Sarah Example,elections@example.gov.uk,0800 0234 206',
      ].join('\n'),
    });
    expect(report.findings.filter((f) => f.line === 2)).toEqual([]);
  });

  it('a column of ward, MSOA or area names holds places, and a place with a compass word is not a person', async () => {
    const { report } = await scan({
      'areas.csv': 'Crime type,MSOA,ward_name\nBurglary,Royston West,William Morris\n',
      'notes.txt': 'Patrols in Royston West continue.\n',
    });
    expect(report.findings).toEqual([]);
  });

  it('a row about a person who died long ago (a blue plaque) is history, not personal data', async () => {
    const { report } = await scan({
      'plaques.csv': 'title,inscription,lead_subject_name,lead_subject_born_in,lead_subject_died_in,address\nHelen Example blue plaque,Helen Example lived here,Helen Example,1848,1926,16 Example Street\nJane Example blue plaque,Jane Example lived here,Jane Example,1980,2021,18 Example Street\n',
    });
    expect(report.findings.filter((f) => f.line === 2)).toEqual([]);
    expect(report.findings.filter((f) => f.line === 3).length).toBeGreaterThan(0);
  });
});

describe('JSON keys and headerless CSVs', () => {
  it('a sensitive key whose values are all public is one finding per key path; one holding a private value stays beside it', async () => {
    const bodies = Array.from({ length: 5 }, (_, i) => ({ name: `Example Body ${i}`, FOI_Email_Address: `foi@body${i}.example.gov.uk` }));
    bodies.push({ name: 'Example Panel', FOI_Email_Address: 'jane.doe@example.gov.uk' });
    const { report } = await scan({ 'bodies.json': JSON.stringify(bodies, null, 1) });
    const keys = report.findings.filter((f) => f.category === 'sensitive-field');
    const emails = report.findings.filter((f) => f.category === 'email');
    expect(keys.length).toBe(2);
    expect(emails.map((f) => f.field)).toEqual(['$[5].FOI_Email_Address']);
  });

  it('a headerless CSV never prints a value from its data as a field label', async () => {
    const { report, stdout } = await scan({ 'venues.csv': '01632 960123,AB1 2CD,Example Hall\n01632 960124,AB1 2CE,Example Club\n' });
    expect(report.findings.every((f) => /^#\d+$/.test(f.field ?? ''))).toBe(true);
    expect(stdout).not.toContain('01632 960123');
    expect(stdout).not.toContain('AB1 2CD');
  });
});

describe('public elsewhere is scoped', () => {
  it("a station's postcode from neighbourhood data is public in its own bundle, not in another bundle of the run", async () => {
    const neighbourhood = readFileSync(path.join(root, '__tests__/fixtures/police-uk/api-exampleshire-neighbourhood.json'), 'utf8');
    const { report } = await scan({
      'bundle-a/neighbourhood.json': neighbourhood,
      'bundle-a/page.txt': 'Visit the front counter: EX1 9ZZ.\n',
      'bundle-b/cases.csv': 'Ref,Notes\n1,Victim moved to EX1 9ZZ last week\n',
    });
    expect(report.findings.map((f) => `${f.file} ${f.category}`)).toEqual(['bundle-b/cases.csv postcode']);
  });
});

describe('a way out for the analyst', () => {
  it('when most findings come from a few columns, the text and HTML reports end with the exact allow.fields lines, which accept those columns in that file only', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `Example Venue ${i},Example Street,0161 496 0${String(100 + i)}`);
    const files = {
      'venues.csv': `Venue,Street,Telephone\n${rows.join('\n')}\n`,
      'other/cases.csv': 'Ref,Telephone\n1,0161 496 0999\n',
    };
    const dir = tree(files);
    const text = await runBin(['scan', '.', '-f', 'text'], { cwd: dir });
    expect(text.stdout).toContain('Most findings (30 of 33) come from 1 column.');
    expect(text.stdout).toContain('    { "file": "venues.csv", "field": "^telephone$" }');
    const html = await runBin(['scan', '.', '-f', 'html'], { cwd: dir });
    expect(html.stdout).toContain('{ &quot;file&quot;: &quot;venues.csv&quot;, &quot;field&quot;: &quot;^telephone$&quot; }');
    // the analyst pastes the lines: that column passes, the same column in another file still fails
    const config = { allow: { fields: [{ file: 'venues.csv', field: '^telephone$' }] } };
    const again = await scan({ ...files, '.leakgate.json': JSON.stringify(config) });
    expect(again.report.findings.map((f) => `${f.file} ${f.category}`)).toEqual(['other/cases.csv sensitive-field', 'other/cases.csv phone']);
  });
});
