import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TextDecoder as NodeTextDecoder } from 'node:util';
import fc from 'fast-check';
import { Decoder, hasNulOrControl, sniffEncoding } from '../../src/read/decode.js';
import { cli, tree } from '../helpers/cli.js';
import { filesBelow } from '../helpers/files-below.js';

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

describe('hasNulOrControl, four bytes at a time, gives what a look at each byte gives', () => {
  /** The byte loop it replaced: a NUL, 0x02-0x08 or 0x0E-0x1A in the first 8000 bytes. */
  function byByte(head: Uint8Array): boolean {
    const n = Math.min(head.length, 8000);
    for (let i = 0; i < n; i++) {
      const b = head[i]!;
      if (b === 0 || (b >= 0x02 && b <= 0x08) || (b >= 0x0e && b <= 0x1a)) return true;
    }
    return false;
  }
  /** The bytes at an offset in a larger buffer (every alignment of the words read). */
  function placed(bytes: ArrayLike<number>, offset: number): Uint8Array {
    const buffer = new Uint8Array(offset + bytes.length + 3).fill(0x41);
    buffer.set(bytes, offset);
    return buffer.subarray(offset, offset + bytes.length);
  }

  it('on every byte value, at each place in a word and each alignment, in text', () => {
    const text = Buffer.from('Ref,Note\r\n1,\tcaller paid £40\n');
    for (let b = 0; b < 256; b++) {
      for (let at = 0; at < 8; at++) {
        for (let offset = 0; offset < 4; offset++) {
          const bytes = Uint8Array.from(text);
          bytes[at] = b;
          const head = placed(bytes, offset);
          expect([b, at, offset, hasNulOrControl(head)]).toEqual([b, at, offset, byByte(head)]);
        }
      }
    }
  });

  it('on random bytes, mostly those around the control bytes', () => {
    const byte = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x00, 0x01, 0x02, 0x08, 0x09, 0x0a, 0x0d, 0x0e, 0x1a, 0x1b, 0x1f, 0x20, 0x7f, 0x80, 0x9b, 0xff));
    const texty = fc.oneof(fc.constantFrom(0x20, 0x61, 0x0a, 0x09, 0x0d, 0xc3, 0xa9), byte);
    fc.assert(
      fc.property(fc.array(texty, { maxLength: 64 }), fc.integer({ min: 0, max: 7 }), (bytes, offset) => {
        const head = placed(bytes, offset);
        expect(hasNulOrControl(head)).toBe(byByte(head));
      }),
      { numRuns: 5000 },
    );
  });

  it('on real files, as they are and with one control byte put in, up to the 8000th byte and not past it', () => {
    const files = filesBelow(path.join(import.meta.dirname, '..', 'fixtures')).filter((f) => !f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const bytes = readFileSync(f);
      expect([f, hasNulOrControl(bytes)]).toEqual([f, byByte(bytes)]);
      // the bytes read and a few past them
      const start = bytes.subarray(0, 8010);
      for (const at of [0, 1, 2, 3, 4, 5, 6, 7, 1001, 4094, 7996, 7997, 7998, 7999, 8000, 8001]) {
        if (at >= start.length) continue;
        for (const b of [0x00, 0x02, 0x1a, 0x01, 0x1b]) {
          const copy = Buffer.from(start);
          copy[at] = b;
          for (const offset of [0, 1, 2, 3]) {
            const head = placed(copy, offset);
            expect([f, at, b, offset, hasNulOrControl(head)]).toEqual([f, at, b, offset, byByte(head)]);
          }
        }
      }
    }
  });
});

describe('UTF-8 with only £, é and the like beyond ASCII, decoded in Latin-1 pieces, gives what Node\'s decoder gives', () => {
  /** Bytes written in pieces through a Decoder, and through Node's decoder alone; the texts and the counts. */
  function both(bytes: Uint8Array, cuts: number[]): [string, string] {
    const ours = new Decoder('utf-8', 0);
    const node = new NodeTextDecoder('utf-8', { fatal: false, ignoreBOM: true });
    let text = '';
    let from = 0;
    for (const cut of [...cuts.filter((c) => c > 0 && c < bytes.length).sort((x, y) => x - y), bytes.length]) {
      text += ours.write(bytes.subarray(from, cut));
      from = cut;
    }
    text += ours.end();
    const expected = node.decode(bytes).replace(/\0/g, '');
    expect(ours.replaced).toBe((expected.match(/\uFFFD/g) ?? []).length);
    return [text, expected];
  }

  it('on random bytes: ASCII, pairs of C2 or C3 and a continuation byte, other characters, and broken sequences', () => {
    const piece = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom('a', ' ', '\n', ',', '0', '\0').map((c) => Buffer.from(c)) },
      // long ASCII runs: pieces with a few pairs in them are decoded in Latin-1 pieces (up to one pair in 512 bytes)
      { weight: 2, arbitrary: fc.constantFrom(Buffer.from('x'.repeat(1100)), Buffer.from(`${'y\n'.repeat(300)}`)) },
      { weight: 3, arbitrary: fc.integer({ min: 0x80, max: 0xff }).map((c) => Buffer.from(String.fromCharCode(c))) },
      { weight: 1, arbitrary: fc.constantFrom('€', '—', 'ŵ', 'Ā', '😀', '\uFFFD', '\uFEFF').map((c) => Buffer.from(c)) },
      { weight: 1, arbitrary: fc.constantFrom([0xc2], [0xc3], [0xc3, 0x41], [0xc2, 0xc0], [0x80], [0xbf], [0xc4, 0x80], [0xc1, 0x81], [0xe2, 0x82], [0xff]).map((a) => Buffer.from(a)) },
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.array(fc.nat(200), { maxLength: 3 }), (pieces, cuts) => {
        const [text, expected] = both(Buffer.concat(pieces), cuts);
        expect(text).toBe(expected);
      }),
      { numRuns: 5000 },
    );
  });

  it('on a real file with £ in every few lines, in 64 KiB pieces, and with one £ cut between two pieces', () => {
    const lines = readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'police-uk', '2024-01-exampleshire-street.csv'), 'utf8').split('\n');
    // a £ or an é in one line of 32 (many lines of the file each time, so as not to go past one pair in 512 bytes)
    const csv = Buffer.from(Array.from({ length: 40 }, () => lines.map((l, i) => (i % 32 === 0 ? `${l},£40 paid` : i % 32 === 16 ? `${l},café` : l)).join('\n')).join('\n'));
    expect(csv.length).toBeGreaterThan(150_000);
    const [text, expected] = both(csv, Array.from({ length: Math.ceil(csv.length / 65536) }, (_, i) => i * 65536));
    expect(text).toBe(expected);
    const cut = csv.indexOf(0xc2) + 1;
    const [cutText, cutExpected] = both(csv, [cut, cut + 100]);
    expect(cutText).toBe(cutExpected);
    // many pairs a byte: Node's decoder, the same text
    const dense = Buffer.from('£é'.repeat(5000));
    const [denseText, denseExpected] = both(dense, [4096]);
    expect(denseText).toBe(denseExpected);
  });
});
