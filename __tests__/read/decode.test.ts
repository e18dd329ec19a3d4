import { Decoder, sniffEncoding } from '../../src/read/decode.js';
import { cli, tree } from '../helpers/cli.js';

// Windows-1252 is what Excel writes CSV in. Its bytes 0x80–0x9F are curly quotes, dashes and the
// euro sign, not the C1 control characters Latin-1 has there. Values are fiction.

test('bytes 0x80–0x9F decode to the Windows-1252 characters, one character per byte', () => {
  const bytes = Buffer.from([0x93, 0x41, 0x94, 0x20, 0x80, 0x35, 0x20, 0x96, 0x20, 0x85, 0x81, 0xe9]);
  expect(sniffEncoding(bytes).encoding).toBe('windows-1252');
  const text = new Decoder('windows-1252', 0).write(bytes);
  expect(text).toBe('\u201CA\u201D \u20AC5 \u2013 \u2026\u0081\u00E9');
  expect(text).toHaveLength(bytes.length);
});

test('a Windows-1252 CSV: a name in curly quotes is found at its column, and shown as written', async () => {
  const csv = Buffer.concat([
    Buffer.from('Ref,Note\r\n1,Caller ', 'latin1'),
    Buffer.from([0x93]),
    Buffer.from('Mrs Zo\xeb Pennant', 'latin1'),
    Buffer.from([0x94]),
    Buffer.from(' paid \x80', 'latin1'),
    Buffer.from('40\r\n', 'latin1'),
  ]);
  const dir = tree({ 'export.csv': csv });
  const r = await cli(['scan', '.', '--format', 'json', '--show-values'], { cwd: dir });
  const report = JSON.parse(r.stdout) as { findings: { ruleId: string; line: number; column: number; value?: string }[]; warnings: unknown[] };
  const name = report.findings.find((f) => f.ruleId === 'uk-people.person-titled');
  expect(name).toMatchObject({ line: 2, column: 11, value: 'Mrs Zo\u00EB Pennant' });
  expect(report.warnings).toEqual([]);
});

test('UTF-8 read in pieces: ASCII first, then a character cut between two pieces and a bad byte, decode as whole text does', () => {
  // the decoder behind non-ASCII text is made at the first piece that needs it (issue 16): what
  // came before it, and what it holds back at a cut, must not change the text
  const text = `${'a'.repeat(70)}Zoë Pennant — café\n`;
  const bytes = Buffer.concat([Buffer.from(text), Buffer.from([0xff]), Buffer.from('end\n')]);
  const whole = new Decoder('utf-8', 0);
  const expected = whole.write(bytes) + whole.end();
  expect(expected).toBe(`${text}\uFFFDend\n`);
  for (let cut = 1; cut < bytes.length; cut++) {
    const d = new Decoder('utf-8', 0);
    expect(d.write(bytes.subarray(0, cut)) + d.write(bytes.subarray(cut)) + d.end()).toBe(expected);
    expect(d.replaced).toBe(1);
  }
  const ascii = new Decoder('utf-8', 0);
  expect(ascii.write(Buffer.from('plain')) + ascii.end()).toBe('plain');
  expect(ascii.replaced).toBe(0);
});
