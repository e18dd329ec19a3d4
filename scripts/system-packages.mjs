// The Debian packages that `npm test` drives, obtained before the tests run: the pre-commit
// framework (the hook test), git (every hook and --staged test), chromium (the HTML report's
// browser tests, driven by playwright-core, which never downloads a browser) and ripgrep (packs
// export-regex must produce patterns it accepts). As root with apt-get, missing ones are
// installed; otherwise the run stops here, naming them and the command that installs them.
// Nothing is ever skipped: a test whose tool is missing would fail later, less clearly.
//   node scripts/system-packages.mjs [--check]   (--check: say what is missing, install nothing)
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** Each package, and how to tell it is there. */
const SYSTEM_PACKAGES = [
  { name: 'git', command: 'git' },
  { name: 'pre-commit', command: 'pre-commit' },
  { name: 'chromium', file: '/usr/bin/chromium' },
  { name: 'ripgrep', command: 'rg' },
];

/** The packages not present on this machine. */
function missingPackages(env = process.env) {
  return SYSTEM_PACKAGES.filter((p) => !(p.file ? executable(p.file) : onPath(p.command, env))).map((p) => p.name);
}

function onPath(command, env) {
  return (env.PATH ?? '').split(path.delimiter).some((dir) => dir && executable(path.join(dir, command)));
}

function executable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function run(command, args) {
  process.stderr.write(`system-packages: ${command} ${args.join(' ')}\n`);
  const r = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`})`);
}

function main() {
  const missing = missingPackages();
  if (missing.length === 0) return 0;
  const install = `apt-get install -y ${missing.join(' ')}`;
  const isRoot = process.getuid?.() === 0;
  if (process.argv.includes('--check') || !isRoot || !onPath('apt-get', process.env)) {
    process.stderr.write(
      `npm test needs these system packages, which are missing: ${missing.join(', ')}.\n` +
        `Install them (Debian or Ubuntu): sudo apt-get update && sudo ${install}\n` +
        (isRoot ? '' : 'As root, npm test installs them itself.\n'),
    );
    return 1;
  }
  try {
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', ...missing]);
  } catch (e) {
    process.stderr.write(`system-packages: could not install ${missing.join(', ')}: ${e.message}\n`);
    return 1;
  }
  const still = missingPackages();
  if (still.length > 0) {
    process.stderr.write(`system-packages: installed, yet still missing: ${still.join(', ')}\n`);
    return 1;
  }
  process.stderr.write(`system-packages: installed ${missing.join(', ')}\n`);
  return 0;
}

process.exitCode = main();
