import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { compilePacks } from '../../src/packs/compile.js';
import { loadBuiltinPacks } from '../../src/packs/load-packs.js';
import { expandFragments } from '../../src/packs/fragments.js';
import type { PackFile } from '../../src/types.js';
import { cli, tree } from '../helpers/cli.js';

// Pack fragments: named regex pieces a pack's regexes use as {{name}} (issue 12, "knowledge in packs").

const root = path.resolve(import.meta.dirname, '../..');
const builtins = await loadBuiltinPacks();
const ruleset = compilePacks(builtins);

/** A user pack whose custody-record rule is written with fragments. */
const custodyPack = (fragments: Record<string, string>, pattern = '\\bCUS-{{year}}-{{serial}}\\b'): string =>
  JSON.stringify({
    id: 'exampleshire',
    version: '1.0.0',
    description: 'Exampleshire custody records.',
    fragments,
    rules: [
      {
        id: 'exampleshire.custody',
        category: 'crime-reference',
        description: 'Custody record number.',
        pattern,
        examples: { match: ['custody CUS-24-001234'], noMatch: ['CUS-2024-001234'] },
      },
    ],
  });

describe('a user pack with fragments', () => {
  it('finds what the expanded pattern finds, and its examples hold', async () => {
    const dir = tree({
      'pack.json': custodyPack({ year: '\\d{2}', serial: '{{digit}}{6}', digit: '\\d' }),
      'bundle/notes.txt': 'Detained under custody record CUS-24-004321 overnight.\n',
    });
    expect((await cli(['packs', 'test', 'pack.json'], { cwd: dir })).code).toBe(0);
    const r = await cli(['scan', 'bundle', '--pack', 'pack.json', '--no-default-packs', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { findings: { ruleId: string; line: number; column: number }[] };
    expect(report.findings.map((f) => [f.ruleId, f.line, f.column])).toEqual([['exampleshire.custody', 1, 31]]);
  });

  it('refuses an unknown fragment with exit 2, naming the pack, the rule and the fragments it has', async () => {
    const dir = tree({ 'pack.json': custodyPack({ year: '\\d{2}' }), 'bundle/a.txt': 'x\n' });
    const r = await cli(['scan', 'bundle', '--pack', 'pack.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/pack\.json.*exampleshire\.custody.*unknown fragment \{\{serial\}\}; this pack's fragments: year/);
  });

  it('refuses a fragment that uses itself, even one no rule uses yet', async () => {
    const dir = tree({ 'pack.json': custodyPack({ year: '\\d{2}', serial: '\\d{6}', loop: '(?:{{again}})', again: 'a{{loop}}' }), 'bundle/a.txt': 'x\n' });
    const r = await cli(['scan', 'bundle', '--pack', 'pack.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/fragment \{\{loop\}\} uses itself \(loop → again → loop\)/);
  });

  it('refuses a fragment name the schema does not allow, with the JSON path', async () => {
    const dir = tree({ 'pack.json': custodyPack({ Year: '\\d{2}', serial: '\\d{6}' }), 'bundle/a.txt': 'x\n' });
    const r = await cli(['scan', 'bundle', '--pack', 'pack.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\$\.fragments/);
  });

  it('checks the expanded pattern for catastrophic backtracking, not the {{name}} text', async () => {
    const dir = tree({ 'pack.json': custodyPack({ year: '\\d{2}', serial: '\\d{6}', as: '(a+)+' }, '\\bCUS-{{year}}-{{serial}}\\b|{{as}}$'), 'bundle/a.txt': 'x\n' });
    const r = await cli(['scan', 'bundle', '--pack', 'pack.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/exampleshire\.custody.*backtrack catastrophically/);
  });
});

describe('the built-in people pack written with fragments', () => {
  const people = builtins.find((p) => p.file.id === 'uk-people')!.file;
  const fragments = people.fragments!;

  it('writes each fragment once: no pattern spells out what a fragment of its pack says', () => {
    for (const pack of builtins) {
      const f = pack.file.fragments ?? {};
      // the longer pieces only: a two-character fragment may well stand in a pattern by chance
      const pieces = Object.keys(f).map((name) => [name, expandFragments(`{{${name}}}`, f, pack.source, name, 'test')] as const).filter(([, x]) => x.length >= 20);
      for (const r of pack.file.rules ?? []) {
        for (const [name, piece] of pieces) expect({ rule: r.id, spellsOut: r.pattern.includes(piece) ? name : undefined }).toEqual({ rule: r.id, spellsOut: undefined });
      }
    }
  });

  it('is much shorter to read than the regexes it compiles to', () => {
    const written = (people.rules ?? []).reduce((n, r) => n + r.pattern.length, 0);
    const compiled = ruleset.rules.filter((r) => r.packId === 'uk-people').reduce((n, r) => n + r.re.source.length, 0);
    expect(written * 3).toBeLessThan(compiled);
    expect(Object.keys(fragments)).toEqual(expect.arrayContaining(['upper', 'lower', 'forename', 'surname', 'street-type', 'postcode']));
  });

  // The proof that the rewrite changed no pattern: each rule expands to the very regex of the last
  // commit before fragments. A rule changed on purpose since then leaves this list.
  const BEFORE_FRAGMENTS = '91c41d8';
  const REWRITTEN = [
    'person.titled.upper',
    'dob.labelled',
    // changed since: address.numbered, address.numbered.upper, address.flat, address.named-house
    // (more street types and street names, {{street-type}} and {{place-word}}); person.role (issue 14:
    // the other forms a name takes after a role word); person.upper and person.surname-forename
    // (issue 14: a surname in capitals may start with D' as with O', D'AMORE); person.titled,
    // person.forename-surname and person.aged (issue 14: {{surname}} takes a particle fused to it,
    // DuBois, VonRueden, and a prefix after its hyphen, Hale-O'Connor)
  ];
  it.each(REWRITTEN)('%s compiles to the byte-identical regex it was before fragments', (id) => {
    const old = JSON.parse(execFileSync('git', ['show', `${BEFORE_FRAGMENTS}:patterns/uk-people.json`], { cwd: root, encoding: 'utf8' })) as PackFile;
    const before = old.rules!.find((r) => r.id === id)!.pattern;
    // the rule's id then is its oldest alias now
    const now = people.rules!.find((r) => r.aliases?.[0] === id)!.pattern;
    expect(expandFragments(now, fragments, 'uk-people', id, 'pattern')).toBe(before);
    expect(ruleset.rules.find((r) => r.id === ruleset.ids.get(id))!.re.source).toBe(new RegExp(before).source);
    expect(before).not.toContain('{{');
  });
});

// A fragment is expanded once a pack and its text reused (issue 16): what each expansion gives, or
// the error it fails with, is what it was when every use expanded it afresh.
describe('fragments expanded before', () => {
  // f1 uses f2, …, f8 uses f9: nine deep, one more than a use may go
  const chain = (): Record<string, string> => ({ ...Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`f${i + 1}`, `a{{f${i + 2}}}`])), f9: 'z', word: '{{f9}}{{f9}}' });
  const failure = (fragments: Record<string, string>, source: string): string => {
    try {
      return `expanded: ${expandFragments(source, fragments, 'p.json', 'r', 'pattern')}`;
    } catch (e) {
      return (e as Error).message;
    }
  };

  it('gives the same text on every use', () => {
    const f = chain();
    const first = expandFragments('{{f2}}-{{word}}', f, 'p.json', 'r', 'pattern');
    expect(first).toBe('aaaaaaaz-zz');
    expect(expandFragments('{{word}}{{f3}}', f, 'p.json', 'r', 'pattern')).toBe('zzaaaaaaz');
    expect(expandFragments('{{f2}}-{{word}}', f, 'p.json', 'r', 'pattern')).toBe(first);
  });

  it('fails where a fragment goes too deep, as it did, though expanded shallower before', () => {
    const fresh = failure(chain(), '{{f1}}');
    expect(fresh).toMatch(/fragment \{\{f9\}\} uses itself \(f1 → f2 → .* → f9\)/);
    const f = chain();
    expect(failure(f, '{{f2}}')).toBe('expanded: aaaaaaaz');
    expect(failure(f, '{{f1}}')).toBe(fresh);
    expect(failure(f, 'x{{f2}}')).toBe('expanded: xaaaaaaaz');
  });
});
