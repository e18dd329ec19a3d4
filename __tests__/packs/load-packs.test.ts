import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compilePacks } from '../../src/packs/compile.js';
import { loadPackFile, loadPacks } from '../../src/packs/load-packs.js';
import { PackError } from '../../src/packs/pack-error.js';

// Broken packs are written to a fresh temporary folder per test run: no fixture files.

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'leakgate-packs-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A rule that loads and compiles; tests break one thing at a time. */
const goodRule = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'test.rule',
  category: 'phone',
  description: 'A test rule.',
  pattern: '\\b07700 ?9\\d{5}\\b',
  examples: { match: ['07700 900123'], noMatch: ['07700'] },
  ...over,
});

/** A pack that loads and compiles, with `over` merged over its top level. */
const goodPack = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'test-pack',
  version: '1.0.0',
  description: 'A pack for tests.',
  rules: [goodRule()],
  ...over,
});

let counter = 0;
/** Writes a pack file (an object as JSON, a string as it is) and returns its path. */
function writePack(content: unknown, name = `pack-${++counter}.json`): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

/** Runs `fn`, which must throw a PackError, and returns that error. */
function packError(fn: () => unknown): PackError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(PackError);
    return e as PackError;
  }
  throw new Error('expected a PackError, nothing was thrown');
}

/** Loads and compiles one pack file. */
const loadAndCompile = (file: string): unknown => compilePacks([loadPackFile(file)]);

describe('a well-formed pack', () => {
  it('loads and compiles (the control for every broken pack below)', () => {
    const file = writePack(goodPack({ allow: [{ id: 'test.allow', description: 'fiction', value: '^07700' }] }));
    const ruleset = compilePacks([loadPackFile(file)]);
    expect(ruleset.rules.map((r) => r.id)).toEqual(['test.rule']);
    expect(ruleset.allow.map((a) => a.id)).toEqual(['test.allow']);
  });

  it.each([[''], ['i']])('accepts flags %j', (flags) => {
    expect(() => loadAndCompile(writePack(goodPack({ rules: [goodRule({ flags })] })))).not.toThrow();
  });

  it('accepts a UTF-8 byte-order mark', () => {
    expect(() => loadPackFile(writePack(`\uFEFF${JSON.stringify(goodPack())}`))).not.toThrow();
  });
});

describe('a file that is not a pack', () => {
  it.each([
    ['{ "id": "x", ', 'truncated'],
    ["{ id: 'x' }", 'JavaScript, not JSON'],
    ['', 'empty'],
  ])('throws for %j (%s), naming the file and "not valid JSON"', (text) => {
    const file = writePack(text);
    const e = packError(() => loadPackFile(file));
    expect(e.file).toBe(file);
    expect(e.reason).toMatch(/not valid JSON/);
    expect(e.message).toContain(file);
    expect(e.code).toBe('EPACK');
  });

  it.each([['[]'], ['"a pack"'], ['null'], ['42']])('throws for %s: a pack must be a JSON object', (text) => {
    const file = writePack(text);
    const e = packError(() => loadPackFile(file));
    expect(e.file).toBe(file);
    expect(e.reason).toMatch(/must be a JSON object/);
  });

  it('throws for a file that does not exist, naming it', () => {
    const file = path.join(dir, 'no-such-pack.json');
    const e = packError(() => loadPackFile(file));
    expect(e.file).toBe(file);
    expect(e.reason).toMatch(/cannot read/);
  });
});

describe('a pack with a broken top level', () => {
  it.each(['id', 'version', 'description'])('throws when "%s" is missing', (key) => {
    const pack = goodPack();
    delete pack[key];
    const file = writePack(pack);
    const e = packError(() => loadPackFile(file));
    expect(e.file).toBe(file);
    expect(e.reason).toContain(`"${key}"`);
    expect(e.jsonPath).toBe(`$.${key}`);
    expect(e.message).toContain(file);
  });

  it.each([
    ['id', ''],
    ['version', 1],
    ['description', null],
  ])('throws when "%s" is %j', (key, value) => {
    const file = writePack(goodPack({ [key]: value }));
    expect(packError(() => loadPackFile(file)).reason).toContain(`"${key}"`);
  });

  it('throws for an unknown top-level key, naming it', () => {
    const file = writePack(goodPack({ rulez: [] }));
    const e = packError(() => loadPackFile(file));
    expect(e.file).toBe(file);
    expect(e.reason).toBe('unknown key "rulez"');
    expect(e.jsonPath).toBe('$.rulez');
  });

  it('throws when "rules" is not an array', () => {
    const file = writePack(goodPack({ rules: { id: 'test.rule' } }));
    expect(packError(() => loadPackFile(file)).reason).toMatch(/"rules" must be an array/);
  });
});

describe('a pack with a broken rule', () => {
  /** Loads (and, if loading passes, compiles) a pack holding one rule, which must fail with a PackError. */
  function ruleError(rule: Record<string, unknown>): { e: PackError; file: string } {
    const file = writePack(goodPack({ rules: [rule] }));
    return { e: packError(() => loadAndCompile(file)), file };
  }

  it.each([
    ['unknown key', goodRule({ pattren: 'x' }), /unknown key "pattren"/],
    ['bad category', goodRule({ category: 'telephone' }), /"category" must be one of/],
    ['missing category', goodRule({ category: undefined }), /"category" must be one of/],
    ['bad severity', goodRule({ severity: 'urgent' }), /"severity" must be critical, high, medium or low/],
    ['bad confidence', goodRule({ confidence: 'certain' }), /"confidence" must be high, medium or low/],
    ['missing description', goodRule({ description: undefined }), /"description"/],
    ['missing pattern', goodRule({ pattern: undefined }), /"pattern"/],
    ['missing examples', goodRule({ examples: undefined }), /"examples" must have "match" and "noMatch" arrays/],
    ['examples without noMatch', goodRule({ examples: { match: ['07700 900123'] } }), /"examples" must have "match" and "noMatch" arrays/],
    ['examples without match', goodRule({ examples: { noMatch: ['x'] } }), /"examples" must have "match" and "noMatch" arrays/],
    ['no match example', goodRule({ examples: { match: [], noMatch: ['x'] } }), /"examples.match" needs at least one example/],
    ['unknown validator', goodRule({ validator: 'mod97' }), /unknown validator "mod97"/],
    ['validator named like an Object method', goodRule({ validator: 'toString' }), /unknown validator "toString"/],
    ['validator named like an Object property', goodRule({ validator: 'constructor' }), /unknown validator "constructor"/],
    ['flags "g"', goodRule({ flags: 'g' }), /flags may only be "i" \(ignore case\) and "u" \(Unicode, for \\p\{…\}\) \(got "g"\)/],
    ['flags "m"', goodRule({ flags: 'm' }), /flags may only be "i"/],
    ['flags "iug"', goodRule({ flags: 'iug' }), /flags may only be "i"/],
    ['flags "ii"', goodRule({ flags: 'ii' }), /flags may only be "i"/],
  ])('throws for a rule with %s, naming the file and the rule', (_what, rule, reason) => {
    const { e, file } = ruleError(rule);
    expect(e.file).toBe(file);
    expect(e.ruleId).toBe('test.rule');
    expect(e.reason).toMatch(reason);
    expect(e.message).toContain(file);
    expect(e.message).toContain('test.rule');
  });

  it.each([['('], ['[a-'], ['a{2,1}'], ['(?<value>x)(?<value>y)']])('throws for the invalid regex %j, naming the rule and "pattern"', (pattern) => {
    const { e, file } = ruleError(goodRule({ pattern }));
    expect(e.file).toBe(file);
    expect(e.ruleId).toBe('test.rule');
    expect(e.jsonPath).toBe('pattern');
    expect(e.reason).toMatch(/invalid regular expression in pattern/);
    expect(e.message).toMatch(/rule test\.rule .*pattern/);
  });

  it('throws for an invalid regex in fields.enable, naming where', () => {
    const { e } = ruleError(goodRule({ fields: { enable: '(' } }));
    expect(e.ruleId).toBe('test.rule');
    expect(e.reason).toMatch(/invalid regular expression in fields\.enable/);
  });

  it('throws for a rule without an id, naming where it is', () => {
    const { e, file } = ruleError(goodRule({ id: undefined }));
    expect(e.file).toBe(file);
    expect(e.jsonPath).toBe('$.rules[0].id');
    expect(e.reason).toMatch(/"id" must be a non-empty string/);
  });

  it('names the second rule when the first is good', () => {
    const file = writePack(goodPack({ rules: [goodRule(), goodRule({ id: 'test.second', category: 'nope' })] }));
    const e = packError(() => loadPackFile(file));
    expect(e.ruleId).toBe('test.second');
    expect(e.jsonPath).toBe('$.rules[1].category');
  });
});

describe('a broken field-name rule', () => {
  it.each([
    ['missing name', { id: 'test.field', description: 'd', category: 'email' }, /"name"/],
    ['bad category', { id: 'test.field', description: 'd', name: 'email', category: 'mail' }, /"category" must be a category or null/],
  ])('throws for %s, naming the file and the rule', (_what, field, reason) => {
    const file = writePack(goodPack({ rules: [], fields: [field] }));
    const e = packError(() => loadPackFile(file));
    expect(e.file).toBe(file);
    expect(e.ruleId).toBe('test.field');
    expect(e.reason).toMatch(reason);
  });

  it('throws for an invalid name regex at compile time', () => {
    const file = writePack(goodPack({ rules: [], fields: [{ id: 'test.field', description: 'd', name: '(', category: 'email' }] }));
    const e = packError(() => loadAndCompile(file));
    expect(e.ruleId).toBe('test.field');
    expect(e.reason).toMatch(/invalid regular expression in name/);
  });
});

describe('a broken allow entry', () => {
  it.each([
    ['no value, path, near or rules', {}],
    ['only categories', { categories: ['phone'] }],
    ['an empty value', { value: '' }],
    ['an empty path', { path: '' }],
    ['an empty near list', { near: [] }],
  ])('throws for an entry with %s: it would allow everything', (_what, over) => {
    const file = writePack(goodPack({ allow: [{ id: 'test.allow', description: 'too wide', ...over }] }));
    const e = packError(() => loadPackFile(file));
    expect(e.file).toBe(file);
    expect(e.ruleId).toBe('test.allow');
    expect(e.reason).toMatch(/an allow entry needs "value", "path", "field", "text", "near" or "rules"/);
  });

  it('throws for an entry without a description', () => {
    const file = writePack(goodPack({ allow: [{ id: 'test.allow', value: '^x$' }] }));
    const e = packError(() => loadPackFile(file));
    expect(e.ruleId).toBe('test.allow');
    expect(e.reason).toMatch(/"description"/);
  });

  it('throws for an invalid value regex at compile time', () => {
    const file = writePack(goodPack({ allow: [{ id: 'test.allow', description: 'd', value: '(' }] }));
    const e = packError(() => loadAndCompile(file));
    expect(e.ruleId).toBe('test.allow');
    expect(e.reason).toMatch(/invalid regular expression in value/);
  });
});

describe('duplicate ids', () => {
  it('throws when two packs define the same rule id, naming both files and the id', () => {
    const first = writePack(goodPack({ id: 'first' }));
    const second = writePack(goodPack({ id: 'second' }));
    const e = packError(() => compilePacks([loadPackFile(first), loadPackFile(second)]));
    expect(e.file).toBe(second);
    expect(e.ruleId).toBe('test.rule');
    expect(e.reason).toContain(first);
    expect(e.reason).toMatch(/duplicate id/);
  });

  it('throws when one pack defines a rule id twice', () => {
    const file = writePack(goodPack({ rules: [goodRule(), goodRule()] }));
    const e = packError(() => loadAndCompile(file));
    expect(e.ruleId).toBe('test.rule');
    expect(e.reason).toMatch(/duplicate id/);
  });

  it('throws when an allow entry reuses a rule id', () => {
    const file = writePack(goodPack({ allow: [{ id: 'test.rule', description: 'd', value: 'x' }] }));
    expect(packError(() => loadAndCompile(file)).reason).toMatch(/duplicate id: test\.rule/);
  });
});

describe('loadPacks', () => {
  it('passes on the error of a broken pack in a folder, naming that file', () => {
    const folder = mkdtempSync(path.join(dir, 'folder-'));
    writeFileSync(path.join(folder, 'a-good.json'), JSON.stringify(goodPack()));
    writeFileSync(path.join(folder, 'b-broken.json'), JSON.stringify(goodPack({ rules: [goodRule({ category: 'nope' })] })));
    const e = packError(() => loadPacks(folder, dir, []));
    expect(e.file).toBe(path.join(folder, 'b-broken.json'));
    expect(e.ruleId).toBe('test.rule');
  });

  it('throws for a folder with no pack files', () => {
    const folder = mkdtempSync(path.join(dir, 'empty-'));
    expect(packError(() => loadPacks(folder, dir, [])).reason).toMatch(/no pack files/);
  });

  it('throws for a name that is neither a built-in nor a file', () => {
    const e = packError(() => loadPacks('no-such-pack', dir, []));
    expect(e.file).toBe('no-such-pack');
    expect(e.reason).toMatch(/no such pack/);
  });
});
