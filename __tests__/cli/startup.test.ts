import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root, runBin, spawnNode } from '../helpers/bin.js';

// Start-up (issue 16): the built CLI runs from the code cache the build made (dist/cli.cache).
// V8 takes a cache only under the V8 flags that made it, so a flag set by bin/ and not by the
// build's training run costs every run the compile of the whole script.
describe('the built CLI starts from its code cache', () => {
  it('uses dist/cli.cache on a scan run as installed (--debug says so)', async () => {
    const r = await runBin(['scan', 'examples/leaky-bundle/asb-priorities.csv', '--debug', '-q'], { cwd: root });
    expect(r.stderr).toContain('leakgate: code cache used\n');
    expect(r.code).toBe(1);
  });

  it('says when it was not used, and scans all the same', async () => {
    // a V8 flag of the user's own changes what the cache was made under
    const r = await runBin(['scan', 'examples/leaky-bundle/asb-priorities.csv', '--debug', '-q'], { cwd: root, node: ['--no-lazy-feedback-allocation'] });
    expect(r.stderr).toContain('leakgate: code cache not used: dist/cli.js compiled from source\n');
    expect(r.stderr).toContain('leakgate: 21 findings');
    expect(r.code).toBe(1);
  });
});

// bin/cached-script.js reads the script and its cache into one buffer: a cache that is missing,
// cut short or made for another script must leave the scan as it is, compiled from source.
describe('the built CLI without a usable code cache', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'leakgate-cache-'));
    cpSync(path.join(root, 'bin'), path.join(dir, 'bin'), { recursive: true });
    mkdirSync(path.join(dir, 'dist'));
    copyFileSync(path.join(root, 'dist/cli.js'), path.join(dir, 'dist/cli.js'));
    for (const p of ['dist/vendor', 'patterns', 'package.json']) symlinkSync(path.join(root, p), path.join(dir, p));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const cases: [string, () => void][] = [
    ['missing', () => rmSync(path.join(dir, 'dist/cli.cache'), { force: true })],
    ['cut short', () => writeFileSync(path.join(dir, 'dist/cli.cache'), readFileSync(path.join(root, 'dist/cli.cache')).subarray(0, 5000))],
    ['made for another script', () => copyFileSync(path.join(root, 'dist/scan-worker.cache'), path.join(dir, 'dist/cli.cache'))],
  ];
  it.each(cases)('scans the same when the cache is %s', async (_, make) => {
    make();
    const r = await spawnNode([path.join(dir, 'bin/leakgate.js'), 'scan', 'examples/leaky-bundle/asb-priorities.csv', '--debug', '-q'], { cwd: root });
    expect(r.stderr).toContain('leakgate: code cache not used: dist/cli.js compiled from source\n');
    expect(r.stderr).toContain('leakgate: 21 findings');
    expect(r.code).toBe(1);
  });
});
