import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { UsageError } from '../discover/discover.js';
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

/** The plain git hook `leakgate init --hook` installs: the staged content is what is checked. */
export const GIT_HOOK = `#!/bin/sh
# leakgate: refuse a commit that stages personal data (installed by \`leakgate init --hook\`).
# It scans the staged content (the git index), so a partly staged file is judged as committed.
if command -v leakgate >/dev/null 2>&1; then
  exec leakgate scan --staged --no-progress
fi
exec npx --no-install leakgate scan --staged --no-progress
`;

const SNIPPETS = `Hook it into commits, one of:
  pre-commit (https://pre-commit.com), in .pre-commit-config.yaml:
    repos:
      - repo: <leakgate's git URL or a local path>
        rev: <tag or commit>
        hooks:
          - id: leakgate
  husky + lint-staged, in package.json:
    "lint-staged": { "*.{csv,tsv,json,ndjson,jsonl,html,htm,txt}": "leakgate scan --staged" }
  a plain git hook:
    leakgate init --hook      (writes .git/hooks/pre-commit; never overwrites one)
`;

/** `leakgate init`: writes a starter .leakgate.json (never over an existing one) and, with --hook, the git hook. */
export async function runInit(flags: { hook?: boolean; force?: boolean }, io: Io): Promise<number> {
  const config = path.join(io.cwd, '.leakgate.json');
  if (existsSync(config) && !flags.force) {
    io.stdout.write('.leakgate.json exists: left as it is\n');
  } else {
    writeFileSync(config, `${JSON.stringify(STARTER_CONFIG, null, 2)}\n`);
    io.stdout.write('wrote .leakgate.json\n');
  }
  if (!flags.hook) {
    io.stdout.write(SNIPPETS);
    return EXIT.OK;
  }
  let hooks: string;
  try {
    hooks = (await run('git', ['rev-parse', '--git-path', 'hooks'], { cwd: io.cwd })).stdout.trim();
  } catch {
    throw new UsageError('init --hook needs a git repository');
  }
  const hook = path.resolve(io.cwd, hooks, 'pre-commit');
  if (existsSync(hook)) {
    io.stderr.write(`leakgate: ${path.relative(io.cwd, hook)} exists: not overwritten; add this line to it instead:\n  leakgate scan --staged --no-progress || exit 1\n`);
    return EXIT.ERROR;
  }
  mkdirSync(path.dirname(hook), { recursive: true });
  writeFileSync(hook, GIT_HOOK);
  chmodSync(hook, 0o755);
  io.stdout.write(`installed ${path.relative(io.cwd, hook)}\n`);
  return EXIT.OK;
}
