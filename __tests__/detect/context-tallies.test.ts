import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tree } from '../helpers/cli.js';
import { runBin } from '../helpers/bin.js';

describe('a folder of files of one kind: what a rule needs around a value is decided in each file', () => {
  it('a passport number is found where its key names it or a keyword is near, file after file of the same keys', async () => {
    // the files alternate two shapes, so each batch meets the contexts of one met before
    const named = JSON.stringify({ ref: 'R1', notes: 'seized 799297286 at the scene', passport: '207825414' });
    const keyword = JSON.stringify({ ref: 'R2', notes: 'passport no 799297286 seized', passport: '' });
    const files: Record<string, string> = {};
    for (let i = 0; i < 6; i++) files[`f${i}.json`] = i % 2 === 0 ? named : keyword;
    const report = path.join(mkdtempSync(path.join(tmpdir(), 'leakgate-report-')), 'report.json');
    const r = await runBin(['scan', '.', '-j', '1', '-f', 'json', '-o', report, '--show-values', '--no-progress'], { cwd: tree(files) });
    expect(r.code).toBe(1);
    const { findings } = JSON.parse(readFileSync(report, 'utf8')) as { findings: { file: string; ruleId: string; field: string; value: string }[] };
    const passports = findings.filter((f) => f.ruleId === 'uk-identifiers.passport').map((f) => `${f.file} ${f.field} ${f.value}`);
    expect(passports.sort()).toEqual([
      'f0.json $.passport 207825414',
      'f1.json $.notes 799297286',
      'f2.json $.passport 207825414',
      'f3.json $.notes 799297286',
      'f4.json $.passport 207825414',
      'f5.json $.notes 799297286',
    ]);
  });
});
