import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cli, tree, type CliResult } from '../helpers/cli.js';
import { describeShared } from '../helpers/shared.js';

// Issue 4 ("Done when") through the real CLI, in-process: user packs (JSON, YAML, folders),
// the config file, allowlists, broken packs, known file shapes and the packs commands.
// Values are fiction: an Ofcom drama mobile number, example.com addresses, a NINO that passes
// its prefix rules, invented names and force identifiers.

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/police-uk');

interface Finding {
  ruleId: string;
  category: string;
  severity: string;
  file: string;
  line: number;
  column: number;
  field?: string;
  masked: string;
}
interface Report {
  summary: { files: number; findings: number; errors: number; warnings: number; suppressed: number; failed: boolean };
  findings: Finding[];
  errors: { file: string; code: string; message: string }[];
}

/** Runs a scan with a JSON report and returns the exit code and the parsed report. */
async function scanJson(argv: string[], cwd: string, stdin?: string): Promise<{ code: number; report: Report; stderr: string }> {
  const r = await cli(['scan', ...argv, '--format', 'json'], stdin === undefined ? { cwd } : { cwd, stdin });
  if (r.code === 2 && !r.stdout) throw new Error(`scan failed: ${r.stderr}`);
  return { code: r.code, report: JSON.parse(r.stdout) as Report, stderr: r.stderr };
}

/** Scans the files and expects nothing at all: no finding, error or warning, exit 0. */
async function expectClean(names: string[], cwd: string): Promise<void> {
  const { code, report } = await scanJson(names, cwd);
  expect(report.findings).toEqual([]);
  expect(report.errors).toEqual([]);
  expect(report.summary).toMatchObject({ files: names.length, warnings: 0 });
  expect(code).toBe(0);
}

/** The one line a fatal error prints (exit 2): checks there is exactly one, and returns it. */
function fatal(r: CliResult): string {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

const ruleIds = (report: Report): string[] => report.findings.map((f) => f.ruleId);

/** A custody record rule, as a force would write it (see examples/packs/). */
const CUSTODY_YAML = `# Exampleshire custody records
id: force-custody
version: 1.0.0
description: Custody record numbers, written in YAML.
rules:
  - id: force.custody
    category: crime-reference
    severity: high
    description: Custody record number (CUS-24-001234).
    pattern: '\\bCUS-\\d{2}-\\d{6}\\b'
    examples:
      match: [CUS-24-001234]
      noMatch: [CUS-2024-001234, FOCUS-24-001234]
`;
const CASE_PACK = {
  id: 'force-case',
  version: '1.0.0',
  description: 'Case-system occurrence IDs.',
  rules: [
    {
      id: 'force.case-id',
      category: 'crime-reference',
      severity: 'high',
      description: 'Occurrence ID: OCC and ten digits.',
      pattern: '\\bOCC\\d{10}\\b',
      examples: { match: ['OCC2400012345'], noMatch: ['OCC240001234'] },
    },
  ],
};
const BUNDLE_NOTES = 'Detained under custody record CUS-24-654321.\nLinked occurrence OCC2400098765.\n';

describe('user packs find their identifiers in a bundle', () => {
  const dir = tree({
    'force-custody.yaml': CUSTODY_YAML,
    'force-packs/custody.yaml': CUSTODY_YAML,
    'force-packs/case.json': JSON.stringify(CASE_PACK),
    'force-packs/README.md': 'Not a pack: only *.json, *.yaml and *.yml files are loaded.\n',
    'bundle/notes.txt': BUNDLE_NOTES,
  });

  it('finds nothing of the force identifiers with the built-in packs only (the control)', async () => {
    const { code, report } = await scanJson(['bundle'], dir);
    expect(code).toBe(0);
    expect(report.findings).toEqual([]);
  });

  it('loads a YAML pack with --pack', async () => {
    const { code, report } = await scanJson(['bundle', '--pack', 'force-custody.yaml'], dir);
    expect(code).toBe(1);
    expect(report.findings).toEqual([expect.objectContaining({ ruleId: 'force.custody', category: 'crime-reference', severity: 'high', file: 'bundle/notes.txt', line: 1, column: 31 })]);
  });

  it('loads every pack in a folder with --pack ./force-packs/', async () => {
    const { code, report } = await scanJson(['bundle', '--pack', './force-packs/'], dir);
    expect(code).toBe(1);
    expect(report.findings.map((f) => [f.ruleId, f.line])).toEqual([
      ['force.custody', 1],
      ['force.case-id', 2],
    ]);
  });

  it('lists the packs of a folder with where they came from', async () => {
    const r = await cli(['packs', 'list', '--pack', './force-packs/'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^force-case +1\\.0\\.0 +1 rules, 0 field names, 0 allow, 0 shapes +${path.join(dir, 'force-packs', 'case.json')}$`, 'm'));
    expect(r.stdout).toMatch(new RegExp(`^force-custody +1\\.0\\.0 +1 rules.* ${path.join(dir, 'force-packs', 'custody.yaml')}$`, 'm'));
    expect(r.stdout).toMatch(/^uk-identifiers +\S+ +\d+ rules.* built-in$/m);
  });

  it('loads packs named by the config file, relative to it, from a subfolder', async () => {
    const root = tree({ '.git/HEAD': 'ref: refs/heads/main\n', '.leakgate.json': JSON.stringify({ packs: ['./force-packs/'] }), 'force-packs/case.json': JSON.stringify(CASE_PACK), 'team/bundle/notes.txt': BUNDLE_NOTES });
    const { code, report } = await scanJson(['bundle'], path.join(root, 'team'));
    expect(code).toBe(1);
    expect(ruleIds(report)).toEqual(['force.case-id']);
  });

  it('loads a pack once when both the config and --pack name it', async () => {
    const root = tree({ '.leakgate.json': JSON.stringify({ packs: ['./force-packs/'] }), 'force-packs/case.json': JSON.stringify(CASE_PACK), 'bundle/notes.txt': BUNDLE_NOTES });
    const { code, report } = await scanJson(['bundle', '--pack', './force-packs/', '--pack', 'force-packs/case.json'], root);
    expect(code).toBe(1);
    expect(ruleIds(report)).toEqual(['force.case-id']);
  });

  it("applies a user pack's overrides of built-in rules", async () => {
    const pack = { ...CASE_PACK, overrides: [{ rule: 'uk-identifiers.nino', disable: true }] };
    const root = tree({ 'pack.json': JSON.stringify(pack), 'notes.txt': 'NI number JM 45 67 89 C\n' });
    expect(ruleIds((await scanJson(['notes.txt'], root)).report)).toEqual(['uk-identifiers.nino']);
    const { code, report } = await scanJson(['notes.txt', '--pack', 'pack.json'], root);
    expect(code).toBe(0);
    expect(report.findings).toEqual([]);
  });
});

// One critical finding (a NINO) and one high (a mobile number): severity overrides and --fail-on
// move the exit code between them.
const NINO_ONLY = 'Notes\nNI number JM 45 67 89 C\n';
const PHONE_ONLY = 'Notes\ncall 07700 900123 after six\n';

describe('the config file', () => {
  /** A project with a config file at its root and the data two folders down. */
  function project(configName: string, config: string, extra: Record<string, string> = {}): { root: string; cwd: string } {
    const root = tree({ '.git/HEAD': 'ref: refs/heads/main\n', [configName]: config, 'team/bundle/nino.csv': NINO_ONLY, 'team/bundle/phone.csv': PHONE_ONLY, ...extra });
    return { root, cwd: path.join(root, 'team', 'bundle') };
  }

  it('finds the NINO without a config (the control for the tests below)', async () => {
    const { cwd } = project('unrelated.txt', '');
    const { code, report } = await scanJson(['nino.csv'], cwd);
    expect(code).toBe(1);
    expect(report.findings).toEqual([expect.objectContaining({ ruleId: 'uk-identifiers.nino', severity: 'critical' })]);
  });

  it.each([
    ['.leakgate.json', JSON.stringify({ disable: ['uk-identifiers.nino'] })],
    ['.leakgate.yaml', '# the team config\ndisable:\n  - uk-identifiers.nino\n'],
    ['.leakgate.yml', 'disable: [uk-identifiers.nino]\n'],
    ['package.json', JSON.stringify({ name: 'bundle-tools', private: true, leakgate: { disable: ['uk-identifiers.nino'] } })],
  ])('%s, found searching upwards from the cwd, disables a built-in rule by id', async (name, config) => {
    const { cwd } = project(name, config);
    const { code, report } = await scanJson(['nino.csv'], cwd);
    expect(report.findings).toEqual([]);
    expect(code).toBe(0);
  });

  it('skips a package.json without a "leakgate" key and keeps searching upwards', async () => {
    const { cwd } = project('.leakgate.json', JSON.stringify({ disable: ['uk-identifiers.nino'] }), { 'team/package.json': JSON.stringify({ name: 'team' }) });
    expect((await scanJson(['nino.csv'], cwd)).report.findings).toEqual([]);
  });

  it('uses the nearest config: one in a subfolder hides the one above', async () => {
    const { cwd } = project('.leakgate.json', JSON.stringify({ disable: ['uk-identifiers.nino'] }), { 'team/.leakgate.json': '{}' });
    expect(ruleIds((await scanJson(['nino.csv'], cwd)).report)).toEqual(['uk-identifiers.nino']);
  });

  it('--config names the file to use, instead of the one found', async () => {
    const { root } = project('.leakgate.json', '{}', { 'configs/strict.yaml': 'disable: [uk-identifiers.nino]\n' });
    expect(ruleIds((await scanJson(['team/bundle/nino.csv'], root)).report)).toEqual(['uk-identifiers.nino']);
    const { code, report } = await scanJson(['team/bundle/nino.csv', '--config', 'configs/strict.yaml'], root);
    expect(report.findings).toEqual([]);
    expect(code).toBe(0);
  });

  it('--config naming a missing file is exit 2', async () => {
    const { root } = project('.leakgate.json', '{}');
    expect(fatal(await cli(['scan', '.', '--config', 'nope.json'], { cwd: root }))).toBe('leakgate: nope.json: no such config file');
  });

  it('a severity override changes the exit code under --fail-on', async () => {
    const plain = project('unrelated.txt', '');
    expect((await scanJson(['nino.csv', '--fail-on', 'high'], plain.cwd)).code).toBe(1);
    const { cwd } = project('.leakgate.json', JSON.stringify({ severity: { 'uk-identifiers.nino': 'low' } }));
    const { code, report } = await scanJson(['nino.csv', '--fail-on', 'high'], cwd);
    expect(report.findings).toEqual([expect.objectContaining({ ruleId: 'uk-identifiers.nino', severity: 'low' })]);
    expect(report.summary.failed).toBe(false);
    expect(code).toBe(0);
  });

  it('failOn from the config sets the threshold, and --fail-on beats it', async () => {
    const { cwd } = project('.leakgate.yaml', 'failOn: critical\n');
    expect((await scanJson(['phone.csv'], cwd)).code).toBe(0);
    expect((await scanJson(['nino.csv'], cwd)).code).toBe(1);
    expect((await scanJson(['phone.csv', '--fail-on', 'high'], cwd)).code).toBe(1);
    expect((await scanJson(['nino.csv', '--fail-on', 'none'], cwd)).code).toBe(0);
  });

  it('exclude from the config leaves files out, and --exclude replaces it', async () => {
    const { cwd } = project('.leakgate.json', JSON.stringify({ exclude: ['nino.csv'] }));
    expect(ruleIds((await scanJson(['.'], cwd)).report)).toEqual(['uk-contact.phone']);
    expect(ruleIds((await scanJson(['.', '--exclude', 'phone.csv'], cwd)).report)).toEqual(['uk-identifiers.nino']);
  });

  it('maxFileSize from the config makes a bigger file an error (exit 2), and --max-file-size beats it', async () => {
    const { cwd } = project('.leakgate.json', JSON.stringify({ maxFileSize: 10 }));
    const { code, report } = await scanJson(['nino.csv'], cwd);
    expect(code).toBe(2);
    expect(report.errors).toEqual([expect.objectContaining({ file: 'nino.csv', code: 'ETOOBIG' })]);
    expect((await scanJson(['nino.csv', '--max-file-size', '1MB'], cwd)).code).toBe(1);
  });

  it.each([
    ['.leakgate.json', JSON.stringify({ disable: ['uk-identifiers.nino'], failon: 'high' }), /^leakgate: (\S+\/\.leakgate\.json): unknown key "failon" in the top level; known: .*\bfailOn\b/],
    ['.leakgate.yaml', 'disable: [uk-identifiers.nino]\nseverities:\n  uk-identifiers.nino: low\n', /^leakgate: (\S+\/\.leakgate\.yaml): unknown key "severities" in the top level; known: .*\bseverity\b/],
    ['package.json', JSON.stringify({ name: 'x', leakgate: { packz: [] } }), /^leakgate: (\S+\/package\.json) "leakgate": unknown key "packz" in the top level/],
    ['.leakgate.json', JSON.stringify({ allow: { value: [] } }), /^leakgate: (\S+\/\.leakgate\.json): unknown key "value" in "allow"; known: key, values, patterns, paths, rules, fields$/],
  ])('an unknown key in %s is exit 2 with one line naming the file and the key', async (name, config, message) => {
    const { root, cwd } = project(name, config);
    const line = fatal(await cli(['scan', '.'], { cwd }));
    expect(line).toMatch(message);
    expect(message.exec(line)![1]).toBe(path.join(root, name));
  });

  it.each([
    ['a bad severity', { severity: { 'uk-identifiers.nino': 'urgent' } }, /"severity\.uk-identifiers\.nino" must be one of critical, high, medium, low$/],
    ['a bad failOn', { failOn: 'always' }, /"failOn" must be one of critical, high, medium, low, none$/],
    ['disable not a list', { disable: 'uk-identifiers.nino' }, /"disable" must be array$/],
  ])('%s in the config is exit 2 naming the file and the key', async (_what, config, message) => {
    const { root, cwd } = project('.leakgate.json', JSON.stringify(config));
    const line = fatal(await cli(['scan', '.'], { cwd }));
    expect(line.startsWith(`leakgate: ${path.join(root, '.leakgate.json')}: `)).toBe(true);
    expect(line).toMatch(message);
  });

  it('a config that is not valid JSON or YAML is exit 2 naming the file', async () => {
    const json = project('.leakgate.json', '{ "disable": [uk-identifiers.nino] }');
    expect(fatal(await cli(['scan', '.'], { cwd: json.cwd }))).toMatch(new RegExp(`^leakgate: ${json.root}/\\.leakgate\\.json: not valid JSON at line 1, column 15$`));
    const yaml = project('.leakgate.yaml', 'disable: [uk-identifiers.nino\n');
    expect(fatal(await cli(['scan', '.'], { cwd: yaml.cwd }))).toMatch(new RegExp(`^leakgate: ${yaml.root}/\\.leakgate\\.yaml: not valid YAML at line \\d+, column \\d+`));
  });

  it.each([
    ['disable', { disable: ['uk.no-such-rule'] }],
    ['severity', { severity: { 'uk.no-such-rule': 'low' } }],
  ])('an override in "%s" naming an unknown rule is exit 2 naming the config file and the rule', async (key, config) => {
    const { root, cwd } = project('.leakgate.json', JSON.stringify(config));
    expect(fatal(await cli(['scan', '.'], { cwd }))).toBe(
      `leakgate: ${path.join(root, '.leakgate.json')} "${key}" rule uk.no-such-rule: override names no loaded rule: uk.no-such-rule (see leakgate packs list)`,
    );
  });

  it("an override in a pack naming an unknown rule is exit 2 naming the pack's file and the rule", async () => {
    const root = tree({ 'pack.json': JSON.stringify({ ...CASE_PACK, overrides: [{ rule: 'uk.no-such-rule', severity: 'low' }] }), 'notes.txt': 'x\n' });
    expect(fatal(await cli(['scan', 'notes.txt', '--pack', 'pack.json'], { cwd: root }))).toBe(
      `leakgate: ${path.join(root, 'pack.json')} rule uk.no-such-rule: override names no loaded rule: uk.no-such-rule (see leakgate packs list)`,
    );
  });
});

describe('allowlists: an allowed finding is suppressed and counted, never dropped silently', () => {
  const PHONES = 'Notes\ncall 07700 900123 after six\nor +44 7700 900123 in the morning\nnot 07700 900456\n';

  it('`allow add <value>` stores a keyed hash, not the value; the number is then allowed however it is written', async () => {
    const root = tree({ 'bundle/calls.csv': PHONES });
    const before = await scanJson(['bundle'], root);
    expect(before.report.findings.map((f) => [f.ruleId, f.line])).toEqual([
      ['uk-contact.phone', 2],
      ['uk-contact.phone', 3],
      ['uk-contact.phone', 4],
    ]);
    expect(before.report.summary.suppressed).toBe(0);

    const add = await cli(['allow', 'add', '07700 900123', '--note', 'the front desk'], { cwd: root });
    expect(add.code).toBe(0);
    expect(add.stdout).toBe('allowed a phone in .leakgate.json (stored as a keyed hash; the value itself is not written)\n');
    const written = readFileSync(path.join(root, '.leakgate.json'), 'utf8');
    for (const raw of ['07700 900123', '07700900123', '7700 900123', '900123']) expect(written).not.toContain(raw);
    const config = JSON.parse(written);
    expect(config.allow.key).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(config.allow.values).toEqual([{ hash: expect.stringMatching(/^hmac-sha256:[A-Za-z0-9+/]{43}=$/), category: 'phone', note: 'the front desk' }]);

    const after = await scanJson(['bundle'], root);
    expect(after.report.findings.map((f) => [f.ruleId, f.line])).toEqual([['uk-contact.phone', 4]]);
    expect(after.report.summary.suppressed).toBe(2);
    expect(after.code).toBe(1);
  });

  it('`allow add -` reads the value from standard input, and a second add of it changes nothing', async () => {
    const root = tree({ 'bundle/contacts.csv': 'Notes\nwrite to jane.example@example.com\n', '.leakgate.yaml': '# team config\nfailOn: low\n' });
    expect((await scanJson(['bundle'], root)).report.findings).toEqual([expect.objectContaining({ category: 'email' })]);
    const add = await cli(['allow', 'add', '-'], { cwd: root, stdin: 'jane.example@example.com\n' });
    expect(add.code).toBe(0);
    expect(add.stdout).toMatch(/^allowed a email in \.leakgate\.yaml/);
    const written = readFileSync(path.join(root, '.leakgate.yaml'), 'utf8');
    expect(written).not.toMatch(/jane|example\.com/i);
    // the YAML file is edited, not replaced: its comment and other keys stay
    expect(written).toMatch(/^# team config\nfailOn: low\nallow:\n {2}key: /);
    const { code, report } = await scanJson(['bundle'], root);
    expect(report.findings).toEqual([]);
    expect(report.summary.suppressed).toBe(1);
    expect(code).toBe(0);
    const again = await cli(['allow', 'add', '-'], { cwd: root, stdin: 'jane.example@example.com\n' });
    expect(again.stdout).toBe('already allowed in .leakgate.yaml\n');
    expect(readFileSync(path.join(root, '.leakgate.yaml'), 'utf8')).toBe(written);
  });

  it('`allow add` writes into the config found upwards, and package.json keeps its other keys', async () => {
    const root = tree({ '.git/HEAD': 'ref: refs/heads/main\n', 'package.json': JSON.stringify({ name: 'bundle-tools', leakgate: { failOn: 'high' } }), 'team/calls.csv': PHONES });
    expect((await cli(['allow', 'add', '07700 900456'], { cwd: path.join(root, 'team') })).code).toBe(0);
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({ name: 'bundle-tools', leakgate: { failOn: 'high', allow: { values: [expect.objectContaining({ category: 'phone' })] } } });
    const { report } = await scanJson(['calls.csv'], path.join(root, 'team'));
    expect(report.findings.map((f) => f.line)).toEqual([2, 3]);
    expect(report.summary.suppressed).toBe(1);
  });

  it('`allow add` refuses an empty value (exit 2)', async () => {
    const root = tree({});
    expect(fatal(await cli(['allow', 'add', '-'], { cwd: root, stdin: '\n' }))).toBe('leakgate: allow add needs a value');
  });

  /** Scans a small bundle under a config holding `allow`; returns the report. */
  async function scanWithAllow(allow: object, files: Record<string, string>): Promise<{ code: number; report: Report }> {
    const root = tree({ '.leakgate.json': JSON.stringify({ allow }), ...files });
    return scanJson(['.', '--exclude', '.leakgate.json'], root);
  }

  it('allow.patterns: values matching a regex (of the given categories)', async () => {
    const files = { 'calls.csv': PHONES };
    const none = await scanWithAllow({}, files);
    expect(none.report.findings).toHaveLength(3);
    const { report } = await scanWithAllow({ patterns: [{ value: '^(?:\\+44 ?|0)7700 ?900123$', categories: ['phone'], note: 'the front desk' }] }, files);
    expect(report.findings.map((f) => f.line)).toEqual([4]);
    expect(report.summary.suppressed).toBe(2);
    const otherCategory = await scanWithAllow({ patterns: [{ value: '7700', categories: ['email'] }] }, files);
    expect(otherCategory.report.findings).toHaveLength(3);
  });

  it('allow.paths: findings in files matching a glob', async () => {
    const files = { 'public/appeal/calls.csv': PHONES, 'private/calls.csv': PHONES };
    expect((await scanWithAllow({}, files)).report.findings).toHaveLength(6);
    const { report } = await scanWithAllow({ paths: ['public/**'] }, files);
    expect(new Set(report.findings.map((f) => f.file))).toEqual(new Set(['private/calls.csv']));
    expect(report.findings).toHaveLength(3);
    expect(report.summary.suppressed).toBe(3);
  });

  it('allow.rules: every finding of a rule', async () => {
    const files = { 'calls.csv': PHONES, 'nino.csv': NINO_ONLY };
    const { report } = await scanWithAllow({ rules: ['uk-contact.phone'] }, files);
    expect(ruleIds(report)).toEqual(['uk-identifiers.nino']);
    expect(report.summary.suppressed).toBe(3);
  });

  it('allow.fields: findings under a field name (a regex over its lower-case words)', async () => {
    const files = { 'stations.csv': 'Station phone,Notes\n07700 900123,ring 07700 900456 for the duty officer\n' };
    const none = await scanWithAllow({}, files);
    expect(none.report.findings.map((f) => [f.category, f.field])).toEqual([
      ['sensitive-field', 'Station phone'],
      ['phone', 'Station phone'],
      ['phone', 'Notes'],
    ]);
    const { report } = await scanWithAllow({ fields: ['^station phone$'] }, files);
    expect(report.findings.map((f) => f.field)).toEqual(['Notes']);
    // the column name and the number under it: two findings, though the number is reached both by
    // its column name and by the phone pattern
    expect(report.summary.suppressed).toBe(2);
  });

  it('allow.values without allow.key is exit 2, saying how to make both', async () => {
    const root = tree({ '.leakgate.json': JSON.stringify({ allow: { values: [{ hash: 'hmac-sha256:AAAA' }] } }), 'a.txt': 'x\n' });
    expect(fatal(await cli(['scan', 'a.txt'], { cwd: root }))).toMatch(/\.leakgate\.json: "allow\.values" needs "allow\.key" \(run `leakgate allow add` to create both\)$/);
  });
});

describe('broken packs: each is exit 2 with one line naming the file and the rule', () => {
  const rule = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
    id: 'force.ref',
    category: 'crime-reference',
    description: 'Exampleshire crime reference (41/12345/24).',
    pattern: '\\b41/\\d{5}/\\d{2}\\b',
    examples: { match: ['41/12345/24'], noMatch: ['41/1234/24'] },
    ...over,
  });
  const pack = (id: string, rules: Record<string, unknown>[], over: Record<string, unknown> = {}): string =>
    JSON.stringify({ id, version: '1.0.0', description: 'A broken pack for tests.', rules, ...over }, null, 2);

  const dir = tree({
    'bundle/notes.txt': 'Quote crime reference 41/12345/24.\n',
    'broken-packs/bad-json.json': '{ "id": "force", "rules": [ }',
    'broken-packs/bad-yaml.yaml': 'id: force\nrules: [\n',
    'broken-packs/not-an-object.json': '["force.ref"]',
    'broken-packs/unknown-key.json': pack('force', [rule({ patern: '\\d+' })]),
    'broken-packs/bad-category.json': pack('force', [rule({ category: 'crime-ref' })]),
    'broken-packs/missing-examples.json': pack('force', [rule({ examples: undefined })]),
    'broken-packs/no-match-example.json': pack('force', [rule({ examples: { match: [], noMatch: ['41/1234/24'] } })]),
    'broken-packs/invalid-regex.json': pack('force', [rule({ pattern: '\\b41/(\\d{5}/\\d{2}\\b' })]),
    'broken-packs/redos.json': pack('force', [rule({ pattern: '(a+)+$', examples: { match: ['aaa'], noMatch: ['b'] } })]),
    'broken-packs/redos-allow.json': pack('force', [rule()], { allow: [{ id: 'force.allow-appeal', description: 'appeals', text: '^(\\w+\\s?)*$' }] }),
    // a word of several characters repeated ("ab" is "a", "b" or "ab"): found by pumping, not by scslre
    'broken-packs/redos-words.json': pack('force', [rule()], { allow: [{ id: 'force.allow-words', description: 'words', value: '^(?:a|b|ab)*c$' }] }),
    'broken-packs/redos-within.json': pack('force', [rule()], { fields: [{ id: 'force.field', description: 'd', name: '^custody number$', within: '^(a|a)*b', category: 'crime-reference' }] }),
    'broken-packs/duplicate-a.json': pack('force-a', [rule()]),
    'broken-packs/duplicate-b.json': pack('force-b', [rule({ description: 'The same id again.' })]),
    'broken-packs/duplicate-builtin.json': pack('force', [rule({ id: 'uk-identifiers.nino' })]),
    'broken-packs/failing-match.json': pack('force', [rule({ examples: { match: ['41/12345/24', '41/1234/24'], noMatch: [] } })]),
    'broken-packs/failing-no-match.json': pack('force', [rule({ examples: { match: ['41/12345/24'], noMatch: ['41/98765/23'] } })]),
    'broken-packs/failing-field-example.json': pack('force', [rule({ fields: { enable: '\\bref\\b' }, context: { required: true }, examples: { match: [{ text: '41/12345/24', field: 'Crime number' }], noMatch: [] } })]),
    'broken-packs/unknown-override.json': pack('force', [rule()], { overrides: [{ rule: 'uk.nino-typo', disable: true }] }),
  });
  const file = (name: string): string => path.join(dir, 'broken-packs', name);

  it('the bundle and a good pack pass through (the control)', async () => {
    // its allow entry looks like the pumped one below but cannot split a word two ways: it loads
    const good = tree({ 'good.json': pack('force', [rule()], { allow: [{ id: 'force.allow-words', description: 'words', value: '^(?:ab|a)*c$' }] }), 'bundle/notes.txt': 'Quote crime reference 41/12345/24.\n' });
    const { code, report } = await scanJson(['bundle', '--pack', 'good.json'], good);
    expect(code).toBe(1);
    expect(ruleIds(report)).toEqual(['force.ref']);
  });

  it.each([
    ['bad-json.json', undefined, /^: not valid JSON at line \d+, column \d+$/],
    ['bad-yaml.yaml', undefined, /^: not valid YAML at line \d+, column \d+/],
    ['not-an-object.json', undefined, /^ \(\$\): must be object/],
    ['unknown-key.json', 'force.ref', /^ \(\$\.rules\[0\]\.patern\): unknown key "patern"; expected one of the keys .*\bpattern\b.* \(check the spelling\)$/],
    ['bad-category.json', 'force.ref', /^ \(\$\.rules\[0\]\.category\): must be one of .*"crime-reference".*; expected one of the categories of the JSON report$/],
    ['missing-examples.json', 'force.ref', /^ \(\$\.rules\[0\]\.examples\): "examples" is missing; expected every rule ships the texts it must and must not find/],
    ['no-match-example.json', 'force.ref', /^ \(\$\.rules\[0\]\.examples\.match\): needs at least 1 item\(s\); expected at least one text the rule must find$/],
    ['invalid-regex.json', 'force.ref', /^ \(pattern\): invalid regular expression in pattern: .*Unterminated group/],
    ['redos.json', 'force.ref', /^ \(pattern\): pattern can backtrack catastrophically \(exponential time, e\.g\. on .*\): it could hang a scan; rewrite it without nested or overlapping repetition/],
    ['redos-allow.json', 'force.allow-appeal', /^ \(text\): pattern can backtrack catastrophically \(exponential time/],
    ['redos-within.json', 'force.field', /^ \(within\): pattern can backtrack catastrophically/],
    ['redos-words.json', 'force.allow-words', /^ \(value\): pattern can backtrack catastrophically \(super-linear time, e\.g\. on "abab" repeated after ""\)/],
    ['duplicate-builtin.json', 'uk-identifiers.nino', /^: duplicate id: uk-identifiers\.nino is also defined in \S+\/patterns\/uk-identifiers\.json$/],
    ['failing-match.json', 'force.ref', /^ \(examples\): example "41\/1234\/24" should match, but does not: fix the pattern or the example$/],
    ['failing-no-match.json', 'force.ref', /^ \(examples\): example "41\/98765\/23" should not match, but does: fix the pattern or the example$/],
    ['failing-field-example.json', 'force.ref', /^ \(examples\): example "41\/12345\/24" \(field "Crime number"\) should match, but does not/],
    ['unknown-override.json', 'uk.nino-typo', /^: override names no loaded rule: uk\.nino-typo \(see leakgate packs list\)$/],
  ])('%s', async (name, ruleId, reason) => {
    const line = fatal(await cli(['scan', 'bundle', '--pack', `broken-packs/${name}`], { cwd: dir }));
    const prefix = `leakgate: ${file(name)}${ruleId ? ` rule ${ruleId}` : ''}`;
    expect(line.startsWith(prefix)).toBe(true);
    expect(line.slice(prefix.length)).toMatch(reason);
  });

  it('two packs defining the same rule id: names the second file, the id and the first file', async () => {
    const line = fatal(await cli(['scan', 'bundle', '--pack', 'broken-packs/duplicate-a.json', '--pack', 'broken-packs/duplicate-b.json'], { cwd: dir }));
    expect(line).toBe(`leakgate: ${file('duplicate-b.json')} rule force.ref: duplicate id: force.ref is also defined in ${file('duplicate-a.json')}`);
  });

  it('the whole folder with --pack: exit 2 naming the first broken file (in name order)', async () => {
    const first = readdirSync(path.join(dir, 'broken-packs')).sort()[0]!;
    const line = fatal(await cli(['scan', 'bundle', '--pack', './broken-packs/'], { cwd: dir }));
    expect(line.startsWith(`leakgate: ${file(first)}`)).toBe(true);
  });

  it('a broken pack named by the config file is exit 2 the same way', async () => {
    const root = tree({ '.leakgate.json': JSON.stringify({ packs: ['packs/force.json'] }), 'packs/force.json': pack('force', [rule({ category: 'crime-ref' })]), 'notes.txt': 'x\n' });
    expect(fatal(await cli(['scan', 'notes.txt'], { cwd: root }))).toMatch(new RegExp(`^leakgate: ${path.join(root, 'packs/force.json')} rule force\\.ref \\(\\$\\.rules\\[0\\]\\.category\\): must be one of`));
  });
});

describe('known file shapes: police.uk bundles', () => {
  const fixture = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');
  const STREET = '2024-01-exampleshire-street.csv';
  const NEIGHBOURHOOD = 'api-exampleshire-neighbourhood.json';
  const names = readdirSync(FIXTURES).filter((f) => /\.(?:csv|json)$/.test(f));

  it('the police.uk-shaped fixtures give no findings, errors or warnings', async () => {
    expect(names.length).toBeGreaterThanOrEqual(7);
    await expectClean(names, FIXTURES);
  });

  it.each(names)('%s is recognised as its police.uk shape: an extra column or key is unexpected-field', async (name) => {
    const text = fixture(name);
    let changed: string;
    if (name.endsWith('.csv')) {
      changed = text.trimEnd().split('\n').map((l, i) => `${l},${i === 0 ? 'Officer notes' : 'x'}`).join('\n');
    } else {
      const data = JSON.parse(text);
      (Array.isArray(data) ? data[0] : data).internal_notes = 'see file';
      changed = JSON.stringify(data, null, 4);
    }
    const { report } = await scanJson([name], tree({ [name]: changed }));
    const unexpected = report.findings.filter((f) => f.category === 'unexpected-field');
    const fields = name.endsWith('.csv') ? ['Officer notes'] : name.includes('details') ? ['$[0].internal_notes'] : ['$.internal_notes'];
    expect(unexpected.map((f) => f.field)).toEqual(fields);
    expect(unexpected.every((f) => f.ruleId.startsWith('police-uk-public.'))).toBe(true);
  });

  /** The first rows of the street-level fixture, with a column added when `extra` is given. */
  function street(extra?: { header: string; values: string[] }): string {
    const lines = fixture(STREET).trimEnd().split('\n').slice(0, 4);
    if (!extra) return `${lines.join('\n')}\n`;
    return `${lines.map((l, i) => `${l},${i === 0 ? extra.header : extra.values[i - 1]}`).join('\n')}\n`;
  }

  it('a street-level CSV without extra columns gives no findings (the control)', async () => {
    const dir = tree({ [STREET]: street() });
    const { code, report } = await scanJson([STREET], dir);
    expect(report.findings).toEqual([]);
    expect(code).toBe(0);
  });

  it('a street-level CSV with an extra "Victim name" column: unexpected-field on it, and its values are names', async () => {
    const dir = tree({ [STREET]: street({ header: 'Victim name', values: ['Jane Example', 'John Sample', 'Ann Fictional'] }) });
    const { code, report } = await scanJson([STREET], dir);
    expect(code).toBe(1);
    expect(report.findings.map((f) => [f.ruleId, f.category, f.severity, f.line, f.field])).toEqual([
      ['police-uk-public.street', 'unexpected-field', 'high', 1, 'Victim name'],
      [expect.stringMatching(/^uk-people\.person-/), 'person-name', 'high', 2, 'Victim name'],
      [expect.stringMatching(/^uk-people\.person-/), 'person-name', 'high', 3, 'Victim name'],
      [expect.stringMatching(/^uk-people\.person-/), 'person-name', 'high', 4, 'Victim name'],
    ]);
    expect(report.findings[0]!.column).toBe(street().indexOf('\n') + 2);
  });

  it('an extra column is reported even when its values match no pattern', async () => {
    const dir = tree({ [STREET]: street({ header: 'Officer notes', values: ['x', 'y', 'z'] }) });
    const { report } = await scanJson([STREET], dir);
    expect(report.findings.map((f) => [f.ruleId, f.line, f.field])).toEqual([['police-uk-public.street', 1, 'Officer notes']]);
  });

  it('a neighbourhood JSON with an extra key inside contact_details: unexpected-field on that key', async () => {
    const clean = tree({ [NEIGHBOURHOOD]: fixture(NEIGHBOURHOOD) });
    expect((await scanJson([NEIGHBOURHOOD], clean)).report.findings).toEqual([]);
    const data = JSON.parse(fixture(NEIGHBOURHOOD));
    data.contact_details.watch_coordinator = 'Mrs Jane Example';
    const dir = tree({ [NEIGHBOURHOOD]: JSON.stringify(data, null, 4) });
    const { code, report } = await scanJson([NEIGHBOURHOOD], dir);
    expect(code).toBe(1);
    const unexpected = report.findings.filter((f) => f.category === 'unexpected-field');
    expect(unexpected).toEqual([expect.objectContaining({ ruleId: 'police-uk-public.api-neighbourhood', severity: 'high', field: '$.contact_details.watch_coordinator', line: 8 })]);
  });

  it('keys named like record ids (force_id, neighborhood_id) are tolerated; another extra key is not', async () => {
    const data = JSON.parse(fixture(NEIGHBOURHOOD));
    const withIds = tree({ [NEIGHBOURHOOD]: JSON.stringify({ ...data, force_id: 'exampleshire', neighborhood_id: 'RV01' }, null, 4) });
    expect((await scanJson([NEIGHBOURHOOD], withIds)).report.findings).toEqual([]);
    const withNotes = tree({ [NEIGHBOURHOOD]: JSON.stringify({ ...data, force_id: 'exampleshire', internal_notes: 'see file' }, null, 4) });
    const { report } = await scanJson([NEIGHBOURHOOD], withNotes);
    expect(report.findings.map((f) => [f.ruleId, f.field])).toEqual([['police-uk-public.api-neighbourhood', '$.internal_notes']]);
  });
});

// The real files police.uk publishes stay out of the repository: they are read from the shared
// corpus beside it, and the test says so when that folder is absent.
describeShared('corpus/police-uk-real', 'the real police.uk files (../shared/corpus/police-uk-real)', (dir) => {
  it('give no findings, errors or warnings', async () => {
    const names = readdirSync(dir).filter((f) => /\.(?:csv|json)$/.test(f));
    expect(names.length).toBeGreaterThanOrEqual(10);
    await expectClean(names, dir);
  }, 60_000);
});

describe('packs commands and explain', () => {
  it.each(['uk-identifiers', 'uk-contact', 'uk-financial', 'uk-people', 'field-names', 'police-uk-public', 'public-by-design'])('packs test %s passes', async (id) => {
    const r = await cli(['packs', 'test', id]);
    expect(r.stdout).toMatch(/^ok: 1 packs, \d+ rules, \d+ field names, \d+ examples, 0 failing\n$/);
    expect(r.code).toBe(0);
  });

  it('packs lint passes over every built-in pack (the backtracking analyses on every built-in pattern)', async () => {
    const r = await cli(['packs', 'lint']);
    expect(r.stdout).toMatch(/^ok: 7 packs, \d+ rules, 0 problem\(s\)\n$/);
    expect(r.code).toBe(0);
  }, 120_000);

  it('packs lint on a pack with a ReDoS pattern exits 1 naming the rule', async () => {
    const dir = tree({
      'redos.json': JSON.stringify({ id: 'force', version: '1', description: 'd', rules: [{ id: 'force.redos', category: 'crime-reference', description: 'd', pattern: '^(\\d+)+$', examples: { match: ['12'], noMatch: ['x'] } }] }),
    });
    const r = await cli(['packs', 'lint', 'redos.json'], { cwd: dir });
    expect(r.stdout).toMatch(/^force\.redos: pattern can backtrack catastrophically \(exponential/m);
    expect(r.stdout).toMatch(/^FAILED: 1 packs, 1 rules, 1 problem\(s\)\n$/m);
    expect(r.code).toBe(1);
  });

  it('packs lint names a rule without noMatch examples and one whose example another category claims', async () => {
    const dir = tree({
      'force.json': JSON.stringify({
        id: 'force',
        version: '1',
        description: 'd',
        rules: [{ id: 'force.phone-ref', category: 'crime-reference', description: 'd', pattern: '\\b07700 ?\\d{6}\\b', examples: { match: ['07700 900123'], noMatch: [] } }],
      }),
    });
    const r = await cli(['packs', 'lint', 'uk-contact', 'force.json'], { cwd: dir });
    expect(r.stdout).toMatch(/^force\.phone-ref: no "noMatch" examples/m);
    expect(r.stdout).toMatch(/^force\.phone-ref: example "07700 900123" is also matched by uk-contact\.phone \(phone\)$/m);
    expect(r.code).toBe(1);
  });

  it('packs test on a pack with a failing example exits 1 naming the rule and the example', async () => {
    const dir = tree({
      'force.json': JSON.stringify({ id: 'force', version: '1', description: 'd', rules: [{ id: 'force.ref', category: 'crime-reference', description: 'd', pattern: '\\b41/\\d{5}/\\d{2}\\b', examples: { match: ['41/1234/24'], noMatch: [] } }] }),
    });
    const r = await cli(['packs', 'test', 'force.json'], { cwd: dir });
    expect(r.stdout).toBe(`FAIL ${path.join(dir, 'force.json')} rule force.ref: expected a match in "41/1234/24"\nFAILED: 1 packs, 1 rules, 0 field names, 1 examples, 1 failing\n`);
    expect(r.code).toBe(1);
  });

  it('packs show uk-identifiers lists its rules', async () => {
    const pack = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../patterns/uk-identifiers.json'), 'utf8')) as { rules: { id: string; category: string }[] };
    const r = await cli(['packs', 'show', 'uk-identifiers']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^uk-identifiers \S+ \(built-in\)\n/);
    expect(pack.rules.length).toBeGreaterThan(3);
    for (const rule of pack.rules) expect(r.stdout).toMatch(new RegExp(`^ {2}${rule.id.replace(/\./g, '\\.')} +${rule.category} `, 'm'));
  });

  it('packs show of an unknown pack is exit 2', async () => {
    const r = await cli(['packs', 'show', 'no-such-pack']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('leakgate: no pack with id no-such-pack (see leakgate packs list)\n');
  });

  it('explain police-uk-public.street describes the shape', async () => {
    const r = await cli(['explain', 'police-uk-public.street']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^police-uk-public\.street \(pack police-uk-public; formerly shape\.police-uk\.street\): unexpected-field, high\n\npolice\.uk street-level crime CSV/);
    expect(r.stdout).toMatch(/unexpected-field finding/);
  });

  it("explain shows a user pack's rule with its examples", async () => {
    const dir = tree({ 'custody.yaml': CUSTODY_YAML });
    const r = await cli(['explain', 'force.custody', '--pack', 'custody.yaml'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'force.custody (pack force-custody): crime-reference, high\n\nCustody record number (CUS-24-001234).\n\nFinds:\n  CUS-24-001234\nDoes not find:\n  CUS-2024-001234\n  FOCUS-24-001234\n',
    );
  });
});
