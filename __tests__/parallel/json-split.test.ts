import { tree } from '../helpers/cli.js';
import { partsOf, sameBothWays } from '../helpers/same-both-ways.js';

// Issue 16: a large JSON file (pretty or on one line) is cut between the records of its first
// array of objects and its parts scanned at once, like CSV and NDJSON. The report must be the one
// a single thread gives: labels ($.cases[n]), lines, columns (one-line JSON is all line 1, and a
// part starts inside it), warnings and counts. A cut that is not between two records of that array
// (a string or a nested array that looks like one) is caught at the join and the file is scanned
// again whole. Values are fiction: Ofcom drama numbers, invented names and places.

const NAMES = ['Mr Ellis Pendry', 'Mrs Orla Vance', 'Dr Amir Haddad', 'Ms Tess Arkwright', 'Mme Zoë Brontë'];
const name = (i: number): string => NAMES[i % NAMES.length]!;
const phone = (i: number): string => `07700 900${String(i % 1000).padStart(3, '0')}`;

function kase(i: number): Record<string, unknown> {
  return {
    ref: `ASB/24/${1000 + i}`,
    status: i % 2 ? 'open' : 'closed',
    hotspots: ['Yeovil 015D', `On or near Café Street ${i} 🚲`],
    people: [{ ref: `P${i}`, name: name(i), phone: phone(i) }, { ref: `Q${i}`, role: 'witness' }],
    issue: `<p>Caller ${name(i + 1)} rang on ${phone(i + 7)}</p>`,
  };
}

const exportOf = (cases: unknown[]): Record<string, unknown> => ({ export: { system: 'CaseWorks', force: 'Borsetshire Police' }, cases, meta: { count: cases.length, contact: phone(999) } });
const cases = (n: number): Record<string, unknown>[] => Array.from({ length: n }, (_, i) => kase(i));
const rescans = (debug: string): string[] => debug.split('\n').filter((l) => l.includes('scanned again whole'));

describe('a large JSON file cut between records gives the report one thread gives', () => {
  test('pretty JSON: labels, lines and the keys after the array, with no scan again', async () => {
    const dir = tree({ 'export.json': JSON.stringify(exportOf(cases(120)), null, 2), 'crlf.json': JSON.stringify(exportOf(cases(60)), null, 4).replace(/\n/g, '\r\n') });
    const { serial, plan, debug } = await sameBothWays('.', dir, ['--verbose']);
    expect(partsOf(plan, 'export.json')).toBeGreaterThan(10);
    expect(partsOf(plan, 'crlf.json')).toBeGreaterThan(10);
    expect(rescans(debug)).toEqual([]);
    const fields = serial.findings.map((f) => f.field);
    expect(fields).toContain('$.cases[117].people[0].phone');
    expect(fields).toContain('$.meta.contact');
  });

  test('one-line JSON with characters of several bytes: columns counted across parts', async () => {
    const dir = tree({ 'export.json': JSON.stringify(exportOf(cases(120))), 'top.json': JSON.stringify(cases(80)) });
    const { serial, plan, debug } = await sameBothWays('.', dir, ['--verbose']);
    expect(partsOf(plan, 'export.json')).toBeGreaterThan(10);
    expect(partsOf(plan, 'top.json')).toBeGreaterThan(10);
    expect(rescans(debug)).toEqual([]);
    const last = serial.findings.filter((f) => f.file === 'top.json').at(-1)!;
    expect(last.line).toBe(1);
    expect(serial.findings.map((f) => f.field)).toContain('$[79].people[0].phone');
  });

  test('look-alike cuts (a record inside a string, nested arrays of records) are caught or never made', async () => {
    const tricky = cases(100).map((c, i) => (i % 9 === 4 ? { ...c, note: `x"},{"ref": "fake"}, {"ref": "y` } : i % 7 === 3 ? { ref: `R${i}`, inner: [{ ref: 'a', name: name(i) }, { ref: 'b', phone: phone(i) }] } : c));
    const dir = tree({ 'one.json': JSON.stringify(tricky), 'pretty.json': JSON.stringify(tricky, null, 2) });
    const { serial } = await sameBothWays('.', dir, [], ['--part-bytes', '200']);
    expect(serial.findings.length).toBeGreaterThan(200);
  });

  test('invalid JSON half way and a truncated end: the same warnings, the file scanned again whole', async () => {
    const text = JSON.stringify(exportOf(cases(120)), null, 2);
    const at = text.indexOf('"ref": "ASB/24/1060"');
    // over the megabyte the planner looks ahead of a cut, so that it cuts a file that does not end well
    const long = JSON.stringify(Array.from({ length: 5000 }, (_, i) => ({ ref: `R${i}`, note: `${'quiet night '.repeat(25)}${i % 500 ? '' : phone(i)}` })), null, 1);
    const dir = tree({ 'broken.json': `${text.slice(0, at)}"ref" "ASB/24/1060"${text.slice(at + 20)}`, 'cut.json': long.slice(0, long.length - 300) });
    for (const [file, parts] of [['broken.json', []], ['cut.json', ['--part-bytes', '150000']]] as const) {
      const { serial, debug, plan } = await sameBothWays(file, dir, [], [...parts]);
      expect(partsOf(plan, file)).toBeGreaterThan(2);
      expect(serial.warnings.filter((w) => w.code === 'EPARSE')).toHaveLength(1);
      expect(rescans(debug)).toHaveLength(1);
    }
  }, 120_000);

  test('a sensitive key holding the records', async () => {
    const victims = Array.from({ length: 80 }, (_, i) => ({ ref: `V${i}`, name: i === 79 ? name(i) : 'N/A' }));
    const dir = tree({ 'victims.json': JSON.stringify({ victims }, null, 2), 'empty.json': JSON.stringify({ victims: victims.map((v) => ({ ...v, name: 'N/A' })) }, null, 2) });
    await sameBothWays('.', dir);
  });
});
