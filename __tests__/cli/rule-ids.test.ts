import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { root, runBin } from '../helpers/bin.js';
import { tree } from '../helpers/cli.js';

// Rule ids are a contract (baselines hash them, configs and allow lists name them): every
// built-in entry is `<pack>.<name>`, and the ids it had before keep working as aliases.
// Fiction only: a NINO that follows HMRC's prefix rules, an Ofcom drama number.

interface Entry { id: string; aliases?: string[] }
const packs = readdirSync(path.join(root, 'patterns'))
  .filter((f) => f.endsWith('.json') && f !== 'pack.schema.json')
  .map((f) => JSON.parse(readFileSync(path.join(root, 'patterns', f), 'utf8')) as { id: string } & Record<string, Entry[] | unknown>);

const json = (stdout: string): { findings: { ruleId: string; fingerprint: string; category: string }[]; summary: { findings: number; suppressed?: number } } => JSON.parse(stdout);

describe('rule ids', () => {
  it.each(packs.map((p) => [p.id, p] as const))('every entry of built-in pack %s is <pack>.<name>', (id, pack) => {
    const entries = ['rules', 'fields', 'allow', 'shapes'].flatMap((k) => (pack[k] as Entry[] | undefined) ?? []);
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) {
      expect(e.id).toMatch(new RegExp(`^${id.replace(/[.-]/g, '\\$&')}\\.[a-z0-9-]+$`));
      for (const a of e.aliases ?? []) expect(a).not.toBe(e.id);
    }
  });

  it('a baseline made when a built-in rule had its old id still accepts the finding', async () => {
    // the old rule, as a user pack under its old id: its fingerprints are those an old baseline holds
    const old = { id: 'old', version: '1', description: 'd', rules: [{ id: 'uk.nino', category: 'nino', description: 'd', pattern: '\\b[A-Z]{2} ?\\d{2} ?\\d{2} ?\\d{2} ?[A-D]\\b', examples: { match: ['JM 45 67 89 C'], noMatch: ['x'] } }] };
    const dir = tree({ 'old.json': JSON.stringify(old), 'data/notes.txt': 'NI number JM 45 67 89 C on file.\n' });
    const made = await runBin(['baseline', 'create', 'data', '-o', 'b.json', '--no-default-packs', '--pack', 'old.json'], { cwd: dir });
    expect(made.code).toBe(0);
    const now = await runBin(['scan', 'data', '--format', 'json'], { cwd: dir });
    expect(json(now.stdout).findings).toEqual([expect.objectContaining({ ruleId: 'uk-identifiers.nino' })]);
    const gated = await runBin(['scan', 'data', '--format', 'json', '--baseline', 'b.json'], { cwd: dir });
    expect(gated.code).toBe(0);
    expect(json(gated.stdout).summary).toMatchObject({ findings: 0, suppressed: 1 });
  });

  it("a user pack that renames a rule keeps its findings' fingerprints through the alias", async () => {
    const rule = { category: 'crime-reference', description: 'custody record', pattern: '\\bCR-\\d{6}\\b', examples: { match: ['CR-123456'], noMatch: ['CR-12'] } };
    const dir = tree({
      'before.json': JSON.stringify({ id: 'force', version: '1', description: 'd', rules: [{ id: 'custody', ...rule }] }),
      'after.json': JSON.stringify({ id: 'force', version: '2', description: 'd', rules: [{ id: 'force.custody', aliases: ['custody', 'force.custody-record'], ...rule }] }),
      'data/notes.txt': 'Custody record CR-654321 opened.\n',
    });
    const before = json((await runBin(['scan', 'data', '--pack', 'before.json', '--format', 'json'], { cwd: dir })).stdout).findings;
    const after = json((await runBin(['scan', 'data', '--pack', 'after.json', '--format', 'json'], { cwd: dir })).stdout).findings;
    expect(after.map((f) => f.ruleId)).toEqual(['force.custody']);
    expect(after.map((f) => f.fingerprint)).toEqual(before.map((f) => f.fingerprint));
  });

  it('a config that names rules by their old ids still works (disable, severity, allow)', async () => {
    const data = { 'data/notes.txt': 'NI number JM 45 67 89 C, call 07700 900123.\n' };
    const disabled = tree({ ...data, '.leakgate.json': JSON.stringify({ disable: ['uk.nino'], severity: { 'uk.phone': 'low' } }) });
    const r = json((await runBin(['scan', 'data', '--format', 'json'], { cwd: disabled })).stdout);
    expect(r.findings.map((f) => [f.ruleId, (f as unknown as { severity: string }).severity])).toEqual([['uk-contact.phone', 'low']]);
    const allowed = tree({ ...data, '.leakgate.json': JSON.stringify({ allow: { rules: ['uk.phone'] } }) });
    const a = json((await runBin(['scan', 'data', '--format', 'json'], { cwd: allowed })).stdout);
    expect(a.findings.map((f) => f.ruleId)).toEqual(['uk-identifiers.nino']);
    const unknown = tree({ ...data, '.leakgate.json': JSON.stringify({ disable: ['uk.no-such-rule'] }) });
    const u = await runBin(['scan', 'data'], { cwd: unknown });
    expect(u.code).toBe(2);
    expect(u.stderr).toMatch(/names no loaded rule: uk\.no-such-rule/);
  });

  it('a pack may not reuse another entry\'s id as an alias', async () => {
    const pack = { id: 'clash', version: '1', description: 'd', rules: [{ id: 'clash.nino', aliases: ['uk-contact.phone'], category: 'nino', description: 'd', pattern: 'QQ\\d{6}C', examples: { match: ['QQ123456C'], noMatch: ['x'] } }] };
    const dir = tree({ 'clash.json': JSON.stringify(pack), 'a.txt': 'x\n' });
    const r = await runBin(['scan', 'a.txt', '--pack', 'clash.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/clash\.json rule clash\.nino: duplicate id: uk-contact\.phone is also defined in .*uk-contact\.json/);
  });

  it('--verbose shows the rule id of each finding in the text report', async () => {
    const dir = tree({ 'data/notes.txt': 'NI number JM 45 67 89 C on file.\n' });
    const r = await runBin(['scan', 'data', '--verbose'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/notes\.txt:1:\d+ critical +nino .*\n +rule uk-identifiers\.nino; confidence/);
  });
});

describe('leakgate explain', () => {
  it.each([
    ['a rule id', 'uk-identifiers.nino', /^uk-identifiers\.nino \(pack uk-identifiers; formerly uk\.nino\): nino, critical\n/],
    ['a former id', 'uk.nino', /^uk-identifiers\.nino \(pack uk-identifiers; formerly uk\.nino\)[^]*\(uk\.nino is a former id of uk-identifiers\.nino\.\)\n$/],
    ['a field-name rule', 'field-names.nino', /^field-names\.nino \(pack field-names; formerly field\.nino\): field names → nino/],
    ['a shape, by the id its findings had', 'shape.police-uk.street', /^police-uk-public\.street \(pack police-uk-public; formerly shape\.police-uk\.street\): unexpected-field, high/],
    ['an allow entry', 'police-uk-public.mailbox', /^police-uk-public\.mailbox \(pack police-uk-public; formerly police-uk\.mailbox\): allowed/],
    ['a category', 'nino', /^nino \(category\)\n\nReported by:\n {2}uk-identifiers\.nino {2}critical: [^\n]+\n {2}uk-identifiers\.nino-no-suffix [^]* {2}field-names\.nino {2}field names: /],
    ['a category in any case', 'EMAIL', /^email \(category\)\n[^]*uk-contact\.email/],
  ])('explains %s', async (_what, name, out) => {
    const r = await runBin(['explain', name], { cwd: root });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(out);
  });

  it('is exit 2 for a name that is neither, listing the categories', async () => {
    const r = await runBin(['explain', 'no.such.rule'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^leakgate: no rule or category named no\.such\.rule \(rule ids: leakgate packs show <pack>; categories: person-name, [^)]*unexpected-field\)\n$/);
  });
});
