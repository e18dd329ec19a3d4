import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { bin, root } from '../helpers/bin.js';
import { testConfigHome } from '../helpers/cli.js';
import { expectValidSarif } from '../helpers/sarif-schema.js';

// examples/ci/github-actions-shards.yml, as the README quotes it: its command lines run as the
// runners would run them (a job per matrix entry, each on its own machine, then the merge job on
// the downloaded reports), with `npx --package … leakgate` standing for this checkout's build.

interface Step { run?: string; uses?: string; if?: string; with?: Record<string, string> }
const file = path.join(root, 'examples/ci/github-actions-shards.yml');
const wf = parse(readFileSync(file, 'utf8'));

/** A folder holding an `npx` that runs this checkout's leakgate with what follows `leakgate`. */
function npxShim(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'leakgate-npx-'));
  const npx = path.join(dir, 'npx');
  spawnSync('sh', ['-c', `cat > "${npx}"`], { input: `#!/bin/sh\nwhile [ "$#" -gt 0 ] && [ "$1" != leakgate ]; do shift; done\nshift\nexec "${process.execPath}" "${bin}" "$@"\n` });
  chmodSync(npx, 0o755);
  return dir;
}

/** Runs a step's command lines as the runner does: bash, stopping at the first failing line. */
function sh(lines: string, cwd: string, env: NodeJS.ProcessEnv): number | null {
  return spawnSync('bash', ['-eo', 'pipefail', '-c', lines], { cwd, env, encoding: 'utf8' }).status;
}

/** A checkout holding the example bundle as BUNDLE. */
function checkout(bundle: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'leakgate-ci-shards-'));
  cpSync(path.join(root, 'examples', bundle), path.join(dir, 'bundle'), { recursive: true });
  return dir;
}

describe('examples/ci/github-actions-shards.yml', () => {
  it('the README quotes it as it is', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    expect(readme).toContain(`<!-- file: examples/ci/github-actions-shards.yml -->\n\`\`\`yaml\n${readFileSync(file, 'utf8')}\`\`\`\n<!-- /file -->`);
  });

  it.each([['leaky-bundle', 1], ['clean-bundle', 0]] as const)('%s: the shards, merged, give the whole run\'s verdict and SARIF (exit %i)', (bundle, status) => {
    const shards = wf.jobs.scan.strategy.matrix.shard as number[];
    expect(shards.length).toBe(Number(wf.env.SHARDS));
    const base = { ...process.env, ...wf.env, PATH: `${npxShim()}${path.delimiter}${process.env.PATH}`, XDG_CONFIG_HOME: testConfigHome(), NO_COLOR: '1' };
    const downloads = mkdtempSync(path.join(tmpdir(), 'leakgate-ci-artifacts-'));
    for (const shard of shards) {
      // each matrix job: a fresh checkout and runner temp folder, the shared secret key
      const dir = checkout(bundle);
      const temp = mkdtempSync(path.join(tmpdir(), 'leakgate-runner-temp-'));
      const env = { ...base, SHARD: String(shard), LEAKGATE_KEY: 'ci-secret-0123456789abcdef', RUNNER_TEMP: temp };
      const steps = (wf.jobs.scan.steps as Step[]).filter((s) => s.run);
      expect(steps.map((s) => sh(s.run!, dir, env))).toEqual([0]);
      const artifact = (wf.jobs.scan.steps as Step[]).find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
      const produced = artifact.with!.path!.replace('${{ runner.temp }}', temp).replace('${{ matrix.shard }}', String(shard));
      cpSync(produced, path.join(downloads, path.basename(produced)));
    }
    expect(readdirSync(downloads)).toHaveLength(shards.length);
    const dir = checkout(bundle);
    const download = (wf.jobs.merge.steps as Step[]).find((s) => s.uses?.startsWith('actions/download-artifact@'))!;
    mkdirSync(path.join(dir, download.with!.path!));
    cpSync(downloads, path.join(dir, download.with!.path!), { recursive: true });
    const steps = (wf.jobs.merge.steps as Step[]).filter((s) => s.run);
    expect(steps.map((s) => sh(s.run!, dir, base))).toEqual([status]);
    const upload = (wf.jobs.merge.steps as Step[]).find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
    expect(upload.if).toMatch(/always\(\)/);
    const sarif = readFileSync(path.join(dir, upload.with!.sarif_file!), 'utf8');
    expectValidSarif(sarif);
    // the same SARIF as one whole run of the bundle, but for the time it took
    const whole = spawnSync(process.execPath, [bin, 'scan', 'bundle/', '-f', 'sarif'], { cwd: dir, env: { ...base, LEAKGATE_KEY: 'ci-secret-0123456789abcdef' }, encoding: 'utf8' });
    const noTime = (s: string): unknown => {
      const log = JSON.parse(s);
      log.runs[0].properties.durationMs = 0;
      return log;
    };
    expect(noTime(sarif)).toEqual(noTime(whole.stdout));
    expect(JSON.parse(sarif).runs[0].results.length > 0).toBe(status === 1);
  }, 120_000);
});
