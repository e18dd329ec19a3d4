import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { cli, tree } from '../helpers/cli.js';

// The public test vectors of ../shared/reference/test-vectors (Presidio's UK recognizers,
// python-stdnum, libphonenumber, the MoJ's PNC tests), through the real CLI on real files: every
// valid vector is found under a labelled column, in a neutral one ("Notes") of its kind, which is
// judged by its values, and alone among other notes; every invalid one is found in neither a
// neutral column nor after its label in prose.

const file = path.resolve(import.meta.dirname, '../../../shared/reference/test-vectors/vectors.mjs');
const here = existsSync(file);
if (!here) console.warn(`\n*** ${file} is absent: the public test vectors are NOT tested ***\n`);
type Vectors = Record<string, Record<string, string[]>>;
const { VALID, INVALID } = (here ? await import(pathToFileURL(file).href) : { VALID: {}, INVALID: {} }) as { VALID: Vectors; INVALID: Record<string, string[]> };

/** Per vector group: the category leakgate reports, a column header, and a label people write before such a value. */
const KINDS: Record<string, { category: string; header: string; label: string }> = {
  nhs: { category: 'nhs-number', header: 'NHS number', label: 'NHS number' },
  nino: { category: 'nino', header: 'NI number', label: 'NI number' },
  drivingLicence: { category: 'driving-licence', header: 'Driving licence number', label: 'driving licence' },
  passport: { category: 'passport', header: 'Passport number', label: 'passport number' },
  postcode: { category: 'postcode', header: 'Postcode', label: 'postcode' },
  vehicle: { category: 'vehicle-registration', header: 'Vehicle registration', label: 'vehicle registration' },
  card: { category: 'payment-card', header: 'Card number', label: 'card number' },
  iban: { category: 'iban', header: 'IBAN', label: 'IBAN' },
  ip: { category: 'ip-address', header: 'IP address', label: 'IP address' },
  pnc: { category: 'pnc-id', header: 'PNC ID', label: 'PNC ID' },
  phone: { category: 'phone', header: 'Telephone', label: 'tel' },
};

/**
 * Valid vectors leakgate finds in a neutral column only with a label before them, on purpose: the
 * value alone is a shape too common in data to report (README, "What is found without context").
 */
const NEEDS_LABEL: Record<string, string> = {
  'nhs 0032698674': 'ten bare digits pass modulus 11 one time in eleven: an NHS keyword or column must say so',
  passport: 'nine digits, or two letters and seven, are any reference number without a passport label',
  'vehicle A123 BCD': 'a prefix registration alone looks like a code or a road number',
  'vehicle K1 ABC': 'a prefix registration alone looks like a code',
  'vehicle ABC 123D': 'a suffix registration alone looks like a code',
  'vehicle ABC 1D': 'a suffix registration alone looks like a code',
  'vehicle DEF456G': 'a suffix registration alone looks like a code',
  'vehicle M456DEF': 'a prefix registration alone looks like a code',
  'card 122000000000003': 'UATP airline accounts (prefix 1, 15 digits) are outside the issuer table: a bare 15-digit number starting with 1 passes Luhn one time in ten',
};

/**
 * Valid vectors not found in a neutral column of values of their kind either: a column is judged
 * by its values only for kinds whose values say what they are (src/packs/column-tests.ts).
 */
const COLUMN_NEEDS_LABEL: Record<string, string> = {
  passport: 'a column of nine-digit numbers is a passport column only beside a column of names, NHS numbers or phones',
  vehicle: 'a registration without its year ("K1 ABC", "ABC 1D") is a code or an id; columns are not judged on registrations',
};

/** Other notes between the vectors of the `alone-` files: in so mixed a column, no value is backed by its neighbours. */
const FILLER = ['closed', 'seen by the team', 'pending', 'called back'];

interface Finding {
  category: string;
  file: string;
  line: number;
}

const valid = Object.entries(VALID).flatMap(([kind, bySource]) => Object.values(bySource).flat().map((v) => ({ kind, value: v })));
const invalid = Object.entries(INVALID).flatMap(([kind, values]) => values.map((v) => ({ kind, value: v })));
const csv = (header: string, values: string[]): string => `ref,"${header}"\n${values.map((v, i) => `${i + 1},"${v}"`).join('\n')}\n`;

let findings: Finding[] = [];
const files: Record<string, string> = {};
for (const kind of Object.keys(KINDS)) {
  const { header, label } = KINDS[kind]!;
  const mine = valid.filter((v) => v.kind === kind).map((v) => v.value);
  const bad = invalid.filter((v) => v.kind === kind).map((v) => v.value);
  if (mine.length) {
    files[`labelled-${kind}.csv`] = csv(header, mine);
    files[`neutral-${kind}.csv`] = csv('Notes', mine);
    files[`alone-${kind}.csv`] = csv('Notes', mine.flatMap((v) => [v, ...FILLER]));
    files[`neutral-labelled-${kind}.csv`] = csv('Notes', mine.map((v) => `${label} ${v}`));
  }
  if (bad.length) {
    files[`invalid-${kind}.csv`] = csv('Notes', bad);
    files[`invalid-labelled-${kind}.csv`] = csv('Notes', bad.map((v) => `${label} ${v}`));
  }
}

beforeAll(async () => {
  if (!here) return;
  const root = tree(files);
  const r = await cli(['scan', root, '-f', 'json'], { cwd: root });
  expect(r.code).toBeLessThan(2);
  findings = JSON.parse(r.stdout).findings;
});

/** Whether a value of `kind` written on data row `row` of `name` was reported in its category. */
function found(name: string, kind: string, row: number): boolean {
  return findings.some((f) => f.file === name && f.line === row + 1 && f.category === KINDS[kind]!.category);
}

/** The row of a vector in its kind's files. */
const rowOf = (kind: string, value: string): number => valid.filter((v) => v.kind === kind).findIndex((v) => v.value === value) + 1;

(here ? describe : describe.skip)('public test vectors (../shared/reference/test-vectors)', () => {
  it('covers every vector group of the file', () => {
    expect(Object.keys(VALID).filter((k) => !KINDS[k])).toEqual([]);
    expect(Object.keys(INVALID).filter((k) => !KINDS[k])).toEqual([]);
  });

  it.each(valid.map((v) => [v.kind, v.value]))('valid %s %j is found under a labelled column', (kind, value) => {
    expect(found(`labelled-${kind}.csv`, kind, rowOf(kind, value))).toBe(true);
  });

  it.each(valid.map((v) => [v.kind, v.value]))('valid %s %j is found in a neutral column with its label before it', (kind, value) => {
    expect(found(`neutral-labelled-${kind}.csv`, kind, rowOf(kind, value))).toBe(true);
  });

  it.each(valid.map((v) => [v.kind, v.value]))('valid %s %j is found alone in a neutral column (or needs a label, and says why)', (kind, value) => {
    const why = NEEDS_LABEL[`${kind} ${value}`] ?? NEEDS_LABEL[kind];
    // the values that need a label are not reported alone: the rule's choice, stated above
    const row = (rowOf(kind, value) - 1) * (FILLER.length + 1) + 1;
    expect([found(`alone-${kind}.csv`, kind, row), why]).toEqual([why === undefined, why]);
  });

  it.each(valid.map((v) => [v.kind, v.value]))('valid %s %j is found in a neutral column of its kind, judged by its values (or says why not)', (kind, value) => {
    // a value found alone is found in any column; one that needs a label alone may be backed by its column
    const alone = NEEDS_LABEL[`${kind} ${value}`] ?? NEEDS_LABEL[kind];
    const why = alone === undefined ? undefined : COLUMN_NEEDS_LABEL[kind];
    expect([found(`neutral-${kind}.csv`, kind, rowOf(kind, value)), why]).toEqual([why === undefined, why]);
  });

  it.each(invalid.map((v, i) => [v.kind, v.value, i]))('invalid %s %j is not found, alone or after its label', (kind, value) => {
    const row = invalid.filter((v) => v.kind === kind).findIndex((v) => v.value === value) + 1;
    expect(found(`invalid-${kind}.csv`, kind, row)).toBe(false);
    expect(found(`invalid-labelled-${kind}.csv`, kind, row)).toBe(false);
  });
});
