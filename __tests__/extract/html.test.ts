import { HtmlExtractor } from '../../src/extract/html.js';
import { closingTagStart } from '../../src/extract/html-source.js';
import { locate } from '../../src/shared/locate.js';
import type { Field } from '../../src/types.js';
import { extract, fieldWith, positionIn, where } from '../helpers/extract.js';
import { mispositioned } from '../helpers/positions.js';
import { PAGE_PIECES, TRICKY_PAGES } from '../helpers/html-pages.js';
import { pieced, seeded } from '../helpers/seeded.js';

/** Chunk sizes to stream with; 0 feeds the whole text at once. */
const CHUNKS = [1, 3, 7, 0];

function run(doc: string, chunk: number): { fields: Field[]; warnings: string[] } {
  return extract('html', doc, chunk || doc.length);
}

/** Position of `text[index]` as line:column. */
function at(field: Field, index: number): string {
  const p = locate(field, index);
  return `${p.line}:${p.column}`;
}

describe('HTML extractor', () => {
  it.each(CHUNKS)('joins text across inline elements, with each word at its place (chunk size %i, 0 = whole)', (chunk) => {
    const doc = '<div>\n  <p>Call <strong>Mr</strong> Smith</p>\n  <p>Ask <a href="/x">PC\n  Jones</a> today</p>\n</div>';
    const { fields, warnings } = run(doc, chunk);
    expect(warnings).toEqual([]);
    expect(mispositioned(doc, fields)).toEqual([]);
    const text = fields.filter((f) => f.ctx.where === 'text');
    expect(text.map((f) => f.text)).toEqual(['Call Mr Smith', 'Ask PC\n  Jones today']);
    const call = text[0]!;
    expect(call.ctx.label).toBe('p');
    expect(where(call, 'Call')).toBe('2:6');
    expect(where(call, 'Mr')).toBe(positionIn(doc, 'Mr'));
    expect(where(call, 'Smith')).toBe(positionIn(doc, 'Smith'));
    expect(where(text[1]!, 'Jones')).toBe('4:3');
    expect(where(text[1]!, 'today')).toBe(positionIn(doc, 'today'));
  });

  it.each(CHUNKS)('turns <br> into a line break at the position of the tag (chunk size %i)', (chunk) => {
    const doc = '<p>Line one<br>Line two<BR/>Line three</p>';
    const { fields } = run(doc, chunk);
    expect(mispositioned(doc, fields)).toEqual([]);
    expect(fields).toHaveLength(1);
    const f = fields[0]!;
    expect(f.text).toBe('Line one\nLine two\nLine three');
    expect(at(f, f.text.indexOf('\n'))).toBe(positionIn(doc, '<br>'));
    expect(where(f, 'Line two')).toBe(positionIn(doc, 'Line two'));
    expect(where(f, 'three')).toBe(positionIn(doc, 'three'));
  });

  it.each(CHUNKS)('decodes entities and maps each character back to the raw text (chunk size %i)', (chunk) => {
    const doc = '<p>O&#39;Neill &amp; Ren&eacute;e\n&#x41;lex &copy2023 &bogus; &#65</p>';
    const { fields } = run(doc, chunk);
    expect(mispositioned(doc, fields)).toEqual([]);
    const f = fieldWith(fields, 'Neill');
    expect(f.text).toBe("O'Neill & Renée\nAlex ©2023 &bogus; A");
    expect(where(f, "'")).toBe(positionIn(doc, '&#39;'));
    expect(where(f, 'Neill')).toBe(positionIn(doc, 'Neill'));
    expect(where(f, '& ')).toBe(positionIn(doc, '&amp;'));
    expect(where(f, 'é')).toBe(positionIn(doc, '&eacute;'));
    expect(where(f, 'e\n')).toBe(positionIn(doc, 'e\n'));
    expect(where(f, 'Alex')).toBe('2:1');
    expect(where(f, 'lex')).toBe('2:7');
    expect(where(f, '2023')).toBe(positionIn(doc, '2023'));
    expect(where(f, '&bogus')).toBe(positionIn(doc, '&bogus'));
    expect(at(f, f.text.length - 1)).toBe(positionIn(doc, '&#65'));
  });

  it.each(CHUNKS)('gives every attribute value as a field at its exact position, however quoted (chunk size %i)', (chunk) => {
    // small chunks cut names, values and the spaces around '=' at every possible place
    const doc = '<div title="double quoted" lang=\'single quoted\' class=unquoted\n     aria-label = "spaced out" hidden alt="" dir="a&amp;b &quot;c&quot;"></div>';
    const { fields, warnings } = run(doc, chunk);
    expect(warnings).toEqual([]);
    expect(mispositioned(doc, fields)).toEqual([]);
    const attrs = fields.filter((f) => f.ctx.where === 'attribute');
    expect(attrs.map((f) => [f.text, f.ctx.label, `${f.line}:${f.column}`])).toEqual([
      ['double quoted', 'div@title', positionIn(doc, 'double')],
      ['single quoted', 'div@lang', positionIn(doc, 'single')],
      ['unquoted', 'div@class', positionIn(doc, 'unquoted')],
      ['spaced out', 'div@aria-label', '2:20'],
      ['a&b "c"', 'div@dir', positionIn(doc, 'a&amp;')],
    ]);
    const dir = attrs[4]!;
    expect(where(dir, 'b')).toBe(positionIn(doc, 'b &quot;'));
    expect(where(dir, 'c')).toBe(positionIn(doc, 'c&quot;'));
  });

  it.each(CHUNKS)('names a hidden input value by its name, and gives the name as a key (chunk size %i)', (chunk) => {
    const doc = '<form>\n<input type="hidden" name="complainant_phone" value="07700 900123">\n<meta name="author" content="Jane Smith"></form>';
    const { fields } = run(doc, chunk);
    expect(mispositioned(doc, fields)).toEqual([]);
    const key = fieldWith(fields, 'complainant_phone');
    expect(key.ctx).toMatchObject({ where: 'key', name: 'complainant phone' });
    expect(where(key, 'complainant')).toBe(positionIn(doc, 'complainant'));
    const value = fieldWith(fields, '07700');
    expect(value.ctx).toMatchObject({ where: 'attribute', name: 'complainant phone', label: 'input[complainant_phone]@value' });
    expect(where(value, '07700')).toBe(positionIn(doc, '07700'));
    expect(fieldWith(fields, 'hidden').ctx).toMatchObject({ where: 'attribute', label: 'input@type' });
    const author = fieldWith(fields, 'Jane');
    expect(author.ctx).toMatchObject({ where: 'attribute', name: 'author', label: 'meta[author]@content' });
    expect(where(author, 'Smith')).toBe(positionIn(doc, 'Smith'));
    expect(fieldWith(fields, 'author').ctx.where).toBe('key');
  });

  it.each(CHUNKS)('gives data-* names as keys and names their values by them (chunk size %i)', (chunk) => {
    const doc = '<ul><li data-victim-name="Jane Smith" data-flagged>x</li></ul>';
    const { fields } = run(doc, chunk);
    expect(mispositioned(doc, fields)).toEqual([]);
    const keys = fields.filter((f) => f.ctx.where === 'key');
    expect(keys.map((f) => [f.text, f.ctx.name, `${f.line}:${f.column}`])).toEqual([
      ['data-victim-name', 'victim name', positionIn(doc, 'data-victim-name')],
      ['data-flagged', 'flagged', positionIn(doc, 'data-flagged')],
    ]);
    const value = fieldWith(fields, 'Jane');
    expect(value.ctx).toMatchObject({ where: 'attribute', name: 'victim name', label: 'li@data-victim-name' });
    expect(where(value, 'Smith')).toBe(positionIn(doc, 'Smith'));
  });

  it.each(CHUNKS)('gives comments and script code their own kind of field (chunk size %i)', (chunk) => {
    const doc = '<p>Hi</p><!-- remove before publishing:\n Jane Smith 07700 900123 --><!-- -->\n<script>\nvar victim = "Ann Lee";\n</script><style>.x { color: red }</style>';
    const { fields } = run(doc, chunk);
    expect(mispositioned(doc, fields)).toEqual([]);
    expect(fields.map((f) => f.ctx.where)).toEqual(['text', 'comment', 'script', 'script']);
    const comment = fieldWith(fields, 'Jane');
    expect(comment.ctx.where).toBe('comment');
    expect(where(comment, 'remove')).toBe('1:15');
    expect(where(comment, '07700')).toBe(positionIn(doc, '07700'));
    const script = fieldWith(fields, 'Ann');
    expect(script.ctx).toMatchObject({ where: 'script', label: 'script' });
    expect(where(script, 'Ann')).toBe('4:15');
    expect(fieldWith(fields, 'color').ctx.label).toBe('style');
  });

  it.each(CHUNKS)('scans JSON scripts as JSON, at their place in the HTML file (chunk size %i)', (chunk) => {
    const doc = [
      '<html><head><title>Case</title>',
      '<script type="application/ld+json">',
      '  {"@type": "Person",',
      '   "name": "Jane Smith"}',
      '</script>',
      '  <script type="application/json">{"complainant": {"phone": "07700 900123"}}</script>',
      '</head></html>',
    ].join('\n');
    const { fields, warnings } = run(doc, chunk);
    expect(warnings).toEqual([]);
    expect(mispositioned(doc, fields)).toEqual([]);
    const name = fieldWith(fields, 'Jane');
    expect(name.ctx).toMatchObject({ where: 'value', path: 'name' });
    expect(name.label).toBe('$.name');
    expect(where(name, 'Smith')).toBe(positionIn(doc, 'Smith'));
    const type = fields.find((f) => f.text === '@type')!;
    expect(type.ctx.where).toBe('key');
    expect(type.label).toBe('$["@type"]');
    expect(where(type, '@type')).toBe('3:5');
    const phone = fieldWith(fields, '07700');
    expect(phone.label).toBe('$.complainant.phone');
    expect(phone.ctx).toMatchObject({ where: 'value', path: 'complainant.phone', within: 'complainant' });
    expect(where(phone, '07700')).toBe(positionIn(doc, '07700'));
    expect(where(fields.find((f) => f.text === 'phone')!, 'phone')).toBe(positionIn(doc, 'phone"'));
  });

  it.each(CHUNKS)('warns about a broken JSON script and scans it as text (chunk size %i)', (chunk) => {
    const doc = '<p>x</p>\n  <script type="application/json">{"a": "b",\n "phone": 07700 900123}</script>';
    const { fields, warnings } = run(doc, chunk);
    expect(warnings).toEqual(["EPARSE: in <script> at line 2: invalid JSON (invalid token) at line 2, column 11; scanned as text from there"]);
    expect(mispositioned(doc, fields)).toEqual([]);
    const rest = fieldWith(fields, '07700');
    expect(rest.ctx.where).toBe('text');
    expect(where(rest, '07700')).toBe(positionIn(doc, '07700'));
    expect(where(fieldWith(fields, 'b'), 'b')).toBe(positionIn(doc, 'b"'));
  });

  it.each(CHUNKS)('gives table cells their column header as name and label (chunk size %i)', (chunk) => {
    const doc = [
      '<table>',
      '<thead><tr><th>Complainant</th><th><p>Phone</p></th><th colspan="2">Victim\n  name</th></tr></thead>',
      '<tbody>',
      '<tr><td>Jane <em>Smith</em></td><td><p>07700 900123</p></td><td>Ann</td><td>Lee</td></tr>',
      '<tr><td><b>Bob</b> Jones</td><td>07700 900456</td><td>Sam</td><td>Poe</td></tr>',
      '</tbody></table>',
    ].join('\n');
    const { fields } = run(doc, chunk);
    expect(mispositioned(doc, fields)).toEqual([]);
    expect(fields.filter((f) => f.ctx.where === 'header').map((f) => f.text)).toEqual(['Complainant', 'Phone', 'Victim\n  name']);
    const jane = fieldWith(fields, 'Jane');
    expect(jane.text).toBe('Jane Smith');
    expect(jane.ctx).toMatchObject({ where: 'text', name: 'complainant', label: 'td[Complainant]' });
    expect(where(jane, 'Smith')).toBe(positionIn(doc, 'Smith'));
    // text in an inline element first, or wrapped in a block, is still the cell's
    const bob = fieldWith(fields, 'Bob');
    expect(bob.ctx).toBe(jane.ctx);
    expect(where(bob, 'Jones')).toBe(positionIn(doc, 'Jones'));
    const phone = fieldWith(fields, '900123');
    expect(phone.ctx).toMatchObject({ name: 'phone', label: 'td[Phone]' });
    expect(fieldWith(fields, '900456').ctx).toBe(phone.ctx);
    // a header spanning two columns names both; its label is on one line
    for (const cell of ['Ann', 'Lee', 'Sam', 'Poe']) expect(fieldWith(fields, cell).ctx).toMatchObject({ name: 'victim name', label: 'td[Victim name]' });
  });

  it.each(CHUNKS)('gives cells the header of their row (chunk size %i)', (chunk) => {
    const doc = '<table>\n<tr><th>Victim</th><td>Ann Lee</td></tr>\n<tr><th>Phone</th><td>07700 900123</td><td>mobile</td></tr>\n<tr><td>no header</td></tr></table>';
    const { fields } = run(doc, chunk);
    expect(mispositioned(doc, fields)).toEqual([]);
    const ann = fieldWith(fields, 'Ann');
    expect(ann.ctx).toMatchObject({ where: 'text', name: 'victim', label: 'td[Victim]' });
    expect(where(ann, 'Lee')).toBe(positionIn(doc, 'Lee'));
    expect(fieldWith(fields, '07700').ctx).toMatchObject({ name: 'phone', label: 'td[Phone]' });
    expect(fieldWith(fields, 'mobile').ctx.name).toBe('phone');
    // the row headers above do not name the first column
    expect(fieldWith(fields, 'no header').ctx).toMatchObject({ where: 'text', label: 'td', name: '' });
  });

  it.each(CHUNKS)('takes a first row of <th> only, without <thead>, as column headers (chunk size %i)', (chunk) => {
    const doc = '<table><tr><th>Complainant</th><th>Phone</th></tr>\n<tr><td>Jane Smith</td><td>07700 900123</td></tr></table>';
    const { fields } = run(doc, chunk);
    expect(fieldWith(fields, 'Jane').ctx).toMatchObject({ where: 'text', name: 'complainant', label: 'td[Complainant]' });
    expect(fieldWith(fields, '07700').ctx).toMatchObject({ where: 'text', name: 'phone', label: 'td[Phone]' });
    expect(where(fieldWith(fields, '07700'), '900123')).toBe(positionIn(doc, '900123'));
  });

  it.each(CHUNKS)('names a definition by its term, and the title as meta (chunk size %i)', (chunk) => {
    const doc = '<head><title>Case of Jane Smith</title></head>\n<dl><dt>Date of birth</dt><dd>01/02/1980</dd><dt><p>Address</p></dt><dd><p>1 High St</p></dd></dl>';
    const { fields } = run(doc, chunk);
    expect(mispositioned(doc, fields)).toEqual([]);
    const title = fieldWith(fields, 'Jane');
    expect(title.ctx).toMatchObject({ where: 'meta', label: 'title' });
    expect(where(title, 'Jane')).toBe(positionIn(doc, 'Jane'));
    expect(fieldWith(fields, 'Date of').ctx.where).toBe('header');
    const dob = fieldWith(fields, '1980');
    expect(dob.ctx).toMatchObject({ where: 'text', name: 'date of birth' });
    expect(where(dob, '01/02')).toBe(positionIn(doc, '01/02'));
    expect(fieldWith(fields, 'Address').ctx.where).toBe('header');
    expect(fieldWith(fields, 'High St').ctx.name).toBe('address');
  });

  it('gives the same fields whatever the chunk size', () => {
    const doc = '<p title="a&amp;b">caf&eacute; &amp;&amp; &#x41;&#65 &copy2023 <br>x&lt;y</p><!-- c --><script>s</script><table><tr><th>H</th><td>v &amp; w</td></tr></table>';
    const summary = (fields: Field[]): unknown[] => fields.map((f) => [f.text, f.line, f.column, f.ctx]);
    const whole = summary(run(doc, 0).fields);
    for (let chunk = 1; chunk < 20; chunk++) expect(summary(run(doc, chunk).fields)).toEqual(whole);
  });

  it('cuts a text longer than 64 KiB with an overlap, so a value on the cut is whole in some field', () => {
    for (const shift of [-8, -4, 0, 4]) {
      const filler = 'word '.repeat(13107);
      const doc = `<p>${filler.slice(0, 64 * 1024 + shift)}07700 900123 ${filler}</p>`;
      const { fields } = run(doc, 4096);
      expect(mispositioned(doc, fields)).toEqual([]);
      const whole = fields.filter((f) => f.text.includes('07700 900123'));
      expect(whole.length).toBeGreaterThan(0);
      for (const f of whole) expect(where(f, '07700 900123')).toBe(positionIn(doc, '07700 900123'));
    }
  });

  it('holds a bounded window of the input while a long paragraph streams', () => {
    const ex = new HtmlExtractor();
    const doc = `<p>${'Jane Smith said hello. '.repeat(100000)}</p>`;
    let window = 0;
    let fields = 0;
    for (let i = 0; i < doc.length; i += 65536) {
      fields += ex.push(doc.slice(i, i + 65536)).length;
      // the retained raw text is private; its size is what this test is about
      window = Math.max(window, (ex as unknown as { win: string }).win.length);
    }
    fields += ex.end().length;
    expect(fields).toBeGreaterThan(30);
    expect(window).toBeLessThan(3 * 65536);
  });

  it('reads a JSON script with more fields than a call takes arguments', () => {
    const values = Array.from({ length: 200000 }, (_, i) => `"v${i}"`).join(',');
    const { fields } = run(`<script type="application/json">[${values}]</script>`, 0);
    expect(fields.filter((f) => f.ctx.where === 'value')).toHaveLength(200000);
  });

  it('shares one context per element and name between the pages of a run', () => {
    // each page is a new extractor; a context made by one page is the next page's (issue 16)
    const first = run('<p>Call Mr Smith</p><input name="victimName" value="Jane Smith">', 0).fields;
    const second = run('<div><p>Ask PC Jones</p><input name="victimName" value="John Jones"></div>', 0).fields;
    expect(fieldWith(second, 'Ask PC').ctx).toBe(fieldWith(first, 'Call Mr').ctx);
    const john = fieldWith(second, 'John Jones');
    expect(john.ctx).toBe(fieldWith(first, 'Jane Smith').ctx);
    expect(john.ctx.name).toBe('victim name');
  });

  it('gives an attribute the same context on every page, by element and attribute, whatever else the tag holds', () => {
    // the contexts of attribute fields are kept per element and attribute for the run (issue 16)
    const page = (n: string): Field[] =>
      run(`<div data-case-ref="R${n}" jane${n}@example.com="x" title="T${n}"><span title="S${n}" data-case-ref="Q${n}">x</span></div>`, 0).fields;
    const first = page('1');
    const second = page('2');
    for (const [a, b] of [['R1', 'R2'], ['T1', 'T2'], ['S1', 'S2'], ['Q1', 'Q2'], ['jane1@example.com', 'jane2@example.com']] as const) {
      expect(fieldWith(second, b).ctx).toBe(fieldWith(first, a).ctx);
    }
    expect(fieldWith(first, 'R1').ctx).toMatchObject({ where: 'attribute', label: 'div@data-case-ref', name: 'case ref' });
    expect(fieldWith(first, 'Q1').ctx).toMatchObject({ where: 'attribute', label: 'span@data-case-ref', name: 'case ref' });
    expect(fieldWith(first, 'T1').ctx).toMatchObject({ where: 'attribute', label: 'div@title', name: '' });
    expect(fieldWith(first, 'S1').ctx).toMatchObject({ where: 'attribute', label: 'span@title', name: '' });
    expect(fieldWith(first, 'jane1@example.com').ctx).toMatchObject({ where: 'attribute', label: 'div@(name)', name: '' });
    const key = first.find((f) => f.text === 'data-case-ref')!;
    expect(key.ctx).toMatchObject({ where: 'key', label: 'div@data-case-ref', name: 'case ref' });
    // a value named by its element takes that name, not the attribute's kept context
    const named = run('<meta name="author" content="Jane Smith"><meta property="og:title" content="Report">', 0).fields;
    expect(fieldWith(named, 'Jane Smith').ctx).toMatchObject({ label: 'meta[author]@content', name: 'author' });
    expect(fieldWith(named, 'Report').ctx).toMatchObject({ label: 'meta[og:title]@content' });
  });

  it('gives a value named by its element, and a form name, the same context on every page, by the name', () => {
    // kept per element, attribute and name for the run (issue 16)
    const page = (n: string): Field[] =>
      run(`<meta name="author" content="Jane ${n}"><meta name="keywords" content="K${n}"><input name="victimName" value="V${n}"><input name="dob" value="D${n}">`, 0).fields;
    const first = page('1');
    const second = page('2');
    for (const [a, b] of [['Jane 1', 'Jane 2'], ['K1', 'K2'], ['V1', 'V2'], ['D1', 'D2'], ['victimName', 'victimName'], ['dob', 'dob']] as const) {
      expect(fieldWith(second, b).ctx).toBe(fieldWith(first, a).ctx);
    }
    expect(fieldWith(first, 'Jane 1').ctx).toMatchObject({ where: 'attribute', label: 'meta[author]@content', name: 'author' });
    expect(fieldWith(first, 'K1').ctx).toMatchObject({ where: 'attribute', label: 'meta[keywords]@content', name: 'keywords' });
    expect(fieldWith(first, 'V1').ctx).toMatchObject({ where: 'attribute', label: 'input[victimName]@value', name: 'victim name' });
    expect(fieldWith(first, 'D1').ctx).toMatchObject({ where: 'attribute', label: 'input[dob]@value', name: 'dob' });
    const keys = first.filter((f) => f.ctx.where === 'key');
    expect(keys.map((f) => [f.text, f.ctx.label, f.ctx.name])).toEqual([
      ['author', 'meta@name', 'author'],
      ['keywords', 'meta@name', 'keywords'],
      ['victimName', 'input@name', 'victim name'],
      ['dob', 'input@name', 'dob'],
    ]);
  });

  it("gives the cells of a column one context, and text inside a cell its cell's", () => {
    // a column's context is made once a page, not looked up each cell (issue 16)
    const doc =
      '<table><thead><tr><th>Victim</th><th>Ref</th></tr></thead><tbody>' +
      '<tr><td>Jane <b>Smith</b></td><td>R1</td></tr><tr><td><p>John Jones</p></td><td>R2</td></tr></tbody></table>';
    const { fields } = run(doc, 0);
    expect(mispositioned(doc, fields)).toEqual([]);
    const jane = fieldWith(fields, 'Jane Smith');
    expect(jane.ctx).toMatchObject({ where: 'text', label: 'td[Victim]', name: 'victim' });
    expect(fieldWith(fields, 'John Jones').ctx).toBe(jane.ctx);
    expect(fieldWith(fields, 'R1').ctx).toMatchObject({ where: 'text', label: 'td[Ref]', name: 'ref' });
    expect(fieldWith(fields, 'R2').ctx).toBe(fieldWith(fields, 'R1').ctx);
  });

  it('makes every field of a page, verbatim, decoded or labelled, with the same properties in the same order', () => {
    const doc = '<!DOCTYPE html><p>Plain text</p><p>O&#39;Neill &amp; Co</p><!-- a note --><td data-x="1">cell</td>';
    const { fields } = run(doc, 0);
    expect(fields.length).toBeGreaterThan(3);
    expect(fieldWith(fields, "O'Neill").raw).toBe('O&#39;Neill &amp; Co');
    const keys = new Set(fields.map((f) => Object.keys(f).join(',')));
    expect([...keys]).toEqual(['text,line,column,offset,ctx,label,record,raw,offsets,siblings,holds,row']);
  });
});

describe('HTML extractor, the attributes an element reads', () => {
  it.each(CHUNKS)('reads only its own: not those of a second <form> the parser ignores (chunk size %i, 0 = whole)', (chunk) => {
    // the ignored form's id is reported (and scanned) but names nothing: the Parser gives the input only its own attributes
    const doc = '<form><form id="dob"><input value="12/03/1980"></form><form><input id="dob" value="12/03/1980"></form>';
    const { fields } = run(doc, chunk);
    expect(mispositioned(doc, fields)).toEqual([]);
    expect(fields.filter((f) => f.text === '12/03/1980').map((f) => f.ctx.label)).toEqual(['input@value', 'input[dob]@value']);
  });

  it.each(CHUNKS)('reads the first of two attributes of one name: a cell\'s colspan, a script\'s type (chunk size %i, 0 = whole)', (chunk) => {
    const doc = '<table><tr><th colspan=2 colspan=1>Victim</th><th>DOB</th></tr><tr><td>a</td><td>Jane Smith</td><td>12/03/1980</td></tr></table>' + '<script type="application/json" type="text/plain">{"name": "Jane Smith"}</script>';
    const { fields } = run(doc, chunk);
    expect(mispositioned(doc, fields)).toEqual([]);
    expect(fields.filter((f) => f.text === 'Jane Smith').map((f) => f.ctx.label)).toEqual(['td[Victim]', 'name']);
    expect(fields.find((f) => f.text === '12/03/1980')?.ctx.label).toBe('td[DOB]');
  });
});

describe('HTML extractor, where a closing tag starts', () => {
  /** An extractor that checks, at each closing tag, where it says the tag starts against a search back for `</`. */
  class Checked extends HtmlExtractor {
    checked = 0;
    protected override onClose(name: string, implied: boolean): void {
      if (!implied) {
        const end = this.endIndex - this.winBase;
        expect([this.win, end, closingTagStart(this.win, end, this.closeNameStart - this.winBase)]).toEqual([this.win, end, this.win.lastIndexOf('</', end)]);
        this.checked++;
      }
      super.onClose(name, implied);
    }
  }

  it('is the last `</` up to the end of a name that follows a `</`, on random strings', () => {
    const rand = seeded(22);
    let held = 0;
    for (let n = 0; n < 20000; n++) {
      const win = pieced(rand, ['<', '/', '</', 'a', ' ', '>', '</p>', '</a<'], 12);
      const end = Math.floor(rand() * win.length);
      const nameStart = Math.floor(rand() * win.length);
      // what the Tokenizer gives: a `</`, a name with no `/`, and the space, `/` or `>` that ends it
      const name = win.slice(nameStart, end);
      if (nameStart < 2 || !win.startsWith('</', nameStart - 2) || name === '' || /[\s/>]/.test(name) || !/[\s/>]/.test(win[end]!)) continue;
      held++;
      expect([win, end, nameStart, closingTagStart(win, end, nameStart)]).toEqual([win, end, nameStart, win.lastIndexOf('</', end)]);
    }
    expect(held).toBeGreaterThan(100);
  });

  it('is the last `</` up to the end of its name, on tricky and random pages, in any chunks', () => {
    const rand = seeded(21);
    const docs = [...TRICKY_PAGES, '<p>a</p</b>', '<p>a</p<</b>', '<div>x</div </p>', '<a>x</a</'];
    for (let n = 0; n < 4000; n++) docs.push(pieced(rand, PAGE_PIECES, 40));
    let checked = 0;
    for (const [n, doc] of docs.entries()) {
      const ex = new Checked();
      const chunk = [1, 2, 5, 0][n % 4]! || doc.length;
      for (let i = 0; i < doc.length; i += chunk) ex.push(doc.slice(i, i + chunk));
      ex.end();
      checked += ex.checked;
    }
    expect(checked).toBeGreaterThan(1000);
  });
});
