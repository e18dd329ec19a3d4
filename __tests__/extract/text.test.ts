import { TextExtractor } from '../../src/extract/text.js';
import type { Field } from '../../src/types.js';
import { extract, fieldWith, positionIn, where } from '../helpers/extract.js';
import { mispositioned } from '../helpers/positions.js';

/** Chunk sizes to stream with; 0 feeds the whole text at once. */
const CHUNKS = [1, 3, 7, 0];
const FIELD_SIZE = 64 * 1024;

function run(doc: string, chunk: number): { fields: Field[]; warnings: string[] } {
  return extract('text', doc, chunk || doc.length);
}

describe('text extractor', () => {
  const doc = 'Incident log\n  Caller: Jane Smith\r\nPhone 07700 900123\n\n\tNotes: none\nlast line without end';

  it.each(CHUNKS)('gives fields of whole lines at their exact positions (chunk size %i, 0 = whole)', (chunk) => {
    const { fields, warnings } = run(doc, chunk);
    expect(warnings).toEqual([]);
    expect(mispositioned(doc, fields)).toEqual([]);
    for (const f of fields) {
      expect(f.ctx.where).toBe('text');
      expect(f.column).toBe(1);
      expect(f.text === doc.slice(f.offset) || f.text.endsWith('\n')).toBe(true);
    }
    // nothing lost, nothing repeated: only the blank line may be left out
    expect([doc, doc.replace('\n\n', '\n')]).toContain(fields.map((f) => f.text).join(''));
    expect(where(fieldWith(fields, 'Jane'), 'Jane')).toBe('2:11');
    expect(where(fieldWith(fields, '07700'), '07700')).toBe(positionIn(doc, '07700'));
    expect(where(fieldWith(fields, 'none'), 'Notes')).toBe('5:2');
    expect(where(fieldWith(fields, 'last line'), 'without')).toBe(positionIn(doc, 'without'));
  });

  it.each(CHUNKS)('gives no fields for empty or whitespace-only input (chunk size %i)', (chunk) => {
    for (const blank of ['', ' ', '\n', ' \t\r\n\n   \n']) expect(run(blank, chunk)).toEqual({ fields: [], warnings: [] });
  });

  it('starts where it is told, for a fallback in the middle of a file', () => {
    const ex = new TextExtractor(5, 10, 100);
    const fields = ex.push('Jane Smith\nsecond').concat(ex.end());
    expect(fields.map((f) => [f.text, f.line, f.column, f.offset])).toEqual([
      ['Jane Smith\n', 5, 10, 100],
      ['second', 6, 1, 111],
    ]);
  });

  describe('a line longer than 64 KiB', () => {
    const phone = '07700 900123';
    /** A long line whose phone number starts `shift` characters before the 64 KiB mark. */
    const docs: [string, string][] = [];
    for (const shift of [1, 6, 11]) {
      docs.push([`no spaces, phone ${shift} before the cut`, `intro\n${'x'.repeat(FIELD_SIZE - shift)}${phone}${'y'.repeat(3000)}\nafter ${phone}`]);
      const words = 'word '.repeat(FIELD_SIZE / 5 + 1000);
      docs.push([`spaces, phone ${shift} before the cut`, `intro\n${words.slice(0, FIELD_SIZE - shift)}${phone} ${words}\nafter ${phone}`]);
    }

    it.each(docs)('is cut with an overlap, so a value on the cut is whole in some field (%s)', (_, long) => {
      for (const chunk of [4096, 65536, 0]) {
        const { fields } = run(long, chunk);
        expect(mispositioned(long, fields)).toEqual([]);
        for (const f of fields) expect(f.text.length).toBeLessThanOrEqual(FIELD_SIZE);
        const holders = fields.filter((f) => f.text.includes(phone) && f.line === 2);
        expect(holders.length).toBeGreaterThan(0);
        for (const f of holders) expect(where(f, phone)).toBe(positionIn(long, phone));
        // the fields cover the line: each starts at or before the end of the one before
        for (let i = 1; i < fields.length; i++) expect(fields[i]!.offset).toBeLessThanOrEqual(fields[i - 1]!.offset + fields[i - 1]!.text.length);
        expect(where(fields[fields.length - 1]!, phone)).toBe(positionIn(long, phone, 2));
      }
    });
  });
});
