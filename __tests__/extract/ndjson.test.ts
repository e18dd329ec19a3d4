import type { Field } from '../../src/types.js';
import { extract, fieldWith, positionIn, where } from '../helpers/extract.js';
import { mispositioned } from '../helpers/positions.js';

/** Chunk sizes to stream with; 0 feeds the whole text at once. */
const CHUNKS = [1, 3, 7, 0];

function run(doc: string, chunk: number): { fields: Field[]; warnings: string[] } {
  return extract('ndjson', doc, chunk || doc.length);
}

describe('NDJSON extractor', () => {
  const doc = [
    '{"name": "Jane Smith", "phone": "07700 900123"}',
    '{"name": "Bob Jones", phone: "07700 900456"}',
    '',
    '{"victim": {"name": "Ann Lee", "dob": "1980-02-01"}, "tags": ["asb"]}',
    '  {"name": "Sam Poe"}  ',
  ].join('\n');

  it.each(CHUNKS)('parses each line alone, with key paths and exact positions (chunk size %i, 0 = whole)', (chunk) => {
    const { fields, warnings } = run(doc, chunk);
    expect(mispositioned(doc, fields)).toEqual([]);
    const jane = fieldWith(fields, 'Jane');
    expect(jane.ctx).toMatchObject({ where: 'value', path: 'name', name: 'name' });
    expect(jane.label).toBe('$.name');
    expect(where(jane, 'Jane')).toBe('1:11');
    expect(where(fieldWith(fields, '900123'), '900123')).toBe(positionIn(doc, '900123'));
    const ann = fieldWith(fields, 'Ann');
    expect(ann.ctx).toMatchObject({ where: 'value', path: 'victim.name', name: 'name', within: 'victim' });
    expect(where(ann, 'Ann')).toBe(positionIn(doc, 'Ann'));
    const sam = fieldWith(fields, 'Sam');
    expect(sam.ctx.path).toBe('name');
    expect(where(sam, 'Sam')).toBe('5:13');
    expect(warnings).toHaveLength(1);
  });

  it.each(CHUNKS)('scans a broken line as text and keeps the lines after it intact (chunk size %i)', (chunk) => {
    const { fields, warnings } = run(doc, chunk);
    expect(warnings).toEqual(["EPARSE: invalid JSON (unexpected value) at line 2, column 23; the line scanned as text"]);
    const broken = fields.find((f) => f.ctx.where === 'text')!;
    expect(broken.text).toBe(doc.split('\n')[1]);
    expect(where(broken, 'phone')).toBe(positionIn(doc, 'phone:'));
    expect(where(broken, '07700')).toBe(positionIn(doc, '07700', 2));
    // the broken line still counts as a record: the next lines keep the labels they would have had
    expect(fieldWith(fields, 'Ann').label).toBe('$[2].victim.name');
    expect(fieldWith(fields, 'asb').label).toBe('$[2].tags[0]');
    expect(where(fieldWith(fields, 'asb'), 'asb')).toBe(positionIn(doc, 'asb'));
    expect(fieldWith(fields, 'Sam').label).toBe('$[3].name');
    expect(fields.filter((f) => f.ctx.where === 'key').map((f) => f.text)).toEqual(['name', 'phone', 'name', 'victim', 'name', 'dob', 'tags', 'name']);
  });

  it.each(CHUNKS)('does not let an unclosed string or bracket run into the next line (chunk size %i)', (chunk) => {
    const lines = '{"a": "unclosed\n{"b": [1, {"c": "x"\n{"name": "Jane Smith"}\n';
    const { fields, warnings } = run(lines, chunk);
    expect(warnings).toEqual([
      'EPARSE: invalid JSON (unterminated string) at line 1, column 7; the line scanned as text',
      'EPARSE: invalid JSON (the line ends inside a value) at line 2; scanned as text',
    ]);
    expect(mispositioned(lines, fields)).toEqual([]);
    expect(fields.filter((f) => f.ctx.where === 'text').map((f) => [f.text, `${f.line}:${f.column}`])).toEqual([
      ['{"a": "unclosed', '1:1'],
      ['{"b": [1, {"c": "x"', '2:1'],
    ]);
    const jane = fieldWith(fields, 'Jane');
    expect(jane.ctx).toMatchObject({ where: 'value', path: 'name' });
    expect(where(jane, 'Jane')).toBe('3:11');
  });

  it.each(CHUNKS)('ends CRLF lines without counting the CR (chunk size %i)', (chunk) => {
    const crlf = '{"a": "x"}\r\n{"b": oops}\r\n\r\n{"c": {"name": "Jane Smith"}}\r\n{"d": "last"}';
    const { fields, warnings } = run(crlf, chunk);
    expect(warnings).toEqual(["EPARSE: invalid JSON (invalid token) at line 2, column 7; the line scanned as text"]);
    expect(mispositioned(crlf, fields)).toEqual([]);
    expect(fieldWith(fields, 'oops').text).toBe('{"b": oops}');
    const jane = fieldWith(fields, 'Jane');
    expect(jane.label).toBe('$[2].c.name');
    expect(where(jane, 'Jane')).toBe('4:17');
    expect(where(fieldWith(fields, 'last'), 'last')).toBe('5:8');
  });

  it('skips blank and whitespace-only input', () => {
    for (const blank of ['', '\n', '  \r\n\t\n']) {
      const { fields, warnings } = run(blank, 1);
      expect(fields).toEqual([]);
      expect(warnings).toEqual([]);
    }
  });
});
