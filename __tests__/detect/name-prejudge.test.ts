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
    let index = m.index;
    let value = m[0];
    if (r.valueGroup && m.indices?.groups?.value && m.groups?.value !== undefined) {
      index = m.indices.groups.value[0];
      value = m.groups.value;
    }
    let fi = 0;
    while (fi + 1 < starts.length && starts[fi + 1]! <= index) fi++;
    const local = index - starts[fi]!;
    const field = fields[fi]!;
    if (local + value.length > field.length) continue;
    const ok = r.validator!(value, m.groups ? { text: field, index: local, groups: m.groups } : { text: field, index: local }) && take(m.index);
    if (ok) out.push(`${m.index}:${m[0]}:${index}:${value}:${search.lastIndex}`);
    else search.lastIndex = m.index + 1;
  }
  out.push(`end:${search.lastIndex}`);
  return out;
}

/** Whether judge takes what the validator passes: all, none, or by where it stands. */
const TAKES: Record<string, (index: number) => boolean> = { all: () => true, none: () => false, some: (i) => i % 3 === 0 };

/** The loop with the rule's regex as detect builds its searcher, with and without passing over refused matches. */
function both(r: CompiledRule, fields: string[], take: (index: number) => boolean): [string[], string[]] {
  // the regex as built (a LeadRegExp copies as its plain form)
  const plain = (): Search => stickyAtStarts(r.re) ?? (r.re.constructor === RegExp ? new RegExp(r.re, r.re.flags) : r.re);
  return [loop(prejudged(r, plain()), r, fields, take), loop(plain(), r, fields, take)];
}

/** The rules' takings with and without prejudged on `n` generated batches of one to three fields; each rule takes more than 100 matches in all. */
function generatedTakings(ids: string[], rand: () => number, n: number, pieces: readonly string[], most: number): void {
  const taken = new Map(ids.map((id) => [id, 0]));
  for (let i = 0; i < n; i++) {
    const fields = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pieced(rand, pieces, most));
    for (const id of ids) {
      for (const [how, take] of Object.entries(TAKES)) {
        const [got, want] = both(rule(id), fields, take);
        taken.set(id, taken.get(id)! + want.length - 1);
        expect([id, fields, how, got]).toEqual([id, fields, how, want]);
      }
    }
  }
  for (const id of ids) expect([id, taken.get(id)! > 100]).toEqual([id, true]);
}

// capitalised phrases, given names, clan surnames, dashes after, what breaks a name
const WORDS = [
  'de', 'van', 'Mac', 'O’', "O'", 'Community', 'Safety', 'Partnership', 'Operation', 'Lantern', 'Dylan', 'Rees', 'Mary-Jane', "O'Neill", 'McKenna',
  'MacLeod', 'FitzGerald', 'Sandra', 'Jovric', 'Quellmann', 'noted', 'Will', 'Grant', 'Daphné', 'Zoë', 'St', 'Helen', 'Street', 'Royston', 'West',
  'Sgt', 'Dyer', 'Victoria', 'Hall', 'Jean-Paul', 'Ana', 'Primrose', 'Meadow', 'Close', 'Walk', 'Green', 'on', 'near', 'Milton', 'Keynes',
  'Feeney, Kaya', 'Behaviour, Crime', 'Corwin, Neha', 'West, Hazel', 'Paris, France', 'Harlow',
];
// each word also with a blank after it, as words stand in running text
const PIECES = [
  ' ', '  ', '\t', '\n', '-', ' - ', ' – ', ' —', ',', '.', "'", '’', '(', '1', 'x', ...WORDS, ...WORDS.map((w) => `${w} `),
  // names the test lets through by their dash or their clan surname, as they stand
  'Jovric Quellmann - noted', 'Quellmann Jovric – seen', 'stated that ', ' was', 'Jovric O’Reilly', "Quellmann McKenna",
];

describe('prejudged', () => {
  it('runs the rules of validators with a first test with it, and hands the searcher on unchanged otherwise', () => {
    for (const id of ['uk-people.person-forename-surname', 'uk-people.person-role', 'uk-people.person-aged', 'uk-people.person-lower', 'uk-people.person-surname-first']) {
      const r = rule(id);
      expect([id, r.refuses]).toEqual([id, expect.any(Function)]);
      expect(prejudged(r, r.re)).not.toBe(r.re);
    }
    // no such test: the searcher itself
    const titled = rule('uk-people.person-titled');
    expect(titled.refuses).toBeUndefined();
    expect(prejudged(titled, titled.re)).toBe(titled.re);
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
    expect(both(r, ['Community Safety Partnership met Dylan Rees'], TAKES.all!)[0]).toEqual(['33:Dylan Rees:33:Dylan Rees:43', 'end:0']);
    // streets named like people, by their street type, wherever they stand; a surname that is also a word by what stands around it
    const r2 = rule('uk-people.person-forename-surname');
    for (const v of ['Primrose Walk', 'Meadow Close', 'Royston West']) expect([v, r2.refuses!(v, v, 0)]).toEqual([v, true]);
    for (const v of ['Dylan Rees', 'Jane Hall', 'Sandra Green']) expect([v, r2.refuses!(v, v, 0)]).toEqual([v, false]);
    expect(both(r, ['Meadow Close and Primrose Walk, Dylan Rees, Jane Hall reports'], TAKES.all!)[0]).toEqual([
      '32:Dylan Rees:32:Dylan Rees:42', '44:Jane Hall:44:Jane Hall:53', 'end:0',
    ]);
    // surname first: a stopword or a town after the comma, wherever the pair stands
    const sf = rule('uk-people.person-surname-first');
    for (const v of ['Behaviour, Crime', 'Street, Harlow', 'Close, Aylesbury']) expect([v, sf.refuses!(v, v, 0)]).toEqual([v, true]);
    for (const v of ['Feeney, Kaya', 'West, Hazel', 'Corwin, Neha']) expect([v, sf.refuses!(v, v, 0)]).toEqual([v, false]);
    expect(both(sf, ['Anti-social Behaviour, Crime and Policing Act; Feeney, Kaya'], TAKES.all!)[0]).toEqual(['47:Feeney, Kaya:47:Feeney, Kaya:59', 'end:0']);
    // a given name in no list is one before a dash and a note, and a clan surname makes one (the test's other two ways out)
    expect(both(r, ['Jovric Quellmann - noted at 14:20'], TAKES.all!)[0]).toEqual(['0:Jovric Quellmann:0:Jovric Quellmann:16', 'end:0']);
    expect(both(r, ['Notes: stated that Jovric O’Reilly was'], TAKES.all!)[0]).toEqual(['19:Jovric O’Reilly:19:Jovric O’Reilly:34', 'end:0']);
  });

  it('takes what the search takes on generated batches', () => {
    generatedTakings(['uk-people.person-forename-surname', 'uk-people.person-surname-first'], seeded(33), 4000, PIECES, 14);
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

  it('takes what the search takes after role words and in lower-case names, by their value groups', () => {
    generatedTakings(['uk-people.person-role', 'uk-people.person-aged', 'uk-people.person-lower'], seeded(35), 3000, ROLE_PIECES, 10);
  });

  it('refuses after role words only what the validator refuses ("wished to" after "Caller", "Support" after "Victim")', () => {
    const role = rule('uk-people.person-role');
    const lower = rule('uk-people.person-lower');
    expect(both(role, ['Caller wished to speak to Victim Support and Caller Jane Doe'], TAKES.all!)[0]).toEqual(['45:Caller Jane Doe:52:Jane Doe:60', 'end:0']);
    expect(both(lower, ['under review', '(jovric quellmann)', 'night-time economy'], TAKES.all!)[0]).toEqual(['13:(jovric quellmann:14:jovric quellmann:30', 'end:0']);
    for (const v of ['wished to', 'Support', 'dispute around', 'Mrs']) expect([v, role.refuses!(v, v, 0), role.validator!(v, { text: `Caller ${v}`, index: 7 })]).toEqual([v, true, false]);
    for (const v of ['Jane Doe', 'jane doe', 'KAYA FEENEY']) expect([v, role.refuses!(v, v, 0)]).toEqual([v, false]);
    expect([lower.refuses!('under review', '', 0), lower.refuses!('jovric quellmann', '', 0)]).toEqual([true, false]);
  });
});

// pieces of role words, lower-case names and what follows them
const ROLE_PIECES = [
  ' ', '  ', '\t', '\n', ':', ': ', ',', ', ', '.', '-', ' - ', '(', ')', '"', '1', 'x', 'K',
  'Victim ', 'victim ', 'Caller ', 'caller ', 'reported by ', 'Witness: ', 'Name: ', 'son ', 'Home of ', 'wished to', 'Support', 'dispute around',
  'Jane', 'Doe', 'jane', 'doe', 'J', 'A', 'KAYA', 'FEENEY', 'Smith', "O'Neill", 'Feeney, Kaya', 'Mrs', 'Sgt ', 'under review', 'night-time economy',
  'jovric quellmann', 'josephine mckenzie', 'grace period', ', aged 34', ' (17)', 'Liam Kowalski', 'Zainab Okafor', 'Liam Kowalski, aged 34',
  'Zainab Okafor (17)', 'Wished To (17)',
];

describeShared('corpus', 'prejudged on the shared corpus', (dir) => {
  it('takes what the search takes in every corpus file, and in its lines as fields', () => {
    const ids = ['uk-people.person-forename-surname', 'uk-people.person-role', 'uk-people.person-aged', 'uk-people.person-lower', 'uk-people.person-surname-first'];
    const taken = new Map(ids.map((id) => [id, 0]));
    for (const [f, t] of textsBelow(dir, false)) {
      for (const fields of [[t], t.split('\n')]) {
        for (const id of ids) {
          for (const take of Object.values(TAKES)) {
            const [got, want] = both(rule(id), fields, take);
            taken.set(id, taken.get(id)! + want.length - 1);
            expect([f, id, got]).toEqual([f, id, want]);
          }
        }
      }
    }
    // the corpus holds such names: the comparison is not of empty lists (it holds no name with an age, nor a lower-case one alone, which the generated batches do)
    expect([taken.get(ids[0]!)! > 20, taken.get(ids[1]!)! > 20]).toEqual([true, true]);
  });
});
