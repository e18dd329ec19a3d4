import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FindingSpool, SPOOL_MEMORY_BYTES } from '../../src/spool/finding-spool.js';
import type { KeyedFinding } from '../../src/types.js';

// The spool holds its first SPOOL_MEMORY_BYTES of findings in memory and makes its file only
// past them (issue 16): what it reads back must be the same on either side of that line.
describe('the findings spool', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = mkdtempSync(path.join(tmpdir(), 'leakgate-spool-test-'));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  /** n findings of one file, made in reverse order of line so that the spool must sort them. */
  const findings = (n: number, file: string): KeyedFinding[] =>
    Array.from({ length: n }, (_, i) => {
      const line = n - i;
      return {
        finding: { ruleId: 'uk-contact.email', category: 'email', severity: 'high', confidence: 'high', file, line, column: 3, field: 'Email', masked: `a***${line}@e******.com`, fingerprint: `fp-${line}` },
        key: `key-${line}`,
      } as KeyedFinding;
    });

  const spoolOf = (files: Record<string, number>): FindingSpool => {
    const spool = new FindingSpool(tmp);
    for (const [file, n] of Object.entries(files)) {
      const w = spool.writer(file, file);
      for (const k of findings(n, file)) w.add(k);
      w.end();
    }
    return spool;
  };

  const lines = (spool: FindingSpool, file: string): number[] => [...spool.read(file)].map((s) => s.finding.line);

  it('reads back a small run from memory, sorted, and makes no file', () => {
    const spool = spoolOf({ 'a.csv': 50, 'b.csv': 3 });
    try {
      expect(lines(spool, 'a.csv')).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      expect(lines(spool, 'b.csv')).toEqual([1, 2, 3]);
      // read twice, as the report writers do
      expect(lines(spool, 'a.csv')).toHaveLength(50);
      expect([...spool.read('a.csv')][0]).toEqual({ finding: { ruleId: 'uk-contact.email', category: 'email', severity: 'high', confidence: 'high', file: 'a.csv', line: 1, column: 3, field: 'Email', masked: 'a***1@e******.com', fingerprint: 'fp-1' }, key: 'key-1' });
      expect(spool.counts().count).toBe(53);
      expect(readdirSync(tmp)).toEqual([]);
    } finally {
      spool.close();
    }
  });

  it('reads back the same when its findings outgrow memory and go to its file', () => {
    // each finding encodes to some 110 bytes: these are several times SPOOL_MEMORY_BYTES
    const n = Math.ceil((4 * SPOOL_MEMORY_BYTES) / 100);
    const spool = spoolOf({ 'small.csv': 10, 'big.csv': n, 'after.csv': 10 });
    try {
      const big = lines(spool, 'big.csv');
      expect(big).toHaveLength(n);
      expect(big.every((line, i) => line === i + 1)).toBe(true);
      expect(lines(spool, 'small.csv')).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
      expect(lines(spool, 'after.csv')).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
      expect(spool.counts().count).toBe(n + 20);
    } finally {
      spool.close();
    }
    // the file, made 0600 in a folder of its own, went with close() (or at once, on POSIX)
    expect(readdirSync(tmp)).toEqual([]);
  });
});
