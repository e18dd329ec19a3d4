// Issue 15: real published data (transparency tables, premises registers, council contact lists,
// re-exported police.uk data) passes quiet, while a private person's data in the same shapes does
// not. One test per false-positive family, on fixtures of the same shapes written here (fiction:
// Ofcom drama numbers, example.com, invented identifiers), through the built CLI.
import { runBin } from '../helpers/bin.js';
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
