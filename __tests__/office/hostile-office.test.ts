import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { run } from '../../src/cli/run.js';
import { cli, tree } from '../helpers/cli.js';
import { zipOf } from '../helpers/zip.js';
import { docx, docxParts } from '../fixtures/office/docx-fixture.js';
import { pdf } from '../fixtures/office/pdf-fixture.js';
import { xlsx, xlsxParts } from '../fixtures/office/xlsx-fixture.js';
import { findingsLike, scanTree } from './office-helpers.js';

// What cannot be read is an error that names the file and says what to do; hostile documents
// (bombs, entity expansion, deep nesting, corrupt and truncated files) stop with an error, never
// a crash, a hang or a silent pass.

const STAFF = { sheets: [{ name: 'Staff', state: 'hidden' as const, rows: [['Surname', 'Rank'], ['Example', 'Constable']] }] };

/** An OLE compound file header, as Excel 97-2003 and encrypted OOXML files start, with stream names in its directory. */
function compoundFile(streams: string[]): Buffer {
  const header = Buffer.alloc(512);
  Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(header);
  const directory = Buffer.concat(streams.map((s) => {
    const entry = Buffer.alloc(128);
    Buffer.from(s, 'utf16le').copy(entry);
    entry.writeUInt16LE((s.length + 1) * 2, 64);
    return entry;
  }));
  return Buffer.concat([header, directory, Buffer.alloc(1024)]);
}

/** A workbook whose first sheet part is replaced by `xml`. */
async function withSheetXml(xml: string | (() => Iterable<Buffer>)): Promise<Buffer> {
  const parts = xlsxParts({ sheets: [{ name: 'Data', rows: [['A']] }] }).map(([n, c]) => [n, n === 'xl/worksheets/sheet1.xml' ? xml : c] as [string, string | Buffer | (() => Iterable<Buffer>)]);
  return zipOf(parts);
}

describe('documents that cannot be read are errors that say what to do', () => {
  test('Excel 97-2003, Word 97-2003, an .xlsb and an encrypted workbook', async () => {
    const { code, report } = await scanTree({
      'old.xls': compoundFile(['Root Entry', 'Workbook']),
      'old.doc': compoundFile(['Root Entry', 'WordDocument']),
      'binary.xlsb': await zipOf([['xl/workbook.bin', Buffer.alloc(10)]]),
      'locked.xlsx': compoundFile(['Root Entry', 'EncryptionInfo', 'EncryptedPackage']),
    });
    expect(code).toBe(2);
    const byFile = Object.fromEntries(report.errors.map((e) => [e.file, `${e.code}: ${e.message}`]));
    expect(byFile['old.xls']).toMatch(/^ELEGACY: an Excel 97-2003 or Word 97-2003 file .*cannot be read; save it as \.xlsx or \.docx$/);
    expect(byFile['old.doc']).toMatch(/^ELEGACY: .*cannot be read/);
    expect(byFile['binary.xlsb']).toMatch(/^ELEGACY: .*save it as \.xlsx/);
    expect(byFile['locked.xlsx']).toMatch(/^EENCRYPTED: password-protected \(encrypted\) document: cannot be read; remove the password/);
  });

  test('corrupt, truncated and misnamed packages', async () => {
    const good = await xlsx(STAFF);
    const { code, report } = await scanTree({
      'random.xlsx': Buffer.from('this is not a zip at all'),
      'cut.xlsx': good.subarray(0, Math.floor(good.length / 2)),
      'empty.docx': Buffer.alloc(0),
      'notbook.xlsx': await zipOf([['hello.txt', 'hi']]),
    });
    expect(code).toBe(2);
    expect(report.errors.map((e) => `${e.file} ${e.code}`).sort()).toEqual(['cut.xlsx EUNREADABLE', 'empty.docx EUNREADABLE', 'notbook.xlsx EUNREADABLE', 'random.xlsx EUNREADABLE']);
  });

  test('an embedded OLE object is an error; a macro project is a warning', async () => {
    const ole = await zipOf([...docxParts({ body: [{ p: ['Hello'] }] }), ['word/embeddings/oleObject1.bin', compoundFile(['Root Entry'])]]);
    const macros = await zipOf([...xlsxParts({ sheets: [{ name: 'Data', rows: [['A']] }] }), ['xl/vbaProject.bin', compoundFile(['Root Entry', 'VBA'])]]);
    const { code, report } = await scanTree({ 'memo.docx': ole, 'book.xlsm': macros });
    expect(code).toBe(2);
    expect(report.errors).toEqual([{ file: 'memo.docx', code: 'EEMBEDDED', message: expect.stringContaining('word/embeddings/oleObject1.bin cannot be read') }]);
    expect(report.warnings).toEqual([{ file: 'book.xlsm!/xl/vbaProject.bin', code: 'EMACRO', message: expect.stringContaining('macro project') }]);
  });

  test("a Power Pivot data model (a binary copy of its source rows) is an error; a Word altChunk's HTML is read", async () => {
    const model = await zipOf([...xlsxParts({ sheets: [{ name: 'Data', rows: [['A']] }] }), ['xl/model/item.data', Buffer.alloc(64, 1)]]);
    const chunk = await zipOf([...docxParts({ body: [{ p: ['Hello'] }] }), ['word/afchunk.htm', '<html><body><p>Victim Mrs Jane Example</p></body></html>']]);
    const { report } = await scanTree({ 'model.xlsx': model, 'chunk.docx': chunk });
    expect(report.errors).toEqual([{ file: 'model.xlsx', code: 'EEMBEDDED', message: expect.stringContaining('xl/model/item.data cannot be read') }]);
    expect(findingsLike(report, { file: 'chunk.docx!/word/afchunk.htm', category: 'person-name' })).toHaveLength(1);
  });
});

describe('hostile documents', () => {
  test('billion laughs: a DTD with entities is refused, never expanded', async () => {
    const lol = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>';
    const xxe = '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]><worksheet><sheetData><row><c t="inlineStr"><is><t>&x;</t></is></c></row></sheetData></worksheet>';
    const { code, report } = await scanTree({ 'lol.xlsx': await withSheetXml(lol), 'xxe.xlsx': await withSheetXml(xxe) });
    expect(code).toBe(2);
    for (const e of report.errors) expect(e).toEqual({ file: expect.stringMatching(/^(lol|xxe)\.xlsx$/), code: 'EUNREADABLE', message: expect.stringMatching(/DTD .*refused, never expanded/) });
    expect(report.errors).toHaveLength(2);
  });

  test('elements nested a hundred thousand deep are refused', async () => {
    const deep = `<worksheet><sheetData>${'<x>'.repeat(100_000)}${'</x>'.repeat(100_000)}</sheetData></worksheet>`;
    const { code, report } = await scanTree({ 'deep.xlsx': await withSheetXml(deep) });
    expect(code).toBe(2);
    expect(report.errors[0]).toEqual({ file: 'deep.xlsx', code: 'EUNREADABLE', message: expect.stringContaining('nested deeper than 2000 elements') });
  });

  test('a sheet part that inflates 1000:1 is a zip bomb, refused before inflating', async () => {
    const zeros = Buffer.alloc(1024 * 1024, 0x20);
    const bomb = await withSheetXml(function* () {
      yield Buffer.from('<worksheet><sheetData>');
      for (let i = 0; i < 64; i++) yield zeros;
      yield Buffer.from('</sheetData></worksheet>');
    });
    const { code, report } = await scanTree({ 'bomb.xlsx': bomb });
    expect(code).toBe(2);
    expect(report.errors[0]).toEqual({ file: 'bomb.xlsx', code: 'EZIPBOMB', message: expect.stringContaining('zip bomb') });
  });

  test('a sheet of 200,000 rows streams through, its last row judged', async () => {
    const rows = function* (): Iterable<Buffer> {
      yield Buffer.from('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Offence</t></is></c><c r="B1" t="inlineStr"><is><t>Notes</t></is></c></row>');
      for (let r = 2; r < 200_000; r += 1000) {
        let s = '';
        for (let k = r; k < r + 1000; k++) s += `<row r="${k}"><c r="A${k}" t="inlineStr"><is><t>Burglary ${k % 97}</t></is></c><c r="B${k}"><v>${k}</v></c></row>`;
        yield Buffer.from(s);
      }
      yield Buffer.from('<row r="200001"><c r="B200001" t="inlineStr"><is><t>Victim Mrs Jane Example</t></is></c></row></sheetData></worksheet>');
    };
    const { report } = await scanTree({ 'big.xlsx': await withSheetXml(rows) });
    expect(report.errors).toEqual([]);
    expect(report.findings.map((f) => `${f.cell} ${f.category} ${f.field}`)).toEqual(['B200001 person-name Notes']);
  }, 60_000);
});

describe('documents wherever they come from', () => {
  test('a workbook inside a zip bundle, and a workbook embedded in a document', async () => {
    const book = await xlsx(STAFF);
    const memo = await zipOf([...docxParts({ body: [{ p: ['See the chart.'] }] }), ['word/embeddings/Microsoft_Excel_Worksheet.xlsx', book]]);
    const { report } = await scanTree({ 'bundle.zip': await zipOf([['data/book.xlsx', book]]), 'memo.docx': memo });
    expect(findingsLike(report, { file: 'bundle.zip!/data/book.xlsx!/Staff', hidden: 'sheet', cell: 'A2' })).toHaveLength(1);
    expect(findingsLike(report, { file: 'memo.docx!/word/embeddings/Microsoft_Excel_Worksheet.xlsx!/Staff', hidden: 'sheet', cell: 'A2' })).toHaveLength(1);
  });

  test('a workbook on standard input and one staged in git', async () => {
    const book = await xlsx(STAFF);
    const dir = tree({});
    let out = '';
    const code = await run(['scan', '-', '--stdin-filename', 'book.xlsx', '-f', 'json'], {
      stdout: { write: (s: string) => (out += s), isTTY: false },
      stderr: { write: () => true, isTTY: false },
      cwd: dir,
      env: {},
      stdin: () => Readable.from([book]),
    });
    expect(JSON.parse(out).findings.some((f: { file: string; hidden: string }) => f.file === 'book.xlsx!/Staff' && f.hidden === 'sheet')).toBe(true);
    expect(code).toBe(1);
    const repo = mkdtempSync(path.join(tmpdir(), 'leakgate-git-'));
    const git = (...args: string[]): void => {
      const r = spawnSync('git', args, { cwd: repo, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(r.stderr);
    };
    git('init', '-q');
    writeFileSync(path.join(repo, 'book.xlsx'), book);
    git('add', 'book.xlsx');
    const staged = await cli(['scan', '--staged', '-f', 'json'], { cwd: repo });
    const report = JSON.parse(staged.stdout);
    expect(report.errors).toEqual([]);
    expect(report.findings.some((f: { file: string; hidden: string }) => f.file === 'book.xlsx!/Staff' && f.hidden === 'sheet')).toBe(true);
    expect(staged.code).toBe(1);
  });

  test('redact refuses documents with a clear message and exit 2', async () => {
    const dir = tree({ 'bundle/book.xlsx': await xlsx(STAFF), 'bundle/notes.txt': 'Nothing here.' });
    const r = await cli(['redact', 'bundle', '--out', 'clean'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/error bundle\/book\.xlsx: Office documents and PDFs cannot be redacted: remove the personal data in the application that made it .*\(EREDACT\)/);
  });
});

describe('the built CLI as a subprocess', () => {
  test('scans a folder of a workbook, a document and a PDF (exit 1), and their clean twins (exit 0)', async () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const run = (dir: string): { status: number | null; stdout: string } => {
      const r = spawnSync(process.execPath, [path.join(root, 'bin/leakgate.js'), 'scan', dir, '--format', 'json', '--no-progress'], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
      return { status: r.status, stdout: r.stdout };
    };
    const leaky = tree({
      'book.xlsx': await xlsx(STAFF),
      'memo.docx': await docx({ body: [{ p: ['The caller, ', { text: 'Mrs Jane Example', del: true }, ' reported noise.'] }] }),
      'doc.pdf': await pdf({ pages: [['Victim: Mrs Jane Example']], coverFirstLine: { from: 8 } }),
    });
    const bad = run(leaky);
    expect(bad.status).toBe(1);
    const hidden = new Set((JSON.parse(bad.stdout).findings as { hidden?: string }[]).map((f) => f.hidden));
    expect([...hidden].sort()).toEqual(expect.arrayContaining(['covered-text', 'sheet', 'tracked-deletion']));
    const clean = tree({
      'book.xlsx': await xlsx({ sheets: [{ name: 'Totals', rows: [['Offence', 'Count'], ['Burglary', 12]] }] }),
      'memo.docx': await docx({ body: [{ p: ['Burglary and vehicle crime are the priorities.'] }] }),
      'doc.pdf': await pdf({ pages: [['Neighbourhood priorities']] }),
    });
    const good = run(clean);
    expect(JSON.parse(good.stdout).findings).toEqual([]);
    expect(good.status).toBe(0);
    // PDF.js is bundled, and its licence travels with it
    expect(readFileSync(path.join(root, 'dist/THIRD-PARTY-NOTICES.txt'), 'utf8')).toContain('PDF.js (bundled in dist/ through unpdf');
  }, 60_000);
});
