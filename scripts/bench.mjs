#!/usr/bin/env node
// npm run bench: leakgate's speed and memory on large inputs, against ripgrep. Not part of npm test.
//
// Inputs (made once, kept in bench/out/): a 1 GB police.uk street-level CSV from
// ../shared/eval/gen-big.mjs, a 200 MB NDJSON of police.uk API records, the same records as one
// JSON array on a single line, and a 200 MB folder of HTML pages (scripts/bench-data.mjs). For
// each: wall time and MB/s, peak RSS (GNU time), on all cores and on one; and ripgrep on the same input with the built-in packs' patterns exported by
// `leakgate packs export-regex`, as a time ratio. Then the median of a one-file scan.
// Writes bench/results.md. Options: --quick (100 MB CSV, 20 MB NDJSON and HTML), --runs N.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeHtml, makeJsonLine, makeNdjson } from './bench-data.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'bench/out');
const bin = path.join(root, 'bin/leakgate.js');
const quick = process.argv.includes('--quick');
const runsAt = process.argv.indexOf('--runs');
const RUNS = runsAt > 0 ? Number(process.argv[runsAt + 1]) : 3;
const SIZES = quick ? { csv: 100, ndjson: 20, html: 20 } : { csv: 1000, ndjson: 200, html: 200 };
const GEN_BIG = path.resolve(root, '../shared/eval/gen-big.mjs');
const TIME = '/usr/bin/time';

function need(cmd, why) {
  if (spawnSync('sh', ['-c', `command -v ${cmd}`]).status !== 0) {
    console.error(`bench: ${cmd} is needed (${why}); on Debian: apt-get install ${cmd === 'rg' ? 'ripgrep' : cmd}`);
    process.exit(2);
  }
}
need('rg', 'the yardstick');
if (!existsSync(TIME)) {
  console.error('bench: GNU time (/usr/bin/time) is needed for peak RSS; on Debian: apt-get install time');
  process.exit(2);
}
if (!existsSync(path.join(root, 'dist/leakgate.js'))) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
mkdirSync(out, { recursive: true });

// ---- inputs
const inputs = [];
const csv = path.join(out, `street-${SIZES.csv}mb.csv`);
if (!existsSync(csv)) {
  if (!existsSync(GEN_BIG)) {
    console.error(`bench: ${GEN_BIG} not found (the shared eval tools)`);
    process.exit(2);
  }
  console.error(`bench: generating ${csv}`);
  execFileSync(process.execPath, [GEN_BIG, '--out', csv, '--mb', String(SIZES.csv)], { stdio: 'inherit' });
}
inputs.push({ name: `street-level CSV, ${SIZES.csv} MB (gen-big)`, path: csv });
const ndjson = path.join(out, `api-${SIZES.ndjson}mb.ndjson`);
if (!existsSync(ndjson)) {
  console.error(`bench: generating ${ndjson}`);
  await makeNdjson(ndjson, SIZES.ndjson);
}
inputs.push({ name: `police.uk API records, NDJSON, ${SIZES.ndjson} MB`, path: ndjson });
const jsonLine = path.join(out, `api-${SIZES.ndjson}mb-one-line.json`);
if (!existsSync(jsonLine)) {
  console.error(`bench: generating ${jsonLine}`);
  await makeJsonLine(jsonLine, SIZES.ndjson);
}
inputs.push({ name: `the same records as one JSON array on one line, ${SIZES.ndjson} MB`, path: jsonLine });
const html = path.join(out, `pages-${SIZES.html}mb`);
if (!existsSync(html)) {
  console.error(`bench: generating ${html}/`);
  await makeHtml(html, SIZES.html);
}
inputs.push({ name: `HTML pages, ${SIZES.html} × 1 MB`, path: html });
const patterns = path.join(out, 'patterns.txt');
writeFileSync(patterns, execFileSync(process.execPath, [bin, 'packs', 'export-regex']));

// ---- measuring
function bytesOf(p) {
  const s = statSync(p);
  return s.isDirectory() ? readdirSync(p).reduce((n, f) => n + statSync(path.join(p, f)).size, 0) : s.size;
}

/** Runs a command under GNU time; returns wall seconds and peak RSS in MB (the best of RUNS by time). */
function timed(cmd, args) {
  let best;
  for (let i = 0; i < RUNS; i++) {
    const r = spawnSync(TIME, ['-f', '%e %M', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
    const last = r.stderr.trim().split('\n').at(-1).split(' ');
    const run = { s: Number(last[0]), rssMb: Number(last[1]) / 1024, status: r.status, stdout: r.stdout };
    if (!best || run.s < best.s) best = run;
  }
  return best;
}

const rows = [];
for (const input of inputs) {
  const mb = bytesOf(input.path) / 1e6;
  console.error(`bench: ${input.name}`);
  const all = timed(process.execPath, [bin, 'scan', input.path, '-q', '--fail-on', 'none']);
  const one = timed(process.execPath, [bin, 'scan', input.path, '-q', '--fail-on', 'none', '-j', '1']);
  const rg = timed('rg', ['--no-config', '--count-matches', '-f', patterns, input.path]);
  const findings = /(\d+|no) findings?/.exec(all.stdout);
  rows.push({ ...input, mb, all, one, rg, findings: findings?.[1] });
}

// one-file scan: the pre-commit case
const small = path.join(root, 'examples/leaky-bundle/asb-priorities.csv');
const startTimes = [];
for (let i = 0; i < 21; i++) {
  const t0 = process.hrtime.bigint();
  spawnSync(process.execPath, [bin, 'scan', small, '-q'], { stdio: 'ignore' });
  startTimes.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
startTimes.sort((a, b) => a - b);
const median = startTimes[10];

// ---- report
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const f1 = (n) => n.toFixed(1);
const f2 = (n) => n.toFixed(2);
const lines = [
  '# leakgate benchmark',
  '',
  `${new Date().toISOString().slice(0, 10)} · ${os.availableParallelism()} cores (${cpu}) · ${Math.round(os.totalmem() / 2 ** 30)} GiB · Node ${process.version} · ${execFileSync('rg', ['--version'], { encoding: 'utf8' }).split('\n')[0]}`,
  '',
  `Best of ${RUNS} runs. "all cores" is the default (\`-j\` = cores); "1 thread" is \`-j 1\`. ripgrep runs the`,
  'built-in rules\' patterns from `leakgate packs export-regex` (look-arounds dropped), counting',
  'matches: it validates nothing, so it reports every candidate, leakgate only real findings.',
  '',
  '| input | MB | all cores: s | MB/s | peak RSS MB | 1 thread: s | MB/s | peak RSS MB | ripgrep s | leakgate ÷ rg | findings |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map((r) => `| ${r.name} | ${f1(r.mb)} | ${f2(r.all.s)} | ${f1(r.mb / r.all.s)} | ${Math.round(r.all.rssMb)} | ${f2(r.one.s)} | ${f1(r.mb / r.one.s)} | ${Math.round(r.one.rssMb)} | ${f2(r.rg.s)} | ${f2(r.all.s / r.rg.s)} | ${r.findings ?? '?'} |`),
  '',
  `One-file scan (\`leakgate scan examples/leaky-bundle/asb-priorities.csv\`), median of 21: **${Math.round(median)} ms** (min ${Math.round(startTimes[0])}, max ${Math.round(startTimes[20])}).`,
  '',
];
mkdirSync(path.join(root, 'bench'), { recursive: true });
writeFileSync(path.join(root, 'bench/results.md'), `${lines.join('\n')}`);
process.stdout.write(`${lines.join('\n')}`);
