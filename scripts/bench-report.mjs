// Writes what `npm run bench` measured: a Markdown table for people and the same figures as JSON.
// Run directly, it renders a saved session again: node scripts/bench-report.mjs bench/results.json
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const f1 = (n) => (Number.isFinite(n) ? n.toFixed(1) : '–');
const f2 = (n) => (Number.isFinite(n) ? n.toFixed(2) : '–');
const int = (n) => (Number.isFinite(n) ? String(Math.round(n)) : '–');
const loads = (l) => l.map((x) => x.toFixed(2)).join(' / ');

/** The findings cell: the count from the verdict line, or the failure. */
function findings(run) {
  if (!run) return '–';
  if (run.status !== 0) return `**exit ${run.status}**${run.findings ? ` (${run.findings})` : ''}`;
  return run.findings ?? '?';
}

/** The Markdown report of one bench session. */
export function toMarkdown(s) {
  const lines = [
    `# leakgate benchmark${s.quick ? ' (--quick: small inputs, for a fast check only)' : ''}`,
    '',
    `${s.date} · ${s.machine.cores} cores (${s.machine.cpu}) · ${s.machine.memGiB} GiB · Node ${s.machine.node} · ${s.machine.rg} · ${s.machine.hyperfine}`,
    '',
    `Load average (1 / 5 / 15 min) at the start: ${loads(s.loadStart)}; at the end: ${loads(s.loadEnd)}. "load" is the 1-minute`,
    `load average when that input's runs began (on ${s.machine.cores} cores, above ${s.machine.cores} means other work shared the CPU); "idle" is the least`,
    `idle the CPUs were (/proc/stat) in the ${s.waitIdle ? '10' : '2'} s before any round of that input's runs${s.waitIdle ? ` (each round waited for ${s.waitIdle} % idle, 10 minutes at most)` : ''}.`,
    '',
    '| build | commit | leakgate |',
    '|---|---|---|',
    ...s.builds.map((b) => `| ${b.label} | ${b.commit ?? '?'} | \`${b.path}\` |`),
    '',
  ];
  if (s.rows.length) {
    lines.push(
      `Best of ${s.runs} runs (runs of the builds interleaved, input by input). "all cores" is the default (\`-j\` = cores),`,
      '"1 thread" is `-j 1`; the command is `leakgate scan INPUT -q --fail-on none`. Peak RSS is GNU time\'s maximum resident',
      'set size of the best run, in MB (10^6 bytes); "CPU s" its user + system time over all threads, the work done (less disturbed by other',
      'load than wall time). ripgrep runs each build\'s own patterns from `leakgate packs export-regex` (look-arounds dropped) with',
      '`rg --no-config --no-ignore --hidden --count-matches -f`: it validates nothing and reports every candidate,',
      'leakgate only what survives validation, context and the public-by-design allowances. "÷ rg" is leakgate (all cores) ÷ ripgrep.',
      '',
      '| input | build | MB | files | all cores: s | MB/s | CPU s | peak RSS MB | 1 thread: s | MB/s | peak RSS MB | ripgrep s | ÷ rg | rg matches | findings | load | idle % |',
      '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...s.rows.map((r) => `| ${r.input} | ${r.build} | ${f1(r.mb)} | ${r.files} | ${f2(r.all?.s)} | ${f1(r.mb / r.all?.s)} | ${f1(r.all?.cpuS)} | ${int(r.all?.rssMb)} | ${f2(r.one?.s)} | ${f1(r.mb / r.one?.s)} | ${int(r.one?.rssMb)} | ${f2(r.rg?.s)} | ${f1(r.all?.s / r.rg?.s)} | ${r.rg?.matches ?? '–'} | ${findings(r.all)} | ${f2(r.load)} | ${int(r.idle)} |`),
      '',
    );
  }
  if (s.startup) {
    const u = s.startup;
    lines.push(
      `One-file scan, the pre-commit case: \`leakgate scan ${u.file} -q --fail-on none\` against \`node -e 0\`, measured by`,
      `hyperfine in one run (\`-N\`, ${u.warmup} warm-up runs, ${u.runs} runs each); load ${f2(u.load)}, ${int(u.idle)} % idle when it began.`,
      '',
      '| command | median ms | mean ± σ ms | min ms | max ms | median − node -e 0 |',
      '|---|---:|---:|---:|---:|---:|',
      ...u.results.map((r) => `| ${r.name} | ${f1(r.median)} | ${f1(r.mean)} ± ${f1(r.stddev)} | ${f1(r.min)} | ${f1(r.max)} | ${r.name === 'node -e 0' ? '' : `**${f1(r.median - u.nodeMedian)}**`} |`),
      '',
    );
  }
  lines.push('## Inputs', '', 'Generated once into `bench/out/` (git-ignored) by scripts/bench-data.mjs with seeded generators: fictional values only (Ofcom drama numbers, example.com mail, documentation IP ranges, invented checksum-valid identifiers), shapes from `../shared/corpus/synthetic`.', '');
  lines.push('| input | made as | what it is |', '|---|---|---|', ...s.inputs.map((i) => `| ${i.id} | \`bench/out/${i.file}\` | ${i.what} |`), '');
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file?.endsWith('.json')) {
    process.stderr.write('usage: node scripts/bench-report.mjs bench/NAME.json (writes bench/NAME.md)\n');
    process.exit(2);
  }
  writeFileSync(file.replace(/\.json$/, '.md'), toMarkdown(JSON.parse(readFileSync(file, 'utf8'))));
}
