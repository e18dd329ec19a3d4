import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { UsageError } from '../types.js';
import { lintStagedGlob } from '../formats/docs.js';
import { EXIT } from './exit-codes.js';
import type { Io } from './io.js';

const run = promisify(execFile);

/** The starter configuration `leakgate init` writes. */
export const STARTER_CONFIG = {
  packs: [],
  disable: [],
  exclude: ['node_modules/**', '.git/**'],
  failOn: 'low',
  allow: {},
};

/**
 * The lines `leakgate init --hook` puts in a pre-commit hook: the staged content is what is
 * checked. leakgate is found on the PATH or in the project's node_modules; when it is in neither,
 * the commit is refused as an error (exit 2) that says so, never taken for a finding.
 */
export const HOOK_LINES = `# leakgate: refuse a commit that stages personal data (added by \`leakgate init --hook\`). It scans
# the staged content (the git index), so a partly staged file is judged as it will be committed.
leakgate_bin=$(command -v leakgate || echo node_modules/.bin/leakgate)
if [ ! -x "$leakgate_bin" ]; then
  echo "leakgate is not installed (npm install --save-dev leakgate, or npm install -g leakgate): commit refused" >&2
  exit 2
fi
"$leakgate_bin" scan --staged --no-progress || exit $?
`;

/** The plain git hook `leakgate init --hook` installs. */
export const GIT_HOOK = `#!/bin/sh\n${HOOK_LINES}`;

const SNIPPETS = `Hook it into commits, one of:
  pre-commit (https://pre-commit.com), in .pre-commit-config.yaml:
    repos:
      - repo: <leakgate's git URL or a local path>
        rev: <tag or commit>
        hooks:
          - id: leakgate
  husky + lint-staged, in package.json:
    "lint-staged": { "${lintStagedGlob()}": "leakgate scan --staged" }
  a plain git hook, or husky 9's .husky/pre-commit:
    leakgate init --hook      (writes .git/hooks/pre-commit, never over one; adds to .husky/pre-commit)
`;

/** `leakgate init`: writes a starter .leakgate.json (never over an existing one) and, with --hook, the git hook. */
export async function runInit(flags: { hook?: boolean; force?: boolean }, io: Io): Promise<number> {
  const config = path.join(io.cwd, '.leakgate.json');
  const present = entryAt(config);
  if (present === 'link') throw new UsageError('.leakgate.json is a symbolic link: not written through (remove it first)');
  if (present && !flags.force) {
    io.stdout.write('.leakgate.json exists: left as it is\n');
  } else {
    writeFileSync(config, `${JSON.stringify(STARTER_CONFIG, null, 2)}\n`, { flag: present ? 'w' : 'wx' });
    io.stdout.write('wrote .leakgate.json\n');
  }
  if (!flags.hook) {
    io.stdout.write(SNIPPETS);
    return EXIT.OK;
  }
  let hooks: string;
  try {
    hooks = path.resolve(io.cwd, (await run('git', ['rev-parse', '--git-path', 'hooks'], { cwd: io.cwd })).stdout.trim());
  } catch {
    throw new UsageError('init --hook needs a git repository');
  }
  const husky = huskyHookDir(hooks);
  return husky ? addToHuskyHook(path.join(husky, 'pre-commit'), io) : writeGitHook(path.join(hooks, 'pre-commit'), io);
}

/**
 * husky 9 points core.hooksPath at `.husky/_`, a generated, git-ignored folder whose hooks run
 * the user's `.husky/<hook>` and nothing else (husky's `h` script), so a line added there never
 * runs: the hook to edit is `.husky/pre-commit`. (husky 8 used `.husky` itself, a plain folder.)
 */
function huskyHookDir(hooks: string): string | undefined {
  return path.basename(hooks) === '_' && existsSync(path.join(hooks, 'h')) ? path.dirname(hooks) : undefined;
}

/** Adds the leakgate lines to husky's pre-commit file (creating it if needed), once. */
function addToHuskyHook(hook: string, io: Io): number {
  const name = path.relative(io.cwd, hook);
  if (entryAt(hook) === 'link') throw new UsageError(`${name} is a symbolic link: not written through (remove it, or add the leakgate lines where it points)`);
  const before = existsSync(hook) ? readFileSync(hook, 'utf8') : '';
  if (before.includes('leakgate_bin')) {
    io.stdout.write(`${name} already runs leakgate\n`);
    return EXIT.OK;
  }
  writeFileSync(hook, `${before}${before && !before.endsWith('\n') ? '\n' : ''}${before ? '\n' : ''}${HOOK_LINES}`);
  chmodSync(hook, 0o755);
  io.stdout.write(`${before ? 'added leakgate to' : 'wrote'} ${name} (husky)\n`);
  return EXIT.OK;
}

/** Writes the plain git hook, never over an existing one. */
function writeGitHook(hook: string, io: Io): number {
  // anything at the hook's path, a dangling symbolic link included, is left alone: writing
  // through a link would put the hook (or clobber a file) wherever the link points
  if (entryAt(hook)) {
    io.stderr.write(`leakgate: ${path.relative(io.cwd, hook)} exists: not overwritten; add these lines to it instead:\n${HOOK_LINES}`);
    return EXIT.ERROR;
  }
  mkdirSync(path.dirname(hook), { recursive: true });
  // O_EXCL: fails if something (a link too) appeared there in the meantime
  writeFileSync(hook, GIT_HOOK, { flag: 'wx' });
  chmodSync(hook, 0o755);
  io.stdout.write(`installed ${path.relative(io.cwd, hook)}\n`);
  return EXIT.OK;
}

/** What is at a path without following a symbolic link: 'link', 'other' (a file, a folder…), or undefined. */
function entryAt(p: string): 'link' | 'other' | undefined {
  try {
    return lstatSync(p).isSymbolicLink() ? 'link' : 'other';
  } catch {
    return undefined;
  }
}
