import path from 'node:path';
import { progressLine } from '../../src/cli/scan-command.js';
import { loadRuleset } from '../../src/packs/load-ruleset.js';
import { type Progress, scan } from '../../src/scan.js';
import { cli, tree } from '../helpers/cli.js';

// Issue 8: progress on a terminal (files done / total, MB, findings so far, a percentage by bytes
// that moves on one long file), and nothing on a pipe. Values are fiction.

test('the spinner line: files, MB of the total with a percentage, findings, the current file', () => {
  const p: Progress = { filesDone: 3, filesTotal: 12, bytes: 43 * 1048576, bytesTotal: 980 * 1048576, findings: 17, current: 'bundle/x.csv' };
  expect(progressLine(p)).toBe('scanning 3/12 files · 43.0 of 980.0 MB (4%) · 17 findings · bundle/x.csv');
  expect(progressLine({ filesDone: 0, filesTotal: 1, bytes: 1048576, findings: 1 })).toBe('scanning 0/1 files · 1.0 MB · 1 finding');
});

test('one long file reports bytes and findings as it goes, up to its size', async () => {
  const rows = Array.from({ length: 40000 }, (_, i) => `${i},Called 07700 900${String(i % 1000).padStart(3, '0')} about the noise`);
  const dir = tree({ 'long.csv': `Ref,Note\n${rows.join('\n')}\n` });
  const seen: Progress[] = [];
  const report = await scan({
    paths: ['long.csv'],
    cwd: dir,
    ruleset: await loadRuleset({ cwd: dir }),
    toolVersion: 'test',
    failOn: 'low',
    onProgress: (p) => seen.push({ ...p }),
  });
  const during = seen.filter((p) => p.filesDone === 0);
  expect(during.length).toBeGreaterThan(2);
  expect(during[0]!.bytesTotal).toBe(report.summary.bytes);
  expect(during.some((p) => p.findings > 0 && p.bytes < p.bytesTotal!)).toBe(true);
  for (let i = 1; i < seen.length; i++) expect(seen[i]!.bytes).toBeGreaterThanOrEqual(seen[i - 1]!.bytes);
  expect(seen.at(-1)).toMatchObject({ filesDone: 1, bytes: report.summary.bytes });
});

test('on a pipe, stderr carries the verdict and nothing else', async () => {
  const r = await cli(['scan', path.resolve(import.meta.dirname, '../../examples/leaky-bundle'), '-f', 'json']);
  expect(r.code).toBe(1);
  expect(r.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^leakgate: \d+ findings/)]);
});
