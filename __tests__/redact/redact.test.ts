import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { Parser } from 'htmlparser2';
import { cli, tree } from '../helpers/cli.js';
import { CASES_CSV, cp1252, fromCp1252 } from './cases-csv.js';

// redact through the real CLI, in-process, on real files: the examples and inline trees
const root = path.resolve(import.meta.dirname, '../..');
const leaky = path.join(root, 'examples/leaky-bundle');
const clean = path.join(root, 'examples/clean-bundle');
const planted: string[] = JSON.parse(readFileSync(path.join(root, '__tests__/fixtures/leaky-bundle-planted.json'), 'utf8')).values;

/** A new folder path that does not exist yet, for --out. */
function freshOut(): string {
  return path.join(mkdtempSync(path.join(tmpdir(), 'leakgate-out-')), 'copy');
}

/** Every file under a folder, by relative path. */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(path.join(dir, f)).isFile())
    .sort();
}

/** A hash of every file of a tree, to show it did not change. */
function hashTree(dir: string): Record<string, string> {
  return Object.fromEntries(files(dir).map((f) => [f, createHash('sha256').update(readFileSync(path.join(dir, f))).digest('hex')]));
}

/** The sequence of opening and closing tags of an HTML document. */
function tagSequence(html: string): string[] {
  const tags: string[] = [];
  const p = new Parser({ onopentag: (name) => tags.push(name), onclosetag: (name) => tags.push(`/${name}`) });
  p.write(html);
  p.end();
  return tags;
}

/** Scans a folder with the JSON report and returns its findings' categories. */
async function categoriesFound(dir: string): Promise<string[]> {
  const r = await cli(['scan', dir, '-f', 'json']);
  return JSON.parse(r.stdout).findings.map((f: { category: string }) => f.category);
}


describe('leakgate redact', () => {
  it('redacts the leaky example: exit 0, and a scan of the copy finds no value', async () => {
    const out = freshOut();
    const r = await cli(['redact', leaky, '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^redacted .*asb-priorities\.csv \(\d+ values redacted\)$/m);
    expect(r.stdout).toMatch(/re-scan of the copy:\nleakgate: no findings in 3 files[^;]*; passed\n$/);
    // issue 17: the copy passes the gate; header and key names stay, but no value under them shows data
    expect(await categoriesFound(out)).toEqual([]);
  });

  it('writes files that still parse as their format, with every planted value gone', async () => {
    const out = freshOut();
    expect((await cli(['redact', leaky, '--out', out])).code).toBe(0);
    expect(files(out)).toEqual(files(leaky));
    const csvIn = parse(readFileSync(path.join(leaky, 'asb-priorities.csv'))) as string[][];
    const csvOut = parse(readFileSync(path.join(out, 'asb-priorities.csv'))) as string[][];
    expect(csvOut.map((row) => row.length)).toEqual(csvIn.map((row) => row.length));
    expect(csvOut[0]).toEqual(csvIn[0]);
    expect(csvOut[1]![6]).toBe('[REDACTED:person-name]');
    const json = JSON.parse(readFileSync(path.join(out, 'priority-cases.json'), 'utf8'));
    expect(json.priorities[0].parties[0]).toEqual({
      role: 'victim',
      name: '[REDACTED:person-name]',
      dob: '[REDACTED:date-of-birth]',
      contact: { phone: '[REDACTED:phone]', email: '[REDACTED:email]' },
    });
    const htmlIn = readFileSync(path.join(leaky, 'local-priorities.html'), 'utf8');
    const htmlOut = readFileSync(path.join(out, 'local-priorities.html'), 'utf8');
    expect(tagSequence(htmlOut)).toEqual(tagSequence(htmlIn));
    expect(htmlOut).toContain('<input type="hidden" name="complainant_phone" value="[REDACTED:phone]">');
    const all = files(out).map((f) => readFileSync(path.join(out, f), 'utf8')).join('\n');
    for (const value of planted) expect(all).not.toContain(value);
  });

  it('copies the clean example byte for byte', async () => {
    const out = freshOut();
    const r = await cli(['redact', clean, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/^redacted/m);
    expect(files(out)).toEqual(files(clean));
    for (const f of files(clean)) expect(readFileSync(path.join(out, f)).equals(readFileSync(path.join(clean, f)))).toBe(true);
  });

  it('copies the clean example byte for byte from a folder whose name reads as a value', async () => {
    // a public value's allowance is scoped to its folder as shown, masked: a temporary folder's
    // random name (c5P8Jq) that the masker reads as a value once made redact miss the allowance
    // and redact the clean page's police-station postcode, which a scan does not report
    const input = path.join(mkdtempSync(path.join(tmpdir(), 'leakgate-in-')), 'c5P8Jq', 'clean-bundle');
    cpSync(clean, input, { recursive: true });
    const out = freshOut();
    const r = await cli(['redact', input, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/^redacted/m);
    for (const f of files(clean)) expect(readFileSync(path.join(out, f)).equals(readFileSync(path.join(clean, f)))).toBe(true);
  });

  it('never changes the input', async () => {
    const before = hashTree(leaky);
    await cli(['redact', leaky, '--out', freshOut(), '--drop-sensitive-fields']);
    expect(hashTree(leaky)).toEqual(before);
  });

  it.each([
    ['inside the input', (dir: string) => path.join(dir, 'copy')],
    ['the input itself', (dir: string) => dir],
    ['a folder that is not empty', () => tree({ 'old.txt': 'from before' })],
  ])('refuses an --out %s (exit 2, nothing written)', async (_, outFor) => {
    const dir = tree({ 'cases.csv': 'Victim name,Phone\nMrs Jane Example,07700 900123\n' });
    const before = hashTree(dir);
    const out = outFor(dir);
    const outBefore = existsSync(out) ? hashTree(out) : undefined;
    const r = await cli(['redact', dir, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^leakgate: --out .*(inside the input|not empty)/);
    expect(r.stdout).toBe('');
    expect(hashTree(dir)).toEqual(before);
    if (outBefore) expect(hashTree(out)).toEqual(outBefore);
  });

  it('refuses an --out inside the input reached through a relative path', async () => {
    const dir = tree({ 'a/cases.csv': 'Phone\n07700 900123\n' });
    const r = await cli(['redact', 'a', '--out', 'a/../a/copy'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(existsSync(path.join(dir, 'a/copy'))).toBe(false);
  });

  it('round-trips a Windows-1252 CSV with CRLF and quoted multi-line cells', async () => {
    const input = cp1252(CASES_CSV);
    const dir = tree({ 'cases.csv': input });
    const out = freshOut();
    const r = await cli(['redact', dir, '--out', out]);
    expect(r.code).toBe(0);
    const bytes = readFileSync(path.join(out, 'cases.csv'));
    // still Windows-1252 (£ is one byte, A3), still CRLF everywhere
    expect(bytes.includes(Buffer.from([0x93, 0x69, 0x74, 0x92, 0x73]))).toBe(true);
    expect(bytes.includes(Buffer.from('£', 'utf8'))).toBe(false);
    const text = fromCp1252(bytes);
    expect(text.match(/\r\n/g)!.length).toBe(CASES_CSV.match(/\r\n/g)!.length);
    expect(text).not.toMatch(/[^\r]\n/);
    const before = parse(CASES_CSV) as string[][];
    const after = parse(text) as string[][];
    expect(after[1]![1]).toBe('[REDACTED:person-name]');
    expect(after[1]![2]).toBe('Caller said: “it’s the £50 fence”\r\nPhone [REDACTED:phone] after 6pm');
    // every other cell is unchanged
    const changed = before.flatMap((row, i) => row.flatMap((cell, j) => (after[i]![j] === cell ? [] : [`${i},${j}`])));
    expect(changed).toEqual(['1,1', '1,2']);
    // and so are the bytes around the edits
    const tail = cp1252(' after 6pm",£50\r\nASB/24/0102,Unknown,"Two\r\nlines, “quoted”, café, nothing personal",£12.50\r\n');
    expect(bytes.subarray(bytes.length - tail.length).equals(tail)).toBe(true);
  });

  it('round-trips UTF-16LE with a byte-order mark', async () => {
    const input = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(CASES_CSV, 'utf16le')]);
    const dir = tree({ 'cases.csv': input });
    const out = freshOut();
    expect((await cli(['redact', dir, '--out', out])).code).toBe(0);
    const bytes = readFileSync(path.join(out, 'cases.csv'));
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(bytes.length % 2).toBe(0);
    const text = bytes.subarray(2).toString('utf16le');
    expect(text.match(/\r\n/g)!.length).toBe(CASES_CSV.match(/\r\n/g)!.length);
    const before = parse(CASES_CSV) as string[][];
    const after = parse(text) as string[][];
    const changed = before.flatMap((row, i) => row.flatMap((cell, j) => (after[i]![j] === cell ? [] : [`${i},${j}`])));
    expect(changed).toEqual(['1,1', '1,2']);
    expect(after[1]![2]).toBe('Caller said: “it’s the £50 fence”\r\nPhone [REDACTED:phone] after 6pm');
  });

  it('keeps a UTF-8 byte-order mark and semicolon-delimited quoting', async () => {
    const csv = '\uFEFFRef;"Victim name";Notes\n1;"Mrs Jane Example";"a ""quoted"" note; call 07700 900123"\n';
    const dir = tree({ 'cases.csv': Buffer.from(csv, 'utf8') });
    const out = freshOut();
    expect((await cli(['redact', dir, '--out', out])).code).toBe(0);
    expect(readFileSync(path.join(out, 'cases.csv'), 'utf8')).toBe(
      '\uFEFFRef;"Victim name";Notes\n1;"[REDACTED:person-name]";"a ""quoted"" note; call [REDACTED:phone]"\n',
    );
  });

  it('replaces only the text of a value that runs across inline tags, never the markup', async () => {
    const html = '<html><body>\n<p>Contact <strong>Mrs Jane</strong> Example or <em>jane.example</em>@example.com &amp; co.</p>\n</body></html>\n';
    const dir = tree({ 'page.html': html });
    const out = freshOut();
    expect((await cli(['redact', dir, '--out', out])).code).toBe(0);
    const copy = readFileSync(path.join(out, 'page.html'), 'utf8');
    expect(copy).toBe('<html><body>\n<p>Contact <strong>[REDACTED:person-name]</strong> or <em>[REDACTED:email]</em> &amp; co.</p>\n</body></html>\n');
    expect(tagSequence(copy)).toEqual(tagSequence(html));
  });

  it('keeps JSON valid: escapes inside a value, numbers, HTML inside strings', async () => {
    const json = '{"phone": 7700900123, "notes": "Call Mrs Jane Example \\u2013 07700 900123", "html": "<p>Ring <b>07700</b> 900123</p>", "victimName": "<p>42</p>"}\n';
    const dir = tree({ 'a.json': json });
    const out = freshOut();
    expect((await cli(['redact', dir, '--out', out])).code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(out, 'a.json'), 'utf8'))).toEqual({
      phone: '[REDACTED:phone]',
      notes: 'Call [REDACTED:person-name] \u2013 [REDACTED:phone]',
      html: '<p>Ring <b>[REDACTED:phone]</b></p>',
      // a number alone in an HTML block is text of the string, not a JSON number: no quotes added
      victimName: '<p>[REDACTED:sensitive-field]</p>',
    });
  });

  it('redacts the whole value under a sensitive name, not only the pattern inside it', async () => {
    const json = '{"victim": {"address": "Flat 39, Victoria Mansions, Amwell End, Harpenden, AL5 4BQ"}}\n';
    const dir = tree({ 'a.json': json });
    const out = freshOut();
    expect((await cli(['redact', dir, '--out', out])).code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(out, 'a.json'), 'utf8'))).toEqual({ victim: { address: '[REDACTED:address]' } });
  });

  it('--drop-sensitive-fields removes the "Victim name" column and the "dob" key', async () => {
    const out = freshOut();
    const r = await cli(['redact', leaky, '--out', out, '--drop-sensitive-fields']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/asb-priorities\.csv \(6 fields dropped\)/);
    const csv = parse(readFileSync(path.join(out, 'asb-priorities.csv'))) as string[][];
    expect(csv[0]).toEqual(['Reference', 'Neighbourhood', 'Priority', 'Date raised', 'Status', 'Action taken']);
    expect(csv.every((row) => row.length === 6)).toBe(true);
    const json = JSON.parse(readFileSync(path.join(out, 'priority-cases.json'), 'utf8'));
    const victim = json.priorities[0].parties[0];
    expect(victim).not.toHaveProperty('dob');
    expect(victim).not.toHaveProperty('name');
    expect(victim.role).toBe('victim');
    // the HTML keeps its header names (only CSV columns and JSON keys are dropped), but no data under them (issue 17)
    expect(await categoriesFound(out)).toEqual([]);
    expect(readdirSync(out).sort()).toEqual(readdirSync(leaky).sort());
  });

  it('drops consecutive and last JSON members and keeps the layout valid', async () => {
    const json = '[\n  {"ref": "A1", "dob": "1979-11-23", "email": "priya@example.org"},\n  {"email": "dan@example.org", "ref": "A2"},\n  {"dob": "1985-07-03"}\n]\n';
    const dir = tree({ 'people.json': json });
    const out = freshOut();
    expect((await cli(['redact', dir, '--out', out, '--drop-sensitive-fields'])).code).toBe(0);
    expect(readFileSync(path.join(out, 'people.json'), 'utf8')).toBe('[\n  {"ref": "A1"},\n  {"ref": "A2"},\n  {}\n]\n');
  });

  it('redacts a single file into the folder', async () => {
    const out = freshOut();
    const r = await cli(['redact', path.join(leaky, 'priority-cases.json'), '--out', out]);
    expect(r.code).toBe(0);
    expect(readdirSync(out)).toEqual(['priority-cases.json']);
  });

  it('leaves a binary file out of the copy, and says so (exit 2)', async () => {
    const dir = tree({ 'cases.csv': 'Ref\nA1\n', 'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0x49, 0, 0x48, 0x44]) });
    const out = freshOut();
    const r = await cli(['redact', dir, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/error .*logo\.png: a binary file .*\(EFORMAT\)/);
    expect(readdirSync(out)).toEqual(['cases.csv']);
  });

  it('redacts an archive of the folder into an archive of the copy, never copying it unredacted', async () => {
    const dir = tree({ 'cases.csv': 'Ref\nA1\n', 'old-cases.csv.gz': gzipSync('Victim name\nMrs Jane Example\n') });
    expect((await cli(['scan', dir])).code).toBe(1);
    const out = freshOut();
    const r = await cli(['redact', dir, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^redacted .*old-cases\.csv\.gz \(1 value redacted\)$/m);
    expect(readdirSync(out).sort()).toEqual(['cases.csv', 'old-cases.csv.gz']);
    expect(gunzipSync(readFileSync(path.join(out, 'old-cases.csv.gz'))).toString()).toBe('Victim name\n[REDACTED:person-name]\n');
    const direct = await cli(['redact', path.join(dir, 'old-cases.csv.gz'), '--out', freshOut()]);
    expect(direct.code).toBe(2);
    expect(direct.stderr).toMatch(/a \.gz input is redacted into a new \.gz file/);
  });

  it('passes a CSV whose columns cannot be dropped once its values are redacted (issue 17)', async () => {
    // broken quoting: the file is scanned as text from line 2, so no value sits under "Victim name":
    // the name is no finding, and there is nothing to drop (before issue 17: ENODROP, and exit 1)
    const dir = tree({ 'cases.csv': 'Ref,Victim name\nA1,"Mrs Jane Example"x\n' });
    const out = freshOut();
    const r = await cli(['redact', dir, '--out', out, '--drop-sensitive-fields']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/ENODROP/);
    expect(readFileSync(path.join(out, 'cases.csv'), 'utf8')).toBe('Ref,Victim name\nA1,"[REDACTED:person-name]"x\n');
  });

  it('explains itself in --help', async () => {
    const r = await cli(['redact', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: leakgate redact \[options\] <path>/);
    expect(r.stdout).toMatch(/--drop-sensitive-fields/);
    expect(r.stdout).toMatch(/Exit codes:\n {2}0 {2}the copy was written and leakgate scan on it passes/);
  });
});
