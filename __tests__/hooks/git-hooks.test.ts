import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cli } from '../helpers/cli.js';
import { leakgateShim, pathWithout } from '../helpers/shim.js';

// Real git repositories in temporary folders, committed to through the pre-commit framework
// (Debian's pre-commit, which npm test obtains), through the plain hook `leakgate init --hook`
// writes, through husky 9 (a devDependency), and through `scan --staged` directly. Test data is
// fiction (Ofcom drama numbers).
const root = path.resolve(import.meta.dirname, '../..');
const LEAKY = 'Victim name,Contact number\nJane Example,07700 900123\n';
const CLEAN = 'Reference,Status\nASB/24/0101,Open\n';

function git(repo: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8', env: gitEnv() });
}

function gitEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.com', CI: 'true', FORCE_COLOR: '0', ...extra };
}

function newRepo(): string {
  const repo = mkdtempSync(path.join(tmpdir(), 'leakgate-repo-'));
  git(repo, 'init', '-q', '-b', 'main');
  writeFileSync(path.join(repo, 'README.md'), 'test repository\n');
  git(repo, 'add', 'README.md');
  git(repo, 'commit', '-q', '-m', 'start');
  return repo;
}

/** Tries a commit; its exit status and everything the hooks printed. */
function commit(repo: string, env: Record<string, string> = {}): { status: number | null; out: string } {
  const r = spawnSync('git', ['commit', '-m', 'change'], { cwd: repo, encoding: 'utf8', env: gitEnv(env) });
  return { status: r.status, out: r.stdout + r.stderr };
}

/** The four cases every hook must get right. */
function checkHook(repo: string, env: Record<string, string> = {}): void {
  // a leaky CSV is refused, with the finding shown (masked)
  writeFileSync(path.join(repo, 'cases.csv'), LEAKY);
  git(repo, 'add', 'cases.csv');
  const refused = commit(repo, env);
  expect(refused.status).not.toBe(0);
  expect(refused.out).toMatch(/cases\.csv:2:14 high +phone 07\*\*\* \*\*\*\*\*3 \[Contact number\]/);
  expect(refused.out).not.toContain('07700 900123');
  // a clean one commits
  writeFileSync(path.join(repo, 'cases.csv'), CLEAN);
  git(repo, 'add', 'cases.csv');
  expect(commit(repo, env).status).toBe(0);
  // clean in the index, leaky in the working tree: commits (what is committed is clean)
  writeFileSync(path.join(repo, 'notes.csv'), CLEAN.replace('Open', 'Closed'));
  git(repo, 'add', 'notes.csv');
  writeFileSync(path.join(repo, 'notes.csv'), LEAKY);
  expect(commit(repo, env).status).toBe(0);
  // leaky in the index, clean in the working tree: refused
  git(repo, 'add', 'notes.csv');
  writeFileSync(path.join(repo, 'notes.csv'), CLEAN);
  const partly = commit(repo, env);
  expect(partly.status).not.toBe(0);
  expect(partly.out).toMatch(/notes\.csv:2:1 high +person-name/);
}

describe('scan --staged', () => {
  it('scans the staged blobs, not the working tree, with paths as git shows them', async () => {
    const repo = newRepo();
    writeFileSync(path.join(repo, 'a.csv'), LEAKY);
    git(repo, 'add', 'a.csv');
    writeFileSync(path.join(repo, 'a.csv'), CLEAN);
    const r = await cli(['scan', '--staged', '--format', 'json'], { cwd: repo });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.summary.files).toBe(1);
    expect(report.findings.map((f: { file: string }) => f.file)).toContain('a.csv');
    // the other way round: nothing staged is leaky
    git(repo, 'add', 'a.csv');
    writeFileSync(path.join(repo, 'a.csv'), LEAKY);
    expect((await cli(['scan', '--staged'], { cwd: repo })).code).toBe(0);
  });

  it('narrows to the paths given (as pre-commit passes them), from a subfolder too', async () => {
    const repo = newRepo();
    execFileSync('mkdir', ['-p', path.join(repo, 'sub')]);
    writeFileSync(path.join(repo, 'sub', 'a.csv'), LEAKY);
    writeFileSync(path.join(repo, 'b.csv'), CLEAN);
    git(repo, 'add', '.');
    const only = await cli(['scan', '--staged', 'b.csv', '--format', 'json'], { cwd: repo });
    expect(JSON.parse(only.stdout).summary.files).toBe(1);
    expect(only.code).toBe(0);
    const sub = await cli(['scan', '--staged', 'a.csv', '--format', 'json'], { cwd: path.join(repo, 'sub') });
    expect(sub.code).toBe(1);
    expect(JSON.parse(sub.stdout).findings[0].file).toBe('sub/a.csv');
  });

  it('is a usage error outside a git repository', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'leakgate-nogit-'));
    const r = await cli(['scan', '--staged'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--staged needs a git repository/);
  });
});

describe('the plain git hook (leakgate init --hook)', () => {
  it('refuses leaky commits and lets clean ones through, judging the staged content', async () => {
    const repo = newRepo();
    const init = await cli(['init', '--hook'], { cwd: repo });
    expect(init.code).toBe(0);
    expect(init.stdout).toMatch(/installed \.git\/hooks\/pre-commit/);
    // the hook runs `leakgate` from PATH: a shim for this checkout
    git(repo, 'add', '.leakgate.json');
    checkHook(repo, { PATH: `${leakgateShim()}${path.delimiter}${process.env.PATH}` });
    // it never overwrites an existing hook
    const again = await cli(['init', '--hook'], { cwd: repo });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/pre-commit exists: not overwritten/);
  });

  it('without leakgate installed, refuses the commit as an error (exit 2), not as personal data', async () => {
    const repo = newRepo();
    expect((await cli(['init', '--hook'], { cwd: repo })).code).toBe(0);
    writeFileSync(path.join(repo, 'notes.csv'), CLEAN);
    git(repo, 'add', '.');
    const env = { ...gitEnv(), PATH: pathWithout('leakgate') };
    const hook = spawnSync(path.join(repo, '.git/hooks/pre-commit'), { cwd: repo, encoding: 'utf8', env });
    expect([hook.status, hook.stderr]).toEqual([2, 'leakgate is not installed (npm install --save-dev leakgate, or npm install -g leakgate): commit refused\n']);
    const refused = commit(repo, { PATH: env.PATH! });
    expect(refused.status).not.toBe(0);
    expect(refused.out).not.toMatch(/personal data|finding/);
    // installed in the project's node_modules, it is found there
    writeFileSync(path.join(repo, '.gitignore'), 'node_modules/\n');
    execFileSync('mkdir', ['-p', path.join(repo, 'node_modules/.bin')]);
    execFileSync('cp', [path.join(leakgateShim(), 'leakgate'), path.join(repo, 'node_modules/.bin/leakgate')]);
    git(repo, 'add', '.gitignore');
    expect(commit(repo, { PATH: env.PATH! }).status).toBe(0);
  });
});

describe('husky 9 (leakgate init --hook in a husky repository)', () => {
  it('adds leakgate to .husky/pre-commit, which husky runs: a leaky commit is refused', async () => {
    const repo = newRepo();
    writeFileSync(path.join(repo, 'package.json'), `${JSON.stringify({ name: 'site', private: true, scripts: { test: 'exit 0' } }, null, 2)}\n`);
    // husky's own set-up, as its docs give it: core.hooksPath=.husky/_, and .husky/pre-commit running npm test
    execFileSync(process.execPath, [path.join(root, 'node_modules/husky/bin.js'), 'init'], { cwd: repo, env: gitEnv() });
    expect(git(repo, 'config', 'core.hooksPath').trim()).toBe('.husky/_');
    const generated = readFileSync(path.join(repo, '.husky/_/pre-commit'), 'utf8');

    const init = await cli(['init', '--hook'], { cwd: repo });
    expect([init.code, init.stdout]).toEqual([0, 'wrote .leakgate.json\nadded leakgate to .husky/pre-commit (husky)\n']);
    // husky's generated, git-ignored hook is untouched, and the user's hook keeps its own line
    expect(readFileSync(path.join(repo, '.husky/_/pre-commit'), 'utf8')).toBe(generated);
    const hook = readFileSync(path.join(repo, '.husky/pre-commit'), 'utf8');
    expect(hook.startsWith('npm test\n\n# leakgate:')).toBe(true);
    expect(existsSync(path.join(repo, '.git/hooks/pre-commit'))).toBe(false);
    // once only
    const again = await cli(['init', '--hook'], { cwd: repo });
    expect([again.code, again.stdout]).toEqual([0, '.leakgate.json exists: left as it is\n.husky/pre-commit already runs leakgate\n']);
    expect(readFileSync(path.join(repo, '.husky/pre-commit'), 'utf8')).toBe(hook);

    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'husky');
    checkHook(repo, { PATH: `${leakgateShim()}${path.delimiter}${process.env.PATH}` });
    // and without leakgate: refused, saying so
    writeFileSync(path.join(repo, 'more.csv'), CLEAN);
    git(repo, 'add', 'more.csv');
    const missing = commit(repo, { PATH: pathWithout('leakgate') });
    expect(missing.status).not.toBe(0);
    expect(missing.out).toMatch(/leakgate is not installed/);
  }, 60_000);
});

/** Installs hooks with pre-commit in a new repository and runs the four cases through it. */
function checkPreCommit(config: string): void {
  const which = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
  if (which.status !== 0) throw new Error('pre-commit is not installed: npm test installs the Debian package (apt-get install pre-commit)');
  const repo = newRepo();
  writeFileSync(path.join(repo, '.pre-commit-config.yaml'), config);
  git(repo, 'add', '.pre-commit-config.yaml');
  git(repo, 'commit', '-q', '-m', 'hooks');
  const home = mkdtempSync(path.join(tmpdir(), 'leakgate-pc-home-'));
  const env = { PRE_COMMIT_HOME: home };
  const install = spawnSync('pre-commit', ['install', '--install-hooks'], { cwd: repo, encoding: 'utf8', env: gitEnv(env) });
  expect(install.stderr + install.stdout).toMatch(/pre-commit installed/);
  expect(install.status).toBe(0);
  checkHook(repo, env);
}

describe('the pre-commit framework (.pre-commit-hooks.yaml)', () => {
  // The README's snippet as written, with this repository for its URL: pre-commit clones it at the
  // snippet's rev and installs it as its node hooks are installed (npm install in the clone, which
  // builds; npm pack, whose output must be only the tarball's name; npm install -g of that). What
  // the current commit packs is checked by __tests__/package/install.test.ts.
  it("the README's snippet installs leakgate at its rev and gates commits", () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const block = /```yaml\n( *)(repos:\n[\s\S]*?)```/.exec(readme);
    expect(block).not.toBeNull();
    const snippet = block![2]!.replace(new RegExp(`^${block![1]}`, 'gm'), '');
    const rev = /^ *rev: (\S+)/m.exec(snippet)![1]!;
    const known = spawnSync('git', ['cat-file', '-e', `${rev}^{commit}`], { cwd: root });
    if (known.status !== 0) throw new Error(`the README's pre-commit snippet names rev ${rev}, which this repository does not have: name a release tag or a commit of main`);
    checkPreCommit(snippet.replace(/^( *- repo: )\S+/m, `$1${root}`));
  }, 300_000);
});
