// Builds the CLI as one script that bin/load-cli.js runs with V8's code cache (issue 16: a
// one-file scan within 40 ms of bare node). An ES module graph cannot use a code cache on Node 20
// (module.enableCompileCache came with Node 22), and each of its ~40 chunks costs a resolve and a
// fetch, so the CLI is bundled as CommonJS into dist/cli.js, wrapped in a function that
// vm.Script compiles; dist/cli.cache is the code cache of a scan run at build time, holding the
// bytecode of every function that scan ran. What a one-file scan spent (CPU, Node 20, 2 cores):
// about 50 ms compiling and evaluating modules, 15 ms loading Node's own modules it never used.
//
// - Libraries only some commands load and that are large (pdf.js, scslre and regexpp: 3.4 of
//   the bundle's 4.5 MB) stay out of the script, in dist/vendor/*.cjs, required on first use.
// - Modules the scan may never touch (Node's zlib, worker_threads, child_process…, yauzl) are
//   required on first use of one of their exports, not when a module importing them is evaluated.
// - The script is ASCII, so that it is read as latin1: decoding 4 MB of UTF-8 cost 40 ms.
import { spawnSync } from 'node:child_process';
import { builtinModules, createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
const SRC = path.resolve('src') + path.sep;

/** Bundled libraries kept out of the CLI script, by import specifier: each becomes dist/vendor/NAME.cjs. */
const VENDOR = { 'unpdf/pdfjs': 'pdfjs', scslre: 'scslre', '@eslint-community/regexpp': 'regexpp' };

/** Node's modules a scan needs at start-up anyway: these are required as they are. */
const EAGER = new Set(['fs', 'path', 'path/posix', 'url', 'events', 'util', 'buffer', 'module', 'process', 'os']);

/** Resolves the vendored specifiers to their dist/vendor file, relative to the requiring script. */
function vendorPlugin(prefix) {
  const filter = new RegExp(`^(?:${Object.keys(VENDOR).map((s) => s.replace(/[/.]/g, '\\$&')).join('|')})$`);
  return {
    name: 'vendor',
    setup(b) {
      b.onResolve({ filter }, (args) => ({ path: `${prefix}${VENDOR[args.path]}.cjs`, external: true }));
    },
  };
}

/**
 * What is required on the first use of one of its exports instead of when the module importing it
 * is evaluated: the import becomes an object of getters, one per export the module has where the
 * build runs. Each entry: the importers (a path prefix) and which of their imports are lazy.
 * - src/: Node's modules but EAGER (src imports them by name, never calls the module itself), and
 *   yauzl (only a zip needs it; with it came zlib and stream);
 * - commander: child_process (and net, dgram), for subcommands run as programs, which we have not.
 */
const LAZY = [
  { importer: SRC, lazy: (spec) => (builtinModules.includes(spec.replace(/^node:/, '')) && !EAGER.has(spec.replace(/^node:/, ''))) || spec === 'yauzl' },
  { importer: path.resolve('node_modules/commander') + path.sep, lazy: (spec) => spec === 'node:child_process' },
];

const lazyImports = {
  name: 'lazy-imports',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.namespace === 'lazy' || !LAZY.some((l) => args.importer.startsWith(l.importer) && l.lazy(args.path))) return undefined;
      return { path: args.path, namespace: 'lazy' };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, (args) => {
      const spec = JSON.stringify(builtinModules.includes(args.path.replace(/^node:/, '')) ? `node:${args.path.replace(/^node:/, '')}` : args.path);
      const names = Object.keys(require(args.path)).filter((n) => n !== 'default' && n !== '__esModule');
      const getters = names.map((n) => `${JSON.stringify(n)}: { get: () => load()[${JSON.stringify(n)}], enumerable: true }`).join(',\n');
      return {
        contents: `let mod;\nconst load = () => (mod ??= require(${spec}));\nmodule.exports = Object.defineProperties({}, {\n${getters}\n});\n`,
        loader: 'js',
        resolveDir: process.cwd(),
      };
    });
  },
};

/**
 * chalk's colour detection, which loads tty (and net) to set the level of chalk's default
 * instances: leakgate makes its own (cli/io.ts: new Chalk({ level }), from NO_COLOR, FORCE_COLOR
 * and whether the output is a terminal).
 */
const noChalkDetection = {
  name: 'no-chalk-detection',
  setup(b) {
    b.onResolve({ filter: /^#supports-color$/ }, () => ({ path: 'supports-color', namespace: 'no-detection' }));
    b.onLoad({ filter: /.*/, namespace: 'no-detection' }, () => ({ contents: 'export default { stdout: false, stderr: false };', loader: 'js' }));
  },
};

/**
 * Builds dist/vendor/*.cjs, dist/cli.js and its code cache; returns the esbuild metafiles (for
 * the licence notices).
 */
export async function buildCli() {
  const vendor = await build({
    entryPoints: Object.entries(VENDOR).map(([spec, name]) => ({ in: fileURLToPath(import.meta.resolve(spec)), out: name })),
    outdir: 'dist/vendor',
    outExtension: { '.js': '.cjs' },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    legalComments: 'eof',
    metafile: true,
    logLevel: 'warning',
    // scslre takes regexpp's syntax trees: both must share one regexpp
    plugins: [{ name: 'shared-regexpp', setup: (b) => b.onResolve({ filter: /^@eslint-community\/regexpp$/ }, (args) => (args.importer.includes('/regexpp/') ? undefined : { path: './regexpp.cjs', external: true })) }],
  });

  const cli = await build({
    entryPoints: ['src/cli/main.ts'],
    write: false,
    outfile: 'dist/cli.js',
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    // import() of a module bundled in becomes a call of its (lazy) initialiser, and of a vendored
    // library a require: the script has no module loader to import with
    supported: { 'dynamic-import': false },
    // the script's own URL (dist/cli.js), from which the packs, package.json and the scan worker are found
    define: { 'import.meta.url': '__lgScriptUrl' },
    minifyWhitespace: true,
    legalComments: 'eof',
    metafile: true,
    logLevel: 'warning',
    plugins: [vendorPlugin('./vendor/'), lazyImports, noChalkDetection],
  });
  // esbuild escapes what is outside ASCII in strings and names; comments and regex literals are
  // left, and \uXXXX means the same in both (a character outside the BMP would need two)
  const code = cli.outputFiles[0].text.replace(/[^\x00-\x7f]/g, (c) => {
    if (c.codePointAt(0) > 0xffff) throw new Error('dist/cli.js: a character outside the BMP in a regex literal or comment: escape it in the source');
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  writeFileSync('dist/cli.js', `(function (exports, require, module, __lgScriptUrl) {${code}\n})`);
  writeCodeCache();
  return [vendor.metafile, cli.metafile];
}

/**
 * dist/cli.cache: the code cache after a scan of a small CSV and JSON file (made up here), as a
 * pre-commit hook runs it. A Node whose V8 differs from the one that built rejects it, and then
 * compiles the script as if there were none.
 */
function writeCodeCache() {
  const tmp = mkdtempSync(path.join(tmpdir(), 'leakgate-train-'));
  try {
    writeFileSync(path.join(tmp, 'cases.csv'), 'Ref,Victim name,Email,Notes\n1,Ann Example,ann@example.com,Reported at 12 High Street AB1 2CD\n');
    writeFileSync(path.join(tmp, 'cases.json'), '{"cases":[{"name":"Ann Example","phone":"07700 900123"}]}\n');
    const train = `const { main, script } = require('./bin/load-cli.js').loadCli();
      main(['scan', ${JSON.stringify(tmp)}, '--fail-on', 'none']).then(() => require('node:fs').writeFileSync('dist/cli.cache', script.createCachedData()));`;
    // its own config folder: the scan makes a key file there, not in the user's
    const r = spawnSync(process.execPath, ['-e', train], { env: { ...process.env, XDG_CONFIG_HOME: tmp, NO_COLOR: '1' }, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`making dist/cli.cache failed: ${r.stderr}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
