import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compilePacks } from '../../src/packs/compile.js';
import { builtinPackDir, loadBuiltinPacks, loadPackFile, loadPacks } from '../../src/packs/load-packs.js';
import { PackError } from '../../src/packs/pack-error.js';
import { VALIDATORS } from '../../src/packs/validators.js';
import { CATEGORIES } from '../../src/types.js';

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

/** Runs `fn`, which must reject with a PackError, and returns that error. */
async function packError(fn: () => Promise<unknown>): Promise<PackError> {
  try {
    await fn();
  } catch (e) {
    expect(e).toBeInstanceOf(PackError);
    return e as PackError;
  }
  throw new Error('expected a PackError, nothing was thrown');
}

/** Loads and compiles one pack file. */
const loadAndCompile = async (file: string): Promise<unknown> => compilePacks([await loadPackFile(file)]);

describe('a well-formed pack', () => {
  it('loads and compiles (the control for every broken pack below)', async () => {
    const file = writePack(goodPack({ allow: [{ id: 'test.allow', description: 'fiction', value: '^07700' }] }));
    const pack = await loadPackFile(file);
    expect(pack).toMatchObject({ source: file, builtin: false });
    const ruleset = compilePacks([pack]);
    expect(ruleset.rules.map((r) => r.id)).toEqual(['test.rule']);
    expect(ruleset.allow.map((a) => a.id)).toEqual(['test.allow']);
  });

  it('marks the rules of a user pack untrusted, so they run under the time guard', async () => {
    const ruleset = compilePacks([await loadPackFile(writePack(goodPack()))]);
    expect(ruleset.rules[0]!.untrusted).toBe(true);
  });

  it('gives every rule the same keys in the same order, the absent ones undefined (one object shape for the detector)', async () => {
    const plain = goodRule({ id: 'test.plain' });
    const full = goodRule({
      id: 'test.full',
      why: 'a reason',
      prefilter: '07700',
      validator: Object.keys(VALIDATORS)[0],
      context: { keywords: ['mobile'], exclude: ['fax'], window: 20, required: true, direction: 'before' },
      fields: { enable: 'phone', disable: 'fax' },
    });
    const ruleset = compilePacks([...(await loadBuiltinPacks()), await loadPackFile(writePack(goodPack({ rules: [plain, full] })))]);
    const keys = Object.keys(ruleset.rules[0]!);
    for (const r of ruleset.rules) expect(Object.keys(r)).toEqual(keys);
    const [p, f] = ruleset.rules.slice(-2);
    expect([p!.why, p!.prefilter, p!.validator, p!.validatorName, p!.keywords, p!.exclude, p!.enable, p!.disable]).toEqual(Array(8).fill(undefined));
    expect(f).toMatchObject({ why: 'a reason', prefilter: '07700', validatorName: Object.keys(VALIDATORS)[0], required: true, direction: 'before', window: 20 });
    expect([f!.keywords, f!.exclude, f!.enable, f!.disable].every((m) => m !== undefined)).toBe(true);
  });

  it.each([[''], ['i'], ['u'], ['iu']])('accepts flags %j', async (flags) => {
    await expect(loadAndCompile(writePack(goodPack({ rules: [goodRule({ flags })] })))).resolves.toBeDefined();
  });

  it('accepts a UTF-8 byte-order mark', async () => {
    await expect(loadPackFile(writePack(`\uFEFF${JSON.stringify(goodPack())}`))).resolves.toBeDefined();
  });

  it('reads a YAML pack (.yaml and .yml) the same as JSON', async () => {
    const yaml = [
      'id: test-pack',
      'version: 1.0.0',
      'description: A pack for tests.',
      'rules:',
      '  - id: test.rule',
      '    category: phone',
      '    description: A test rule.',
      "    pattern: '\\b07700 ?9\\d{5}\\b'",
      '    examples:',
      "      match: ['07700 900123']",
      "      noMatch: ['07700']",
      '',
    ].join('\n');
    for (const ext of ['yaml', 'yml']) {
      const pack = await loadPackFile(writePack(yaml, `pack-${++counter}.${ext}`));
      expect(pack.file).toEqual(goodPack());
    }
  });

  it('throws for YAML that does not parse, naming the file and "not valid YAML"', async () => {
    const file = writePack('id: test-pack\nrules: [unclosed\n', `pack-${++counter}.yaml`);
    const e = await packError(() => loadPackFile(file));
    expect(e.file).toBe(file);
    // the place, never an excerpt of the text
    expect(e.reason).toMatch(/^not valid YAML at line \d+, column \d+/);
  });
});

describe('the pack schema', () => {
  const schema = JSON.parse(readFileSync(path.join(builtinPackDir(), 'pack.schema.json'), 'utf8'));

  it('lists exactly the categories of the report', () => {
    expect(schema.definitions.category.enum).toEqual([...CATEGORIES]);
  });

  it('lists exactly the built-in validators', () => {
    expect([...schema.definitions.rule.properties.validator.enum].sort()).toEqual(Object.keys(VALIDATORS).sort());
  });
});

describe('a file that is not a pack', () => {
  it.each([
    ['{ "id": "x", ', 'truncated'],
    ["{ id: 'x' }", 'JavaScript, not JSON'],
    ['', 'empty'],
  ])('throws for %j (%s), naming the file and "not valid JSON"', async (text) => {
    const file = writePack(text);
    const e = await packError(() => loadPackFile(file));
    expect(e.file).toBe(file);
    expect(e.reason).toMatch(/^not valid JSON at line \d+, column \d+$/);
    expect(e.message).toContain(file);
    expect(e.code).toBe('EPACK');
  });

  it.each([['[]'], ['"a pack"'], ['null'], ['42']])('throws for %s: a pack must be a JSON object', async (text) => {
    const file = writePack(text);
    const e = await packError(() => loadPackFile(file));
    expect(e.file).toBe(file);
    expect(e.jsonPath).toBe('$');
    expect(e.reason).toMatch(/^must be object; expected A pack of rules/);
  });

  it('throws for a file that does not exist, naming it', async () => {
    const file = path.join(dir, 'no-such-pack.json');
    const e = await packError(() => loadPackFile(file));
    expect(e.file).toBe(file);
    expect(e.reason).toBe('cannot read: ENOENT');
  });
});

describe('a pack with a broken top level', () => {
  it.each([
    ['id', 'pack id: lower-case letters'],
    ['version', "the pack's version"],
    ['description', 'what the pack finds'],
  ])('throws when "%s" is missing, saying what it should hold', async (key, fix) => {
    const pack = goodPack();
    delete pack[key];
    const file = writePack(pack);
    const e = await packError(() => loadPackFile(file));
    expect(e.file).toBe(file);
    expect(e.ruleId).toBeUndefined();
    expect(e.reason).toMatch(new RegExp(`^"${key}" is missing; expected ${fix}`));
    expect(e.jsonPath).toBe(`$.${key}`);
    expect(e.message).toBe(`${file} ($.${key}): ${e.reason}`);
  });

  it.each([
    ['id', '', /^must match \^\[a-z0-9\]/],
    ['id', 'Herts Police', /^must match .*; expected pack id: lower-case letters, digits, dots, dashes \(e\.g\. "herts-police"\)$/],
    ['version', 1, /^must be string; expected the pack's version/],
    ['description', null, /^must be string; expected what the pack finds/],
  ])('throws when "%s" is %j', async (key, value, reason) => {
    const file = writePack(goodPack({ [key]: value }));
    const e = await packError(() => loadPackFile(file));
    expect(e.jsonPath).toBe(`$.${key}`);
    expect(e.reason).toMatch(reason);
  });

  it('throws for an unknown top-level key, naming it and the keys a pack may have', async () => {
    const file = writePack(goodPack({ rulez: [] }));
    const e = await packError(() => loadPackFile(file));
    expect(e.file).toBe(file);
    expect(e.reason).toBe('unknown key "rulez"; expected one of the keys id, version, description, fragments, lists, placeholders, plausible, covers, rules, fields, allow, shapes, overrides (check the spelling)');
    expect(e.jsonPath).toBe('$.rulez');
  });

  it('throws when "rules" is not an array', async () => {
    const file = writePack(goodPack({ rules: { id: 'test.rule' } }));
    const e = await packError(() => loadPackFile(file));
    expect(e.jsonPath).toBe('$.rules');
    expect(e.reason).toBe('must be array');
  });
});

describe('a pack with a broken rule', () => {
  /** Loads (and, if loading passes, compiles) a pack holding one rule, which must fail with a PackError. */
  async function ruleError(rule: Record<string, unknown>): Promise<{ e: PackError; file: string }> {
    const file = writePack(goodPack({ rules: [rule] }));
    return { e: await packError(() => loadAndCompile(file)), file };
  }

  it.each([
    ['unknown key', goodRule({ pattren: 'x' }), 'pattren', /^unknown key "pattren"; expected one of the keys id, aliases, category, .*pattern.* \(check the spelling\)$/],
    ['bad category', goodRule({ category: 'telephone' }), 'category', /^must be one of "person-name", .*"phone", .*; expected one of the categories of the JSON report$/],
    ['missing category', goodRule({ category: undefined }), 'category', /^"category" is missing; expected one of the categories/],
    ['bad severity', goodRule({ severity: 'urgent' }), 'severity', /^must be one of "critical", "high", "medium", "low"; expected critical, high, medium or low$/],
    ['bad confidence', goodRule({ confidence: 'certain' }), 'confidence', /^must be one of "high", "medium", "low"; expected high, medium or low$/],
    ['missing description', goodRule({ description: undefined }), 'description', /^"description" is missing; expected what the rule finds$/],
    ['missing pattern', goodRule({ pattern: undefined }), 'pattern', /^"pattern" is missing; expected a JavaScript regular expression source/],
    ['empty pattern', goodRule({ pattern: '' }), 'pattern', /^must not be empty; expected a JavaScript regular expression source/],
    ['missing examples', goodRule({ examples: undefined }), 'examples', /^"examples" is missing; expected every rule ships the texts it must and must not find: \{"match": \[\.\.\.\], "noMatch": \[\.\.\.\]\}$/],
    ['examples without noMatch', goodRule({ examples: { match: ['07700 900123'] } }), 'examples.noMatch', /^"noMatch" is missing; expected texts the rule must not find$/],
    ['examples without match', goodRule({ examples: { noMatch: ['x'] } }), 'examples.match', /^"match" is missing; expected at least one text the rule must find$/],
    ['no match example', goodRule({ examples: { match: [], noMatch: ['x'] } }), 'examples.match', /^needs at least 1 item\(s\); expected at least one text the rule must find$/],
    ['an example object without text', goodRule({ examples: { match: [{ txt: 'x' }], noMatch: [] } }), 'examples.match[0].text', /^"text" is missing/],
    ['unknown validator', goodRule({ validator: 'mod97' }), 'validator', /^must be one of "luhn", .*"nhs".*; expected a built-in check run on each candidate$/],
    ['validator named like an Object method', goodRule({ validator: 'toString' }), 'validator', /^must be one of "luhn"/],
    ['validator named like an Object property', goodRule({ validator: 'constructor' }), 'validator', /^must be one of "luhn"/],
    ['flags "g"', goodRule({ flags: 'g' }), 'flags', /^must match .*; expected "i" \(ignore case\) and\/or "u" \(Unicode\); g and d are added by leakgate$/],
    ['flags "m"', goodRule({ flags: 'm' }), 'flags', /expected "i" \(ignore case\)/],
    ['flags "iug"', goodRule({ flags: 'iug' }), 'flags', /expected "i" \(ignore case\)/],
    ['flags "ii"', goodRule({ flags: 'ii' }), 'flags', /expected "i" \(ignore case\)/],
    ['bad context window', goodRule({ context: { window: 0 } }), 'context.window', /how many characters around the value/],
  ])('throws for a rule with %s, naming the file, the rule and the JSON path', async (_what, rule, where, reason) => {
    const { e, file } = await ruleError(rule);
    expect(e.file).toBe(file);
    expect(e.ruleId).toBe('test.rule');
    expect(e.jsonPath).toBe(`$.rules[0].${where}`);
    expect(e.reason).toMatch(reason);
    expect(e.message).toBe(`${file} rule test.rule ($.rules[0].${where}): ${e.reason}`);
  });

  it.each([['('], ['[a-'], ['a{2,1}'], ['(?<value>x)(?<value>y)']])('throws for the invalid regex %j, naming the rule and "pattern"', async (pattern) => {
    const { e, file } = await ruleError(goodRule({ pattern }));
    expect(e.file).toBe(file);
    expect(e.ruleId).toBe('test.rule');
    expect(e.jsonPath).toBe('pattern');
    expect(e.reason).toMatch(/^invalid regular expression in pattern: /);
    expect(e.message).toMatch(/rule test\.rule \(pattern\): invalid regular expression/);
  });

  it('throws for an invalid regex in fields.enable, naming where', async () => {
    const { e } = await ruleError(goodRule({ fields: { enable: '(' } }));
    expect(e.ruleId).toBe('test.rule');
    expect(e.reason).toMatch(/^invalid regular expression in fields\.enable/);
  });

  it('throws for a rule without an id, naming where it is', async () => {
    const { e, file } = await ruleError(goodRule({ id: undefined }));
    expect(e.file).toBe(file);
    expect(e.jsonPath).toBe('$.rules[0].id');
    expect(e.reason).toMatch(/^"id" is missing; expected an id: letters, digits, dots, dashes/);
  });

  it('names the second rule when the first is good', async () => {
    const file = writePack(goodPack({ rules: [goodRule(), goodRule({ id: 'test.second', category: 'nope' })] }));
    const e = await packError(() => loadPackFile(file));
    expect(e.ruleId).toBe('test.second');
    expect(e.jsonPath).toBe('$.rules[1].category');
  });
});

describe('a broken field-name rule', () => {
  it.each([
    ['missing name', { id: 'test.field', description: 'd', category: 'email' }, 'name', /^"name" is missing; expected a regex over the field name/],
    ['bad category', { id: 'test.field', description: 'd', name: 'email', category: 'mail' }, 'category', /^must be one of .*; expected the category of values under such a field, or null/],
  ])('throws for %s, naming the file and the rule', async (_what, field, where, reason) => {
    const file = writePack(goodPack({ rules: [], fields: [field] }));
    const e = await packError(() => loadPackFile(file));
    expect(e.file).toBe(file);
    expect(e.ruleId).toBe('test.field');
    expect(e.jsonPath).toBe(`$.fields[0].${where}`);
    expect(e.reason).toMatch(reason);
  });

  it('throws for an invalid name regex at compile time', async () => {
    const file = writePack(goodPack({ rules: [], fields: [{ id: 'test.field', description: 'd', name: '(', category: 'email' }] }));
    const e = await packError(() => loadAndCompile(file));
    expect(e.ruleId).toBe('test.field');
    expect(e.reason).toMatch(/^invalid regular expression in name/);
  });
});

describe('a broken allow entry', () => {
  it.each([
    ['no value, path, field, text, near or rules', {}],
    ['only categories', { categories: ['phone'] }],
  ])('throws for an entry with %s: it would allow everything', async (_what, over) => {
    const file = writePack(goodPack({ allow: [{ id: 'test.allow', description: 'too wide', ...over }] }));
    const e = await packError(() => loadPackFile(file));
    expect(e.file).toBe(file);
    expect(e.ruleId).toBe('test.allow');
    expect(e.jsonPath).toBe('$.allow[0]');
    expect(e.reason).toBe('needs one of "value", "path", "field", "text", "near", "rules" or "row"');
  });

  it.each([
    ['an empty value', { value: '' }, 'value', /^must not be empty; expected a regex the found value must match/],
    ['an empty path', { path: '' }, 'path', /^must not be empty; expected a regex over the JSON key path/],
    ['an empty near list', { near: [] }, 'near', /^needs at least 1 item\(s\); expected words that must stand before the value$/],
  ])('throws for an entry with %s: it would allow everything', async (_what, over, where, reason) => {
    const file = writePack(goodPack({ allow: [{ id: 'test.allow', description: 'too wide', ...over }] }));
    const e = await packError(() => loadPackFile(file));
    expect(e.ruleId).toBe('test.allow');
    expect(e.jsonPath).toBe(`$.allow[0].${where}`);
    expect(e.reason).toMatch(reason);
  });

  it('throws for an entry without a description', async () => {
    const file = writePack(goodPack({ allow: [{ id: 'test.allow', value: '^x$' }] }));
    const e = await packError(() => loadPackFile(file));
    expect(e.ruleId).toBe('test.allow');
    expect(e.reason).toBe('"description" is missing; expected why this is public or allowed');
  });

  it('throws for an invalid value regex at compile time', async () => {
    const file = writePack(goodPack({ allow: [{ id: 'test.allow', description: 'd', value: '(' }] }));
    const e = await packError(() => loadAndCompile(file));
    expect(e.ruleId).toBe('test.allow');
    expect(e.reason).toMatch(/^invalid regular expression in value/);
  });
});

describe('a broken override or shape', () => {
  it('throws for an override that neither disables nor changes severity, naming both choices', async () => {
    const file = writePack(goodPack({ overrides: [{ rule: 'uk-contact.postcode' }] }));
    const e = await packError(() => loadPackFile(file));
    expect(e.ruleId).toBe('uk-contact.postcode');
    expect(e.jsonPath).toBe('$.overrides[0]');
    expect(e.reason).toMatch(/^needs one of "disable" or "severity"; expected a change to another pack's rule/);
  });

  it('throws for a shape of an unknown format', async () => {
    const file = writePack(goodPack({ shapes: [{ id: 'test.shape', description: 'd', format: 'xml' }] }));
    const e = await packError(() => loadPackFile(file));
    expect(e.ruleId).toBe('test.shape');
    expect(e.jsonPath).toBe('$.shapes[0].format');
    expect(e.reason).toBe('must be one of "csv", "json"');
  });
});

describe('duplicate ids', () => {
  it('throws when two packs define the same rule id, naming both files and the id', async () => {
    const first = writePack(goodPack({ id: 'first' }));
    const second = writePack(goodPack({ id: 'second' }));
    const e = await packError(async () => compilePacks([await loadPackFile(first), await loadPackFile(second)]));
    expect(e.file).toBe(second);
    expect(e.ruleId).toBe('test.rule');
    expect(e.reason).toBe(`duplicate id: test.rule is also defined in ${first}`);
  });

  it('throws when one pack defines a rule id twice', async () => {
    const file = writePack(goodPack({ rules: [goodRule(), goodRule()] }));
    const e = await packError(() => loadAndCompile(file));
    expect(e.ruleId).toBe('test.rule');
    expect(e.reason).toMatch(/^duplicate id/);
  });

  it('throws when an allow entry reuses a rule id', async () => {
    const file = writePack(goodPack({ allow: [{ id: 'test.rule', description: 'd', value: 'x' }] }));
    expect((await packError(() => loadAndCompile(file))).reason).toMatch(/^duplicate id: test\.rule/);
  });
});

describe('loadPacks', () => {
  it('loads every pack file of a folder, JSON and YAML, in name order, and nothing else', async () => {
    const folder = mkdtempSync(path.join(dir, 'folder-'));
    writeFileSync(path.join(folder, 'b.json'), JSON.stringify(goodPack({ id: 'b-pack', rules: [goodRule({ id: 'b.rule' })] })));
    writeFileSync(path.join(folder, 'a.yaml'), 'id: a-pack\nversion: "1"\ndescription: d\n');
    writeFileSync(path.join(folder, 'notes.txt'), 'not a pack');
    writeFileSync(path.join(folder, 'pack.schema.json'), '{}');
    const packs = await loadPacks(folder, dir, []);
    expect(packs.map((p) => p.file.id)).toEqual(['a-pack', 'b-pack']);
  });

  it('passes on the error of a broken pack in a folder, naming that file', async () => {
    const folder = mkdtempSync(path.join(dir, 'folder-'));
    writeFileSync(path.join(folder, 'a-good.json'), JSON.stringify(goodPack()));
    writeFileSync(path.join(folder, 'b-broken.json'), JSON.stringify(goodPack({ rules: [goodRule({ category: 'nope' })] })));
    const e = await packError(() => loadPacks(folder, dir, []));
    expect(e.file).toBe(path.join(folder, 'b-broken.json'));
    expect(e.ruleId).toBe('test.rule');
  });

  it('throws for a folder with no pack files', async () => {
    const folder = mkdtempSync(path.join(dir, 'empty-'));
    expect((await packError(() => loadPacks(folder, dir, []))).reason).toBe('the folder holds no pack files (*.json, *.yaml)');
  });

  it('throws for a name that is neither a built-in nor a file, listing the built-in ids', async () => {
    const builtin = { file: goodPack({ id: 'uk-example' }) as never, source: 'x', builtin: true };
    const e = await packError(() => loadPacks('no-such-pack', dir, [builtin]));
    expect(e.file).toBe('no-such-pack');
    expect(e.reason).toBe('no such pack: not a built-in id (uk-example) nor a file or folder');
  });

  it('finds a built-in by id before looking for a file', async () => {
    const builtin = { file: goodPack({ id: 'uk-example' }) as never, source: 'x', builtin: true };
    await expect(loadPacks('uk-example', dir, [builtin])).resolves.toEqual([builtin]);
  });
});
