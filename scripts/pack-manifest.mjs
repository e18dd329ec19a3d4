// Keeps the build out of the installed package's scripts. `prepare` builds dist/ wherever leakgate
// is installed from source (npm ci or npm install in a clone, a git URL, pre-commit's install),
// but npm 11 warns about a `prepare` (or any install script) in a package it installs, so the
// package.json that goes into a tarball must not have one:
//   node scripts/pack-manifest.mjs save      (prepack)  keeps a copy of package.json
//   node scripts/pack-manifest.mjs           (prepare)  when npm is packing this folder (it sets
//                                            npm_package_resolved only then: npm pack, a git
//                                            install), removes `prepare` from package.json
//   node scripts/pack-manifest.mjs restore   (postpack) puts the copy back
// A git install packs a throwaway clone, which is never restored; a checkout always is.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

const FILE = 'package.json';
const COPY = '.package.json.packing';

switch (process.argv[2]) {
  case 'save':
    writeFileSync(COPY, readFileSync(FILE));
    break;
  case 'restore':
    if (existsSync(COPY)) renameSync(COPY, FILE);
    break;
  case undefined: {
    const resolved = process.env.npm_package_resolved;
    if (!resolved || resolved === 'null') break;
    const pkg = JSON.parse(readFileSync(FILE, 'utf8'));
    delete pkg.scripts.prepare;
    writeFileSync(FILE, `${JSON.stringify(pkg, null, 2)}\n`);
    break;
  }
  default:
    throw new Error(`unknown mode ${process.argv[2]}: save, restore or none`);
}
