import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { compilePacks } from '../../src/packs/compile.js';
import { builtinPacks } from '../helpers/builtin-packs.js';
import { anchorOf } from '../../src/detect/prefilter.js';
import { keywordsAnywhere } from '../../src/detect/rule-gate.js';
import { buildNfa } from '../../src/detect/anchor-nfa.js';
import { AnchorDfa } from '../../src/detect/anchor-dfa.js';
import { WINDOW } from '../../src/detect/anchor-wasm.js';
// @ts-expect-error the bench generators are plain JavaScript
import { caseNote, person, phone, address, email, rng } from '../../scripts/bench-fake.mjs';
// @ts-expect-error the bench generators are plain JavaScript
import { makeCaseCsv } from '../../scripts/bench-text.mjs';

// One pass for all anchors and keywords (issue 16): for each regex it takes, the automaton must
// list exactly the fields the regex occurs in.
const root = path.resolve(import.meta.dirname, '../..');


/** Every regex a detector of the built-in rules searches a batch for: anchors, keywords, six digits in a row. */
function searched(): RegExp[] {
  const out = new Set<RegExp>([/\d{6}/g]);
  for (const rule of compilePacks(builtinPacks()).rules) {
    const a = anchorOf(rule.re);
    if (a) out.add(a);
    const k = keywordsAnywhere(rule);
    if (k) out.add(k);
  }
  return [...out];
}

/** Fields joined by U+0000, as the detector has them, and where each starts. */
function batch(fields: readonly string[]): { text: string; starts: Int32Array } {
  const starts = new Int32Array(fields.length + 1);
  let at = 0;
  fields.forEach((f, i) => {
    starts[i] = at;
    at += f.length + 1;
  });
  starts[fields.length] = at;
  return { text: fields.join('\u0000'), starts };
}

/** The fields `re` occurs in, one regex search each. */
function byRegex(re: RegExp, fields: readonly string[]): number[] {
  const one = new RegExp(re.source, re.flags.replace('g', ''));
  return fields.flatMap((f, i) => (one.test(f) ? [i] : []));
}

/** `n` characters of case notes' letters, a card number every so often. */
function plainRun(n: number): string {
  return 'Seen at home, card 4111 1111 1111 1111 noted. '.repeat(Math.ceil(n / 46)).slice(0, n);
}

function textFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? textFiles(p) : [readFileSync(p, 'utf8')];
  });
}

describe('the anchor automaton', () => {
  const regexes = searched();
  const { nfa, index } = buildNfa(regexes);
  const dfa = new AnchorDfa(nfa);
  const covered = regexes.flatMap((re, i) => (index[i] === undefined ? [] : [{ re, p: index[i]! }]));

  const same = (fields: string[], by = dfa): number => {
    const lists = by.scan(batch(fields).text, batch(fields).starts)!;
    let hits = 0;
    for (const { re, p } of covered) {
      expect([re.source, lists[p]]).toEqual([re.source, byRegex(re, fields)]);
      hits += lists[p]!.length;
    }
    return hits;
  };

  test('takes nearly all the built-in anchors and keywords', () => {
    expect(covered.length).toBeGreaterThan(regexes.length * 0.9);
  });

  test('finds the fields each regex finds: generated case notes, people, addresses', () => {
    const r = rng(1234);
    const fields: string[] = [];
    for (let i = 0; i < 4000; i++) {
      const p = person(r);
      fields.push(caseNote(r, 1 + (i % 5), i % 3 === 0).join(' '), p.name, phone(r), address(r), email(r, p), `${p.name}, ${address(r)}`);
    }
    expect(same(fields)).toBeGreaterThan(5000);
  });

  test('finds the fields each regex finds: the shipped examples, by line and by cell', () => {
    const texts = textFiles(path.join(root, 'examples'));
    expect(same(texts.flatMap((t) => t.split(/\r?\n/)))).toBeGreaterThan(50);
    expect(same(texts.flatMap((t) => t.split(/[\n,"]/)))).toBeGreaterThan(50);
  });

  test('finds the fields each regex finds: random text with letters any regex may fold or class (ſ, K, é, ’, spaces, emoji)', () => {
    const alphabet = [...'0123456789 .-/:@+()<,\t\nABCDEGHJKLMNPRSTWXYZabcdeghiklmnoprstuvwxyz\'’éÓſ\u212a\u00a0\u2028\u3000İıß'].concat(['\ud83d\ude00', '\ud800']);
    const words = ['Mr', 'Flat', 'Cottage', 'born', 'DOB', 'live at', 'reg', 'card', 'aged 34', 'AB12 CDE', 'SW1A 1AA', '07700 900123', '@example.', '192.0.2.10', '12-34-56'];
    const piece = fc.oneof(fc.constantFrom(...words), fc.array(fc.constantFrom(...alphabet), { maxLength: 10 }).map((a) => a.join('')));
    const field = fc.array(piece, { maxLength: 8 }).map((a) => a.join(''));
    let hits = 0;
    fc.assert(
      fc.property(fc.array(field, { minLength: 1, maxLength: 40 }), (fields) => {
        hits += same(fields);
      }),
      { numRuns: 400 },
    );
    expect(hits).toBeGreaterThan(1000);
  });

  test('finds the same when the text is run in two halves side by side: a field longer than half, one field, empty fields', () => {
    const r = rng(99);
    const note = (): string => caseNote(r, 3, true).join(' ');
    const long = Array.from({ length: 200 }, note).join(' ');
    expect(same([long, 'Mr Smith', '07700 900123'])).toBeGreaterThan(3);
    expect(same(['Mr Smith', '07700 900123', long])).toBeGreaterThan(3);
    expect(same([long])).toBeGreaterThan(3);
    expect(same(['', long, '', '', 'AB12 CDE', ''])).toBeGreaterThan(3);
  });

  test('finds the same over texts longer than the loop reads at once, with characters never met before where a read ends or begins', () => {
    const r = rng(5);
    // characters a fresh automaton has not met (the loop returns to JavaScript to class each);
    // ſ and K fold to s and k under \`i\`
    const rare = [...'ΩЖ中\u2028ſ\u212aß'];
    const edges = [WINDOW - 1, WINDOW, WINDOW + 1, 2 * WINDOW - 1, 2 * WINDOW, 2 * WINDOW + 1, 4 * WINDOW - 1, 4 * WINDOW];
    // one field, so one chain, read 2 × WINDOW units at a time: a postcode across each edge
    // (or a rare character on it) is found iff every character around the edge is read
    for (const [n, edge] of edges.entries()) {
      const units = Array.from({ length: 4 * WINDOW + 50 }, () => '~');
      units.splice(edge - 3, 8, ...'SW1A 1AA');
      const plain = units.join('');
      units[edge] = rare[n % rare.length]!;
      expect(same([plain], new AnchorDfa(nfa))).toBeGreaterThan(0);
      same([units.join('')], new AnchorDfa(nfa));
    }
    // short fields of digits and spaces, so that whether each holds a match turns on each of its
    // characters: two chains side by side over 5 × WINDOW, with rare characters on the edges
    const digits = (): string => Array.from({ length: r.between(3, 9) }, () => r.pick([...'12 ~'])).join('');
    const fields = Array.from({ length: 14_000 }, digits);
    const text = batch(fields).text;
    // where the second chain starts: the first field to start at half the text or after
    const half = text.indexOf('\u0000', (text.length >> 1) - 1) + 1;
    const marked = [...text];
    edges.forEach((e, n) => {
      for (const at of [e, half + e]) if (marked[at] !== '\u0000') marked[at] = rare[n % rare.length]!;
    });
    expect(same(fields, new AnchorDfa(nfa))).toBeGreaterThan(500);
    expect(same(marked.join('').split('\u0000'), new AnchorDfa(nfa))).toBeGreaterThan(500);
    // a first field longer than half: one chain over more than one read
    expect(same([plainRun(3 * WINDOW), ...fields.slice(0, 2000)], new AnchorDfa(nfa))).toBeGreaterThan(100);
  });

  test('keeps the transitions it knows when characters of new classes widen its table', () => {
    // each letter its own class: 200 of them, met a few at a time, widen rows of 64 classes twice
    const letters = Array.from({ length: 200 }, (_, i) => String.fromCharCode(0x100 + i));
    const res = letters.map((c) => new RegExp(`x${c}|${c}${c}`, 'g'));
    const { nfa: n, index: at } = buildNfa(res);
    const d = new AnchorDfa(n);
    const r = rng(3);
    const fields = Array.from({ length: 4000 }, (_, i) =>
      Array.from({ length: r.between(1, 12) }, () => (r.chance(0.4) ? 'x' : letters[r.int(1 + Math.min(199, i >> 4))]!)).join(''),
    );
    const { text, starts } = batch(fields);
    let hits = 0;
    for (const lists of [d.scan(text, starts)!, d.scan(text, starts)!]) {
      res.forEach((re, i) => {
        expect([re.source, lists[at[i]!]]).toEqual([re.source, byRegex(re, fields)]);
        hits += lists[at[i]!]!.length;
      });
    }
    expect(hits).toBeGreaterThan(4000);
  });

  test('finds the same when it runs out of states and starts again, in either half, with the other half\'s state kept', () => {
    const r = rng(7);
    const fields: string[] = [];
    for (let i = 0; i < 1500; i++) {
      const p = person(r);
      fields.push(caseNote(r, 2, i % 2 === 0).join(' '), p.name, address(r), `${p.name}, ${phone(r)}`);
    }
    const small = new AnchorDfa(nfa, 60, 1e6);
    const { text, starts } = batch(fields);
    const lists = small.scan(text, starts)!;
    expect(small.restarts).toBeGreaterThan(100);
    expect(small.states).toBeLessThanOrEqual(60);
    let hits = 0;
    for (const { re, p } of covered) {
      expect([re.source, lists[p]]).toEqual([re.source, byRegex(re, fields)]);
      hits += lists[p]!.length;
    }
    expect(hits).toBeGreaterThan(3000);
    // and gives up when it starts again too often
    expect(new AnchorDfa(nfa, 60, 4).scan(text, starts)).toBeUndefined();
  });

  test('leaves out what it cannot take exactly, and cuts a pattern to what must occur', () => {
    const { nfa: n, index: at } = buildNfa([/a\b/g, /(?<=x)y/g, /x*/g, /[^a]b/g, /a/u, /(a)\1/g, /[^a]?foo/g, /(?:O')?Smith{1,3}(?: Jr)?/g, /a{2,}/gi]);
    // `[^a]?foo`: the optional part it would be cut to `foo` without can match U+0000, and so
    // take a match into the field before
    expect(at.map((p) => p !== undefined)).toEqual([false, false, false, false, false, false, false, true, true]);
    const d = new AnchorDfa(n);
    const fields = ['Smith', "O'Smit", 'x Smithhh Jr', 'A', 'bAa', 'ſmith'];
    const { text, starts } = batch(fields);
    expect(d.scan(text, starts)).toEqual([[0, 2], [4]]);
  });
});

describe('the one pass, through the CLI', () => {
  /** The JSON report of a scan of `target` at -j 1, with the prefilter (and so the pass) on or off, or without WebAssembly (node --jitless: the pass is not made, and the regexes search). */
  const report = (target: string, on: boolean, jitless = false): { findings: unknown[]; summary: { files: number } } => {
    const r = spawnSync(process.execPath, [...(jitless ? ['--jitless'] : []), path.join(root, 'bin/leakgate.js'), 'scan', '-j', '1', target, '-f', 'json'], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 1 << 28,
      env: { ...process.env, LEAKGATE_KEY: 'k0123456789abcdef', LEAKGATE_PREFILTER: on ? '1' : '0', FORCE_COLOR: '0' },
    });
    expect(r.status).toBe(1);
    return JSON.parse(r.stdout, (k, v: unknown) => (/duration/i.test(k) ? undefined : v));
  };

  test('a case CSV of many batches: the same report with the prefilter (and so the pass) on and off, and without WebAssembly', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'leakgate-dfa-'));
    try {
      const file = path.join(dir, 'cases.csv');
      // 4 MiB: the pass is made after the first 2 MB of batches
      await makeCaseCsv(file, 4, 0.2);
      const on = report(file, true);
      expect(on.findings.length).toBeGreaterThan(100);
      expect(on).toEqual(report(file, false));
      expect(on).toEqual(report(file, true, true));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  test('a folder of small JSON files: the pass, made from them all, serves each file\'s batch; the same report as without it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'leakgate-dfa-'));
    try {
      // 2,500 files of about 1.2 KB, each one batch of its fields: 3 MB in all, the pass is made after 2 MB
      const r = rng(4321);
      let total = 0;
      for (let i = 0; i < 2500; i++) {
        const p = person(r);
        const notes = Array.from({ length: 4 }, (_, k) => ({ ref: `ASB/24/${1000 + i}-${k}`, note: caseNote(r, 3, (i + k) % 7 === 0).join(' ') }));
        const doc = JSON.stringify({ case: i, officer: p.name, contact: i % 11 === 0 ? phone(r) : 'via the front desk', where: i % 13 === 0 ? address(r) : 'not given', notes }, null, 2);
        total += doc.length;
        writeFileSync(path.join(dir, `case-${String(i).padStart(5, '0')}.json`), doc);
      }
      expect(total).toBeGreaterThan(2.5e6);
      const on = report(dir, true);
      expect(on.summary.files).toBe(2500);
      expect(on.findings.length).toBeGreaterThan(100);
      expect(on).toEqual(report(dir, false));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
