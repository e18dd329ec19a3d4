import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cli, tree } from '../helpers/cli.js';

// Fiction: Ofcom drama numbers, invented names, a NINO that follows the prefix rules.
const ROWS = ['Jane Example,07700 900123,JM 45 67 89 C', 'Tom Sample,07700 900456,'];
const csv = (rows: string[]): string => `Victim name,Contact number,Notes\n${rows.join('\n')}\n`;

describe('baselines', () => {
  it('create → scan passes → a new leak fails naming only it; the file holds no planted value', async () => {
    const dir = tree({ 'data/cases.csv': csv(ROWS) });
    const created = await cli(['baseline', 'create', 'data', '-o', '.leakgate-baseline.json'], { cwd: dir });
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/created \.leakgate-baseline\.json: \d+ finding\(s\) accepted/);
    const text = readFileSync(path.join(dir, '.leakgate-baseline.json'), 'utf8');
    for (const planted of ['Jane Example', 'Tom Sample', '07700 900123', '07700900123', '07700 900456', 'JM 45 67 89 C', 'JM456789C']) expect(text).not.toContain(planted);
    const file = JSON.parse(text);
    expect(file).toMatchObject({ version: 2, tool: 'leakgate', keyId: expect.stringMatching(/^[0-9a-f]{16}$/) });
    // the key stays out of the file: only its id (which does not reveal it) is there
    expect(file.key).toBeUndefined();

    const clean = await cli(['scan', 'data', '--baseline', '.leakgate-baseline.json', '--format', 'json'], { cwd: dir });
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.stdout).summary).toMatchObject({ findings: 0, suppressed: JSON.parse(text).entries.reduce((n: number, e: { count: number }) => n + e.count, 0) });

    // rows moved, and a new value added on a line of its own and on an accepted line
    writeFileSync(path.join(dir, 'data/cases.csv'), csv([ROWS[1]!, 'Priya Placeholder,07700 900789,', ROWS[0]!.replace(',JM', ', also 07700 900321,JM')]));
    const fresh = await cli(['scan', 'data', '--baseline', '.leakgate-baseline.json', '--format', 'json', '--show-values'], { cwd: dir });
    expect(fresh.code).toBe(1);
    const values = JSON.parse(fresh.stdout).findings.map((f: { value: string }) => f.value).sort();
    expect(values).toEqual(['07700 900321', '07700 900789', 'Priya Placeholder'].sort());
  });

  it('update keeps the key; a broken baseline is exit 2 naming it', async () => {
    const dir = tree({ 'cases.csv': csv(ROWS) });
    await cli(['baseline', 'create', '.', '-o', 'b.json'], { cwd: dir });
    const key = JSON.parse(readFileSync(path.join(dir, 'b.json'), 'utf8')).keyId;
    expect(key).toMatch(/^[0-9a-f]{16}$/);
    writeFileSync(path.join(dir, 'cases.csv'), csv([ROWS[0]!]));
    expect((await cli(['baseline', 'update', '.', '-o', 'b.json'], { cwd: dir })).code).toBe(0);
    const updated = JSON.parse(readFileSync(path.join(dir, 'b.json'), 'utf8'));
    expect(updated.keyId).toBe(key);
    writeFileSync(path.join(dir, 'bad.json'), '{"version": 2}');
    const bad = await cli(['scan', '.', '--baseline', 'bad.json'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^leakgate: baseline .*bad\.json: not a leakgate baseline/);
  });
});
