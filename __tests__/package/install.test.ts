import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root } from '../helpers/leaky-report.js';
import { npm, packTarball } from '../helpers/pack.js';

// leakgate as someone outside this repository gets it: `npm pack` (with its real prepare, prepack
// and postpack scripts) on a copy of the source, the tarball installed globally into a temporary
// prefix, and imported by a separate project through the programmatic API, type-checked against
// the shipped declarations. Offline: the package has no runtime dependency to fetch.

const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };
const TARBALL = `${pkg.name}-${pkg.version}.tgz`;
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall', 'prepare'];

let tarball: string;
let packStdout: string;
let copy: string;

beforeAll(() => {
  ({ dir: copy, tarball, stdout: packStdout } = packTarball());
}, 180_000);

describe('npm pack', () => {
  it('prints only the tarball name (pre-commit reads it to install the hook)', () => {
    expect(packStdout).toBe(`${TARBALL}\n`);
  });

  it('leaves the package.json of the checkout as it was', () => {
    expect(readFileSync(path.join(copy, 'package.json'), 'utf8')).toBe(readFileSync(path.join(root, 'package.json'), 'utf8'));
  });

  it('ships the built program, its types and licences, and no source map, source or build script', () => {
    const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).trim().split('\n');
    for (const f of ['package/bin/leakgate.js', 'package/bin/load-cli.js', 'package/bin/package.json', 'package/dist/cli.js', 'package/dist/cli.cache', 'package/bin/load-worker.js', 'package/bin/cached-script.js', 'package/dist/scan-worker.cjs', 'package/dist/scan-worker.cache', 'package/dist/generated/word-lists.txt', 'package/dist/api.js', 'package/dist/api.d.ts', 'package/dist/types.d.ts', 'package/dist/THIRD-PARTY-NOTICES.txt', 'package/patterns/uk-identifiers.json', 'package/README.md']) {
      expect([f, files.includes(f)]).toEqual([f, true]);
    }
    expect(files.filter((f) => /\.map$|^package\/(?:src|scripts|__tests__)\/|\.npmrc$|\.packing$/.test(f))).toEqual([]);
  });

  it('has a package.json without install scripts or runtime dependencies, and with the API in exports', () => {
    const shipped = JSON.parse(execFileSync('tar', ['xzf', tarball, '-O', 'package/package.json'], { encoding: 'utf8' }));
    expect(Object.keys(shipped.scripts ?? {}).filter((s) => INSTALL_SCRIPTS.includes(s))).toEqual([]);
    expect(shipped.dependencies ?? {}).toEqual({});
    expect(shipped.exports['.']).toEqual({ types: './dist/api.d.ts', default: './dist/api.js' });
    // the control: the checkout does build on install (npm ci, a git URL, pre-commit)
    expect(JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).scripts.prepare).toMatch(/scripts\/build\.mjs/);
  });
});

describe('npm install -g from the tarball', () => {
  it('installs offline with no warning, and the leakgate command scans', () => {
    const prefix = mkdtempSync(path.join(tmpdir(), 'leakgate-prefix-'));
    const installed = npm(['install', '-g', '--offline', '--prefix', prefix, tarball], prefix);
    expect(installed.stderr).not.toMatch(/warn/i);
    expect(installed.status).toBe(0);
    const leakgate = path.join(prefix, 'bin', 'leakgate');
    expect(execFileSync(leakgate, ['--version'], { encoding: 'utf8' })).toBe(`${pkg.version}\n`);
    const leaky = spawnSync(leakgate, ['scan', path.join(root, 'examples/leaky-bundle'), '-f', 'json'], { encoding: 'utf8' });
    expect(leaky.status).toBe(1);
    expect(JSON.parse(leaky.stdout).findings.length).toBeGreaterThan(10);
    expect(spawnSync(leakgate, ['scan', path.join(root, 'examples/clean-bundle'), '-q'], { encoding: 'utf8' }).status).toBe(0);
  }, 120_000);
});

describe("the programmatic API, from another project: import { scan } from 'leakgate'", () => {
  let project: string;

  beforeAll(() => {
    project = mkdtempSync(path.join(tmpdir(), 'leakgate-consumer-'));
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'upload-script', private: true, type: 'module' }));
    const installed = npm(['install', '--offline', tarball], project);
    if (installed.status !== 0) throw new Error(`npm install failed: ${installed.stderr}`);
    cpSync(path.join(root, 'examples'), path.join(project, 'bundles'), { recursive: true });
  }, 120_000);

  function node(script: string): { status: number | null; stdout: string; stderr: string } {
    writeFileSync(path.join(project, 'upload.mjs'), script);
    return spawnSync(process.execPath, ['upload.mjs'], { cwd: project, encoding: 'utf8' });
  }

  it('returns the report and exit code leakgate scan gives, printing nothing', () => {
    const r = node(`
      import { scan } from 'leakgate';
      const leaky = await scan(['bundles/leaky-bundle'], { jobs: 1 });
      const clean = await scan('bundles/clean-bundle');
      console.log(JSON.stringify({ leaky, clean: clean.exitCode }));
    `);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.clean).toBe(0);
    expect(out.leaky.exitCode).toBe(1);
    const cli = spawnSync(process.execPath, ['node_modules/leakgate/bin/leakgate.js', 'scan', 'bundles/leaky-bundle', '-f', 'json'], { cwd: project, encoding: 'utf8' });
    const report = JSON.parse(cli.stdout);
    expect({ ...out.leaky.report, summary: { ...out.leaky.report.summary, durationMs: 0 } }).toEqual({ ...report, summary: { ...report.summary, durationMs: 0 } });
  });

  it('honours the options, and rejects a bad one with a LeakgateError (exit code 2)', () => {
    const r = node(`
      import { scan, LeakgateError } from 'leakgate';
      const high = await scan(['bundles/leaky-bundle'], { failOn: 'critical', minConfidence: 'high', exclude: ['**/*.html'] });
      let error;
      try { await scan(['bundles'], { failOn: 'severe' }); } catch (e) { error = { isLeakgate: e instanceof LeakgateError, exitCode: e.exitCode, message: e.message }; }
      let pack;
      try { await scan(['bundles'], { packs: ['no-such-pack.json'] }); } catch (e) { pack = { exitCode: e.exitCode, message: e.message }; }
      console.log(JSON.stringify({ files: high.report.summary.files, failOn: high.report.summary.failOn, confidences: [...new Set(high.report.findings.map((f) => f.confidence))], error, pack }));
    `);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ files: 2, failOn: 'critical', confidences: ['high'] });
    expect(out.error).toEqual({ isLeakgate: true, exitCode: 2, message: 'failOn must be one of critical, high, medium, low, none (got severe)' });
    expect(out.pack).toEqual({ exitCode: 2, message: expect.stringMatching(/no-such-pack\.json/) });
  });

  it('type-checks against the shipped declarations; a wrong option does not', () => {
    mkdirSync(path.join(project, 'src'), { recursive: true });
    writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, skipLibCheck: false, typeRoots: [path.join(root, 'node_modules/@types')], types: ['node'] },
      include: ['src'],
    }));
    const tsc = (code: string) => {
      writeFileSync(path.join(project, 'src/upload.ts'), code);
      return spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', '.'], { cwd: project, encoding: 'utf8' });
    };
    const good = tsc(`
      import { scan, LeakgateError, type Finding, type ScanResult, type Severity } from 'leakgate';
      const result: ScanResult = await scan(['bundles'], { failOn: 'high', packs: ['./force.json'], jobs: 2 });
      const worst: Severity | undefined = result.report.findings[0]?.severity;
      const findings: Finding[] = result.report.findings;
      const code: 0 | 1 | 2 = result.exitCode;
      export { worst, findings, code, LeakgateError };
    `);
    expect(good.stdout).toBe('');
    expect(good.status).toBe(0);
    const bad = tsc(`import { scan } from 'leakgate';\nawait scan(['bundles'], { failOn: 'severe' });\nexport {};\n`);
    expect(bad.stdout).toMatch(/src\/upload\.ts\(2,.*'"severe"' is not assignable/);
  }, 60_000);
});
