#!/usr/bin/env node
// npm run layers (part of npm test): no module under src/ over MAX_LINES lines (STYLE: a module
// has one job). KNOWN_LONG may list one being split, with who splits it; a listed module that
// has come under the limit is reported, to be taken off the list.
// Usage: node scripts/check-modules.mjs [--root DIR]  (DIR: a tree with src/ to check, default this repo)
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const MAX_LINES = 400;

/** Modules over the limit today, each with who splits it and when (none now: keep it so). */
export const KNOWN_LONG = {};

/** Every source module under `dir`, as `src/...` paths (generated code left out). */
function modules(root, dir = 'src') {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return rel === 'src/packs/generated' ? [] : modules(root, rel);
    return /\.(?:ts|mts|js|mjs)$/.test(e.name) ? [rel] : [];
  });
}

/** Modules over the limit and not known, and known ones now under it. */
export function checkModules(root = repo) {
  const long = [];
  const shorter = [];
  for (const file of modules(root)) {
    const lines = readFileSync(path.join(root, file), 'utf8').split('\n').length - 1;
    if (lines > MAX_LINES && !KNOWN_LONG[file]) long.push({ file, lines });
    if (lines <= MAX_LINES && KNOWN_LONG[file]) shorter.push({ file, lines });
  }
  return { long, shorter };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--root');
  const { long, shorter } = checkModules(at > 0 ? path.resolve(process.argv[at + 1]) : repo);
  for (const m of long) console.error(`modules: ${m.file} has ${m.lines} lines, over ${MAX_LINES}: split it by job`);
  for (const m of shorter) console.error(`modules: ${m.file} is down to ${m.lines} lines: take it off KNOWN_LONG in scripts/check-modules.mjs`);
  if (long.length > 0) process.exit(1);
  console.log(`modules: none over ${MAX_LINES} lines (${Object.keys(KNOWN_LONG).length - shorter.length} known, being split)`);
}
