import { root, runBin } from '../helpers/bin.js';

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
