#!/usr/bin/env node
// npm run bench: leakgate's speed and memory on what users scan, against ripgrep. Not part of npm test.
//
// Inputs (scripts/bench-data.mjs, made once into bench/out/): the 1 GB police.uk street CSV, a
// free-text case CSV with no known shape, NDJSON, pretty and single-line JSON, HTML pages, and
// folders of 50,000 small JSON and 20,000 small HTML files. For each: wall time, MB/s and peak
// RSS (GNU time) on all cores and on one thread, the findings, and ripgrep running the patterns
// of `leakgate packs export-regex` on the same input. Then the one-file scan: hyperfine's median
// of `leakgate scan FILE` minus that of `node -e 0`, both in one hyperfine run.
//
// Options: --quick (small inputs, a fast check), --runs N (best of N, default 3), --only ID[,ID]
// (inputs by id, and `startup` for the one-file scan), --bin [LABEL=]PATH (repeatable: bench other
// builds of leakgate, e.g. an old and a new one, interleaved on the same inputs), --save NAME
// (write bench/NAME.md and bench/NAME.json; default results), --generate (make the inputs, no runs),
// --wait-idle P (on a shared machine: before each round of runs, wait up to 10 minutes until the
// CPUs were at least P % idle over 10 seconds, from /proc/stat).
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { INPUTS, ensureInput } from './bench-data.mjs';
import { toMarkdown } from './bench-report.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'bench/out');
const TIME = '/usr/bin/time';
const SMALL = 'examples/leaky-bundle/asb-priorities.csv';
const log = (m) => process.stderr.write(`${m}\n`);
const fail = (m) => {
  log(`bench: ${m}`);
  process.exit(2);
};

// ---- options
const argv = process.argv.slice(2);
const opt = { quick: false, runs: 3, only: null, bins: [], save: 'results', generate: false, waitIdle: 0 };
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const value = () => argv[++i] ?? fail(`${a} needs a value`);
  if (a === '--quick') opt.quick = true;
  else if (a === '--generate') opt.generate = true;
  else if (a === '--runs') opt.runs = Number(value());
  else if (a === '--only') opt.only = value().split(',');
  else if (a === '--bin') opt.bins.push(value());
  else if (a === '--save') opt.save = value();
  else if (a === '--wait-idle') opt.waitIdle = Number(value());
  else fail(`unknown option ${a} (see the comment at the top of scripts/bench.mjs)`);
}
if (!Number.isInteger(opt.runs) || opt.runs < 1) fail('--runs needs a whole number of at least 1');
if (!(opt.waitIdle >= 0 && opt.waitIdle <= 100)) fail('--wait-idle needs a percentage');
const ids = [...INPUTS.map((i) => i.id), 'startup'];
for (const id of opt.only ?? []) if (!ids.includes(id)) fail(`--only ${id}: not an input (${ids.join(', ')})`);
const wanted = (id) => !opt.only || opt.only.includes(id);

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
if (!has('rg')) fail('ripgrep (rg) is needed as the yardstick; on Debian: apt-get install ripgrep');
if (!existsSync(TIME)) fail('GNU time (/usr/bin/time) is needed for peak RSS; on Debian: apt-get install time');
if (wanted('startup') && !has('hyperfine')) fail('hyperfine is needed for the one-file scan; on Debian: apt-get install hyperfine');

/** A build to bench: label, path, and a description from its git checkout. */
function build(spec) {
  const eq = spec.indexOf('=');
  const file = path.resolve(eq > 0 ? spec.slice(eq + 1) : spec);
  if (!existsSync(file)) fail(`--bin ${file}: no such file`);
  const dir = path.dirname(path.dirname(file));
  const git = (...a) => spawnSync('git', ['-C', dir, ...a], { encoding: 'utf8' }).stdout?.trim();
  const commit = git('rev-parse', '--short', 'HEAD');
  // changes to what the build is made of, not to these scripts or the notes
  const dirty = commit && git('status', '--porcelain', '--untracked-files=no', '--', 'src', 'bin', 'patterns', 'scripts/build.mjs', 'package.json') ? '+changes' : '';
  const label = eq > 0 ? spec.slice(0, eq) : commit ? `${commit}${dirty}` : path.basename(dir);
  return { label, path: file, commit: commit ? `${commit}${dirty}` : null };
}
if (!opt.bins.length) {
  if (!existsSync(path.join(root, 'dist/cli.js'))) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  opt.bins.push(path.join(root, 'bin/leakgate.js'));
}
const builds = opt.bins.map(build);

// ---- inputs
mkdirSync(out, { recursive: true });
const inputs = [];
for (const input of INPUTS.filter((i) => wanted(i.id))) {
  try {
    inputs.push({ ...input, ...(await ensureInput(input, out, opt.quick, log)) });
  } catch (e) {
    fail(`${input.id}: ${e.message}`);
  }
}
if (opt.generate) process.exit(0);

// each build's exported patterns, in a file named by their hash (builds that agree share rg runs)
for (const b of builds) {
  const text = execFileSync(process.execPath, [b.path, 'packs', 'export-regex'], { maxBuffer: 1 << 26 });
  b.patterns = path.join(out, `patterns-${createHash('sha256').update(text).digest('hex').slice(0, 12)}.txt`);
  writeFileSync(b.patterns, text);
}

// ---- measuring
/**
 * Runs a command under GNU time: wall seconds, CPU seconds (user + system, all threads: less
 * disturbed by other work than wall time), peak RSS in MB (10^6 bytes, the unit of issue 16's limit; GNU time
 * gives KiB), exit status, stdout and stderr.
 */
function timed(cmd, args) {
  const stats = path.join(out, '.time');
  const t0 = process.hrtime.bigint();
  const r = spawnSync(TIME, ['-o', stats, '-f', '%M %U %S', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const [rssKb, user, sys] = readFileSync(stats, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
  rmSync(stats, { force: true });
  return { s, cpuS: user + sys, rssMb: (rssKb * 1024) / 1e6, status: r.status, stdout: r.stdout, stderr: r.stderr.slice(0, 2000) };
}

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
const cpuTimes = () => readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);

/** Percentage of CPU time idle (idle + iowait) over `ms`, from /proc/stat; null where there is none. */
function idlePercent(ms) {
  if (!existsSync('/proc/stat')) return null;
  const a = cpuTimes();
  sleep(ms);
  const d = cpuTimes().map((v, i) => v - a[i]);
  const total = d.reduce((x, y) => x + y, 0);
  return total ? (100 * (d[3] + d[4])) / total : null;
}

/** With --wait-idle, waits (10 minutes at most) for the machine to be that idle; returns the idle % seen. */
function calm(what) {
  if (!opt.waitIdle) return idlePercent(2000);
  const until = Date.now() + 10 * 60_000;
  let idle = idlePercent(10_000);
  while (idle !== null && idle < opt.waitIdle && Date.now() < until) {
    log(`bench: ${what}: waiting for the CPUs to be ${opt.waitIdle} % idle (${idle.toFixed(0)} %, load ${os.loadavg()[0].toFixed(2)})`);
    idle = idlePercent(10_000);
  }
  return idle;
}

/** The best run by time, with every run's time kept. */
const best = (runs) => ({ ...runs.reduce((a, b) => (b.s < a.s ? b : a)), times: runs.map((r) => r.s) });
const scan = (b, p, extra) => {
  const r = timed(process.execPath, [b.path, 'scan', p, '-q', '--fail-on', 'none', ...extra]);
  const m = /(\d+|no) findings?/.exec(`${r.stdout}\n${r.stderr}`); // -q: the verdict line is on stderr
  return { s: r.s, cpuS: r.cpuS, rssMb: r.rssMb, status: r.status, findings: m?.[1], error: r.status === 0 ? undefined : r.stderr };
};
const ripgrep = (patterns, p) => {
  const r = timed('rg', ['--no-config', '--no-ignore', '--hidden', '--count-matches', '-f', patterns, p]);
  const matches = r.stdout.split('\n').reduce((n, l) => n + (Number(l.split(':').at(-1)) || 0), 0);
  return { s: r.s, cpuS: r.cpuS, rssMb: r.rssMb, status: r.status, matches, error: r.status > 1 ? r.stderr : undefined };
};

const loadStart = os.loadavg();
const rows = [];
for (const input of inputs) {
  const mb = input.bytes / 1e6;
  const load = os.loadavg()[0];
  const all = builds.map(() => []);
  const one = builds.map(() => []);
  const idle = [];
  for (const [mode, runs, extra] of [['all cores', all, []], ['1 thread', one, ['-j', '1']]]) {
    for (let i = 0; i < opt.runs; i++) {
      idle.push(calm(`${input.id} · ${mode} · run ${i + 1}`));
      builds.forEach((b, k) => {
        const r = scan(b, input.path, extra);
        log(`bench: ${input.id} · ${b.label} · ${mode} · run ${i + 1}: ${r.s.toFixed(2)} s (CPU ${r.cpuS.toFixed(2)} s), ${Math.round(r.rssMb)} MB, exit ${r.status}, ${r.findings ?? '?'} findings (load ${os.loadavg()[0].toFixed(2)})`);
        runs[k].push(r);
      });
    }
  }
  const rg = new Map();
  for (const p of new Set(builds.map((b) => b.patterns))) {
    const runs = [];
    for (let i = 0; i < opt.runs; i++) {
      idle.push(calm(`${input.id} · ripgrep · run ${i + 1}`));
      runs.push(ripgrep(p, input.path));
    }
    rg.set(p, best(runs));
    log(`bench: ${input.id} · ripgrep (${path.basename(p)}): ${rg.get(p).s.toFixed(2)} s, ${rg.get(p).matches} matches`);
  }
  const idleSeen = idle.filter((x) => x !== null).sort((a, b) => a - b)[0];
  builds.forEach((b, k) => rows.push({ input: input.id, build: b.label, mb, files: input.files, load, idle: idleSeen, all: best(all[k]), one: best(one[k]), rg: rg.get(b.patterns) }));
}

// the one-file scan, the pre-commit case: hyperfine, node -e 0 in the same run
let startup;
if (wanted('startup')) {
  const json = path.join(out, 'hyperfine.json');
  const quote = (s) => (/[\s'"]/.test(s) ? `'${s.replace(/'/g, "'\\''")}'` : s);
  const runs = opt.quick ? 10 : 40;
  const warmup = 5;
  const idle = calm('startup');
  const load = os.loadavg()[0];
  const args = ['-N', '--warmup', String(warmup), '--runs', String(runs), '--export-json', json, '--style', 'basic', '-n', 'node -e 0', `${quote(process.execPath)} -e 0`];
  for (const b of builds) args.push('-n', `leakgate ${b.label}`, `${quote(process.execPath)} ${quote(b.path)} scan ${quote(path.join(root, SMALL))} -q --fail-on none`);
  log(`bench: startup · hyperfine, ${runs} runs each`);
  execFileSync('hyperfine', args, { stdio: ['ignore', 'ignore', 'inherit'] });
  const ms = (x) => x * 1000;
  const results = JSON.parse(readFileSync(json, 'utf8')).results.map((r) => ({
    name: r.command, median: ms(r.median), mean: ms(r.mean), stddev: ms(r.stddev), min: ms(r.min), max: ms(r.max), times: r.times.map(ms),
  }));
  startup = { file: SMALL, runs, warmup, load, idle, results, nodeMedian: results[0].median };
}

// ---- report
const session = {
  date: new Date().toISOString().slice(0, 16).replace('T', ' '),
  quick: opt.quick,
  runs: opt.runs,
  machine: {
    cores: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? 'unknown CPU',
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    rg: execFileSync('rg', ['--version'], { encoding: 'utf8' }).split('\n')[0],
    hyperfine: has('hyperfine') ? execFileSync('hyperfine', ['--version'], { encoding: 'utf8' }).trim() : 'no hyperfine',
  },
  loadStart,
  loadEnd: os.loadavg(),
  waitIdle: opt.waitIdle,
  builds: builds.map(({ label, path: p, commit }) => ({ label, path: p, commit })),
  inputs: inputs.map((i) => ({ id: i.id, file: path.basename(i.path), what: i.what, bytes: i.bytes, files: i.files })),
  rows,
  startup,
};
const md = toMarkdown(session);
writeFileSync(path.join(root, `bench/${opt.save}.md`), md);
writeFileSync(path.join(root, `bench/${opt.save}.json`), `${JSON.stringify(session, null, 2)}\n`);
process.stdout.write(md);
