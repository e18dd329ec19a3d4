import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cli, tree } from '../helpers/cli.js';

// `leakgate packs export-regex` hands the rules' patterns to ripgrep, the yardstick for raw speed
// (npm run bench). The patterns must compile in both of ripgrep's engines and still find what the
// rules find. ripgrep is a Debian package that .ci/run installs. Values are fiction.

const LINES = [
  'Contact Mr Ellis Pendry on 07700 900461 about the report.',
  'Reply to ellis.pendry@example.com by Friday.',
  'The case file was reviewed by the sergeant.',
];

async function exported(extra: string[] = []): Promise<string[]> {
  const r = await cli(['packs', 'export-regex', ...extra]);
  expect(r.code).toBe(0);
  return r.stdout.trimEnd().split('\n');
}

function rg(args: string[], patterns: string[]): { status: number | null; stdout: string; stderr: string } {
  const dir = tree({ 'patterns.txt': `${patterns.join('\n')}\n`, 'note.txt': `${LINES.join('\n')}\n` });
  const r = spawnSync('rg', [...args, '--no-config', '-n', '-f', path.join(dir, 'patterns.txt'), path.join(dir, 'note.txt')], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('one pattern per rule of the packs in use', async () => {
  const patterns = await exported();
  const list = await cli(['packs', 'list']);
  const rules = [...list.stdout.matchAll(/ (\d+) rules,/g)].reduce((n, m) => n + Number(m[1]), 0);
  expect(rules).toBeGreaterThan(20);
  expect(patterns).toHaveLength(rules);
  expect(patterns.every((p) => p.length > 0)).toBe(true);
});

test("ripgrep's own engine accepts every pattern and finds the lines with personal data", async () => {
  const patterns = await exported();
  expect(patterns.join('\n')).not.toMatch(/\(\?<?[=!]|\\u[0-9A-F]{4}|\(\?<\w/);
  const r = rg([], patterns);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const hit = r.stdout.trimEnd().split('\n').map((l) => Number(l.split(':')[0]));
  expect(hit).toEqual(expect.arrayContaining([1, 2]));
});

test('the PCRE2 dialect keeps look-arounds and compiles in rg -P', async () => {
  const patterns = await exported(['--pcre2']);
  expect(patterns.join('\n')).toMatch(/\(\?<?[=!]/);
  const r = rg(['-P'], patterns);
  expect(r.stderr).toBe('');
  expect(r.stdout).toContain('07700 900461');
});

test('--explain says on stderr what each pattern lost in translation', async () => {
  const r = await cli(['packs', 'export-regex', '--explain']);
  expect(r.stderr).toMatch(/^uk-contact\.phone: /m);
  expect(r.stderr).toMatch(/look-(behind|ahead) .* dropped/);
});

test('a user pack with --no-default-packs exports only its own rules', async () => {
  const example = path.resolve(import.meta.dirname, '../../examples/packs/exampleshire-police.json');
  // the sample pack without its overrides of built-in rules, which are not loaded here
  const { overrides: _, $schema: __, ...own } = JSON.parse(readFileSync(example, 'utf8')) as Record<string, unknown>;
  const rules = own.rules as unknown[];
  const dir = tree({ 'force.json': JSON.stringify(own) });
  const r = await cli(['packs', 'export-regex', '--no-default-packs', '--pack', path.join(dir, 'force.json')]);
  expect(r.stderr).toBe('');
  expect(r.stdout.trimEnd().split('\n')).toHaveLength(rules.length);
  expect(r.stdout).toContain('\\bCUS-\\d{2}-\\d{6}\\b\n');
});
