import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { testConfigHome, tree } from '../helpers/cli.js';
import { runBin, type BinResult } from '../helpers/bin.js';
import { zipOf } from '../helpers/zip.js';
import type { Report } from '../../src/types.js';

// Issue 11, "the report prints personal data": every break of that part, run through the built
// CLI in a process of its own. Planted values are fiction: a NINO that passes the prefix rules,
// an example.com address, Ofcom drama numbers, an invented name (with a title, so that the name
// rule finds it; not a name the packs' own descriptions use, which SARIF and HTML quote). None of them may appear in any report format, baseline or message.
const NINO = 'JM456789C';
const EMAIL = 'jane.doe@example.com';
const PHONE = '07700 900123';
const NAME = 'Orla Quennell';
const PLANTED = [NINO, NINO.toLowerCase(), 'JM 45 67 89 C', EMAIL, PHONE, '07700900123', '07700 900456', '07700900456', NAME];

/** The police.uk street-level header (the shape a file is recognised by). */
const STREET = 'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';
const STREET_ROW = ',2024-01,Hertfordshire Constabulary,Hertfordshire Constabulary,-0.1,51.7,On or near High Street,E01000001,Broxbourne 001A,Burglary,Under investigation,';

/** A bundle that puts personal data everywhere but in values: labels, names, broken syntax. */
async function leakyBundle(): Promise<string> {
  return tree({
    [`Mrs ${NAME} ${NINO}/notes.txt`]: 'nothing to see here\n',
    [`${EMAIL} ${PHONE}.csv`]: 'id,note\n1,ok\n',
    // a header (numbers and months below), one of whose names is a NINO, over a phone number
    'labelled.csv': `id,Month,${NINO}\n1,2024-01,07700 900456\n2,2024-02,x\n3,2024-03,y\n`,
    // no header: the first line is a person's record
    'headerless.csv': `Mrs ${NAME},${NINO},${PHONE},${EMAIL}\nMr Tom Sample,JM456788C,07700 900789,tom@example.com\n`,
    'keys.json': JSON.stringify({ [NINO]: { phone: '07700 900456' }, [`Mrs ${NAME}`]: { phone: '07700 900457' }, [EMAIL]: 1 }),
    'page.html': `<table><tr><th>${NINO}</th><th>Mrs ${NAME}</th></tr><tr><td>07700 900458</td><td>x</td></tr></table><p data-${NINO.toLowerCase()}="1">07700 900459</p>`,
    // a police.uk file with one column too many, named after a person: an unexpected-field finding
    'street.csv': `${STREET},${EMAIL}\n${STREET_ROW},x\n`,
    'broken.json': `{"a": ${NINO}}`,
    'bundle.zip': await zipOf([[`Mrs ${NAME}/${NINO}.csv`, 'id\n1\n']]),
  });
}

/** Every planted value found in `text`, with where it was. */
function leaks(where: string, text: string): string[] {
  return PLANTED.filter((v) => text.includes(v)).map((v) => `${where}: ${v}`);
}

function parse(r: BinResult): Report {
  try {
    return JSON.parse(r.stdout) as Report;
  } catch {
    throw new Error(`no JSON report (exit ${r.code}): ${r.stderr}`);
  }
}

describe('no personal data in any output channel (labels, names, messages)', () => {
  it('text, JSON, SARIF, JUnit, CSV, HTML, a baseline and stderr hold none of the planted values', async () => {
    const dir = await leakyBundle();
    const out = mkdtempSync(path.join(tmpdir(), 'leakgate-out-'));
    const found: string[] = [];
    const runs: [string, string[]][] = [
      ['text', ['scan', '.', '--verbose']],
      ['json', ['scan', '.', '-f', 'json', '--verbose']],
      ...(['json', 'sarif', 'junit', 'csv', 'html', 'text'] as const).map((f): [string, string[]] => [`-o ${f}`, ['scan', '.', '-f', f, '-o', path.join(out, `report.${f}`)]]),
      ['baseline create', ['baseline', 'create', '.', '-o', path.join(out, 'baseline.json')]],
    ];
    for (const [name, args] of runs) {
      const r = await runBin(args, { cwd: dir });
      expect([name, r.code]).toEqual([name, name === 'baseline create' ? 0 : 1]);
      found.push(...leaks(`${name} stdout`, r.stdout), ...leaks(`${name} stderr`, r.stderr));
    }
    // the baseline applies, and says nothing of what it holds
    const applied = await runBin(['scan', '.', '--baseline', path.join(out, 'baseline.json')], { cwd: dir });
    found.push(...leaks('scan --baseline', applied.stdout + applied.stderr));
    for (const f of readdirSync(out)) found.push(...leaks(f, readFileSync(path.join(out, f), 'utf8')));
    expect(found).toEqual([]);
    // the reports were written, and not empty
    for (const f of ['report.json', 'report.sarif', 'report.junit', 'report.csv', 'report.html', 'baseline.json']) expect(statSync(path.join(out, f)).size).toBeGreaterThan(500);
  });

  it('a label that is a finding is masked where findings sit under it, and reported as a finding itself', async () => {
    const dir = await leakyBundle();
    const report = parse(await runBin(['scan', '.', '-f', 'json'], { cwd: dir }));
    const at = (file: string) => report.findings.filter((f) => f.file === file);
    // a CSV header that is a NINO: the phone under it is labelled with the masked NINO
    expect(at('labelled.csv').find((f) => f.category === 'phone')?.field).toBe('JM******C');
    expect(at('labelled.csv').some((f) => f.category === 'nino' && f.line === 1)).toBe(true);
    // JSON keys: the key path shows them masked; the keys are findings of their own
    expect(at('keys.json').map((f) => f.field)).toEqual(expect.arrayContaining(['$.JM******C', '$.JM******C.phone', '$["M** O*** Q*******"].phone', '$["ja**.***@*******.**m"]']));
    // an HTML header cell and an attribute name
    expect(at('page.html').map((f) => f.field)).toEqual(expect.arrayContaining(['td[JM******C]', 'p@data-jm******c']));
    // the column a known shape lacks: its name is the finding, masked in the masked slot too
    const unexpected = at('street.csv').find((f) => f.category === 'unexpected-field');
    expect(unexpected).toMatchObject({ masked: 'ja**.***@*******.**m', field: 'ja**.***@*******.**m' });
  });

  it('a headerless CSV is read as data: columns #1, #2…, and its first row scanned', async () => {
    const dir = await leakyBundle();
    const report = parse(await runBin(['scan', 'headerless.csv', '-f', 'json'], { cwd: dir }));
    const first = report.findings.filter((f) => f.line === 1).map((f) => [f.category, f.field, f.column]);
    const col = (v: string): number => `Mrs ${NAME},${NINO},${PHONE},${EMAIL}`.indexOf(v) + 1;
    expect(first).toEqual([
      ['person-name', '#1', 1],
      ['nino', '#2', col(NINO)],
      ['phone', '#3', col(PHONE)],
      ['email', '#4', col(EMAIL)],
    ]);
    expect(report.findings.filter((f) => f.line === 2).map((f) => f.field)).toEqual(['#1', '#2', '#3', '#4']);
  });

  it('real police.uk CSVs keep their header (and their shape): no finding', async () => {
    const dir = path.resolve(import.meta.dirname, '../fixtures/police-uk');
    const r = await runBin(['scan', '.', '-f', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(parse(r).summary.findings).toBe(0);
  });

  it('file, folder and zip-entry names are scanned: findings on them, and the paths masked everywhere', async () => {
    const dir = tree({
      [`Mrs ${NAME} ${NINO}/notes.txt`]: 'nothing to see here\n',
      [`${EMAIL} ${PHONE}.csv`]: 'id,note\n1,ok\n',
      'bundle.zip': await zipOf([[`Mrs ${NAME}/${NINO}.csv`, 'id\n1\n']]),
    });
    const r = await runBin(['scan', '.', '-f', 'json'], { cwd: dir });
    // the content is clean: the names alone fail the gate
    expect(r.code).toBe(1);
    const names = parse(r).findings.filter((f) => f.where === 'name').map((f) => [f.file, f.category, f.line]);
    expect(names).toEqual([
      ['M** O*** Q******* JM******C', 'person-name', 0],
      ['M** O*** Q******* JM******C', 'nino', 0],
      ['bundle.zip!/M** O*** Q*******', 'person-name', 0],
      ['bundle.zip!/M** O*** Q*******/JM******C.csv', 'nino', 0],
      ['ja**.***@*******.**m 07*** *****3.csv', 'email', 0],
      ['ja**.***@*******.**m 07*** *****3.csv', 'phone', 0],
    ]);
    expect(leaks('report', r.stdout + r.stderr)).toEqual([]);
  });

  it('many files in one folder: each file name is scanned, each folder name once, on one thread and on two', async () => {
    // issue 16: a file in the folder of the path before it has only its own name scanned
    const dir = tree({
      [`Mrs ${NAME}/a.txt`]: 'x\n',
      [`Mrs ${NAME}/${PHONE}.txt`]: 'x\n',
      [`Mrs ${NAME}/b.txt`]: 'x\n',
      [`Mrs ${NAME}/${NINO}/c.txt`]: 'x\n',
      [`Mrs ${NAME}/${NINO}/${EMAIL}.txt`]: 'x\n',
      [`Mrs ${NAME}/z ${NINO}.txt`]: 'x\n',
      [`Mrs ${NAME}.txt`]: 'x\n',
      'plain/d.txt': 'x\n',
      [`plain/${PHONE}.txt`]: 'x\n',
    });
    const names = async (jobs: string[]): Promise<unknown[]> => {
      const r = await runBin(['scan', '.', '-f', 'json', ...jobs], { cwd: dir });
      expect(r.code).toBe(1);
      return parse(r).findings.filter((f) => f.where === 'name').map((f) => [f.file, f.category, f.column]);
    };
    const one = await names(['-j', '1']);
    expect(one).toEqual([
      ['M** O*** Q*******', 'person-name', 1],
      ['M** O*** Q*******.txt', 'person-name', 1],
      ['M** O*** Q*******/07*** *****3.txt', 'phone', 19],
      ['M** O*** Q*******/JM******C', 'nino', 19],
      ['M** O*** Q*******/JM******C/ja**.***@*******.***.**t', 'email', 29],
      ['M** O*** Q*******/z JM******C.txt', 'nino', 21],
      ['plain/07*** *****3.txt', 'phone', 7],
    ]);
    expect(await names(['-j', '2', '--parallel-min-bytes', '1'])).toEqual(one);
  });

  it('hundreds of files: their names, whose rules run over many at once, are each judged as on their own', async () => {
    // issue 16: the last names of 256 paths at a time go through the rules together (scan-names.ts);
    // a finding at either side of such a batch, and a name with no letter or digit, are as before
    const leaky = [0, 255, 256, 257, 511, 599];
    const files: Record<string, string> = { 'big/---.txt': 'x\n', [`big/${NINO}`]: 'x\n' };
    for (let i = 0; i < 600; i++) files[`big/n${i}${leaky.includes(i) ? ` ${PHONE}` : ''}.txt`] = 'x\n';
    const dir = tree(files);
    const names = async (jobs: string[]): Promise<unknown[]> => {
      const r = await runBin(['scan', '.', '-f', 'json', ...jobs], { cwd: dir });
      expect(r.code).toBe(1);
      return parse(r).findings.filter((f) => f.where === 'name').map((f) => [f.file, f.category, f.column]);
    };
    const one = await names(['-j', '1']);
    const expected = [['big/JM******C', 'nino', 5], ...leaky.map((i) => [`big/n${i} 07*** *****3.txt`, 'phone', `big/n${i} `.length + 1])];
    expect([...one].sort()).toEqual([...expected].sort());
    expect(await names(['-j', '2', '--parallel-min-bytes', '1'])).toEqual(one);
  });

  it('the folders a bundle sits in are the user’s, not the bundle’s: their names are not scanned', async () => {
    // a temporary folder's random name can look like a postcode (`gp50ss`); a home folder can be
    // named after its owner: neither is uploaded
    const dir = tree({ [`${EMAIL}/bundle/id.csv`]: 'id\n1\n', [`${EMAIL}/bundle/${EMAIL}.csv`]: 'id\n1\n' });
    const r = await runBin(['scan', `${EMAIL}/bundle`, '-f', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(parse(r).findings.map((f) => [f.file, f.category, f.where])).toEqual([['ja**.***@*******.**m/bundle/ja**.***@*******.***.**v', 'email', 'name']]);
    const one = await runBin(['scan', `${EMAIL}/bundle/id.csv`, '-f', 'json'], { cwd: dir });
    expect([one.code, parse(one).summary.findings]).toEqual([0, 0]);
  });

  it("an error names the user's working folder as it is, and masks only what lies below it", async () => {
    // a working folder whose name reads as a postcode (a temporary folder's random name, `ND37Gh`)
    // is where the user is, not bundle data: masking it would hide where the error is
    const dir = tree({ [`OL9 6DZ/${EMAIL}/pack.json`]: '{"not": "a pack"}', 'OL9 6DZ/notes.txt': 'x\n' });
    const cwd = path.join(dir, 'OL9 6DZ');
    const r = await runBin(['scan', 'notes.txt', '--pack', `${EMAIL}/pack.json`], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${cwd}/`);
    expect(leaks('stderr', r.stderr)).toEqual([]);
    expect(r.stderr).toMatch(/^leakgate: .*\/ja\*\*\.\*\*\*@\S+\/pack\.json/);
  });

  it("an error names a config file above the working folder as it is (a temporary folder's random name read as a value)", async () => {
    // the config is found by walking up from the working folder: the folders above it are the user's
    const dir = tree({ 'leakgate-YR04pQ/.git/HEAD': 'ref: refs/heads/main\n', 'leakgate-YR04pQ/.leakgate.json': '{"disable": ["uk.no-such-rule"]}', 'leakgate-YR04pQ/team/notes.txt': 'x\n' });
    const r = await runBin(['scan', 'notes.txt'], { cwd: path.join(dir, 'leakgate-YR04pQ', 'team') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${path.join(dir, 'leakgate-YR04pQ', '.leakgate.json')} "disable" rule uk.no-such-rule`);
  });

  it('warnings and errors name the position, never the characters: invalid JSON, a data file as --config, --pack or --baseline', async () => {
    const dir = tree({ 'broken.json': `{"a": 1,\n "b": ${NINO}}`, 'data.csv': `${NINO},${EMAIL}\n1,2\n`, 'keys.json': JSON.stringify({ [NINO]: 1, [`Mrs ${NAME}`]: 2 }) });
    const scan = parse(await runBin(['scan', 'broken.json', '-f', 'json'], { cwd: dir }));
    expect(scan.warnings).toEqual([{ file: 'broken.json', code: 'EPARSE', message: 'invalid JSON (invalid token) at line 2, column 7; scanned as text from there' }]);
    for (const flag of ['--config', '--pack', '--baseline']) {
      for (const file of ['data.csv', 'keys.json']) {
        const r = await runBin(['scan', 'broken.json', flag, file], { cwd: dir });
        expect([flag, file, r.code]).toEqual([flag, file, 2]);
        expect(r.stderr).toMatch(/^leakgate: .*\n$/);
        expect(leaks(`${flag} ${file}`, r.stderr)).toEqual([]);
      }
    }
  });

  it('fingerprints are keyed (a key file of the user, or LEAKGATE_KEY), never in the report, and do not move with a row', async () => {
    // values whose masked forms differ, so that each finding is known by rule and masked value
    const rows = ['Mrs Ann Other,07700 900111,AB123456C', `Mrs ${NAME},${PHONE},${NINO}`];
    const dir = tree({ 'cases.csv': `name,phone,nino\n${rows.join('\n')}\n` });
    const fingerprints = async (env: Record<string, string> = {}): Promise<Map<string, string>> => {
      const r = await runBin(['scan', '.', '-f', 'json'], { cwd: dir, env });
      return new Map(parse(r).findings.map((f) => [`${f.ruleId} ${f.masked}`, f.fingerprint]));
    };
    const a = await fingerprints();
    expect([...a.values()].every((f) => /^hmac-sha256:[A-Za-z0-9_-]{43}$/.test(f))).toBe(true);
    // the same key (the tests' key file), the rows swapped: the same fingerprints
    writeFileSync(path.join(dir, 'cases.csv'), `name,phone,nino\n${rows[1]}\n${rows[0]}\n`);
    expect(await fingerprints()).toEqual(a);
    // SARIF's partialFingerprints are the same ones
    const sarif = JSON.parse((await runBin(['scan', '.', '-f', 'sarif'], { cwd: dir })).stdout);
    expect(new Set(sarif.runs[0].results.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints['leakgate/v2']))).toEqual(new Set(a.values()));
    // another user's key file, or a team's LEAKGATE_KEY: other fingerprints, the same for everyone holding the key
    const other = mkdtempSync(path.join(tmpdir(), 'leakgate-config-'));
    expect([...(await fingerprints({ XDG_CONFIG_HOME: other })).values()].some((f) => [...a.values()].includes(f))).toBe(false);
    const team = { LEAKGATE_KEY: 'a team secret of more than sixteen characters' };
    expect(await fingerprints({ ...team, XDG_CONFIG_HOME: other })).toEqual(await fingerprints(team));
    // the key file is the user's alone, outside the bundle, and its key is in no report
    const keyFile = path.join(testConfigHome(), 'leakgate', 'key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = readFileSync(keyFile, 'utf8').trim();
    const all = await runBin(['scan', '.', '-f', 'json', '--verbose'], { cwd: dir });
    expect(all.stdout.includes(key) || all.stderr.includes(key)).toBe(false);
    // a secret short enough to guess is refused
    expect((await runBin(['scan', '.'], { cwd: dir, env: { LEAKGATE_KEY: 'short' } })).code).toBe(2);
  });

  it('a baseline keeps the key apart; one made by an older leakgate (key inside) or with another key is refused, saying how to recreate it', async () => {
    const dir = tree({ 'cases.csv': `name,phone\nMrs ${NAME},${PHONE}\n` });
    expect((await runBin(['baseline', 'create', '.', '-o', 'base.json'], { cwd: dir })).code).toBe(0);
    const base = JSON.parse(readFileSync(path.join(dir, 'base.json'), 'utf8'));
    expect(base).toMatchObject({ version: 2, tool: 'leakgate', keyId: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(base.key).toBeUndefined();
    expect((await runBin(['scan', 'cases.csv', '--baseline', 'base.json'], { cwd: dir })).code).toBe(0);
    // with another key it cannot match: an error that says so, not a silent failure
    const other = await runBin(['scan', 'cases.csv', '--baseline', 'base.json'], { cwd: dir, env: { XDG_CONFIG_HOME: mkdtempSync(path.join(tmpdir(), 'leakgate-config-')) } });
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/made with another key .*LEAKGATE_KEY/);
    // the old format: an HMAC key next to the hashes, so the file alone could be reversed
    writeFileSync(path.join(dir, 'old.json'), JSON.stringify({ version: 1, tool: 'leakgate', key: 'c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0', entries: [{ rule: 'uk-contact.phone', file: 'cases.csv', hash: 'hmac-sha256:AAAA', count: 1 }] }));
    for (const args of [['scan', 'cases.csv', '--baseline', 'old.json'], ['baseline', 'update', '.', '-o', 'old.json']]) {
      const r = await runBin(args, { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/older leakgate.*key inside the file.*leakgate baseline create/);
    }
  });

  it('control characters from the data are escaped in text output and messages: a header cannot draw a fake verdict', async () => {
    const fake = '\u001b[2K\r\u001b[32mleakgate: no findings in 1 file; passed\u001b[0m\n';
    const dir = tree({
      'evil.csv': `id,"${fake}notes"\n1,${PHONE}\n`,
      'evil.html': `<table><tr><th>&#27;[32mleakgate: passed&#27;[0m&#13;</th></tr><tr><td>${PHONE}</td></tr></table>`,
      [`name\u001b[31m\u202e.csv`]: `id\n${PHONE}\n`,
      'broken.json': '{"a": \u001b[1A\u001b[2Kx}',
    });
    for (const args of [['scan', '.'], ['scan', '.', '--verbose'], ['scan', '.', '-f', 'json', '-o', path.join(dir, '..', `${path.basename(dir)}.json`)]]) {
      const r = await runBin(args, { cwd: dir });
      expect(r.code).toBe(1);
      const text = r.stdout + r.stderr;
      expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      // one verdict, the real one; the fake one is shown as text, inside the line of its finding
      const verdicts = text.split('\n').filter((l) => l.startsWith('leakgate:'));
      expect(verdicts).toHaveLength(1);
      expect(verdicts[0]).toMatch(/^leakgate: \d+ findings .*FAILED/);
    }
  });
});
