import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tree } from '../helpers/cli.js';
import { runBin } from '../helpers/bin.js';

// A sensitive JSON key is a finding only when a value under it (its own, or one inside it) shows
// data (issue 17). The values of a batch are tried against the keys held: one by one when few are
// held, through each value's enclosing keys when many are (more than 16 here: 20 records' keys
// wait at once in one batch). Both ways must release the same keys.

interface Finding {
  category: string;
  line: number;
  field?: string;
}

/** Scans a tree with the built CLI and returns its findings as [file, line, category, field], sorted. */
async function scan(files: Record<string, string>): Promise<string[][]> {
  const dir = tree(files);
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'leakgate-report-')), 'report.json');
  const r = await runBin(['scan', '.', '-f', 'json', '-o', out, '--no-progress', '-j', '1'], { cwd: dir });
  expect([0, 1]).toContain(r.code);
  const findings = (JSON.parse(readFileSync(out, 'utf8')) as { findings: (Finding & { file: string })[] }).findings;
  return findings.map((f) => [f.file, String(f.line), f.category, f.field ?? '']).sort();
}

/** 20 records whose sensitive keys hold placeholders, then one with data in some and one in others. */
function records(): object[] {
  const out: object[] = [];
  for (let i = 0; i < 20; i++) out.push({ ref: `R${i}`, dob: 'N/A', contact: { phone: 'Withheld' }, 'witness names': ['N/A'], suspect: ['N/A'] });
  out.push({ ref: 'R20', dob: '12/03/1980', contact: { phone: 'N/A' }, 'witness names': ['N/A', '[REDACTED:person-name]'], suspect: ['Dylan Rees'] });
  out.push({ ref: 'R21', dob: 'N/A', contact: { phone: '07700 900123' }, 'witness names': ['N/A', 'Dylan Rees'], suspect: ['N/A'] });
  return out;
}

describe('sensitive JSON keys held until a value under them shows data', () => {
  it('releases the same keys whether few or many are held', async () => {
    const recs = records();
    const found = await scan({
      'many.json': JSON.stringify({ cases: recs }, null, 1),
      'few.json': JSON.stringify({ cases: recs.slice(18) }, null, 1),
    });
    const names = found.filter((f) => f[2] === 'sensitive-field');
    expect(names).toEqual([
      ['few.json', '31', 'sensitive-field', '$.cases[2].dob'],
      ['few.json', '39', 'sensitive-field', '$.cases[2].suspect'],
      ['few.json', '47', 'sensitive-field', '$.cases[3].contact.phone'],
      ['few.json', '49', 'sensitive-field', '$.cases[3]["witness names"]'],
      ['many.json', '265', 'sensitive-field', '$.cases[20].dob'],
      ['many.json', '273', 'sensitive-field', '$.cases[20].suspect'],
      ['many.json', '281', 'sensitive-field', '$.cases[21].contact.phone'],
      ['many.json', '283', 'sensitive-field', '$.cases[21]["witness names"]'],
    ]);
  });

  it('a value releases a key whose name holds a dot, and no key its label merely begins with', async () => {
    // `$.cases[0].emails[1]` must not release `$.cases[0].email`; `["victim.name"]` is released by its element
    const json = JSON.stringify({ cases: [{ email: 'N/A', emails: ['N/A', 'dylan.rees@example.com'], 'victim.name': ['N/A', 'Ann Jones'] }] }, null, 1);
    const found = await scan({ 'a.json': json });
    expect(found.filter((f) => f[2] === 'sensitive-field').map((f) => f[3])).toEqual(['$.cases[0].emails', '$.cases[0]["victim.name"]']);
  });
});
