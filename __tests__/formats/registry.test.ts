import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { documentsTable, formatsTable, hookFiles, lintStagedGlob } from '../../src/formats/docs.js';
import { archiveOfName, documentKind, formatFromName, formatOfName, innerName, REGISTRY, sniffFormat } from '../../src/formats/registry.js';
import { DOCUMENT_KINDS, FORMATS } from '../../src/types.js';
import type { Report } from '../../src/types.js';
import { cli, tree } from '../helpers/cli.js';
import { zipOf } from '../helpers/zip.js';
import { docx } from '../fixtures/office/docx-fixture.js';
import { ods, odt } from '../fixtures/office/odf-fixture.js';
import { pdf } from '../fixtures/office/pdf-fixture.js';
import { xlsx } from '../fixtures/office/xlsx-fixture.js';

const root = path.resolve(import.meta.dirname, '../..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const NINO = 'JM 45 67 89 C';
const CSV = `id,notes\n1,"NI ${NINO}"\n`;

function block(name: string): string {
  const m = new RegExp(`<!-- ${name}[^>]*-->\\n([\\s\\S]*?)<!-- /${name} -->`).exec(readme);
  if (!m) throw new Error(`README has no ${name} block`);
  return m[1]!;
}

/** A tar of the given files, written by the system's tar (not by our own code). */
function tarOf(files: Record<string, string>): Buffer {
  const dir = mkdtempSync(path.join(tmpdir(), 'leakgate-tar-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return execFileSync('tar', ['-c', '-f', '-', ...Object.keys(files)], { cwd: dir });
}

/** A file of each format holding a NINO, and the display path the finding is expected under. */
const SAMPLES: Record<string, () => Promise<[name: string, bytes: string | Buffer, shown: string]>> = {
  csv: async () => ['cases.tsv', `id\tnotes\n1\tNI ${NINO}\n`, 'cases.tsv'],
  json: async () => ['case.geojson', JSON.stringify({ notes: `NI ${NINO}` }), 'case.geojson'],
  ndjson: async () => ['cases.jsonl', `{"id":1}\n{"notes":"NI ${NINO}"}\n`, 'cases.jsonl'],
  html: async () => ['page.htm', `<p>NI ${NINO}</p>`, 'page.htm'],
  text: async () => ['notes.log', `NI ${NINO}\n`, 'notes.log'],
  xlsx: async () => ['book.xlsx', await xlsx({ sheets: [{ name: 'Cases', rows: [['id', 'notes'], [1, `NI ${NINO}`]] }] }), 'book.xlsx!/Cases'],
  ods: async () => ['book.ods', await ods([{ name: 'Cases', rows: [['id', 'notes'], [1, `NI ${NINO}`]] }]), 'book.ods!/Cases'],
  docx: async () => ['letter.docx', await docx({ body: [{ p: [`NI ${NINO}`] }] }), 'letter.docx'],
  odt: async () => ['letter.odt', await odt([`NI ${NINO}`]), 'letter.odt'],
  pdf: async () => ['letter.pdf', await pdf({ pages: [[`NI ${NINO}`]] }), 'letter.pdf'],
  zip: async () => ['bundle.zip', await zipOf([['x.csv', CSV]]), 'bundle.zip!/x.csv'],
  tar: async () => ['bundle.tar', tarOf({ 'x.csv': CSV }), 'bundle.tar!/x.csv'],
  gzip: async () => ['x.csv.gz', zlib.gzipSync(CSV), 'x.csv.gz'],
  bzip2: async () => ['x.csv.bz2', execFileSync('bzip2', ['-c'], { input: CSV }), 'x.csv.bz2'],
  xz: async () => ['x.csv.xz', execFileSync('xz', ['-c'], { input: CSV }), 'x.csv.xz'],
  zlib: async () => ['x.csv.zz', zlib.deflateSync(CSV), 'x.csv.zz'],
};

describe('the format registry (src/formats/registry.ts)', () => {
  it('maps every extension, in any case, to exactly one format', () => {
    for (const f of REGISTRY) {
      for (const ext of f.extensions) {
        expect(ext).toMatch(/^\.[a-z0-9]+$/);
        expect(formatOfName(`x${ext.toUpperCase()}`)).toBe(f);
        expect(REGISTRY.filter((g) => g.extensions.includes(ext))).toEqual([f]);
      }
    }
    expect(formatFromName('a.TSV')).toBe('csv');
    expect(documentKind('a.xltm')).toBe('xlsx');
    expect(formatFromName('a.unknown')).toBeUndefined();
  });

  it('has a module for each text format and document kind of the types', () => {
    expect(REGISTRY.filter((f) => f.kind === 'text').map((f) => f.id).sort()).toEqual([...FORMATS].sort());
    expect(REGISTRY.filter((f) => f.kind === 'document').map((f) => f.id).sort()).toEqual([...DOCUMENT_KINDS].sort());
  });

  it('sniffs text of no telling name, and names what a compressed file holds', () => {
    expect(sniffFormat('\uFEFF  {"a": 1}')).toBe('json');
    expect(sniffFormat('{"a": 1}\n{"a": 2}\n')).toBe('ndjson');
    expect(sniffFormat('<!DOCTYPE html><p>x</p>')).toBe('html');
    expect(sniffFormat('id,name\n1,x\n')).toBe('text');
    expect(['x.csv.gz', 'x.TGZ', 'a.tar.bz2', 'b.txz', 'c.zz', 'd.csv'].map(innerName)).toEqual(['x.csv', 'x.tar', 'a.tar', 'b.tar', 'c', 'd.csv']);
  });

  it('says which names are opened where they lie: zips and .gz files, whatever the case', () => {
    const names = ['a.zip', 'B.ZIP', 'old/x.csv.gz', 'x.Gz', '.gz', 'x.tgz', 'x.csv.gzip', 'book.xlsx', 'a.zip/', 'zip'];
    expect(names.map(archiveOfName)).toEqual(['zip', 'zip', 'gzip', 'gzip', 'gzip', undefined, undefined, undefined, undefined, undefined]);
  });

  it.each(REGISTRY.map((f) => [f.id]))('reads a %s file through the CLI', async (id) => {
    if (id === 'legacy') {
      // an OLE compound file named .xls: an error, never a pass
      const dir = tree({ 'old.xls': Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]) });
      const r = await cli(['scan', '.', '-f', 'json', '--no-progress'], { cwd: dir });
      expect(r.code).toBe(2);
      expect((JSON.parse(r.stdout) as Report).errors.map((e) => e.code)).toEqual(['ELEGACY']);
      return;
    }
    const sample = SAMPLES[id];
    if (!sample) throw new Error(`no sample file for the format ${id}: add one to this test`);
    const [name, bytes, shown] = await sample();
    const r = await cli(['scan', '.', '-f', 'json', '--no-progress'], { cwd: tree({ [name]: bytes }) });
    const report = JSON.parse(r.stdout) as Report;
    expect(report.errors).toEqual([]);
    expect(report.findings.filter((f) => f.category === 'nino').map((f) => f.file)).toEqual([shown]);
    expect(r.code).toBe(1);
  });

  it('sniffs a text file of no known extension through the CLI', async () => {
    const r = await cli(['scan', '.', '-f', 'json', '--no-progress'], { cwd: tree({ export: `{"id":1}\n{"notes":"NI ${NINO}"}\n` }) });
    const [finding] = (JSON.parse(r.stdout) as Report).findings;
    expect(finding?.field).toBe('$[1].notes');
  });
});

describe('what is made from the registry (npm run docs)', () => {
  it("the README's formats tables", () => {
    expect(block('formats')).toBe(formatsTable());
    expect(block('documents')).toBe(documentsTable());
  });

  it("the pre-commit hook's files, init's and the README's lint-staged glob", async () => {
    const hooks = readFileSync(path.join(root, '.pre-commit-hooks.yaml'), 'utf8');
    expect(/^ *files: '(.*)'$/m.exec(hooks)?.[1]).toBe(hookFiles());
    expect(block('lint-staged')).toContain(`"${lintStagedGlob()}"`);
    const init = await cli(['init'], { cwd: tree({}) });
    expect(init.stdout).toContain(`"${lintStagedGlob()}"`);
    // the hook's pattern, in Python's syntax, picks each format's files and leaves others
    const files = new RegExp(hookFiles().replace('(?i)', ''), 'i');
    expect(['a.CSV', 'b.xlsx', 'c.tar.gz', 'd.jsonl'].every((n) => files.test(n))).toBe(true);
    expect(['a.png', 'b.csv.bak'].some((n) => files.test(n))).toBe(false);
  });
});
