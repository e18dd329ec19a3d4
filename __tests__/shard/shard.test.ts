import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runBin, root, type BinResult } from '../helpers/bin.js';
import { tree } from '../helpers/cli.js';
import { expectValidSarif } from '../helpers/sarif-schema.js';
import { describeShared } from '../helpers/shared.js';
import { shardOf } from '../../src/shard/split.js';

// scan --shard K/N and leakgate merge (issue 16): N shard reports merged are the report of one
// whole run, through the built CLI, on the synthetic corpus and on a bundle whose values are
// public by design in one file and found in another. Merge refuses what is not one run.

const KEY = { LEAKGATE_KEY: 'k0123456789abcdef-shards' };

/** The JSON report with durationMs set aside: the one thing shards merged may differ in. */
function comparable(text: string): unknown {
  const r = JSON.parse(text);
  r.summary.durationMs = 0;
  return r;
}

/** Scans `target` whole and in `n` shards (reports in `dir`), and merges the shards. */
async function wholeAndMerged(cwd: string, target: string, n: number, extra: string[] = []): Promise<{ whole: BinResult; merged: BinResult; shards: unknown[] }> {
  const whole = await runBin(['scan', target, '-f', 'json', ...extra], { cwd, env: KEY });
  const files: string[] = [];
  for (let k = 1; k <= n; k++) {
    const out = path.join(path.dirname(cwd), `${path.basename(cwd)}-shard-${k}-of-${n}.json`);
    const r = await runBin(['scan', target, '--shard', `${k}/${n}`, '-f', 'json', '-o', out, ...extra], { cwd, env: KEY });
    expect(r.code === 0 || r.code === 1).toBe(true);
    files.push(out);
  }
  const merged = await runBin(['merge', ...files, '-f', 'json'], { cwd, env: KEY });
  return { whole, merged, shards: files.map((f) => JSON.parse(readFileSync(f, 'utf8'))) };
}

describeShared('corpus/synthetic', 'N shards of the synthetic corpus, merged, are one whole run', (corpus) => {
  it.each([1, 2, 3])('N = %i: the same JSON report and exit code (but durationMs)', async (n) => {
    const cwd = path.dirname(corpus);
    const { whole, merged, shards } = await wholeAndMerged(cwd, path.basename(corpus), n);
    expect(merged.stderr).toBe(whole.stderr);
    expect(merged.code).toBe(whole.code);
    expect(comparable(merged.stdout)).toEqual(comparable(whole.stdout));
    const report = JSON.parse(whole.stdout);
    expect(report.findings.length).toBeGreaterThan(1000);
    const files = shards.map((s) => (s as { summary: { files: number } }).summary.files);
    expect(files.reduce((a, b) => a + b, 0)).toBe(report.summary.files);
    if (n > 1) expect(files.every((f) => f > 0)).toBe(true);
  }, 120_000);
});

describe('public elsewhere across shards', () => {
  const neighbourhood = readFileSync(path.join(root, '__tests__/fixtures/police-uk/api-exampleshire-neighbourhood.json'), 'utf8');
  const files = {
    'bundle-a/neighbourhood.json': neighbourhood,
    'bundle-a/page.txt': 'Visit the front counter: EX1 9ZZ.\n',
    'bundle-b/cases.csv': 'Ref,Notes\n1,Victim moved to EX1 9ZZ last week\n',
    'bundle-c/contacts.csv': 'Ref,Phone\n1,07700 900123\n',
  };

  it("a station's postcode made public by a file in another shard is public in its bundle, and a finding elsewhere", async () => {
    // the neighbourhood file and the page that repeats its postcode fall in different shards
    const n = [2, 3, 4, 5, 6, 7].find((k) => shardOf('bundle-a/neighbourhood.json', k) !== shardOf('bundle-a/page.txt', k))!;
    const dir = tree(files);
    for (const count of [1, 2, n]) {
      const { whole, merged, shards } = await wholeAndMerged(dir, '.', count);
      expect(comparable(merged.stdout)).toEqual(comparable(whole.stdout));
      expect(merged.code).toBe(1);
      const report = JSON.parse(merged.stdout);
      expect(report.findings.map((f: { file: string; category: string }) => `${f.file} ${f.category}`)).toEqual(['bundle-b/cases.csv postcode', 'bundle-c/contacts.csv sensitive-field', 'bundle-c/contacts.csv phone']);
      if (count === n) {
        // the page's shard reported the postcode, held for merge; the neighbourhood's made it public
        const page = shards.find((s) => (s as { findings: { file: string }[] }).findings.some((f) => f.file === 'bundle-a/page.txt')) as { shard: { held: unknown[] } };
        expect(page.shard.held.length).toBeGreaterThan(0);
        expect(report.summary.suppressed).toBe(JSON.parse(whole.stdout).summary.suppressed);
      }
    }
  }, 120_000);

  it('.leakgateignore across shards: paths and fingerprints ignored as in one run, counted once', async () => {
    const dir = tree({ ...files, 'drafts/notes.csv': 'Ref,Phone\n1,07700 900456\n', '.leakgateignore': 'drafts/\n' });
    const first = JSON.parse((await runBin(['scan', '.', '-f', 'json'], { cwd: dir, env: KEY })).stdout);
    const phone = first.findings.find((f: { category: string }) => f.category === 'phone');
    writeFileSync(path.join(dir, '.leakgateignore'), `drafts/\n${phone.fingerprint}\n`);
    for (const n of [2, 3]) {
      const { whole, merged } = await wholeAndMerged(dir, '.', n);
      expect(comparable(merged.stdout)).toEqual(comparable(whole.stdout));
      expect(JSON.parse(merged.stdout).summary.ignored).toEqual({ files: 1, findings: 1, by: ['.leakgateignore'] });
    }
  }, 120_000);

  it('text and SARIF from merge are what the whole run writes', async () => {
    const dir = tree(files);
    const out = (k: number): string => path.join(path.dirname(dir), `${path.basename(dir)}-text-${k}.json`);
    for (const k of [1, 2, 3]) await runBin(['scan', '.', '--shard', `${k}/3`, '-f', 'json', '-o', out(k)], { cwd: dir, env: KEY });
    const shards = [1, 2, 3].map(out);
    const text = await runBin(['merge', ...shards], { cwd: dir, env: KEY });
    const wholeText = await runBin(['scan', '.'], { cwd: dir, env: KEY });
    expect([text.code, text.stdout]).toEqual([wholeText.code, wholeText.stdout]);
    const sarif = await runBin(['merge', ...shards, '-f', 'sarif'], { cwd: dir, env: KEY });
    const wholeSarif = await runBin(['scan', '.', '-f', 'sarif'], { cwd: dir, env: KEY });
    expectValidSarif(sarif.stdout);
    const noTime = (s: string): unknown => {
      const log = JSON.parse(s);
      log.runs[0].properties.durationMs = 0;
      return log;
    };
    expect(noTime(sarif.stdout)).toEqual(noTime(wholeSarif.stdout));
    expect(JSON.parse(sarif.stdout).runs[0].results.length).toBe(3);
    // merge's own --fail-on decides the verdict
    expect((await runBin(['merge', ...shards, '--fail-on', 'none', '-q'], { cwd: dir, env: KEY })).code).toBe(0);
    expect((await runBin(['merge', ...shards, '--exit-code', '3', '-q'], { cwd: dir, env: KEY })).code).toBe(3);
  }, 120_000);
});

describe('refusals (exit 2, one clear line)', () => {
  const dir = tree({ 'a/one.csv': 'Ref,Phone\n1,07700 900123\n', 'a/two.csv': 'Ref,Email\n1,someone@example.com\n', 'b/three.txt': 'nothing\n' });
  const report = (name: string): string => path.join(path.dirname(dir), `${path.basename(dir)}-${name}.json`);
  const shard = async (spec: string, name: string, args: string[] = [], env: Record<string, string> = KEY): Promise<string> => {
    const r = await runBin(['scan', '.', '--shard', spec, '-f', 'json', '-o', report(name), ...args], { cwd: dir, env });
    expect(r.code === 0 || r.code === 1).toBe(true);
    return report(name);
  };
  const merge = (...args: string[]): Promise<BinResult> => runBin(['merge', ...args], { cwd: dir, env: KEY });
  const refused = async (r: Promise<BinResult>, message: RegExp): Promise<void> => {
    const { code, stdout, stderr } = await r;
    expect({ code, stdout, stderr }).toEqual({ code: 2, stdout: '', stderr: expect.stringMatching(message) });
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  };

  it.each(['0/2', '3/2', '2', 'a/b', '1/0', '-1/2', '1/2/3'])('--shard %s is a usage error', async (spec) => {
    const r = await runBin(['scan', '.', '--shard', spec, '-f', 'json'], { cwd: dir, env: KEY });
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toMatch(/--shard .*expected K\/N/);
  });

  it('--shard needs a JSON report', async () => {
    await refused(runBin(['scan', '.', '--shard', '1/2'], { cwd: dir, env: KEY }), /--shard makes a JSON report for leakgate merge: add -f json \(got text\)/);
  });

  it('a missing shard, a shard given twice, another N', async () => {
    const one = await shard('1/2', 'r1');
    const two = await shard('2/2', 'r2');
    const third = await shard('1/3', 'r3');
    expect((await merge(one, two, '-q')).code).toBe(1);
    await refused(merge(one), /shard 2\/2 missing: merge needs the report of every shard/);
    await refused(merge(one, one, two), /shard 1\/2 is given twice/);
    await refused(merge(one, two, third), /not shards of one run: numbers of shards differ \(2 and 3\)/);
  }, 60_000);

  it('another key, other settings, other packs, other paths, another leakgate', async () => {
    const one = await shard('1/2', 'k1');
    const two = await shard('2/2', 'k2');
    await refused(merge(one, await shard('2/2', 'key', [], { LEAKGATE_KEY: 'another-key-0123456789' })), /key ids differ .*set the same LEAKGATE_KEY in every shard/);
    await refused(merge(one, await shard('2/2', 'fail', ['--fail-on', 'high'])), /settings \(failOn\) differ \("low" and "high"\)/);
    await refused(merge(one, await shard('2/2', 'conf', ['--min-confidence', 'high'])), /settings \(minConfidence\) differ/);
    await refused(merge(one, await shard('2/2', 'packs', ['--pack', path.join(root, 'examples/packs/exampleshire-police.json')])), /packs and rules differ .*same packs and config/);
    await refused(merge(one, await shard('2/2', 'excl', ['--exclude', '**/three.txt'])), /settings \(exclude\) differ/);
    const version = JSON.parse(readFileSync(two, 'utf8'));
    version.tool.version = '0.0.1';
    writeFileSync(report('v'), JSON.stringify(version));
    await refused(merge(one, report('v')), /leakgate versions differ/);
    await refused(merge(report('v'), one), /made by leakgate 0\.0\.1, and this is leakgate .*: merge with the version that made the shards/);
  }, 60_000);

  it('other files in scope: a shard of another checkout', async () => {
    const one = await shard('1/2', 's1');
    writeFileSync(path.join(dir, 'b/four.txt'), 'more\n');
    await refused(merge(one, await shard('2/2', 's2')), /files in scope differ .*same checkout/);
  }, 60_000);

  it('what is not a shard report', async () => {
    const one = await shard('1/2', 'w1');
    await runBin(['scan', '.', '-f', 'json', '-o', report('whole')], { cwd: dir, env: KEY });
    await refused(merge(one, report('whole')), /is the report of a whole run, not of a shard/);
    writeFileSync(report('bad'), '{"findings": [');
    await refused(merge(one, report('bad')), /not valid JSON/);
    await refused(merge(one, report('absent')), /cannot read .*absent\.json: ENOENT/);
    writeFileSync(report('other'), '{"version": 2}');
    await refused(merge(report('other')), /is not a leakgate JSON report/);
  }, 60_000);
});
