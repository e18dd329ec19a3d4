import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EXIT_CODES } from '../../src/cli/exit-codes.js';
import { cli } from '../helpers/cli.js';

const readme = readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');

function block(name: string): string {
  const m = new RegExp(`<!-- ${name}[^>]*-->\\n([\\s\\S]*?)<!-- /${name} -->`).exec(readme);
  if (!m) throw new Error(`README has no ${name} block`);
  return m[1]!;
}

describe('README and --help agree with the code', () => {
  it('quotes `leakgate scan --help` exactly', async () => {
    const help = await cli(['scan', '--help']);
    expect(block('scan-help')).toBe('```\n' + help.stdout + '```\n');
  });

  it('lists the exit codes of src/cli/exit-codes.ts', () => {
    const rows = block('exit-codes').split('\n').filter((l) => /^\| \d/.test(l));
    expect(rows).toEqual(EXIT_CODES.map((c) => `| ${c.code} | ${c.meaning} |`));
  });

  it('has the two-command quick start', () => {
    expect(readme).toContain('npm install && npx leakgate scan examples/leaky-bundle');
    expect(readme).toMatch(/^npm test\b/m);
  });
});
