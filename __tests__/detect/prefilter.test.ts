import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { compilePacks } from '../../src/packs/compile.js';
import { builtinPacks } from '../helpers/builtin-packs.js';
import { deriveAnchor } from '../../src/detect/prefilter-derive.js';
import { alternation } from '../../src/detect/prefilter-alternation.js';
import { anchorIsRule, anchorOf, digitRunOf } from '../../src/detect/prefilter.js';
import { deriveDigitRun } from '../../src/detect/prefilter-digits.js';
import { createDetector, type Detector } from '../../src/detect/detect.js';
import { keywordsAnywhere } from '../../src/detect/rule-gate.js';
import { phraseRegExp } from '../../src/packs/build-regexp.js';
import type { Field, FieldContext } from '../../src/types.js';
import { sharedDir } from '../helpers/shared.js';

// Prefilter, then confirm (issue 16): a rule runs only on the fields its anchor occurs in. It must
// never lose a finding: the same report with it on and off, through the built CLI (npm run build).
const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'bin/leakgate.js');

/** The JSON report of a scan, with the prefilter on or off; timings left out. */
function report(target: string, prefilter: boolean): unknown {
  const r = spawnSync(process.execPath, [bin, 'scan', target, '-f', 'json'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, LEAKGATE_KEY: 'k0123456789abcdef', LEAKGATE_PREFILTER: prefilter ? '1' : '0', FORCE_COLOR: '0' },
  });
  expect(r.status === 0 || r.status === 1).toBe(true);
  return JSON.parse(r.stdout, (k, v: unknown) => (/duration/i.test(k) ? undefined : v));
}

describe('the prefilter never changes a report', () => {
  const corpora = ['corpus/synthetic', 'corpus/police-uk-real', 'corpus/real-public'];
  for (const rel of corpora) {
    const dir = sharedDir(rel);
    if (!dir) {
      test.skip(`NOT RUN: ../shared/${rel} is absent`, () => undefined);
      continue;
    }
    test(`../shared/${rel}: the same JSON report with the prefilter on and off`, () => {
      const on = report(dir, true) as { findings: unknown[] };
      expect(on.findings.length).toBeGreaterThanOrEqual(0);
      expect(on).toEqual(report(dir, false));
    }, 180_000);
  }

  test('a generated test set (scripts/gen-testset.mjs) and examples/: the same report', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'leakgate-prefilter-'));
    try {
      const g = spawnSync(process.execPath, [path.join(root, 'scripts/gen-testset.mjs'), '--seed', '7', '--out', dir, '--bundles', '3', '--columns'], { encoding: 'utf8' });
      expect(g.status).toBe(0);
      for (const target of [dir, path.join(root, 'examples')]) {
        const on = report(target, true) as { findings: unknown[] };
        expect(on.findings.length).toBeGreaterThan(0);
        expect(on).toEqual(report(target, false));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});

const ALPHABET = [...'0123456789 .-/:@+()<,\t\nABCDEFGHJKLMNPRSTWXYZabcdeghilmnorstuvwxyz\'’éÓ'];
const SAMPLES = [
  'Mr John Smith', 'SMITH, John', 'Victim: Jane Doe', '12 High Street, Leeds LS1 4AB', 'john.smith@example.com', '07700 900123', '+44 20 7946 0123',
  'AB 12 34 56 C', '943 476 5919', 'MORGA753116SM9IJ', '4111 1111 1111 1111', 'GB82 WEST 1234 5698 7654 32', '12-34-56 12345678', '01/02/1985',
  '3 March 1990', '192.0.2.10', '2001:db8::1', '12/345678A', 'AB12 CDE', 'Flat 3, Rose Court', 'Rose Cottage, Mill Lane', 'Tom Jones (aged 34)',
  'DOB: 01/02/1985', 'born 3 March 1990', 'account no 12345678', 'passport 123456789', 'reg. A123 BCD', 'NHS no 9434765919',
  'HALE-SMITH, Ana', "O'NEILL, Kaya", 'JOHN SMITH', 'JEAN-PAUL DE SOUZA', 'Feeney, Kaya', 'Hale-O’Connor, Ana', 'Rose House, 4 Mill Lane',
  'son was Tom Jones', 'Reported by, A Smith', 'mother\tFEENEY, Kaya', 'Home of jane doe',
];

/** Two detectors of the built-in rules, one with the prefilter on, one with it off. */
function detectors(): [Detector, Detector] {
  const ruleset = compilePacks(builtinPacks());
  const make = (on: boolean): Detector => {
    const before = process.env.LEAKGATE_PREFILTER;
    process.env.LEAKGATE_PREFILTER = on ? '1' : '0';
    try {
      return createDetector(ruleset);
    } finally {
      if (before === undefined) delete process.env.LEAKGATE_PREFILTER;
      else process.env.LEAKGATE_PREFILTER = before;
    }
  };
  return [make(true), make(false)];
}

describe('anchors', () => {
  const rules = compilePacks(builtinPacks()).rules;

  test('the built-in rules that can be filtered have their anchor in the build table', () => {
    let anchored = 0;
    for (const rule of rules) {
      const derived = deriveAnchor(rule.re.source, rule.re.flags, rule.required);
      expect(anchorOf(rule.re)?.source).toBe(derived === undefined ? undefined : new RegExp(derived, 'g').source);
      if (derived !== undefined) anchored++;
    }
    // most rules have something rarer than a letter to look for first
    expect(anchored).toBeGreaterThan(rules.length / 2);
    expect(deriveAnchor('\\b\\d{10}\\b', 'g')).toBe('\\d{10}');
  });

  test('a chain goes on through an element that may match nothing when its matches end as the chain does', () => {
    // "FEENEY, Kaya", "HALE-SMITH, Ana": the text before the comma ends with two capitals, whether the group matched or not
    expect(deriveAnchor('[A-Z]{2,}(?:[-\'’][A-Z]{2,})*,[ \\t]*[A-Z]', 'g')).toBe('[A-Z]{2},');
    expect(deriveAnchor('[A-Z]{2,}(?:-[A-Z]{2,})?(?:[ \\t]+[A-Z]{2,})?[ \\t]+', 'g')).toBe('[A-Z]{2}[ \\t]');
    // what the group's matches end with differs from the chain: the chain stops before it
    expect(deriveAnchor('[A-Z]{2,}(?:-[a-z]{2,})?,', 'g')).toBe('[A-Z]{2}');
    expect(deriveAnchor('[A-Z]{2,}(?:-[A-Z]{2,}x?)?,', 'g')).toBe('[A-Z]{2}');
  });

  test('words that start at most places, right after a look-behind, are looked for with the character that always follows them', () => {
    // person-role: its forty role words alone occur inside other words ("reason", "Partnership")
    const role = rules.find((r) => r.id === 'uk-people.person-role')!;
    const words = /^\(\?<!\[[^\]]*\]\)(\(\?:[^)]*\))/.exec(role.re.source)![1]!;
    expect(anchorOf(role.re)?.source).toBe(`${words}(?:[ \\t]|[:,])`);
    // what follows may be nothing: no anchor
    expect(deriveAnchor(`(?<![A-Za-z])${words}[:,]?`, 'g')).toBeUndefined();
  });

  test('every match of a rule contains a match of its anchor (random text of the characters rules look at)', () => {
    const text = fc.oneof(
      fc.array(fc.constantFrom(...ALPHABET), { maxLength: 60 }).map((a) => a.join('')),
      fc.tuple(fc.constantFrom(...SAMPLES), fc.array(fc.constantFrom(...ALPHABET), { maxLength: 8 }).map((a) => a.join(''))).map(([s, noise]) => `${noise}${s}${noise}`),
    );
    let matches = 0;
    const anchored = rules.flatMap((rule) => {
      const a = anchorOf(rule.re);
      return a ? [{ rule, anchor: new RegExp(a.source, a.flags.replace('g', '')) }] : [];
    });
    fc.assert(
      fc.property(text, (s) => {
        for (const { rule, anchor } of anchored) {
          for (const m of s.matchAll(new RegExp(rule.re.source, rule.re.flags))) {
            if (m[0] && !anchor.test(m[0])) throw new Error(`${rule.id}: ${JSON.stringify(m[0])} has no ${anchor}`);
            matches++;
          }
        }
      }),
      { numRuns: 3000 },
    );
    expect(matches).toBeGreaterThan(300);
  });

  test('every match of a rule holds the digits in a row derived for it (random text, and each sample)', () => {
    const longest = (s: string): number => Math.max(0, ...(s.match(/\d+/g) ?? []).map((d) => d.length));
    const text = fc.oneof(
      fc.array(fc.constantFrom(...ALPHABET), { maxLength: 60 }).map((a) => a.join('')),
      fc.tuple(fc.constantFrom(...SAMPLES), fc.array(fc.constantFrom(...ALPHABET), { maxLength: 8 }).map((a) => a.join(''))).map(([s, noise]) => `${noise}${s}${noise}`),
    );
    const withRun = rules.filter((rule) => digitRunOf(rule.re) > 0);
    // the build table holds what the derivation gives, for the rules with an anchor
    for (const rule of rules) expect([rule.id, digitRunOf(rule.re)]).toEqual([rule.id, anchorOf(rule.re) && deriveDigitRun(rule.re.source, rule.re.flags) >= 2 ? deriveDigitRun(rule.re.source, rule.re.flags) : 0]);
    expect(withRun.filter((rule) => digitRunOf(rule.re) >= 6).length).toBeGreaterThan(5);
    let matches = 0;
    fc.assert(
      fc.property(text, (s) => {
        for (const rule of withRun) {
          for (const m of s.matchAll(new RegExp(rule.re.source, rule.re.flags))) {
            if (m[0] && longest(m[0]) < digitRunOf(rule.re)) throw new Error(`${rule.id}: ${JSON.stringify(m[0])} has fewer than ${digitRunOf(rule.re)} digits in a row`);
            matches++;
          }
        }
      }),
      { numRuns: 3000 },
    );
    expect(matches).toBeGreaterThan(100);
    expect(deriveDigitRun('\\b\\d{8}\\b', 'g')).toBe(8);
    expect(deriveDigitRun('\\d{3}[ .-]?\\d{3}', 'g')).toBe(3);
    expect(deriveDigitRun('\\d{2}(?:\\d{2})?(?=\\d)\\d{2}', 'g')).toBe(4); // the optional pair may be absent: 4, not 6
    expect(deriveDigitRun('(?:\\d{9}|[A-Z]{2}\\d{7})', 'gi')).toBe(7);
    expect(deriveDigitRun('[0-9]{2}[0-9a]{4}', 'g')).toBe(2);
    expect(deriveDigitRun('(\\d)\\1\\d', 'g')).toBe(1);
  });

  test('the detector finds the same on random batches of fields with the prefilter on and off', () => {
    const [on, off] = detectors();
    // field names decide some rules first (rule-gate.ts): a rule disabled or enabled by the name, or required and supported by it
    const contexts: FieldContext[] = [
      { where: 'text' },
      { where: 'cell', name: 'notes', label: 'Notes' },
      { where: 'cell', name: 'person', label: 'Person' },
      { where: 'cell', name: 'date of birth', label: 'Date of birth' },
      { where: 'value', name: 'phone', label: 'contact.phone', within: 'contact' },
      { where: 'cell', name: 'account number', label: 'Account number' },
      { where: 'cell', name: 'reference', label: 'Reference' },
    ];
    const piece = fc.oneof(fc.constantFrom(...SAMPLES), fc.array(fc.constantFrom(...ALPHABET), { maxLength: 12 }).map((a) => a.join('')));
    const fieldText = fc.array(piece, { maxLength: 6 }).map((a) => a.join(' '));
    let found = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(fieldText, fc.nat(contexts.length - 1)), { minLength: 1, maxLength: 8 }), (cells) => {
        const fields: Field[] = cells.map(([text, c], i) => ({ text, line: i + 1, column: 1, offset: 0, ctx: contexts[c]! }));
        const seen = (d: typeof on) => d.detect(fields).map((m) => `${m.ruleId} ${fields.indexOf(m.field)} ${m.index} ${m.value} ${m.confidence}`);
        const a = seen(on);
        found += a.length;
        expect(a).toEqual(seen(off));
      }),
      { numRuns: 1500 },
    );
    expect(found).toBeGreaterThan(500);
  });

  test('rules whose anchor is in most of the text run on whole batches: the same findings, before and after', () => {
    const [on, off] = detectors();
    const notes: FieldContext = { where: 'cell', name: 'notes', label: 'Notes' };
    const named: FieldContext = { where: 'cell', name: 'account number', label: 'Account number' };
    // 3 MB of notes in which a capital, two digits and a colon are in nearly every field (dense anchors),
    // with fields that hold none, and the rarer values rules look for in a few
    const rng = fc.sample(fc.tuple(fc.constantFrom(...SAMPLES), fc.nat(99)), 60_000);
    let found = 0;
    for (let b = 0; b < 60; b++) {
      const fields: Field[] = [];
      for (let i = 0; i < 1000; i++) {
        const [sample, n] = rng[(b * 1000 + i) % rng.length]!;
        const text = n < 8 ? 'no capitals or digits here' : `Officers attended at 12:${String(n).padStart(2, '0')} on 0${n % 9 + 1}/03/2024. ${n % 5 === 0 ? sample : 'Nothing further.'}`;
        fields.push({ text, line: i + 1, column: 1, offset: 0, ctx: n % 17 === 0 ? named : notes });
      }
      const seen = (d: typeof on) => d.detect(fields).map((m) => `${m.ruleId} ${fields.indexOf(m.field)} ${m.index} ${m.value} ${m.confidence}`);
      const a = seen(on);
      found += a.length;
      expect(a).toEqual(seen(off));
    }
    expect(found).toBeGreaterThan(1000);
  }, 120_000);

  test('a rule whose anchor is the rule itself, look-arounds and word edges dropped, is known as such', () => {
    const whole = rules.filter((r) => anchorIsRule(r.re)).map((r) => r.id);
    // a postcode's anchor is its whole regex; a PNC ID's too, the look-behind and look-ahead dropped
    expect(whole).toEqual(expect.arrayContaining(['uk-contact.postcode', 'uk-identifiers.pnc-id']));
    for (const id of whole) {
      const rule = rules.find((r) => r.id === id)!;
      // (not a rule that needs six digits in a row: the shared search for such runs finds its fields)
      expect([id, digitRunOf(rule.re) < 6]).toEqual([id, true]);
      expect(anchorOf(rule.re)).toBeDefined();
    }
    // an anchor that is part of the rule (an address's street words, a phone's digits) is not
    for (const id of ['uk-contact.phone', 'uk-people.person-titled', 'uk-identifiers.vehicle-registration', 'uk-people.address-numbered']) {
      const rule = rules.find((r) => r.id === id)!;
      expect([id, anchorIsRule(rule.re)]).toEqual([id, false]);
    }
  });

  test('on small batches, rules whose anchor is the rule run on the whole batch: the same findings as without the prefilter', () => {
    const [on, off] = detectors();
    const notes: FieldContext = { where: 'cell', name: 'notes', label: 'Notes' };
    const vat: FieldContext = { where: 'cell', name: 'vat registration number', label: 'VAT registration number' };
    const texts = ['Seen at SW1A 1AA and 10 Downing St', 'PNC 12/345678X, also 2012/0001234Z', 'no postcode here', 'gir 0aa', 'EC1A1BB;M1 1AE', '99/1234567A', 'N1 9GU'];
    let found = 0;
    for (let b = 0; b < 200; b++) {
      const fields: Field[] = [];
      for (let i = 0; i < 1 + (b % 9); i++) fields.push({ text: texts[(b * 7 + i * 3) % texts.length]!, line: i + 1, column: 1, offset: 0, ctx: (b + i) % 5 === 0 ? vat : notes });
      const seen = (d: typeof on) => d.detect(fields).map((m) => `${m.ruleId} ${fields.indexOf(m.field)} ${m.index} ${m.value} ${m.confidence}`);
      const a = seen(on);
      found += a.filter((s) => /postcode|pnc-id/.test(s)).length;
      expect(a).toEqual(seen(off));
    }
    expect(found).toBeGreaterThan(100);
  });

  test('the keywords searched for in a whole batch are found wherever the rule\'s own keyword regex finds one', () => {
    // the search drops the `u` flag for ASCII keywords: ſ and the Kelvin sign still count as s and k
    const spell = (w: string): string[] => [w, w.toUpperCase(), w.toLowerCase(), w.replace(/s/gi, '\u017f'), w.replace(/k/gi, '\u212a'), `x${w}y`];
    let checked = 0;
    for (const rule of rules) {
      const any = keywordsAnywhere(rule);
      if (!rule.keywords || !any) continue;
      const words = rule.keywords.source.replace(/^.*?\(\?:\^\|\[\^\\p\{L\}\\p\{N\}\]\)\(\?:/, '').replace(/\)\(\?!.*$/, '').split('|');
      for (const w of words.map((x) => x.replace(/\\s\*/g, ' ').replace(/\\(.)/g, '$1'))) {
        for (const text of spell(w)) {
          if (!rule.keywords.test(` ${text} `)) continue;
          any.lastIndex = 0;
          expect([rule.id, text, any.test(` ${text} `)]).toEqual([rule.id, text, true]);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  test('a keyword that holds another is not searched for as well: it occurs only where that one does', () => {
    const any = (phrases: string[]) => keywordsAnywhere({ keywords: phraseRegExp(phrases) } as never)?.source;
    expect(any(['reg', 'reg no', 'number plate', 'plate', 'Reg', 'credit card', 'card'])).toBe('(?:reg|plate|card)');
    expect(any(['card no', 'card number'])).toBe('(?:card\\s*no|card\\s*number)');
    expect(any(['a.b', 'xa.by', 'a b'])).toBe('(?:a\\.b|a\\s*b)');
  });

  test('an alternation with what its parts start with in front matches the same strings as the parts one by one', () => {
    const cases: string[][] = [
      ['\\d{4}[ .-]\\d{4}', '\\d{4}[ .-]\\d{6}', '\\d{12}'],
      ['1\\d{14}', '1\\d{3}[ -]\\d{4}'],
      ['\\d{2}(?: {1,2}|[./-]){0,1}\\d{2}[A-D]', '\\d\\d \\d\\d'],
      ['(?:a|b)c', '(?:a|b)\\d'],
      ['\\d{1,3}a', '\\d{1,3}b', '\\d{1,3}'],
      ['[a-c]{2}\\d', '[a-c]x', '[a-c]{3}'],
      ['Mr', 'Mrs', 'Dr'],
    ];
    const factored = cases.map((parts) => alternation(parts));
    expect(factored.slice(0, 2)).toEqual(['\\d{4}(?:[ .-]\\d{4}|[ .-]\\d{6}|\\d{8})', '1\\d{3}(?:\\d{11}|[ -]\\d{4})']);
    // nothing in front that every part starts with: as it was
    expect(factored[6]).toBe('(?:Mr|Mrs|Dr)');
    // strings of each form (fast-check makes them from the regex), each checked against the other form
    cases.forEach((parts, i) => {
      const plain = `^(?:${parts.join('|')})$`;
      const front = `^(?:${factored[i]!})$`;
      fc.assert(
        fc.property(fc.oneof(fc.stringMatching(new RegExp(plain)), fc.stringMatching(new RegExp(front))), (s) => {
          expect([plain, s, new RegExp(front).test(s)]).toEqual([plain, s, new RegExp(plain).test(s)]);
        }),
        { numRuns: 300 },
      );
      // and a near miss: one character changed
      fc.assert(
        fc.property(fc.stringMatching(new RegExp(plain)), fc.nat(), fc.constantFrom('0', ' ', '-', 'a', 'x', ''), (m, at, c) => {
          const s = m.slice(0, at % (m.length + 1)) + c + m.slice((at % (m.length + 1)) + 1);
          expect([plain, s, new RegExp(front).test(s)]).toEqual([plain, s, new RegExp(plain).test(s)]);
        }),
        { numRuns: 300 },
      );
    });
  });

  test('a rule that could see past its field, or needs nothing rare, gets none: it runs on every field', () => {
    expect(deriveAnchor('x.y\\d{6}', 'g')).toBeUndefined(); // "." matches the U+0000 that joins fields
    expect(deriveAnchor('[^a]\\d{6}', 'g')).toBeUndefined();
    expect(deriveAnchor('^\\d{6}', 'g')).toBeUndefined();
    expect(deriveAnchor('[a-z]+', 'g')).toBeUndefined();
    // a rule whose context is required is tested only on the fields its keywords open: any anchor will do
    expect(deriveAnchor('[a-z]+', 'g', true)).toBe('[a-z]');
    expect(deriveAnchor('x.y\\d{6}', 'g', true)).toBeUndefined();
    // a back-reference matches what its group did: that group's pattern, when every match went through it
    expect(deriveAnchor('(?<![\\w.])\\d{3}([ .-])\\d{3}\\1\\d{4}', 'g')).toBe('\\d{3}[ .-]\\d{3}[ .-]\\d{4}');
    expect(deriveAnchor('(?:(x)|y)\\d{6}\\1', 'g')).toBe('(?:x|y)\\d{6}');
    expect(deriveAnchor('(a)?\\1', 'g')).toBeUndefined();
    expect(deriveAnchor('(\\d)\\1{5}', 'g')).toBeUndefined();
    expect(deriveAnchor('[A-Z][a-z]+@x', 'gi')).toBe('[a-z]@x');
    // a chain goes on through short optional separators when that makes it much rarer (a NINO's digits),
    // but not through long or unbounded ones, and it starts at a character rarer than a letter
    expect(deriveAnchor('\\b[A-Z]{2}\\d{2} ?\\d{2} ?\\d{2}\\b', 'gi')).toBe('\\d{2} {0,1}\\d{2} {0,1}\\d{2}');
    expect(deriveAnchor('x\\d{2}[ -]*\\d{2}', 'g')).toBe('x\\d{2}');
    expect(deriveAnchor('\\d{3}(?:abcdef)?\\d{3}', 'g')).toBe('\\d{3}');
    // a chain may start at the edge every match of an element of varying length ends with (a phone
    // number's area code, `\d{2,4}`): its digits and what follows, not two digits alone
    expect(deriveAnchor('\\d{2,4} ?\\d{3,4}x', 'g')).toBe('\\d{2} {0,1}\\d{3,4}x');
    // a group repeated a few times is read as its copies in turn (an IPv4 address's dots)
    expect(deriveAnchor('(?:\\d{1,3}\\.){3}\\d{1,3}', 'g')).toBe('\\d\\.\\d{1,3}\\.\\d{1,3}\\.');
    expect(deriveAnchor('(?:ab){2}c', 'g')).toBe('ababc');
    // an alternative that only looks behind needs what its look-behind does (a NINO without its
    // letter, spaced out): the digits then the letter, or the spaced digits, not the digits alone
    expect(deriveAnchor('\\b[A-Z]{2}\\d{2} ?\\d{2} ?\\d{2}(?: ?[A-D]\\b|(?<=\\d\\d \\d\\d \\d\\d)(?![A-Z0-9]))', 'gi')).toBe(
      '\\d\\d(?: {0,1}\\d{2} {0,1}\\d{2} {0,1}[A-D]| \\d\\d \\d\\d)',
    );
    // what every alternative starts with is written once, in front (a payment card's first four digits)
    expect(deriveAnchor('\\b(?:\\d{4}([ .-])\\d{4}\\1\\d{4}\\1\\d{4}(?:\\1\\d{1,3})?|\\d{4}([ .-])\\d{6}\\2\\d{4,5}|\\d{12,19})\\b', 'g')).toBe(
      '\\d{4}(?:[ .-]\\d{4}[ .-]\\d{4}[ .-]\\d{4}|[ .-]\\d{6}[ .-]\\d{4}|\\d{8})',
    );
    // a negative look-behind needs nothing
    expect(deriveAnchor('\\d{6}(?:x|(?<!y))', 'g')).toBe('\\d{6}');
    // words that start a match right after a look-behind and begin with most letters: they alone would
    // be found inside other words, so the character that always follows them goes with them; none when it may be absent
    const roles = '(?:[Vv]ictim|[Oo]ffender|[Ss]uspect|[Ww]itness|[Cc]aller|[Tt]enant|[Pp]artner|[Mm]other|[Ff]ather|[Dd]river|[Nn]ame|[Aa]ccused|[Ii]nformant|[Rr]esident|[Ll]andlord|[Hh]usband)';
    expect(deriveAnchor(`(?<![A-Za-z])${roles}:? [A-Z][a-z]+`, 'g')).toBe(`${roles}(?::| )`);
    expect(deriveAnchor(`(?<![A-Za-z])${roles}:?`, 'g')).toBeUndefined();
    expect(deriveAnchor(`${roles}:? [A-Z][a-z]+`, 'g')).toBe(roles);
    expect(deriveAnchor('(?<![A-Za-z])(?:Mr|Mrs|Dr) [A-Z][a-z]+', 'g')).toBe('(?:Mr|Mrs|Dr) [A-Z][a-z]');
    // a user pack's rule is not in the build table: unfiltered
    expect(anchorOf(/\d{6}user-rule/g)).toBeUndefined();
  });
});
