import { JsonExtractor } from '../../src/extract/json.js';
import { locate } from '../../src/shared/locate.js';
import type { Field } from '../../src/types.js';
import { extract, fieldWith, positionIn, where } from '../helpers/extract.js';
import { mispositioned } from '../helpers/positions.js';

/** Chunk sizes to stream with; 0 feeds the whole text at once. */
const CHUNKS = [1, 3, 7, 0];

function run(doc: string, chunk: number): { fields: Field[]; warnings: string[] } {
  return extract('json', doc, chunk || doc.length);
}

/** What a field is, for comparing runs with different chunk sizes. */
function summary(fields: Field[]): unknown[] {
  return fields.map((f) => [f.text, f.line, f.column, f.label, f.ctx]);
}

describe('JSON extractor', () => {
  const doc = [
    '{"force": "Example Police",',
    '  "priorities": [',
    '    {"issue": "Parking", "action": "Patrols"},',
    '    {"issue": "Noise"},',
    '    {"issue": "Speeding"},',
    '    {"issue": "Call Mr Smith on 07700 900123", "id": 42, "open": true, "closed": false, "notes": null,',
    '     "meta": {"by": "PC Jones"}, "vehicles": ["AB12 CDE"], "none": [], "empty": ""}',
    '  ]}',
  ].join('\n');

  it.each(CHUNKS)('labels values with their key path at their exact position (chunk size %i, 0 = whole)', (chunk) => {
    const { fields, warnings } = run(doc, chunk);
    expect(warnings).toEqual([]);
    expect(mispositioned(doc, fields)).toEqual([]);
    const issue = fieldWith(fields, 'Call Mr Smith');
    expect(issue.ctx).toMatchObject({ where: 'value', label: 'priorities[*].issue', path: 'priorities[*].issue', name: 'issue', within: 'priorities' });
    expect(issue.label).toBe('$.priorities[3].issue');
    expect(where(issue, '07700')).toBe(positionIn(doc, '07700'));
    expect(where(issue, 'Call')).toBe('6:16');
    // every issue shares one context, so later stages resolve it once
    expect(fieldWith(fields, 'Parking').ctx).toBe(issue.ctx);
    expect(fieldWith(fields, 'Parking').label).toBe('$.priorities[0].issue');
    const by = fieldWith(fields, 'PC Jones');
    expect(by.label).toBe('$.priorities[3].meta.by');
    expect(by.ctx.path).toBe('priorities[*].meta.by');
    expect(by.ctx.within).toMatch(/\bmeta$/);
    const plate = fieldWith(fields, 'AB12');
    expect(plate.label).toBe('$.priorities[3].vehicles[0]');
    expect(plate.ctx).toMatchObject({ where: 'value', path: 'priorities[*].vehicles[*]', name: 'vehicles' });
    expect(where(plate, 'AB12')).toBe(positionIn(doc, 'AB12'));
  });

  it.each(CHUNKS)('gives every key, saying what its value holds (chunk size %i)', (chunk) => {
    const { fields } = run(doc, chunk);
    const keys = fields.filter((f) => f.ctx.where === 'key');
    expect(keys.map((f) => [f.text, f.holds])).toEqual([
      ['force', 'scalar'], ['priorities', 'array'], ['issue', 'scalar'], ['action', 'scalar'], ['issue', 'scalar'], ['issue', 'scalar'],
      ['issue', 'scalar'], ['id', 'scalar'], ['open', 'empty'], ['closed', 'empty'], ['notes', 'empty'], ['meta', 'object'], ['by', 'scalar'],
      ['vehicles', 'array'], ['none', 'array'], ['empty', 'empty'],
    ]);
    const fourth = keys.filter((f) => f.text === 'issue')[3]!;
    expect(where(fourth, 'issue')).toBe(positionIn(doc, 'issue', 4));
    expect(fourth.label).toBe('$.priorities[3].issue');
    expect(fourth.ctx).toMatchObject({ where: 'key', path: 'priorities[*].issue', name: 'issue' });
    expect(where(keys.find((f) => f.text === 'none')!, 'none')).toBe(positionIn(doc, 'none'));
  });

  it.each(CHUNKS)('turns numbers into fields and drops true, false and null (chunk size %i)', (chunk) => {
    const { fields } = run(doc, chunk);
    const id = fields.find((f) => f.text === '42')!;
    // a number keeps its source text
    expect(run('{"n": -1.5E+3}', chunk).fields.map((f) => f.text)).toEqual(['n', '-1.5E+3']);
    expect(id.label).toBe('$.priorities[3].id');
    expect(id.ctx.where).toBe('value');
    expect(where(id, '42')).toBe(positionIn(doc, '42'));
    expect(fields.filter((f) => ['true', 'false', 'null', ''].includes(f.text))).toEqual([]);
  });

  it('finds the same strings and numbers as JSON.parse', () => {
    const docs = [
      doc,
      '[1, -2.5, 300, "a", {"b": [true, "c", {"d": 0}]}, []]',
      '{"x": {"y": {"z": "deep"}}, "list": [[["nested"]]], "u": "\\u00e9\\ud83d\\ude00"}',
    ];
    for (const d of docs) {
      const oracle: string[] = [];
      const walk = (v: unknown): void => {
        if (typeof v === 'string' && v !== '') oracle.push(v);
        else if (typeof v === 'number') oracle.push(String(v));
        else if (Array.isArray(v)) v.forEach(walk);
        else if (v && typeof v === 'object') Object.values(v).forEach(walk);
      };
      walk(JSON.parse(d));
      const { fields, warnings } = extract('json', d, 2);
      expect(warnings).toEqual([]);
      expect(fields.filter((f) => f.ctx.where === 'value').map((f) => f.text)).toEqual(oracle);
    }
  });

  it.each(CHUNKS)('decodes escapes and keeps the position of every character after them (chunk size %i)', (chunk) => {
    const esc = String.raw`{"vict\u0069m": "line one\nSaid \"hi\" to Ren\u00e9e Smith \\ tab\there 07700 900123"}`;
    const { fields, warnings } = run(esc, chunk);
    expect(warnings).toEqual([]);
    expect(mispositioned(esc, fields)).toEqual([]);
    const value = fieldWith(fields, 'Smith');
    expect(value.text).toBe((JSON.parse(esc) as { victim: string }).victim);
    expect(value.raw).toBe(esc.slice(esc.indexOf('line one'), esc.lastIndexOf('"')));
    expect(where(value, 'Said')).toBe(positionIn(esc, 'Said'));
    expect(where(value, '"hi')).toBe(positionIn(esc, '\\"hi'));
    expect(where(value, 'é')).toBe(positionIn(esc, '\\u00e9'));
    expect(where(value, 'e Smith')).toBe(positionIn(esc, 'e Smith'));
    expect(where(value, '07700')).toBe(positionIn(esc, '07700'));
    const key = fields.find((f) => f.ctx.where === 'key')!;
    expect(key.text).toBe('victim');
    expect(key.ctx.name).toBe('victim');
    expect(where(key, 'vict')).toBe('1:3');
    expect(where(key, 'm')).toBe(positionIn(esc, 'm"'));
  });

  it('reads plain blocks (`<p>…</p><p>…</p>`) without the HTML parser, into the fields the parser makes', () => {
    // a value of plain blocks only takes the shortcut; the same value with an empty comment after
    // it goes through the parser: both must give the same fields at the same places (JSON escapes included)
    const values = [
      '<p>Call Mr Smith on 07700 900123</p><p>  </p><li>Seen at 4 High St</li><div>Jo \\u004Fsei</div>',
      '<p>Ren\\u00e9e said \\"hi\\"</p>',
      '<p>one</p>\\n<p>two</p>',
      '<p>x</p>y',
      '<p>x</p><b>y</b>',
      '<p></p>',
      // past 4096 characters a block's offset map is a typed array, below it a plain one (offsetMap)
      `<p>${'Call Mr Smith on 07700 900123. '.repeat(150)}</p>`,
      `<p>${'Call Mr Smith on 07700 900123. '.repeat(150)}</p><p>Ren\\u00e9e ${'x'.repeat(5000)}</p>`,
    ];
    // where each character is in the file, and where locate() puts it: the shortcut may say it another way
    // (a block of a value with no escape is a verbatim slice where it sits, with no offset map)
    const place = (f: Field, i: number): string => `${f.offset + (f.offsets ? f.offsets[i]! : i)} ${locate(f, i).line}:${locate(f, i).column}`;
    const detail = (fields: Field[]): unknown[] => fields.map((f) => [f.text, f.label, f.ctx, f.record, [...f.text].map((_, i) => place(f, i))]);
    for (const value of values) {
      const shortcut = `{"a": [{"issue": "${value}"}]}`;
      const parsed = `{"a": [{"issue": "${value}<!---->"}]}`;
      const a = run(shortcut, 0);
      expect(a.warnings).toEqual([]);
      expect(mispositioned(shortcut, a.fields)).toEqual([]);
      expect(detail(a.fields)).toEqual(detail(run(parsed, 0).fields));
    }
    const plain = run('{"issue": "<p>Call Mr Smith</p><div>on 07700 900123</div>"}', 0).fields.filter((f) => f.ctx.where === 'value');
    expect(plain.map((f) => [f.text, f.offset, f.column, f.raw, f.offsets])).toEqual([
      ['Call Mr Smith', 14, 15, undefined, undefined],
      ['on 07700 900123', 36, 37, undefined, undefined],
    ]);
  });

  it.each(CHUNKS)('scans strings that hold HTML as HTML text, mapped back into the JSON file (chunk size %i)', (chunk) => {
    const html = String.raw`{"priorities": [{"issue": "<p>Call <strong>PC</strong> O&#39;Neill on 07700 900123<br>or <a href=\"mailto:jo@example.com\">Jo</a></p>",` +
      '\n  "action": "Ren&eacute;e Smith", "plain": "Tom & Jerry <3"}]}';
    const { fields, warnings } = run(html, chunk);
    expect(warnings).toEqual([]);
    expect(mispositioned(html, fields)).toEqual([]);
    const text = fieldWith(fields, '07700');
    expect(text.text).toBe("Call PC O'Neill on 07700 900123\nor Jo");
    expect(text.label).toBe('$.priorities[0].issue');
    expect(text.ctx).toMatchObject({ where: 'value', path: 'priorities[*].issue' });
    expect(where(text, 'PC')).toBe(positionIn(html, 'PC'));
    expect(where(text, "'")).toBe(positionIn(html, '&#39;'));
    expect(where(text, 'Neill')).toBe(positionIn(html, 'Neill'));
    expect(where(text, '07700')).toBe(positionIn(html, '07700'));
    expect(where(text, 'Jo')).toBe(positionIn(html, 'Jo</a>'));
    const href = fieldWith(fields, 'mailto:');
    expect(href.ctx.where).toBe('attribute');
    expect(href.label).toBe('$.priorities[0].issue a@href');
    expect(where(href, 'jo@')).toBe(positionIn(html, 'jo@'));
    // entities alone make a string HTML too
    const action = fieldWith(fields, 'Smith');
    expect(action.text).toBe('Renée Smith');
    expect(action.label).toBe('$.priorities[0].action');
    expect(where(action, 'é')).toBe(positionIn(html, '&eacute;'));
    expect(where(action, 'Smith')).toBe(positionIn(html, 'Smith'));
    expect(fieldWith(fields, 'Jerry').text).toBe('Tom & Jerry <3');
  });

  it.each(CHUNKS)('gives each value the scalar siblings of its object, wherever they are (chunk size %i)', (chunk) => {
    const st = '[{"postcode": "AB1 2CD", "type": "station"},\n {"type": "home", "postcode": "EF3 4GH", "n": 7},\n {"type": "station", "address": {"postcode": "GH5 6IJ"}}]';
    const { fields } = run(st, chunk);
    expect(fieldWith(fields, 'AB1').siblings).toEqual({ postcode: 'AB1 2CD', type: 'station' });
    expect(fieldWith(fields, 'EF3').siblings).toMatchObject({ type: 'home', n: '7' });
    // a nested object has its own siblings
    const nested = fieldWith(fields, 'GH5');
    expect(nested.siblings?.type).toBeUndefined();
    expect(nested.label).toBe('$[2].address.postcode');
    expect(where(nested, 'GH5')).toBe(positionIn(st, 'GH5'));
  });

  it('keeps the first 64 keys of an object as siblings, a key repeated or `__proto__` counting for none', () => {
    // stores are counted, and the keys only when the stores reach 64 (json-frames.ts rememberSibling)
    const members = [
      ...Array.from({ length: 100 }, (_, i) => `"a": "a${i}"`),
      '"__proto__": "p"',
      ...Array.from({ length: 70 }, (_, i) => `"k${i}": "v${i}"`),
      '"a": "last"',
      '"toString": "t"',
    ];
    const { fields } = run(`{${members.join(', ')}}`, 0);
    const siblings = fieldWith(fields, 'v0').siblings!;
    expect(Object.keys(siblings)).toEqual(['a', ...Array.from({ length: 63 }, (_, i) => `k${i}`)]);
    // full: a key it holds is not set again either
    expect(siblings.a).toBe('a99');
    expect(Object.getPrototypeOf(siblings)).toBe(Object.prototype);
  });

  it.each(CHUNKS)('gives every object and array its own siblings and labels, record after record (chunk size %i)', (chunk) => {
    // objects and arrays closed are opened again for the next ones (frames used again): nothing of one may reach the next
    const recs = '{"records": [{"type": "station", "tags": ["a1", "b1"], "at": {"pc": "AB1 2CD", "kind": "x"}, "name": "R0"},\n'
      + ' {"name": "R1", "at": {"pc": "EF3 4GH"}, "tags": ["c2"]},\n {"name": "R2", "tags": [], "at": {}},\n {"tags": ["d4", ["e4"]], "name": "R3"}]}';
    const { fields } = run(recs, chunk);
    expect(fieldWith(fields, 'R0').siblings).toEqual({ type: 'station', name: 'R0' });
    expect(fieldWith(fields, 'R1').siblings).toEqual({ name: 'R1' });
    expect(fieldWith(fields, 'R2').siblings).toEqual({ name: 'R2' });
    expect(fieldWith(fields, 'R3').siblings).toEqual({ name: 'R3' });
    expect(fieldWith(fields, 'AB1').siblings).toEqual({ pc: 'AB1 2CD', kind: 'x' });
    expect(fieldWith(fields, 'EF3').siblings).toEqual({ pc: 'EF3 4GH' });
    // siblings records are not shared from one object to the next
    expect(fieldWith(fields, 'R0').siblings).not.toBe(fieldWith(fields, 'R1').siblings);
    expect(fieldWith(fields, 'c2').label).toBe('$.records[1].tags[0]');
    expect(fieldWith(fields, 'd4').label).toBe('$.records[3].tags[0]');
    expect(fieldWith(fields, 'e4').label).toBe('$.records[3].tags[1][0]');
    expect(fieldWith(fields, 'EF3').label).toBe('$.records[1].at.pc');
    expect(mispositioned(recs, fields)).toEqual([]);
    expect(fields.map((f) => f.text)).toEqual(['records', 'type', 'station', 'tags', 'a1', 'b1', 'at', 'pc', 'AB1 2CD', 'kind', 'x', 'name', 'R0', 'name', 'R1', 'at', 'pc', 'EF3 4GH', 'tags', 'c2', 'name', 'R2', 'tags', 'at', 'tags', 'd4', 'e4', 'name', 'R3']);
  });

  it('makes every field with the same properties, in the same order, whatever it holds', () => {
    // one shape for the stages after (a key, a value, an escaped string, a number, a top-level value, a field of a nested array)
    const mixed = '{"k": "plain", "e": "caf\\u00e9 \\"q\\"", "n": 12, "o": {"deep": ["x", 1]}, "z": null}\n"top"';
    const { fields } = run(mixed, 0);
    expect(fields.map((f) => f.text)).toEqual(['k', 'plain', 'e', 'café "q"', 'n', '12', 'o', 'deep', 'x', '1', 'z', 'top']);
    expect(new Set(fields.map((f) => Object.keys(f).join(','))).size).toBe(1);
    expect(fieldWith(fields, 'café').raw).toBe('caf\\u00e9 \\"q\\"');
    expect(fieldWith(fields, 'plain').raw).toBeUndefined();
  });

  it.each(CHUNKS)('warns about invalid JSON and scans the rest as text from the start of the broken line (chunk size %i)', (chunk) => {
    const bad = '{"a": "x",\n "phone": 07700 900123,\n "name": "Jane Smith"}\n{"b": "y"}\n';
    const { fields, warnings } = run(bad, chunk);
    expect(warnings).toEqual(["EPARSE: invalid JSON (invalid token) at line 2, column 11; scanned as text from there"]);
    expect(mispositioned(bad, fields)).toEqual([]);
    expect(fieldWith(fields, 'x').ctx.where).toBe('value');
    const phone = fieldWith(fields, '07700');
    expect(phone.ctx.where).toBe('text');
    // the key before the error stays in the same field as the value: it is context for rules
    expect(phone.text).toMatch(/^ "phone": 07700 900123,\n/);
    expect(where(phone, '"phone"')).toBe('2:2');
    expect(where(phone, '07700')).toBe(positionIn(bad, '07700'));
    expect(where(fieldWith(fields, 'Jane'), 'Jane')).toBe(positionIn(bad, 'Jane'));
    expect(where(fieldWith(fields, '"y"'), 'y')).toBe(positionIn(bad, 'y'));
  });

  it.each(CHUNKS)('reports a broken string and scans the line it started on (chunk size %i)', (chunk) => {
    const bad = '{"a": "x", "note": "Jane\nSmith"}';
    const { fields, warnings } = run(bad, chunk);
    expect(warnings).toEqual(['EPARSE: invalid JSON (line break inside a string) at line 1, column 20; scanned as text from there']);
    expect(mispositioned(bad, fields)).toEqual([]);
    expect(fields.filter((f) => f.ctx.where === 'text').map((f) => f.text).join('')).toBe(bad);
    expect(where(fieldWith(fields, 'Smith'), 'Smith')).toBe('2:1');
  });

  it.each(CHUNKS)('warns about truncated JSON and keeps everything read before (chunk size %i)', (chunk) => {
    const cut = '{"cases": [{"name": "Jane Smith", "age": 41';
    const { fields, warnings } = run(cut, chunk);
    expect(warnings).toEqual(['EPARSE: truncated JSON: the input ends inside 3 open object(s) or array(s); everything before was scanned']);
    const name = fieldWith(fields, 'Jane');
    expect(name.label).toBe('$.cases[0].name');
    expect(where(name, 'Smith')).toBe(positionIn(cut, 'Smith'));
    expect(where(fieldWith(fields, '41'), '41')).toBe(positionIn(cut, '41'));
  });

  it.each(CHUNKS)('scans a string cut off by the end of the input as text (chunk size %i)', (chunk) => {
    const cut = '{"a": 1,\n "name": "Jane Sm';
    const { fields, warnings } = run(cut, chunk);
    expect(warnings).toEqual(['EPARSE: invalid JSON (unterminated string) at line 2, column 10; scanned as text from there']);
    const rest = fieldWith(fields, 'Jane');
    expect(rest.ctx.where).toBe('text');
    expect(where(rest, 'Jane')).toBe(positionIn(cut, 'Jane'));
  });

  it.each(CHUNKS)('reads concatenated top-level values one after the other (chunk size %i)', (chunk) => {
    const many = '{"a": "x"}\n{"a": "y"} ["z"] "w" 7';
    const { fields, warnings } = run(many, chunk);
    expect(warnings).toEqual([]);
    expect(mispositioned(many, fields)).toEqual([]);
    const values = fields.filter((f) => f.ctx.where === 'value');
    expect(values.map((f) => [f.text, f.label, where(f, f.text)])).toEqual([
      ['x', '$.a', '1:8'],
      ['y', '$[1].a', '2:8'],
      ['z', '$[2][0]', positionIn(many, 'z')],
      ['w', '$[3]', positionIn(many, 'w')],
      ['7', '$[4]', positionIn(many, '7')],
    ]);
  });

  it('shares one context per path between the files of a run, and keeps paths that look alike apart', () => {
    // each file is a new extractor; a context made by one file is the next file's (issue 16)
    const first = run('{"victim": {"name": "Jane Smith"}, "a.b": "x", "items": ["p"]}', 0).fields;
    const second = run('{"victim": {"name": "John Jones"}, "a": {"b": "y"}, "items": {"[*]": "q"}}', 0).fields;
    const jane = fieldWith(first, 'Jane Smith');
    const john = fieldWith(second, 'John Jones');
    expect(john.ctx).toBe(jane.ctx);
    expect(jane.ctx).toEqual({ where: 'value', label: 'victim.name', path: 'victim.name', name: 'name', within: 'victim' });
    // the same path string, made by other keys: each file's context is its own keys'
    expect(fieldWith(first, 'x').ctx).toMatchObject({ path: 'a.b', name: 'a b', within: '' });
    expect(fieldWith(second, 'y').ctx).toMatchObject({ path: 'a.b', name: 'b', within: 'a' });
    // an array's element and an object's key spelt "[*]" at one path
    expect(fieldWith(first, 'p').ctx).toMatchObject({ path: 'items[*]', name: 'items', within: '' });
    expect(fieldWith(second, 'q').ctx).toMatchObject({ path: 'items.[*]', name: '', within: 'items' });
    // a top-level value and a top-level array's element
    expect(fieldWith(run('"Smith"', 0).fields, 'Smith').ctx).toMatchObject({ path: '', label: '$' });
    expect(fieldWith(run('["Smith"]', 0).fields, 'Smith').ctx).toMatchObject({ path: '[*]', label: '[*]' });
    expect(fieldWith(run('"Jones"', 0).fields, 'Jones').ctx).toMatchObject({ path: '', label: '$' });
  });

  it("reads each file of a run as it reads it first, whatever the files before it and beside it learnt of the keys' order", () => {
    // the scopes and the keys' order are the run's (issue 16): the keys here come in other orders,
    // one file names keys another has as a path, and files are read between another's pieces
    const files = [
      '{"ref": "A1", "name": "Jane Smith", "address": {"street": "1 High St", "town": "Leeds"}, "tags": ["x"], "x": {"[*]": "k"}}',
      '{"town": "York", "name": "John Jones", "ref": "B2", "address": {"town": "Hull", "street": "2 Low Rd"}, "extra": 1, "x": ["e"]}',
      '[{"ref": "C3"}, {"name": "Ann Lee", "ref": "C4"}, {"ref": "C5", "name": "Bo Li", "address.town": "Ely"}]',
      '{"name": "Di Wu", "ref": "D6", "address": {"town": "Bath"}, "name": "Ed Ng"}',
    ];
    const first = files.map((doc) => summary(run(doc, 0).fields));
    expect(first[1]![3]).toEqual(['John Jones', 1, files[1]!.indexOf('John') + 1, '$.name', { where: 'value', label: 'name', path: 'name', name: 'name', within: '' }]);
    expect(summary(run(files[2]!, 0).fields).filter((f) => (f as unknown[])[0] === 'Ely')).toEqual([['Ely', 1, files[2]!.indexOf('Ely') + 1, '$[2]["address.town"]', { where: 'value', label: '[*].address.town', path: '[*].address.town', name: 'address town', within: '' }]]);
    // read again, in the other order, and each file's pieces between the next file's
    for (const [k, doc] of [...files.entries()].reverse()) expect(summary(run(doc, 0).fields)).toEqual(first[k]);
    const open = files.map(() => new JsonExtractor());
    const fields: Field[][] = files.map(() => []);
    for (let at = 0; at < Math.max(...files.map((d) => d.length)); at += 9) {
      for (const [k, doc] of files.entries()) for (const f of open[k]!.push(doc.slice(at, at + 9))) fields[k]!.push(f);
    }
    for (const [k, ex] of open.entries()) for (const f of ex.end()) fields[k]!.push(f);
    expect(fields.map(summary)).toEqual(first);
  });

  it('gives the same fields whatever the chunk size', () => {
    const docs = [doc, '\ufeff{"a": ["b", {"c": "d\\n"}]}', '{"a": "x",\n "b": oops}\n"Smith"', '[1, 2 3]\n"x"'];
    for (const d of docs) {
      const whole = summary(run(d, 0).fields);
      for (const chunk of [1, 2, 3, 5, 7, 11]) expect(summary(run(d, chunk).fields)).toEqual(whole);
    }
  });

  it.each(CHUNKS)('reads keys that change order, spelling or escapes from one record to the next (chunk size %i)', (chunk) => {
    // records repeat their keys in order, and the extractor recognises the next key from the last
    // record's; every way the next record can differ must still read what JSON.parse reads
    const records = [
      '{"name": "Jane Smith", "names": ["a"], "ref": 1}',
      '{"name": "John Brown", "names": ["b"], "ref": 2}',
      '{"names": ["c"], "name": "Ann Lee", "ref": 3}',
      '{"nam": "x", "name\\u0020": "y", "na\\u006de": "Eve Doe", "ref": 4}',
      '{"name": "Sam Roe", "ref": 5, "extra": {"name": "inner"}}',
      '{"name": "Kim Poe"}',
      '{"n\\"ame": "q", "name": "Lou Fox", "names": [], "ref": 6, "more": 7}',
    ];
    const text = `[${records.join(',\n')}]`;
    const { fields, warnings } = run(text, chunk);
    expect(warnings).toEqual([]);
    expect(mispositioned(text, fields)).toEqual([]);
    const oracle: string[][] = [];
    // the label, with indexes, and the path (its context's, which later stages judge by)
    const walk = (v: unknown, label: string, path: string): void => {
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${label}[${i}]`, `${path}[*]`));
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          const at = /^[A-Za-z_$][\w$]*$/.test(k) ? `${label}.${k}` : `${label}[${JSON.stringify(k)}]`;
          const under = path ? `${path}.${k}` : k;
          oracle.push(['key', k, at, under]);
          walk(x, at, under);
        }
      } else if (typeof v === 'string' || typeof v === 'number') oracle.push(['value', String(v), label, path]);
    };
    walk(JSON.parse(text), '$', '');
    // contexts are kept by a key's place in the last record's order: a key at another place, or
    // another key at that place, must still get its own
    expect(fields.map((f) => [f.ctx.where, f.text, f.label, f.ctx.path])).toEqual(oracle);
    // the same key shares one context wherever it stands in its record
    const names = fields.filter((f) => f.ctx.where === 'value' && f.ctx.path === '[*].name');
    expect(names.map((f) => f.text)).toEqual(['Jane Smith', 'John Brown', 'Ann Lee', 'Eve Doe', 'Sam Roe', 'Kim Poe', 'Lou Fox']);
    expect(new Set(names.map((f) => f.ctx)).size).toBe(1);
  });

  it('scans a broken line longer than it keeps from at most 64 KB before the last piece it parsed', () => {
    // the extractor keeps the current line, already parsed, up to 64 KB back from where each piece
    // was parsed to, so that a fallback to text starts at the broken line's start, or close to the error
    const items: string[] = [];
    for (let i = 0; items.join(',').length < 300 * 1024; i++) items.push(JSON.stringify({ note: `item ${i}`, by: 'PC Jones' }));
    const good = `{"cases": [${items.join(',')}`;
    const bad = `${good}, "phone": 07700 900123, "name": "Jane Smith"}]}\n["after"]\n`;
    const chunk = 65536;
    const { fields, warnings } = run(bad, chunk);
    expect(warnings).toEqual([`EPARSE: invalid JSON (unexpected ':') at line 1, column ${good.length + 10}; scanned as text from there`]);
    expect(mispositioned(bad, fields)).toEqual([]);
    const text = fields.filter((f) => f.ctx.where === 'text');
    const from = text[0]!.offset;
    // the rest of the file is scanned as text from where the kept text begins, the key with the value
    expect(where(text[0]!, text[0]!.text.slice(0, 1))).toBe(`1:${from + 1}`);
    expect(fieldWith(text, '07700').text).toContain('"phone": 07700 900123');
    expect(where(fieldWith(text, 'after'), 'after')).toBe(positionIn(bad, 'after'));
    // the piece before the error ended at most 64 KB after the start of the piece holding it
    const pieceStart = Math.floor((good.length + 2) / chunk) * chunk;
    expect(from).toBeGreaterThanOrEqual(pieceStart - 2 * chunk);
    expect(from).toBeLessThanOrEqual(pieceStart - chunk + 256);
    expect(fields.filter((f) => f.ctx.where === 'value').length).toBeGreaterThan(1000);
  });

  it.each([7, 4096, 0])('survives 10000 levels of nesting and finds the value at the bottom (chunk size %i)', (chunk) => {
    const n = 10000;
    const arrays = '['.repeat(n) + '"Jane Smith"' + ']'.repeat(n);
    let got = run(arrays, chunk);
    expect(got.warnings).toEqual([]);
    expect(got.fields).toHaveLength(1);
    expect(where(got.fields[0]!, 'Smith')).toBe(`1:${n + 7}`);
    const objects = '{"a":'.repeat(n) + '{"victim": "Jane Smith"}' + '}'.repeat(n);
    got = run(objects, chunk);
    expect(got.warnings).toEqual([]);
    const value = fieldWith(got.fields, 'Jane');
    expect(where(value, 'Jane')).toBe(positionIn(objects, 'Jane'));
    expect(value.ctx.name).toBe('victim');
    expect(where(fieldWith(got.fields, 'victim'), 'victim')).toBe(`1:${5 * n + 3}`);
  });

  it("holds an open object's fields back until it closes or something inside it opens, and no more than 256 of them", () => {
    const ex = new JsonExtractor();
    const texts = (fields: Field[]): string[] => fields.map((f) => f.text);
    expect(texts(ex.push('[{"a": "x", "b": '))).toEqual([]);
    expect(texts(ex.push('"y"}, {"c": '))).toEqual(['a', 'x', 'b', 'y']);
    // an object opening inside lets go of its parent's fields; an array's elements are never held
    expect(texts(ex.push('"z", "d": {"e": "w"'))).toEqual(['c', 'z', 'd']);
    expect(texts(ex.push('}, "f": ["g", "h"'))).toEqual(['e', 'w', 'f', 'g', 'h']);
    expect(texts(ex.push('], "i": "j"'))).toEqual([]);
    expect(texts(ex.push('}]'))).toEqual(['i', 'j']);
    expect(texts(ex.end())).toEqual([]);
    // 200 members are 400 fields: the first 257 go out, the rest wait for the object's end
    const members = Array.from({ length: 300 }, (_, i) => `"k${i}": "v${i}"`);
    const big = new JsonExtractor();
    const first = big.push(`{${members.slice(0, 200).join(', ')}, `);
    expect(first.length).toBe(257);
    expect(texts(first).slice(-2)).toEqual(['v127', 'k128']);
    const rest = big.push(`${members.slice(200).join(', ')}}`);
    expect(texts(rest)[0]).toBe('v128');
    expect(first.length + rest.length + big.end().length).toBe(600);
    expect(rest[rest.length - 1]!.siblings).toMatchObject({ k0: 'v0', k63: 'v63' });
  });

  // 1-character chunks would make five million calls: a big chunk and the whole text show streaming here
  it.each([65536, 0])('streams a 5 MB single-line array of small strings (chunk size %i)', (chunk) => {
    const items: string[] = [];
    for (let length = 0; length < 5 * 1024 * 1024; ) {
      const item = JSON.stringify(`item ${items.length}`);
      items.push(item);
      length += item.length + 1;
    }
    const middle = items.length >> 1;
    items[middle] = '"Jane Smith"';
    const big = `[${items.join(',')}]`;
    const heap = process.memoryUsage().heapUsed;
    const ex = new JsonExtractor();
    let count = 0;
    let found: Field | undefined;
    const take = (fields: Field[]): void => {
      count += fields.length;
      found ??= fields.find((f) => f.text === 'Jane Smith');
    };
    const size = chunk || big.length;
    for (let i = 0; i < big.length; i += size) take(ex.push(big.slice(i, i + size)));
    take(ex.end());
    // fields are dropped as they come: the extractor itself must hold next to nothing
    // (the 5 MB input and the garbage of the run sit on the heap too: the bound is loose on purpose)
    expect(process.memoryUsage().heapUsed - heap).toBeLessThan(128 * 1024 * 1024);
    expect(ex.warnings).toEqual([]);
    expect(count).toBe(items.length);
    expect(found?.label).toBe(`$[${middle}]`);
    expect(where(found!, 'Jane')).toBe(positionIn(big, 'Jane'));
  });
});
