import { prejudged, stickyAtStarts } from '../../src/detect/name-starts.js';
import { compilePacks } from '../../src/packs/compile.js';
import type { CompiledRule } from '../../src/types.js';
import { builtinPacks } from '../helpers/builtin-packs.js';
import { textsBelow } from '../helpers/files-below.js';
import { pieced, seeded } from '../helpers/seeded.js';
import { describeShared } from '../helpers/shared.js';

// prejudged passes over the matches a rule's validator surely refuses (CompiledRule.refuses), as
// detect.ts's search loop does after judging them; what the loop takes must not change: the same
// matches, at the same places, with the same lastIndex after each, whatever else judge decides.

const rules = compilePacks(builtinPacks()).rules;
const rule = (id: string): CompiledRule => rules.find((r) => r.id === id)!;

type Search = Pick<RegExp, 'exec' | 'lastIndex'>;

/**
 * detect.ts's loop over a batch (fields joined by U+0000): a match is judged in its field, taken
 * when the validator passes it and `take` does, else the search goes on one past its start; a
 * match running into the next field is passed over unjudged. Each taken match, and the end.
 */
function loop(search: Search, r: CompiledRule, fields: string[], take: (index: number) => boolean): string[] {
  const text = fields.join('\u0000');
  const starts: number[] = [];
  let at = 0;
  for (const f of fields) {
    starts.push(at);
    at += f.length + 1;
  }
  const out: string[] = [];
  search.lastIndex = 0;
  for (let m = search.exec(text); m; m = search.exec(text)) {
    if (m[0].length === 0) {
      search.lastIndex++;
      continue;
    }
    let fi = 0;
    while (fi + 1 < starts.length && starts[fi + 1]! <= m.index) fi++;
    const local = m.index - starts[fi]!;
    const field = fields[fi]!;
    if (local + m[0].length > field.length) continue;
    const ok = r.validator!(m[0], { text: field, index: local }) && take(m.index);
    if (ok) out.push(`${m.index}:${m[0]}:${search.lastIndex}`);
    else search.lastIndex = m.index + 1;
  }
  out.push(`end:${search.lastIndex}`);
  return out;
}

/** Whether judge takes what the validator passes: all, none, or by where it stands. */
const TAKES: Record<string, (index: number) => boolean> = { all: () => true, none: () => false, some: (i) => i % 3 === 0 };

/** The loop with the rule's regex as detect builds its searcher, with and without passing over refused matches. */
function both(r: CompiledRule, fields: string[], take: (index: number) => boolean): [string[], string[]] {
  const plain = (): Search => stickyAtStarts(r.re) ?? new RegExp(r.re, r.re.flags);
  return [loop(prejudged(r, plain()), r, fields, take), loop(plain(), r, fields, take)];
}

// capitalised phrases, given names, clan surnames, dashes after, what breaks a name
const WORDS = [
  'de', 'van', 'Mac', 'O’', "O'", 'Community', 'Safety', 'Partnership', 'Operation', 'Lantern', 'Dylan', 'Rees', 'Mary-Jane', "O'Neill", 'McKenna',
  'MacLeod', 'FitzGerald', 'Sandra', 'Jovric', 'Quellmann', 'noted', 'Will', 'Grant', 'Daphné', 'Zoë', 'St', 'Helen', 'Street', 'Royston', 'West',
  'Sgt', 'Dyer', 'Victoria', 'Hall', 'Jean-Paul', 'Ana',
];
// each word also with a blank after it, as words stand in running text
const PIECES = [
  ' ', '  ', '\t', '\n', '-', ' - ', ' – ', ' —', ',', '.', "'", '’', '(', '1', 'x', ...WORDS, ...WORDS.map((w) => `${w} `),
  // names the test lets through by their dash or their clan surname, as they stand
  'Jovric Quellmann - noted', 'Quellmann Jovric – seen', 'stated that ', ' was', 'Jovric O’Reilly', "Quellmann McKenna",
];

describe('prejudged', () => {
  it('runs the forename-surname rule with its validator’s first test, and hands the searcher on unchanged otherwise', () => {
    const fs = rule('uk-people.person-forename-surname');
    expect(fs.refuses).toBeDefined();
    expect(prejudged(fs, fs.re)).not.toBe(fs.re);
    // no such test, or a value group (the value is not the match): the searcher itself
    const role = rule('uk-people.person-role');
    expect(role.refuses).toBeUndefined();
    expect(prejudged(role, role.re)).toBe(role.re);
    expect(prejudged({ refuses: fs.refuses!, valueGroup: true }, role.re)).toBe(role.re);
  });

  it('takes what the search takes in names and capitalised phrases', () => {
    const r = rule('uk-people.person-forename-surname');
    const batches = [
      ['Dylan Rees reports'], ['Community Safety Partnership met Dylan Rees'], ['Jovric Quellmann - noted at 14:20'], ['Operation Lantern'],
      ['Sandra O’Neill’s car', 'Grant McKenna'], ['St Helen Street', 'Mary-Jane Smith'], ['Community', 'Safety Partnership', 'Dylan', 'Rees'],
      ['Jovric Quellmann', ' - noted'], ['Will Grant', 'Zoë Rees, Daphné Hall'],
    ];
    for (const fields of batches) for (const take of Object.values(TAKES)) expect([fields, ...both(r, fields, take)[0]]).toEqual([fields, ...both(r, fields, take)[1]]);
    // a name after capitalised phrases is found, the phrases passed over
    expect(both(r, ['Community Safety Partnership met Dylan Rees'], TAKES.all!)[0]).toEqual(['33:Dylan Rees:43', 'end:0']);
    // a given name in no list is one before a dash and a note, and a clan surname makes one (the test's other two ways out)
    expect(both(r, ['Jovric Quellmann - noted at 14:20'], TAKES.all!)[0]).toEqual(['0:Jovric Quellmann:16', 'end:0']);
    expect(both(r, ['Notes: stated that Jovric O’Reilly was'], TAKES.all!)[0]).toEqual(['19:Jovric O’Reilly:34', 'end:0']);
  });

  it('takes what the search takes on generated batches', () => {
    const rand = seeded(33);
    const r = rule('uk-people.person-forename-surname');
    let taken = 0;
    for (let i = 0; i < 4000; i++) {
      const fields = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pieced(rand, PIECES, 14));
      for (const [how, take] of Object.entries(TAKES)) {
        const [got, want] = both(r, fields, take);
        taken += want.length - 1;
        expect([fields, how, got]).toEqual([fields, how, want]);
      }
    }
    expect(taken).toBeGreaterThan(300);
  });

  it('refuses only what the validator refuses, in the field or in a batch of fields', () => {
    const rand = seeded(34);
    const r = rule('uk-people.person-forename-surname');
    let refused = 0;
    for (let i = 0; i < 4000; i++) {
      const field = pieced(rand, PIECES, 14);
      const batch = `${pieced(rand, PIECES, 3)}\u0000${field}\u0000${pieced(rand, PIECES, 3)}`;
      const offset = batch.indexOf('\u0000') + 1;
      const re = new RegExp(r.re, r.re.flags);
      for (let m = re.exec(field); m; m = re.exec(field)) {
        re.lastIndex = m.index + 1;
        if (!r.refuses!(m[0], batch, offset + m.index)) continue;
        refused++;
        expect([field, m.index, r.validator!(m[0], { text: field, index: m.index })]).toEqual([field, m.index, false]);
      }
    }
    expect(refused).toBeGreaterThan(500);
  });
});

describeShared('corpus', 'prejudged on the shared corpus', (dir) => {
  it('takes what the search takes in every corpus file, and in its lines as fields', () => {
    const r = rule('uk-people.person-forename-surname');
    let taken = 0;
    for (const [f, t] of textsBelow(dir, false)) {
      for (const fields of [[t], t.split('\n')]) {
        for (const take of Object.values(TAKES)) {
          const [got, want] = both(r, fields, take);
          taken += want.length - 1;
          expect([f, got]).toEqual([f, want]);
        }
      }
    }
    expect(taken).toBeGreaterThan(50);
  });
});
