import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDetector } from '../../src/detect/detect.js';
import { RuleGuard, RuleTimeoutError } from '../../src/shared/rule-guard.js';
import { compilePacks } from '../../src/packs/compile.js';
import { scan } from '../../src/scan.js';
import type { Field, Pack, Ruleset } from '../../src/types.js';
import { cli, tree } from '../helpers/cli.js';

// `(a+)+$` backtracks exponentially on a run of a's followed by a character that makes the end
// anchor fail: on 40 a's that is about 2^40 steps, far beyond any budget. A guard that works
// turns it into an error; one that does not hangs the test until jest's timeout.
const REDOS = { id: 'test.redos', source: '(a+)+$', flags: 'g' };
const ATTACK = `${'a'.repeat(40)}!`;
const SIMPLE = { id: 'test.ref', source: 'CR-\\d{6}', flags: 'g' };

describe('RuleGuard', () => {
  let guard: RuleGuard;
  beforeEach(() => {
    guard = new RuleGuard(300);
  });
  afterEach(() => {
    guard.stop();
  });

  it("runs simple regexes and returns each rule's matches as offsets", () => {
    const text = 'Custody record CR-654321 opened; see CR-000111.';
    const [refs, none] = guard.run(text, [SIMPLE, { id: 'test.none', source: 'XYZ', flags: 'g' }]);
    expect(refs).toEqual([
      [15, 9, 15, 9],
      [37, 9, 37, 9],
    ]);
    expect(none).toEqual([]);
  });

  it('returns the span of a `value` group when the pattern has one', () => {
    const [m] = guard.run('ref: CR-654321', [{ id: 'test.value', source: 'ref: (?<value>CR-\\d{6})', flags: 'gd' }]);
    expect(m).toEqual([[0, 14, 5, 9]]);
  });

  it('does not loop on a pattern that can match the empty string', () => {
    const [m] = guard.run('a1b22', [{ id: 'test.empty', source: '\\d*', flags: 'g' }]);
    expect(m).toEqual([
      [1, 1, 1, 1],
      [3, 2, 3, 2],
    ]);
  });

  it('stops a catastrophically backtracking rule with a RuleTimeoutError naming it, instead of hanging', () => {
    let error: unknown;
    try {
      guard.run(ATTACK, [SIMPLE, REDOS]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RuleTimeoutError);
    expect(error).toMatchObject({ code: 'ETIMEOUT', ruleId: 'test.redos', ms: 300 });
    expect((error as Error).message).toMatch(/^rule test\.redos ran over 300 ms/);
  });

  it('replaces the worker after a timeout, so the next call works', () => {
    expect(() => guard.run(ATTACK, [REDOS])).toThrow(RuleTimeoutError);
    const [refs] = guard.run('CR-654321', [SIMPLE]);
    expect(refs).toEqual([[0, 9, 0, 9]]);
  });

  it('turns a timed-out rule off for the rest of the run', () => {
    expect(() => guard.run(ATTACK, [REDOS, SIMPLE])).toThrow(RuleTimeoutError);
    expect(guard.disabled.has('test.redos')).toBe(true);
    // the same attack again: no second timeout, the disabled rule just finds nothing
    const [redos, refs] = guard.run(`${ATTACK} CR-654321`, [REDOS, SIMPLE]);
    expect(redos).toEqual([]);
    expect(refs).toEqual([[42, 9, 42, 9]]);
  });
});

/** A ruleset of one user rule (untrusted, as compilePacks marks every rule of a user pack). */
function userRuleset(pattern: string): Ruleset {
  const pack: Pack = {
    file: {
      id: 'test-pack',
      version: '1.0.0',
      description: 'A pack for tests.',
      rules: [{ id: 'test.user', category: 'crime-reference', description: 'd', pattern, examples: { match: ['aaa'], noMatch: [] } }],
    },
    source: 'test-pack.json',
    builtin: false,
  };
  return compilePacks([pack]);
}

const field = (text: string): Field => ({ text, line: 1, column: 1, offset: 0, ctx: { where: 'text' } });

describe('user rules through the detector', () => {
  it('run in the guard and are found like built-in rules', () => {
    const ruleset = userRuleset('CR-\\d{6}');
    expect(ruleset.rules[0]!.untrusted).toBe(true);
    const detector = createDetector(ruleset);
    try {
      const matches = detector.detect([field('first'), field('Custody record CR-654321 opened.')]);
      expect(matches).toEqual([expect.objectContaining({ ruleId: 'test.user', value: 'CR-654321', index: 15, field: expect.objectContaining({ text: 'Custody record CR-654321 opened.' }) })]);
    } finally {
      detector.close();
    }
  });

  it('throw a RuleTimeoutError on a pathological input instead of hanging', () => {
    const detector = createDetector(userRuleset('(a+)+$'));
    try {
      expect(() => detector.detect([field(ATTACK)])).toThrow(RuleTimeoutError);
    } finally {
      detector.close();
    }
  });
});

describe('user rules through the scan engine', () => {
  it('fail only the file that hangs a rule (ETIMEOUT), and the run still finishes', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'leakgate-guard-'));
    writeFileSync(path.join(dir, 'attack.txt'), `${ATTACK}\n`);
    writeFileSync(path.join(dir, 'later.txt'), 'aaaa\n');
    const report = await scan({ paths: ['.'], cwd: dir, ruleset: userRuleset('(a+)+$'), toolVersion: 'test', failOn: 'low' });
    expect(report.summary.files).toBe(2);
    expect(report.errors).toEqual([expect.objectContaining({ file: 'attack.txt', code: 'ETIMEOUT', message: expect.stringMatching(/^rule test\.user ran over/) })]);
    expect(report.summary.errors).toBe(1);
  });
});

describe('a user pack whose pattern slips past the load-time analysis', () => {
  // What no load-time analysis sees: the repetition is reached only through a back-reference (the
  // same three letters twice), which both analyses treat as matching nothing, so neither builds
  // the prefix the attack needs; yet on "abc-abc-" and 40 "ab"s and a "!" the pattern backtracks
  // for hours (each "ab" splits as "ab" or "a", "b"). The first expectation below says so if an
  // analysis starts refusing it, and then another pattern is needed here.
  const pack = {
    id: 'force',
    version: '1.0.0',
    description: 'A pack with a pathological pattern.',
    rules: [
      {
        id: 'force.tag',
        category: 'crime-reference',
        description: 'A tag repeated, then a run of a-s and b-s.',
        pattern: '^([a-z]{3})-\\1-(?:ab|a|b)+$',
        examples: { match: ['abc-abc-abab'], noMatch: ['abc-abd-abab'] },
      },
    ],
  };

  it('loads, then fails the file it hangs on (exit 2, ETIMEOUT) while the other files are scanned', async () => {
    const dir = tree({ 'pack.json': JSON.stringify(pack), 'bundle/a-attack.txt': `abc-abc-${'ab'.repeat(40)}!\n`, 'bundle/b-notes.txt': 'NI number JM 45 67 89 C\n' });
    const r = await cli(['scan', 'bundle', '--pack', 'pack.json', '--format', 'json'], { cwd: dir });
    expect(r.stderr).not.toMatch(/backtrack catastrophically/);
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout);
    expect(report.errors).toEqual([{ file: 'bundle/a-attack.txt', code: 'ETIMEOUT', message: expect.stringMatching(/^rule force\.tag ran over \d+ ms/) }]);
    expect(report.findings).toEqual([expect.objectContaining({ file: 'bundle/b-notes.txt', ruleId: 'uk-identifiers.nino' })]);
  });
});
