import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import path from 'node:path';
import { normalizeField, normalizeFields } from '../../src/normalize/normalize.js';
import type { Field, Where } from '../../src/types.js';
import { cli, tree } from '../helpers/cli.js';

// The normalisation stage through the real CLI on real files: what a file encodes is found, and
// each finding points at the first character of the value as the file writes it.

interface Finding {
  category: string;
  line: number;
  column: number;
  value?: string;
}

async function scan(files: Record<string, string>): Promise<{ root: string; findings: Finding[] }> {
  const root = tree(files);
  const r = await cli(['scan', root, '-f', 'json', '--show-values'], { cwd: root });
  expect(r.code).toBeLessThan(2);
  return { root, findings: JSON.parse(r.stdout).findings };
}

/** The text of a file from a 1-based line and column on. */
function at(root: string, file: string, line: number, column: number): string {
  return readFileSync(path.join(root, file), 'utf8').split('\n')[line - 1]!.slice(column - 1);
}

describe('normalisation, through the CLI', () => {
  it.each<[string, string, string, string, string]>([
    // [what, file content, category, value after normalisation, how the file writes its start]
    ['percent-encoding in a query string', 'ref,Notes\n1,https://x.example.org/c?email=jane.doe%40example.com&n=2\n', 'email', 'jane.doe@example.com', 'jane.doe%40'],
    ['+ for a space in a query string', 'ref,Notes\n1,https://x.example.org/c?tel=07700+900123&n=2\n', 'phone', '07700 900123', '07700+900123'],
    ['an encoded +44', 'ref,Notes\n1,/call?to=%2B44%207700%20900123\n', 'phone', '+44 7700 900123', '%2B44%207700'],
    ['full-width digits (NFKC)', 'ref,Notes\n1,call ０７７００ ９００１２３ now\n', 'phone', '07700 900123', '０７７００'],
    ['a no-break space inside a phone', 'ref,Notes\n1,mob 07700\u00a0900123\n', 'phone', '07700 900123', '07700\u00a0900123'],
    ['a narrow no-break space inside a postcode', 'ref,Notes\n1,lives at AL1\u202f3XY now\n', 'postcode', 'AL1 3XY', 'AL1\u202f3XY'],
    ['a zero-width space and a soft hyphen inside a NINO', 'ref,Notes\n1,NI AB12\u200b34\u00ad56C ok\n', 'nino', 'AB123456C', 'AB12\u200b34'],
    ['an en dash inside a phone', 'ref,Notes\n1,mob 07700\u2013900123\n', 'phone', '07700-900123', '07700\u2013900123'],
    ['name [at] example [dot] com', 'ref,Notes\n1,write to jane [at] example [dot] com today\n', 'email', 'jane@example.com', 'jane [at] example [dot] com'],
    ['name(at)example.org', 'ref,Notes\n1,or bob(at)example.org\n', 'email', 'bob@example.org', 'bob(at)example.org'],
    ['name at example dot co dot uk', 'ref,Notes\n1,or sam at example dot co dot uk\n', 'email', 'sam@example.co.uk', 'sam at example dot co'],
    // the bracketed forms are tried at each bracket, up to a number of them, then searched for
    ['name (at) example (dot) com after many brackets', `ref,Notes\n1,${'see (a) and [b] '.repeat(40)}mail ann (at) example (dot) com\n`, 'email', 'ann@example.com', 'ann (at) example (dot) com'],
    ['name at example dot com after brackets', 'ref,Notes\n1,(see) [log] {x} <y> mail tom at example dot com\n', 'email', 'tom@example.com', 'tom at example dot com'],
    ['a JS escape in a javascript: URL under percent-encoding', '<a href="javascript:alert(%27jane\\x40example.com%27)">x</a>\n', 'email', 'jane@example.com', 'jane\\x40example.com'],
    ['a JS escape in an onclick attribute', '<button onclick="show(\'07700\\u0020900124\')">y</button>\n', 'phone', '07700 900124', '07700\\u0020900124'],
    ['a JS escape in a script', '<script>var e = "sam\\u0040example.net";</script>\n', 'email', 'sam@example.net', 'sam\\u0040example.net'],
    ['an address in a page\'s v parameter, &amp; between parameters', '<a href="/report?v=192.0.2.72&amp;p=2">x</a>\n', 'ip-address', '192.0.2.72', '192.0.2.72&amp;'],
    ['an encoded address and port there', '<a href="/report?v=198.51.100.26%3A47441&amp;p=2">x</a>\n', 'ip-address', '198.51.100.26', '198.51.100.26%3A'],
  ])('%s', async (_what, content, category, value, written) => {
    const file = content.startsWith('<') ? 'page.html' : 'notes.csv';
    const { root, findings } = await scan({ [file]: content });
    const hit = findings.find((f) => f.category === category);
    expect(hit).toBeDefined();
    expect(hit!.value).toBe(value);
    expect(at(root, file, hit!.line, hit!.column).startsWith(written)).toBe(true);
  });

  it('leaves prose, a lone percent sign and backslashes in plain text alone', async () => {
    const { findings } = await scan({
      'notes.csv': 'ref,Notes\n1,I work at example.com and we meet at 10 dot 30\n2,50%OFF and 100%\n3,C:\\x40temp\n',
    });
    expect(findings).toEqual([]);
  });

  it('leaves a version number alone: a static file\'s v parameter, after "v"', async () => {
    const { findings } = await scan({
      'page.html': '<link href="/css/main.min.css?v=2.4.10.1">\n<script src="/js/app.js?lang=en&amp;v=2.4.10.2"></script>\n<p>release v 2.4.10.3</p>\n',
    });
    expect(findings).toEqual([]);
  });

  it('redacts the original characters of an encoded value', async () => {
    const root = tree({ 'in/notes.csv': 'ref,Notes\n1,write to jane [at] example [dot] com today\n2,call ０７７００ ９００１２３ now\n' });
    const out = path.join(root, 'out');
    const r = await cli(['redact', path.join(root, 'in'), '--out', out], { cwd: root });
    expect(r.code).toBe(0);
    const text = readFileSync(path.join(out, 'notes.csv'), 'utf8');
    expect(text).not.toMatch(/jane|example \[dot\]|０７７００|９００１２３/);
    expect(text).toMatch(/^ref,Notes\n1,write to .* today\n2,call .* now\n$/);
  });
});

function field(text: string, where: Where = 'text', label?: string): Field {
  return { text, line: 1, column: 1, offset: 0, ctx: label ? { where, label } : { where } };
}

describe('normalizeField', () => {
  it('maps every character of the new text to the character it came from', () => {
    const f = normalizeField(field('x ０７ a%40b \u200bc'));
    expect(f.text).toBe('x 07 a@b c');
    expect(f.raw).toBe('x ０７ a%40b \u200bc');
    // "@" points at the "%" of %40; "c" at itself, past the dropped zero-width space
    expect(Array.from(f.offsets!)).toEqual([0, 1, 2, 3, 4, 5, 6, 9, 10, 12]);
  });

  it('composes with the extractor\'s own map (an entity decoded before)', () => {
    // the extractor decoded "&#64;" (raw 4-8) to "@"; the field's text holds a percent escape too
    const f: Field = { ...field('jo@x%2Eorg'), raw: 'jo&#64;x%2Eorg', offsets: Int32Array.from([0, 1, 2, 7, 8, 9, 10, 11, 12, 13]) };
    const n = normalizeField(f);
    expect(n.text).toBe('jo@x.org');
    expect(n.raw).toBe('jo&#64;x%2Eorg');
    expect(Array.from(n.offsets!)).toEqual([0, 1, 2, 7, 8, 11, 12, 13]);
  });

  it('decodes JavaScript escapes only in code', () => {
    expect(normalizeField(field('a\\x40b', 'script')).text).toBe('a@b');
    expect(normalizeField(field('a\\x40b', 'attribute', 'a@onclick')).text).toBe('a@b');
    expect(normalizeField(field('javascript:a\\x40b', 'attribute', 'a@href')).text).toBe('javascript:a@b');
    expect(normalizeField(field('a\\x40b', 'attribute', 'a@title')).text).toBe('a\\x40b');
    expect(normalizeField(field('a\\x40b')).text).toBe('a\\x40b');
  });

  it('keeps a + that starts a value, and invalid UTF-8 escapes, as written', () => {
    expect(normalizeField(field('?tel=+447700900123')).text).toBe('?tel=+447700900123');
    expect(normalizeField(field('x=%E9%ZZ')).text).toBe('x=%E9%ZZ');
    expect(normalizeField(field('x=caf%C3%A9')).text).toBe('x=café');
  });

  it('returns the same fields when nothing needs normalising (the fast path)', () => {
    const fields = [field('plain text 07700 900123'), field('jane@example.com')];
    const n = normalizeFields(fields);
    expect(n.fields).toBe(fields);
    expect(n.joined).toBe('plain text 07700 900123\u0000jane@example.com');
    const f = field('café');
    expect(normalizeField(f)).toBe(f);
  });
});

describe('normalizeFields skips only fields that no step changes', () => {
  /** What the stage must give: every field through every step (normalizeField, the slow path). */
  function expectSameAsSlowPath(texts: string[]): void {
    const fields = texts.map((t) => field(t));
    const n = normalizeFields(fields);
    expect(n.fields.map((f) => [f.text, f.raw, f.offsets && Array.from(f.offsets)])).toEqual(
      fields.map((f) => normalizeField(f)).map((f) => [f.text, f.raw, f.offsets && Array.from(f.offsets)]),
    );
  }

  it('on every UTF-16 code unit beyond ASCII, alone and beside plain text', () => {
    const texts: string[] = [];
    for (let c = 0x80; c <= 0xffff; c++) texts.push(`a${String.fromCharCode(c)}b`);
    // one field each, and in batches of 512 (a batch with nothing to change is handed on unchanged)
    for (const t of texts.filter((_, i) => i % 97 === 0)) expectSameAsSlowPath([t]);
    for (let i = 0; i < texts.length; i += 512) expectSameAsSlowPath(['plain £ © text', ...texts.slice(i, i + 512)]);
  });

  it('on tricky text: non-ASCII, %-escapes, query-string pluses, spelled addresses', () => {
    const tricky = [
      'Rent £450 paid, €20 fee, café ok',
      'naïve résumé — “quoted” O’Neill',
      'full-width ０７７００ and ﬁ ligature, x² ½',
      'no\u00a0break\u202fnarrow \u200bzero \u00adsoft',
      'astral 𝟎𝟕𝟕 and 😀 and a lone \ud800 surrogate',
      'µ ª º ¹ ¼ ¨ ¯ ´ ¸ £ ¥ © ® ° ± ¶ · × ÷',
      'phone +44 7700 900123 and 2+2=4',
      '?tel=07700+900123',
      'a=b c+d',
      '50%OFF 100% and mailto:jane%40example.com',
      'C:\\x40temp',
      'name [at] example [dot] com',
      'name(at)example.org',
      'sam at example dot co dot uk',
      'I work at example.com',
      'x {@} y <dot> z',
      '\u00a0dot\u00a0',
      'plain ascii only',
      // characters that never fold beside one that does (counted, then the regex)
      '£450 €20 20°C café\u00a0ok',
      '££€€ °é ０',
      '© 2026 Exampleshire',
      '© ０ ©',
      '£ and 😀',
      '€ and a lone \udc00',
    ];
    expectSameAsSlowPath(tricky);
    for (const t of tricky) expectSameAsSlowPath([t]);
    for (const t of tricky) expectSameAsSlowPath(['plain', t, '£ only']);
  });

  it('on random text of the characters the quick checks look for (query-string pluses, brackets, "dot")', () => {
    const pieces = ['?', '&', '=', '+', ' ', '\t', '\u00a0', '\u2028', 'a', 'x', '.', 'dot', 'DoT', 'at', '@', '(', ')', '[', ']', '{', '}', '<', '>', 'jo', 'example', 'com'];
    const text = fc.array(fc.constantFrom(...pieces), { maxLength: 24 }).map((a) => a.join(''));
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 4 }), (texts) => {
        expectSameAsSlowPath(texts);
      }),
      { numRuns: 3000 },
    );
    // past the brackets tried one by one
    expectSameAsSlowPath([`${'(x) '.repeat(80)}jo (at) example (dot) com`]);
    expectSameAsSlowPath([`${'(x) '.repeat(80)}jo at example dot com`, '?q=a+b']);
  });

  it('on random batches with percent signs and backslashes, alone and beside what other steps change', () => {
    // percent signs that decode and that do not ("28.0%"), escapes in code and out, beside folding characters and pluses
    const pieces = ['%', '%40', '%4', '%C3%A9', '\\', '\\x40', '\\u0040', 'javascript:', ' ', 'a', 'jo', 'example', '.com', '28.0%', '£', 'é', '+', '?', '=', 'dot'];
    const text = fc.array(fc.constantFrom(...pieces), { maxLength: 12 }).map((a) => a.join(''));
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 6 }), (texts) => {
        expectSameAsSlowPath(texts);
      }),
      { numRuns: 3000 },
    );
    // a batch with a percent sign in it hands on the fields it does not change as they are
    const fields = [field('a 28.0% fall'), field('jo%40example.com'), field('plain')];
    const n = normalizeFields(fields);
    expect(n.fields[0]).toBe(fields[0]);
    expect(n.fields[1]!.text).toBe('jo@example.com');
    expect(n.fields[2]).toBe(fields[2]);
    const same = [field('a 28.0% fall'), field('50% off')];
    expect(normalizeFields(same)).toEqual({ fields: same, joined: 'a 28.0% fall\u000050% off' });
  });

  it('on percent signs that start no escape, beside pluses in their field and in others', () => {
    // a field with a "%" is read token by token, where a plus in a query-string token becomes a
    // space even before its "=" (a+b=c): only fields with no "%" and no plus skip that step
    const pieces = ['28.0%', '%', '%4', '%g0', '%4f', '%Fz', 'a+b=c', '+44', 'x=1+2', '&', '+', ' ', 'a', '=', '?'];
    const text = fc.array(fc.constantFrom(...pieces), { maxLength: 8 }).map((a) => a.join(''));
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 8 }), (texts) => {
        expectSameAsSlowPath(texts);
      }),
      { numRuns: 3000 },
    );
    for (const texts of [['a 28.0% rise a+b=c'], ['a+b=c', 'a 28.0% rise'], ['a 28.0% rise', 'a+b=c'], ['5% x', 'y', '6% a+b=c'], ['100%ab+']]) expectSameAsSlowPath(texts);
    const fields = [field('a 28.0% rise, 5% more'), field('call +44 7700 900123'), field('50% off')];
    expect(normalizeFields(fields)).toEqual({ fields, joined: 'a 28.0% rise, 5% more\u0000call +44 7700 900123\u000050% off' });
    const changed = normalizeFields([field('plain'), field('a 28.0% rise a+b=c')]);
    expect(changed.fields[1]!.text).toBe('a 28.0% rise a b=c');
  });

  it('hands on text with only non-folding characters beyond ASCII unchanged', () => {
    const fields = [field('Rent £450'), field('café €20 naïve'), field('© 2026 Exampleshire Council')];
    const n = normalizeFields(fields);
    expect(n.fields).toBe(fields);
    expect(n.joined).toBe('Rent £450\u0000café €20 naïve\u0000© 2026 Exampleshire Council');
  });
});
