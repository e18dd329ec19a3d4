import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { root } from '../helpers/leaky-report.js';

// scripts/system-packages.mjs, the first step of `npm test`: it obtains the Debian packages the
// tests drive, or stops the run naming them. Here, with --check (which installs nothing), on this
// machine (where npm test has just obtained them) and on a PATH where they cannot be found.

function check(env: NodeJS.ProcessEnv): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/system-packages.mjs'), '--check'], { cwd: root, encoding: 'utf8', env });
  return { status: r.status, stderr: r.stderr };
}

test('every package the tests need is here (npm test obtained them)', () => {
  expect(check(process.env)).toEqual({ status: 0, stderr: '' });
});

test('a missing package stops the run, named with the command that installs it', () => {
  const r = check({ ...process.env, PATH: '/nonexistent' });
  expect(r.status).toBe(1);
  expect(r.stderr).toBe(
    'npm test needs these system packages, which are missing: git, pre-commit, ripgrep.\n' +
      'Install them (Debian or Ubuntu): sudo apt-get update && sudo apt-get install -y git pre-commit ripgrep\n' +
      (process.getuid?.() === 0 ? '' : 'As root, npm test installs them itself.\n'),
  );
});
