import type { Field, Format } from '../../src/types.js';
import { extract } from '../helpers/extract.js';

// Every field of the text formats, and every field context, has one set of properties in one
// order (extract/new-field.ts, extract/field-context.ts): V8 then gives them one shape, and the
// detector and the filter, which read them all, are not thrown away at each new kind (issue 16).
const FIELD_KEYS = ['text', 'line', 'column', 'offset', 'ctx', 'label', 'record', 'raw', 'offsets', 'siblings', 'holds', 'row'];
const CONTEXT_KEYS = ['where', 'label', 'name', 'within', 'path'];

/** Documents of each format with every kind of field its extractor makes. */
const DOCS: [Format, string][] = [
  ['csv', 'Name,Notes,Phone\nJane Smith,"said ""hi""",07700 900123\nJohn Brown,plain,01632 960001,extra cell\n'],
  // no header: the first row is data like the rest
  ['csv', 'Jane Smith,07700 900123\nJohn Brown,01632 960001\nAmy Lee,01632 960002\n'],
  ['json', '{"victim": {"fullName": "Jane Smith", "tags": ["a", "b\\n"]}, "notes": "<p>Call Jane</p><p>on 07700 900123</p>", "page": "<table><tr><th>Victim</th></tr><tr><td>Jane &amp; John</td></tr></table>", "n": null, "o": {}}'],
  ['ndjson', '{"name": "Jane Smith", "phone": "07700 900123"}\nnot json: Jane Smith\n{"name": "John Brown", "notes": "<b>John</b>"}\n'],
  [
    'html',
    '<!DOCTYPE html><html><head><title>Jane Smith</title><meta name="author" content="Jane Smith"></head><body>' +
      '<table><tr><th>Victim</th><th>Phone</th></tr><tr><td>Jane &amp; John</td><td>07700 900123</td></tr></table>' +
      '<dl><dt>Caller</dt><dd>John Brown</dd></dl><input name="dob" value="01/02/1980"><div data-victim-name="Amy Lee" jane@example.com>text</div>' +
      '<!-- Jane Smith --><script type="application/json">{"name": "Jane Smith", "note": "<i>Jane</i>"}</script><p>free text</p></body></html>',
  ],
  ['text', 'Caller: Jane Smith\nPhone 07700 900123\n'],
];

describe('the shape of fields and their contexts', () => {
  it.each(DOCS)('every %s field and context has every property, in one order, and no context is frozen', (format, doc) => {
    const { fields } = extract(format, doc);
    expect(fields.length).toBeGreaterThan(0);
    for (const f of fields) {
      expect(Object.keys(f)).toEqual(FIELD_KEYS);
      expect(Object.keys(f.ctx)).toEqual(CONTEXT_KEYS);
      expect(Object.isFrozen(f.ctx)).toBe(false);
    }
  });

  it('keeps a CSV row on the fields of a named header and none on a headerless file', () => {
    const named = extract('csv', DOCS[0]![1]).fields.find((f) => f.text === 'plain')!;
    expect(named.row).toEqual({ name: 'John Brown', notes: 'plain', phone: '01632 960001' });
    for (const f of extract('csv', DOCS[1]![1]).fields) expect(f.row).toBeUndefined();
  });

  it('shares the contexts of a column, key or element between fields, as the run keeps them', () => {
    const csv = extract('csv', 'Name,Phone\nJane Smith,07700 900123\nJohn Brown,01632 960001\nAmy Lee,01632 960002\n').fields;
    const names: Field[] = csv.filter((f) => f.ctx.label === 'Name' && f.ctx.where === 'cell');
    expect(names.length).toBe(3);
    expect(new Set(names.map((f) => f.ctx)).size).toBe(1);
    const html = (doc: string): Field => extract('html', doc).fields.find((f) => f.text === 'Jane Smith')!;
    // two pages of one run: the same context object, as their element's
    expect(html('<p>Jane Smith</p>').ctx).toBe(html('<div><p>Jane Smith</p></div>').ctx);
  });
});
