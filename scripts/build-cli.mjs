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
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
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
  { importer: realpathSync('node_modules/commander') + path.sep, lazy: (spec) => spec === 'node:child_process' },
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
      // an object literal's getters: made five times faster than by Object.defineProperties
      // (issue 16: some 300 of them at each start), enumerable as the library's exports are
      const getters = names.map((n) => `get ${JSON.stringify(n)}() { return load()[${JSON.stringify(n)}]; }`).join(',\n');
      return {
        contents: `let mod;\nconst load = () => (mod ??= require(${spec}));\nmodule.exports = {\n${getters}\n};\n`,
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
 * libphonenumber's metadata cut to the countries of calling code 44 (GB, GG, IM, JE), for the
 * scripts: src/packs/validators.ts keeps a number only when libphonenumber reads it as +44, and
 * it looks a country up by the digits of its calling code, all of which it must know to read
 * them; one it does not know (+33 here) fails to parse, which the validator takes as it takes any
 * other country's number: not a UK one (issue 16: the whole metadata, 83 KB, was an object
 * literal every start deserialised and built; callgrind, all threads, one-file scan, medians of
 * 3: 350.3 M -> 341.0 M instructions; dist/cli.cache 1.36 -> 1.22 MB). A test compares the
 * built CLI's report with the library's on numbers of other countries.
 */
const ukPhoneMetadata = {
  name: 'uk-phone-metadata',
  setup(b) {
    b.onLoad({ filter: /[\\/]libphonenumber-js[\\/]metadata\.min\.json\.js$/ }, () => {
      const full = require('libphonenumber-js/metadata.min.json');
      const countries = full.country_calling_codes['44'];
      const uk = { version: full.version, country_calling_codes: { 44: countries }, countries: Object.fromEntries(countries.map((c) => [c, full.countries[c]])), nonGeographic: {} };
      return { contents: `export default ${JSON.stringify(uk)};\n`, loader: 'js' };
    });
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

  const cli = await build({ ...SCRIPT_OPTIONS, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js' });
  writeScript('dist/cli.js', cli.outputFiles[0].text);
  writeCodeCache();
  return [vendor.metafile, cli.metafile, await buildWorker()];
}

/** The options of the CLI's and the worker's one-script bundles (see buildCli). */
const SCRIPT_OPTIONS = {
  write: false,
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
  minifyIdentifiers: true,
  minifySyntax: true,
  legalComments: 'eof',
  metafile: true,
  logLevel: 'warning',
  plugins: [vendorPlugin('./vendor/'), lazyImports, noChalkDetection, ukPhoneMetadata],
};

/** Writes a bundle as the function bin/load-cli.js and bin/load-worker.js compile, in ASCII. */
function writeScript(file, text) {
  // esbuild escapes what is outside ASCII in strings and names; comments and regex literals are
  // left, and \uXXXX means the same in both (a character outside the BMP would need two)
  const code = text.replace(/[^\x00-\x7f]/g, (c) => {
    if (c.codePointAt(0) > 0xffff) throw new Error(`${file}: a character outside the BMP in a regex literal or comment: escape it in the source`);
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  writeFileSync(file, `(function (exports, require, module, __lgScriptUrl) {${code}\n})`);
}

/**
 * dist/scan-worker.cjs, the scan worker as one script as the CLI is, and its code cache
 * dist/scan-worker.cache, which bin/load-worker.js (each worker thread's entry) runs with (issue
 * 16: each -j 2 thread compiled the worker's ES module chunks from source). The cache is written
 * by the worker threads of a -j 2 scan at build time, of small files (made up here) split into
 * parts as a large file is. Returns the esbuild metafile.
 */
async function buildWorker() {
  const worker = await build({ ...SCRIPT_OPTIONS, entryPoints: ['src/parallel/scan-worker.ts'], outfile: 'dist/scan-worker.cjs' });
  writeScript('dist/scan-worker.cjs', worker.outputFiles[0].text);
  const tmp = mkdtempSync(path.join(tmpdir(), 'leakgate-train-worker-'));
  try {
    const row = (i) => `${i},Ann Example,ann${i}@example.com,07700 900${String(i % 1000).padStart(3, '0')},Reported at ${i} High Street AB1 2CD\n`;
    writeFileSync(path.join(tmp, 'cases.csv'), `Ref,Victim name,Email,Phone,Notes\n${Array.from({ length: 2000 }, (_, i) => row(i)).join('')}`);
    writeFileSync(path.join(tmp, 'cases.json'), `${JSON.stringify({ cases: Array.from({ length: 500 }, (_, i) => ({ name: 'Ann Example', phone: '07700 900123', note: `seen at ${i} High Street` })) })}\n`);
    writeFileSync(path.join(tmp, 'cases.ndjson'), Array.from({ length: 500 }, (_, i) => `${JSON.stringify({ id: i, email: `ann${i}@example.com`, postcode: 'AB1 2CD' })}\n`).join(''));
    const out = path.resolve('dist/scan-worker.cache');
    rmSync(out, { force: true });
    const r = spawnSync(process.execPath, ['bin/leakgate.js', 'scan', tmp, '-j', '2', '--parallel-min-bytes', '1', '--part-bytes', String(64 * 1024), '--fail-on', 'none', '-q'], {
      env: { ...process.env, XDG_CONFIG_HOME: tmp, NO_COLOR: '1', LEAKGATE_WORKER_CACHE_OUT: out },
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`making dist/scan-worker.cache failed: ${r.stderr}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return worker.metafile;
}

/**
 * dist/cli.cache: the code cache after a scan of a small CSV, JSON and HTML file (made up here),
 * as a pre-commit hook runs it. The CSV holds a value of each common kind (names, an address, a
 * date of birth, phone numbers, NINO, NHS number, bank details, a card, a PNC ID, an IP address):
 * a function the training run never ran is not in the cache, and is compiled from source when a
 * scan first calls it (issue 16: a one-line CSV left some 90 functions of a scan of
 * examples/leaky-bundle/asb-priorities.csv out; callgrind, main thread, medians of 3 and 5 runs:
 * 355 M -> 347 M instructions). A Node whose V8 differs from the one that built rejects the
 * cache, and then compiles the script as if there were none.
 */
function writeCodeCache() {
  const tmp = mkdtempSync(path.join(tmpdir(), 'leakgate-train-'));
  try {
    writeFileSync(path.join(tmp, 'cases.csv'), [
      'Ref,Area,Date raised,Status,Victim name,Victim address,Offender name,Offender DOB,Contact number,Email,Notes',
      '1,Riverside,15/01/2024,Open,Mrs Ann Example,"12 High Street, Riverton AB1 2CD",Tom Sample,14/02/1990,07700 900123,ann@example.com,"Reported at 12 High Street AB1 2CD.\nNI number JM 45 67 89 C; NHS number 401 023 4563."',
      '2,Riverside,20/02/2024,Closed,Unknown,,Dan Fictional,22/11/1979,020 7946 0321,,"Refund to sort code 60-16-13, account 31926819. Card 4556 7301 2345 6784; PNC ID 19/0123456E; seen at 192.0.2.44."',
    ].join('\n') + '\n');
    writeFileSync(path.join(tmp, 'cases.json'), '{"cases":[{"name":"Ann Example","phone":"07700 900123"}]}\n');
    writeFileSync(path.join(tmp, 'page.html'), '<!DOCTYPE html><html><head><title>Local priorities</title></head><body><table><tr><th>Issue</th><th>Complainant</th></tr><tr><td>Call 07700 900123 or ann@example.com.</td><td>Mrs Ann Example</td></tr></table><!-- offender: Tom Sample, NI number JM 45 67 89 C --><input type="hidden" name="complainant_phone" value="07700 900123"></body></html>\n');
    const train = `const { main, script } = require('./bin/load-cli.js').loadCli();
      main(['scan', ${JSON.stringify(tmp)}, '--fail-on', 'none']).then(() => require('node:fs').writeFileSync('dist/cli.cache', script.createCachedData()));`;
    // its own config folder: the scan makes a key file there, not in the user's
    const r = spawnSync(process.execPath, ['-e', train], { env: { ...process.env, XDG_CONFIG_HOME: tmp, NO_COLOR: '1' }, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`making dist/cli.cache failed: ${r.stderr}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
