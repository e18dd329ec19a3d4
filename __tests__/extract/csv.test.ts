import { parse } from 'csv-parse/sync';
import { extract, fieldWith, positionIn, where } from '../helpers/extract.js';

describe('CSV extractor', () => {
  const csv = 'Name,Notes,Phone\n"Smith, J","said ""hi""\nthen left",07700 900123\nplain,x,y\n';

  it.each([1, 3, 7, 1000])('gives each cell its header and exact position (chunks of %i)', (chunk) => {
    const { fields } = extract('csv', csv, chunk);
    const phone = fieldWith(fields, '07700');
    expect(phone.ctx.label).toBe('Phone');
    expect(phone.ctx.where).toBe('cell');
    expect(where(phone, '07700')).toBe(positionIn(csv, '07700'));
    const notes = fieldWith(fields, 'then left');
    expect(notes.text).toBe('said "hi"\nthen left');
    expect(where(notes, 'then')).toBe('3:1');
    expect(where(notes, 'hi')).toBe(positionIn(csv, 'hi'));
    const header = fields.filter((f) => f.ctx.where === 'header').map((f) => f.text);
    expect(header).toEqual(['Name', 'Notes', 'Phone']);
  });

  it('reads the same cells as csv-parse on tricky input', () => {
    const docs = [csv, 'a;b;c\r\n1;"x;y";3\r\n', 'a\tb\n"q""uote"\t\n', 'a|b\n1|2\n3|4', 'h1,h2\n"multi\nline\ncell",end\n'];
    for (const doc of docs) {
      const delimiter = [',', ';', '\t', '|'].sort((x, y) => doc.split('\n')[0]!.split(y).length - doc.split('\n')[0]!.split(x).length)[0]!;
      const oracle = (parse(doc, { delimiter, relax_column_count: true }) as string[][]).flat().filter((c) => c !== '');
      const { fields, warnings } = extract('csv', doc, 2);
      expect(warnings).toEqual([]);
      expect(fields.map((f) => f.text)).toEqual(oracle);
    }
  });

  it('detects the delimiter from the header line', () => {
    const { fields } = extract('csv', 'Victim name;Phone\nJane;07700 900123\n');
    expect(fieldWith(fields, '07700').ctx.label).toBe('Phone');
  });

  it('counts CRLF line ends once', () => {
    const doc = 'a,b\r\n1,2\r\n3,07700 900123\r\n';
    const { fields } = extract('csv', doc, 4);
    expect(where(fieldWith(fields, '07700'), '07700')).toBe('3:3');
  });

  it('falls back to text on an unbalanced quote and still scans every line', () => {
    const doc = 'a,b\n1,2\n"broken,3\nJM 45 67 89 C\n';
    const { fields, warnings } = extract('csv', doc, 5);
    expect(warnings.join()).toMatch(/EPARSE: unbalanced quote at line 3; scanned as text from line 3/);
    expect(where(fieldWith(fields, 'JM 45'), 'JM 45')).toBe('4:1');
  });

  it('warns once about ragged rows and labels extra cells', () => {
    const { fields, warnings } = extract('csv', 'a,b\n1,2,extra\n');
    expect(warnings).toEqual(['ERAGGED: row at line 2 has 3 cells, the header 2']);
    expect(fieldWith(fields, 'extra').ctx.label).toBe('column 3');
  });
});
