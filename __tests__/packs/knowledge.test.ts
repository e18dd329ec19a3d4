import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { compilePacks } from '../../src/packs/compile.js';
import { loadBuiltinPacks } from '../../src/packs/load-packs.js';
import { packFragment, packList } from '../../src/packs/word-lists.js';
import { cli, tree } from '../helpers/cli.js';

// Detection knowledge as pack data (issue 12): placeholders, plausible value shapes, "covers",
// role sibling keys and the name checks' word lists live in patterns/*.json, not in TypeScript.

const root = path.resolve(import.meta.dirname, '../..');
const knowledge = compilePacks(await loadBuiltinPacks()).knowledge!;

/** A constant of a TypeScript module as it was in the last commit before the move, evaluated. */
function before(file: string, name: string): unknown {
  const source = execFileSync('git', ['show', `91c41d8:${file}`], { cwd: root, encoding: 'utf8' });
  const m = new RegExp(`^const ${name}(?:: [^=]+)? = ([\\s\\S]+?);$`, 'm').exec(source);
  if (!m) throw new Error(`${name} not found in ${file}`);
  return new Function(`return (${m[1]!});`)() as unknown;
}

describe('moved from TypeScript without a change (proof against 91c41d8)', () => {
  it('placeholders: the same regex, alternative by alternative', () => {
    const old = before('src/detect/detect.ts', 'PLACEHOLDER') as RegExp;
    expect(knowledge.placeholder!.source).toBe(old.source);
    expect(knowledge.placeholder!.flags).toBe(old.flags);
  });

  it('plausible: the same shape and flags for every category', () => {
    const old = before('src/detect/detect.ts', 'PLAUSIBLE') as Record<string, RegExp>;
    const now = Object.fromEntries([...knowledge.plausible].map(([c, re]) => [c, `/${re.source}/${re.flags}`]));
    expect(now).toEqual(Object.fromEntries(Object.entries(old).map(([c, re]) => [c, `/${re.source}/${re.flags}`])));
  });

  it('covers: the same relations', () => {
    const old = before('src/filter/filter.ts', 'COVERS') as Record<string, string[]>;
    const now = Object.fromEntries([...knowledge.covers].map(([c, set]) => [c, [...set].sort()]));
    // added since, on purpose (issue 14): a name inside an address is its street's ("45 Alden Wood")
    const added: Record<string, string[]> = { address: ['person-name'] };
    expect(now).toEqual(Object.fromEntries(Object.entries(old).filter(([, v]) => v.length).map(([c, v]) => [c, [...v, ...(added[c] ?? [])].sort()])));
  });

  it('the name checks\' words and the DOB label', () => {
    const people = execFileSync('git', ['show', '91c41d8:src/packs/people.ts'], { cwd: root, encoding: 'utf8' });
    const set = (name: string): string[] => [...(new Function(`return ${new RegExp(`const ${name} = (new Set\\(\\[[\\s\\S]+?\\]\\))`).exec(people)![1]!}`)() as Set<string>)].sort();
    expect([...packList('introducers')].sort()).toEqual(set('INTRODUCERS'));
    expect([...packList('locatives')].sort()).toEqual(set('LOCATIVE'));
    expect([...packList('name-particles')].sort()).toEqual(set('PARTICLES'));
    expect(packFragment('dob-label')).toBe(/const DOB_LABEL = \/(.+)\/gi;/.exec(people)![1]);
    const prefixes = /\/\^\(\?:(st\\\.\?\|saint\|[a-z|]+)\)\$\/i\.test\(prev\)/.exec(people)![1]!.replace('st\\.?', 'st|st.').split('|').sort();
    expect([...packList('place-prefixes')].sort()).toEqual(prefixes);
    expect(knowledge.roleKeys).toEqual(['role', 'type', 'kind']);
  });
});

describe('knowledge at work, through the CLI', () => {
  const scan = async (files: Record<string, string>, args: string[] = []): Promise<{ code: number; findings: { ruleId: string; category: string; line: number }[] }> => {
    const dir = tree(files);
    const r = await cli(['scan', 'bundle', '--format', 'json', ...args], { cwd: dir });
    if (r.code === 2) throw new Error(r.stderr);
    return { code: r.code, findings: (JSON.parse(r.stdout) as { findings: { ruleId: string; category: string; line: number }[] }).findings };
  };

  it('a placeholder or an implausible value under a sensitive name is no finding; a real value is', async () => {
    const csv = 'ref,victim email,suspect phone\n1,N/A,---\n2,[REDACTED by ops],Yes\n3,dylan.rees@example.com,07700 900123\n';
    const { findings } = await scan({ 'bundle/cases.csv': csv });
    const values = findings.filter((f) => f.category !== 'sensitive-field');
    expect(values.map((f) => [f.category, f.line])).toEqual([['email', 4], ['phone', 4]]);
  });

  it('a user pack adds placeholders of its own', async () => {
    const pack = JSON.stringify({ id: 'force', version: '1.0.0', description: 'Force words.', placeholders: ['not disclosed', 'unnamed( person)?'] });
    const csv = 'ref,victim name\n1,Unnamed Person\n2,Not Disclosed\n3,Dylan Rees\n';
    const { findings } = await scan({ 'bundle/cases.csv': csv, 'force.json': pack }, ['--pack', 'force.json']);
    expect(findings.filter((f) => f.category === 'person-name').map((f) => f.line)).toEqual([4]);
    const without = await scan({ 'bundle/cases.csv': csv });
    expect(without.findings.filter((f) => f.category === 'person-name').map((f) => f.line)).toEqual([2, 3, 4]);
  });

  it('the built-in knowledge holds under --no-default-packs (a user field rule and N/A)', async () => {
    const pack = JSON.stringify({
      id: 'force', version: '1.0.0', description: 'Force field names.',
      fields: [{ id: 'force.custody-contact', description: 'Custody contact e-mail.', name: '^custody contact$', category: 'email' }],
    });
    const csv = 'custody contact\nN/A\nnone@example.com\n';
    const { findings } = await scan({ 'bundle/c.csv': csv, 'force.json': pack }, ['--pack', 'force.json', '--no-default-packs']);
    expect(findings.filter((f) => f.category === 'email').map((f) => f.line)).toEqual([3]);
  });

  it('an address covers its postcode: one finding, not two', async () => {
    const { findings } = await scan({ 'bundle/n.txt': 'She lives at 14 Acacia Avenue, Exampleton AB1 2CD since May.\n' });
    expect(findings.map((f) => f.category)).toEqual(['address']);
  });

  it('refuses word lists in a user pack, naming the key', async () => {
    const dir = tree({ 'force.json': JSON.stringify({ id: 'force', version: '1.0.0', description: 'x', lists: { introducers: ['sgt'] } }), 'bundle/a.txt': 'x\n' });
    const r = await cli(['scan', 'bundle', '--pack', 'force.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/force\.json.*"lists" hold the vocabulary of the built-in name and date checks/);
  });
});
