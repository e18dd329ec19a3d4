#!/usr/bin/env node
// npm run layers (part of npm test): the import rules of .dependency-cruiser.cjs (DESIGN's layers,
// no cycles) checked on src/ by dependency-cruiser. Fails on any violation not listed in KNOWN
// below; a KNOWN entry that no longer occurs is reported, to be removed (the list only shrinks).
// Usage: node scripts/check-layers.mjs [--root DIR]  (DIR: a tree with src/ to check, default this repo)
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Imports that break a rule today, each with why it is left: none. An entry is
 * `{ rule, from, to, why }` (rule name, importing module, imported module: paths from the root);
 * one that no longer occurs is reported, so the list only shrinks.
 */
export const KNOWN = [];

/** The violations of the rules in `root`/src, and the known ones that no longer occur. */
export function checkLayers(root = repo) {
  const r = spawnSync(process.execPath, [path.join(repo, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'), 'src', '--config', path.join(repo, '.dependency-cruiser.cjs'), '--output-type', 'json'], { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status === null || !r.stdout) throw new Error(`dependency-cruiser did not run: ${r.stderr || r.error}`);
  const { summary } = JSON.parse(r.stdout);
  const isKnown = (v) => KNOWN.some((k) => k.rule === v.rule.name && k.from === v.from && k.to === v.to);
  const violations = summary.violations.filter((v) => !isKnown(v)).map((v) => ({ rule: v.rule.name, from: v.from, to: v.to, ...(v.cycle ? { cycle: v.cycle.map((c) => c.name ?? c) } : {}) }));
  const stale = KNOWN.filter((k) => !summary.violations.some((v) => k.rule === v.rule.name && k.from === v.from && k.to === v.to));
  return { violations, stale, modules: summary.totalCruised, imports: summary.totalDependenciesCruised };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--root');
  const root = at > 0 ? path.resolve(process.argv[at + 1]) : repo;
  const { violations, stale, modules, imports } = checkLayers(root);
  for (const v of violations) console.error(`layers: ${v.rule}: ${v.from} → ${v.to}${v.cycle ? ` (cycle: ${[v.from, ...v.cycle].join(' → ')})` : ''}`);
  for (const k of stale) console.error(`layers: a known violation no longer occurs: remove it from KNOWN in scripts/check-layers.mjs: ${k.rule}: ${k.from} → ${k.to}`);
  if (violations.length > 0) {
    console.error(`layers: ${violations.length} import(s) break the rules of .dependency-cruiser.cjs (DESIGN's layers, no cycles)`);
    process.exit(1);
  }
  console.log(`layers: ${modules} modules, ${imports} imports: no cycle, no upward import (${KNOWN.length} known exceptions)`);
}
