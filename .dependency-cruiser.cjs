// The layers of DESIGN.md, checked by `npm run layers` (scripts/check-layers.mjs, part of npm test):
//   bin → cli → {config, packs, scan, report}
//   scan → discover → read → extract → normalize → detect → filter   (each only downwards)
//   everything → types; types imports nothing; src/shared is importable by all and imports only types.
//   src/formats, the format registry (each format's names, extensions and sniffing), is importable
//   by all and imports only types, shared and the extractors it loads on first use.
// Where the folders sit: the scan stage is src/scan.ts (it only orders stages), the parallel stage
// src/parallel/ under it, and the engine they share (src/scan-*.ts, src/spool/) under that; the
// archive readers are part of read. Entry points (src/api.ts, src/cli/, and the worker thread's
// main, src/parallel/scan-worker.ts) may import anything and nothing imports them. Redaction is a
// command: only entry points import it. Known exceptions (none today), each with its reason, are listed in
// scripts/check-layers.mjs, not here.

const L = {
  types: '^src/(types\\.ts$|types/)',
  shared: '^src/shared/',
  formats: '^src/formats/',
  entry: '^src/(api\\.ts$|cli/|parallel/scan-worker\\.ts$)',
  redact: '^src/redact/',
  config: '^src/config/',
  packs: '^src/packs/',
  report: '^src/report/',
  scan: '^src/scan\\.ts$',
  parallel: '^src/parallel/(?!scan-worker\\.ts$)',
  engine: '^src/(scan-[a-z-]+\\.ts$|spool/)',
  discover: '^src/discover/',
  read: '^src/(read|archive)/',
  extract: '^src/extract/',
  normalize: '^src/normalize/',
  detect: '^src/detect/',
  filter: '^src/filter/',
};
const CHAIN = ['scan', 'parallel', 'engine', 'discover', 'read', 'extract', 'normalize', 'detect', 'filter'];
const any = (...names) => names.map((n) => `(?:${L[n]})`).join('|');

/** A stage of the chain imports no stage before it. */
const upward = CHAIN.slice(1).map((name, i) => ({
  name: `no-upward-${name}`,
  comment: `${name} is after ${CHAIN.slice(0, i + 1).join(', ')} in the chain: it must not import them`,
  severity: 'error',
  from: { path: L[name] },
  to: { path: any(...CHAIN.slice(0, i + 1)) },
}));

/** `from` imports nothing of ours but its own folder and the modules listed. */
const only = (name, from, ...allowed) => ({
  name,
  comment: `${from} imports only ${allowed.join(', ')} (and itself)`,
  severity: 'error',
  from: { path: L[from] },
  to: { path: '^src/', pathNot: any(from, ...allowed) },
});

module.exports = {
  forbidden: [
    { name: 'no-circular', comment: 'no import cycle, of values or of types', severity: 'error', from: {}, to: { circular: true } },
    { name: 'types-import-nothing', comment: 'src/types imports nothing but itself', severity: 'error', from: { path: L.types }, to: { pathNot: L.types } },
    only('shared-imports-types', 'shared', 'types'),
    only('formats-declare', 'formats', 'types', 'shared', 'extract'),
    only('config-below-cli', 'config', 'types', 'shared', 'formats'),
    only('packs-below-cli', 'packs', 'types', 'shared', 'formats'),
    only('report-below-cli', 'report', 'types', 'shared', 'formats'),
    { name: 'entries-imported-by-none', comment: 'nothing imports the CLI, the API or the worker main', severity: 'error', from: { pathNot: L.entry }, to: { path: L.entry } },
    { name: 'redact-is-a-command', comment: 'only entry points import redaction', severity: 'error', from: { pathNot: any('entry', 'redact') }, to: { path: L.redact } },
    { name: 'chain-below-commands', comment: 'the scan chain does not import config, packs or redaction: the CLI hands it a ruleset', severity: 'error', from: { path: any(...CHAIN) }, to: { path: any('config', 'packs', 'redact') } },
    { name: 'report-from-scan-only', comment: 'of the chain, only the scan stage and the engine build reports', severity: 'error', from: { path: any('parallel', 'discover', 'read', 'extract', 'normalize', 'detect', 'filter') }, to: { path: L.report } },
    ...upward,
  ],
  options: {
    // TypeScript 7 has no compiler API in JavaScript: the sources are parsed with swc
    parser: 'swc',
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/packs/generated/' },
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
