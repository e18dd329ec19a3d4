import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { root } from '../helpers/leaky-report.js';
import { npmEnv, packTarball } from '../helpers/pack.js';
import { expectValidSarif } from '../helpers/sarif-schema.js';
import { leakgateShim, pathWithout } from '../helpers/shim.js';

// The gates the README and examples/ give, run as written: the upload scripts, and the command
// lines of the GitHub Actions workflow and the GitLab CI job (with leakgate installed from the
// packed tarball, as they install it from a git URL). A missing leakgate must read as an error
// (exit 2), never as personal data found.

/** A working folder holding the example bundles. */
function workdir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'leakgate-gate-'));
  cpSync(path.join(root, 'examples/leaky-bundle'), path.join(dir, 'leaky'), { recursive: true });
  cpSync(path.join(root, 'examples/clean-bundle'), path.join(dir, 'clean'), { recursive: true });
  return dir;
}

function bash(script: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('bash', [script, ...args], { cwd, encoding: 'utf8', env });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const withLeakgate = (): NodeJS.ProcessEnv => ({ ...process.env, PATH: `${leakgateShim()}${path.delimiter}${pathWithout('leakgate')}` });
const withoutLeakgate = (): NodeJS.ProcessEnv => ({ ...process.env, PATH: pathWithout('leakgate') });

describe('examples/upload.sh', () => {
  const script = path.join(root, 'examples/upload.sh');

  it('uploads a clean bundle and refuses a leaky one (exit 1), keeping the JSON report', () => {
    const dir = workdir();
    const clean = bash(script, ['clean', 'out'], dir, withLeakgate());
    expect([clean.status, clean.stdout]).toEqual([0, 'leakgate passed clean; uploading\n']);
    expect(existsSync(path.join(dir, 'out/local-priorities.html'))).toBe(true);
    const leaky = bash(script, ['leaky', 'out-leaky'], dir, withLeakgate());
    expect(leaky.status).toBe(1);
    expect(leaky.stderr).toMatch(/upload refused: personal data found in leaky \(report: leakgate-report\.json\)\n$/);
    expect(JSON.parse(readFileSync(path.join(dir, 'leakgate-report.json'), 'utf8')).summary.failed).toBe(true);
    expect(existsSync(path.join(dir, 'out-leaky'))).toBe(false);
  });

  it('without leakgate installed: exit 2, "leakgate is not installed", nothing uploaded', () => {
    const dir = workdir();
    const r = bash(script, ['clean', 'out'], dir, withoutLeakgate());
    expect([r.status, r.stdout, r.stderr]).toEqual([2, '', 'upload refused: leakgate is not installed (npm install -g leakgate, or npm install --save-dev leakgate here)\n']);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('finds leakgate in ./node_modules/.bin when it is not on the PATH', () => {
    const dir = workdir();
    mkdirSync(path.join(dir, 'node_modules/.bin'), { recursive: true });
    cpSync(path.join(leakgateShim(), 'leakgate'), path.join(dir, 'node_modules/.bin/leakgate'));
    expect(bash(script, ['leaky'], dir, withoutLeakgate()).status).toBe(1);
  });
});

describe('examples/cron-upload.sh', () => {
  const script = path.join(root, 'examples/cron-upload.sh');

  it('refuses a leaky bundle (exit 1) and keeps the report; without leakgate, exit 2 saying so', () => {
    const dir = workdir();
    const env = { ...withLeakgate(), LEAKGATE_REPORTS: path.join(dir, 'reports') };
    expect(bash(script, ['clean'], dir, env).status).toBe(0);
    const leaky = bash(script, ['leaky'], dir, env);
    expect(leaky.status).toBe(1);
    expect(leaky.stderr).toMatch(/upload of leaky refused: leakgate exit 1 /);
    const missing = bash(script, ['clean'], dir, { ...withoutLeakgate(), LEAKGATE_REPORTS: path.join(dir, 'reports') });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/upload of clean refused: leakgate is not installed/);
  });
});

describe('CI recipes (examples/ci, quoted in the README)', () => {
  let tarball: string;
  beforeAll(() => {
    ({ tarball } = packTarball());
  }, 180_000);

  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

  it.each(['github-actions.yml', 'gitlab-ci.yml'])('the README quotes examples/ci/%s as it is', (name) => {
    const file = readFileSync(path.join(root, 'examples/ci', name), 'utf8');
    expect(readme).toContain(`<!-- file: examples/ci/${name} -->\n\`\`\`yaml\n${file}\`\`\`\n<!-- /file -->`);
  });

  /** A machine as a CI runner gives it: the bundles checked out, no leakgate, npm's cache its own. */
  function runner(bundle: string): { dir: string; env: NodeJS.ProcessEnv } {
    const dir = workdir();
    const cache = mkdtempSync(path.join(tmpdir(), 'leakgate-ci-cache-'));
    const env = { ...npmEnv, npm_config_cache: cache, npm_config_offline: 'true', PATH: pathWithout('leakgate'), BUNDLE: bundle, LEAKGATE: tarball };
    return { dir, env };
  }

  /** Runs command lines as the CI runs a step: bash, stopping at the first failing line. */
  function sh(lines: string, cwd: string, env: NodeJS.ProcessEnv): number | null {
    return spawnSync('bash', ['-eo', 'pipefail', '-c', lines], { cwd, env, encoding: 'utf8' }).status;
  }

  /** A valid SARIF 2.1.0 file from leakgate, with results or none. */
  function checkSarif(file: string, findings: boolean): void {
    const text = readFileSync(file, 'utf8');
    expectValidSarif(text);
    const sarif = JSON.parse(text);
    expect(sarif.runs[0].tool.driver.name).toBe('leakgate');
    expect(sarif.runs[0].results.length > 0).toBe(findings);
  }

  it('GitHub Actions: the run step gates the bundle; the SARIF upload step gets its file', () => {
    const wf = parse(readFileSync(path.join(root, 'examples/ci/github-actions.yml'), 'utf8'));
    const steps = wf.jobs.gate.steps as { run?: string; uses?: string; if?: string; with?: Record<string, string> }[];
    expect(Object.keys(wf.env)).toEqual(['BUNDLE', 'LEAKGATE']);
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
    expect(upload.if).toMatch(/always\(\)/);
    for (const [bundle, status] of [['leaky', 1], ['clean', 0]] as const) {
      const { dir, env } = runner(bundle);
      const codes = steps.filter((s) => s.run).map((s) => sh(s.run!, dir, env));
      expect([bundle, codes]).toEqual([bundle, [status]]);
      checkSarif(path.join(dir, upload.with!.sarif_file!), status === 1);
    }
  }, 120_000);

  it('GitLab CI: the script fails the job on a leaky bundle; the SARIF and JUnit artifacts are written either way', () => {
    const job = parse(readFileSync(path.join(root, 'examples/ci/gitlab-ci.yml'), 'utf8')).leakgate;
    for (const [bundle, status] of [['leaky', 1], ['clean', 0]] as const) {
      const { dir, env } = runner(bundle);
      expect([bundle, sh((job.script as string[]).join('\n'), dir, env)]).toEqual([bundle, status]);
      expect(sh((job.after_script as string[]).join('\n'), dir, env)).toBe(status);
      checkSarif(path.join(dir, job.artifacts.paths[0]), status === 1);
      const junit = readFileSync(path.join(dir, job.artifacts.reports.junit), 'utf8');
      expect(junit).toMatch(status === 1 ? /<failure / : /<testsuites[^>]* failures="0"/);
    }
  }, 120_000);
});
