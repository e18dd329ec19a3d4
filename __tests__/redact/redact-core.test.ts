import { parse } from 'csv-parse/sync';
import type { ListItem } from '../../src/extract/extractor.js';
import { extractorFactory } from '../../src/formats/registry.js';
import { byteOffsets } from '../../src/read/decode.js';
import { dropColumns, dropMembers, mergeEdits, redactBytes } from '../../src/redact/redact.js';

// the pure core: text offsets → bytes, list surgery that keeps CSV and JSON well-formed

/** The lists (CSV records, JSON objects) the format's extractor reads in `text`, fed in small chunks; undefined when it broke. */
async function listsOf(format: 'csv' | 'json' | 'ndjson', text: string): Promise<ListItem[][] | undefined> {
  let lists: ListItem[][] | undefined = [];
  const ex = (await extractorFactory(format))({ onList: (items) => (items ? lists?.push(items) : (lists = undefined)) });
  for (let i = 0; i < text.length; i += 7) ex.push(text.slice(i, i + 7));
  ex.end();
  return lists;
}

/** Applies edits to a string, as redactBytes does to bytes. */
function apply(text: string, edits: { start: number; end: number; text: string }[]): string {
  let out = '';
  let pos = 0;
  for (const e of mergeEdits(edits)) {
    out += text.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  return out + text.slice(pos);
}

describe('byteOffsets and redactBytes', () => {
  it('maps text offsets to UTF-8 bytes across multi-byte characters and surrogate pairs', () => {
    const text = 'a£€😀b';
    const bytes = Buffer.from(text, 'utf8');
    // a=1 byte, £=2, €=3, 😀=4 bytes and 2 code units
    expect(byteOffsets(bytes, 'utf-8', [0, 1, 2, 3, 5, 6])).toEqual([0, 1, 3, 6, 10, 11]);
  });

  it('counts an invalid UTF-8 sequence as the one U+FFFD a decoder reads it as, and keeps its bytes', () => {
    // E2 82 is a cut-off euro sign: one U+FFFD, then "x"; FF is one U+FFFD too
    const bytes = Buffer.from([0x61, 0xe2, 0x82, 0x78, 0xff, 0x31, 0x32, 0x33]);
    const text = new TextDecoder('utf-8').decode(bytes);
    expect(text).toBe('a\uFFFDx\uFFFD123');
    expect(byteOffsets(bytes, 'utf-8', [1, 2, 3, 4, 7])).toEqual([1, 3, 4, 5, 8]);
    const out = redactBytes(bytes, 'utf-8', [{ start: 4, end: 7, text: '[X]' }]);
    expect([...out]).toEqual([0x61, 0xe2, 0x82, 0x78, 0xff, ...Buffer.from('[X]')]);
  });

  it('skips a byte-order mark and writes UTF-16 code units in the file’s byte order', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('ab12', 'utf16le')]);
    expect(Buffer.from(redactBytes(le, 'utf-16le', [{ start: 2, end: 4, text: 'X' }])).equals(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('abX', 'utf16le')]))).toBe(true);
    const be = Buffer.from([0xfe, 0xff, 0, 0x61, 0, 0x31]);
    expect([...redactBytes(be, 'utf-16be', [{ start: 1, end: 2, text: 'X' }])]).toEqual([0xfe, 0xff, 0, 0x61, 0, 0x58]);
  });

  it('returns the same bytes when there is nothing to change', () => {
    const bytes = Buffer.from([0x93, 0x61, 0x94]);
    expect(redactBytes(bytes, 'windows-1252', [])).toBe(bytes);
  });
});

describe('mergeEdits', () => {
  it('merges overlapping edits and lets an enclosing one swallow those inside it', () => {
    expect(mergeEdits([
      { start: 5, end: 8, text: 'B' },
      { start: 0, end: 20, text: '' },
      { start: 30, end: 35, text: 'C' },
      { start: 33, end: 40, text: 'D' },
    ])).toEqual([{ start: 0, end: 20, text: '' }, { start: 30, end: 40, text: 'C' }]);
  });
});

describe("dropColumns, on the CSV extractor's records", () => {
  const csv = 'a,"b, with comma","c ""q"""\r\n1,"two\r\nlines",3\r\n,,\r\nx\r\n4,5,6';

  it('reads the cells csv-parse reads, quotes included in their spans', async () => {
    const records = (await listsOf('csv', csv))!;
    const cells = records.map((r) => r.map((c) => {
      const raw = csv.slice(c.start, c.end);
      return raw.startsWith('"') ? raw.slice(1, -1).replace(/""/g, '"') : raw;
    }));
    expect(cells).toEqual(parse(csv, { relax_column_count: true }));
  });

  it.each([
    // a one-cell row ("x") loses its cell only when column 0 goes
    [[0], '"b, with comma","c ""q"""\r\n"two\r\nlines",3\r\n,\r\n\r\n5,6'],
    [[1], 'a,"c ""q"""\r\n1,3\r\n,\r\nx\r\n4,6'],
    [[2], 'a,"b, with comma"\r\n1,"two\r\nlines"\r\n,\r\nx\r\n4,5'],
    [[1, 2], 'a\r\n1\r\n\r\nx\r\n4'],
    [[0, 1], '"c ""q"""\r\n3\r\n\r\n\r\n6'],
  ])('drops columns %j from every row, header included', async (columns, expected) => {
    const records = await listsOf('csv', csv);
    const edits = dropColumns(records, columns.map((k) => records![0]![k]!.start + 1))!;
    expect(apply(csv, edits)).toBe(expected);
  });

  it('refuses broken quoting', async () => {
    expect(await listsOf('csv', 'a,b\n1,"b"x\n')).toBeUndefined();
    expect(dropColumns(await listsOf('csv', 'a,b\n1,"b\n'), [0])).toBeUndefined();
  });
});

describe("dropMembers, on the JSON extractor's objects", () => {
  const at = (text: string, key: string): number => text.indexOf(`"${key}"`) + 1;

  it.each([
    ['{"a": 1, "b": 2, "c": 3}', ['a'], '{"b": 2, "c": 3}'],
    ['{"a": 1, "b": 2, "c": 3}', ['b'], '{"a": 1, "c": 3}'],
    ['{"a": 1, "b": 2, "c": 3}', ['c'], '{"a": 1, "b": 2}'],
    ['{"a": 1, "b": 2, "c": 3}', ['b', 'c'], '{"a": 1}'],
    ['{"a": 1, "b": 2, "c": 3}', ['a', 'c'], '{"b": 2}'],
    ['{"a": 1, "b": 2, "c": 3}', ['a', 'b', 'c'], '{}'],
    ['{\n  "a": {"x": [1, {"y": "\\"}"}]},\n  "b": null\n}', ['a'], '{\n  "b": null\n}'],
  ])('%s without %j', async (text, keys, expected) => {
    const edits = dropMembers(await listsOf('json', text), { keyOffsets: new Set(keys.map((k) => at(text, k))), paths: new Set() })!;
    const out = apply(text, edits);
    expect(out).toBe(expected);
    expect(() => JSON.parse(out)).not.toThrow();
  });

  it.each(['json', 'ndjson'] as const)('drops every member at a key path, in JSON Lines too (read as %s)', async (format) => {
    const text = '{"p": [{"n": 1, "k": 2}, {"k": 3}]}\n{"p": [{"k": 4, "n": 5}]}\n';
    const out = apply(text, dropMembers(await listsOf(format, text), { keyOffsets: new Set(), paths: new Set(['p[*].k']) })!);
    expect(out).toBe('{"p": [{"n": 1}, {}]}\n{"p": [{"n": 5}]}\n');
  });

  it('refuses invalid JSON, and a broken line of JSON Lines', async () => {
    expect(dropMembers(await listsOf('json', '{"a": 1,}'), { keyOffsets: new Set([2]), paths: new Set() })).toBeUndefined();
    expect(await listsOf('ndjson', '{"a": 1}\n{"a": \n{"a": 2}\n')).toBeUndefined();
  });
});
