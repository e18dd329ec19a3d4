import { stickyAtStarts } from '../../src/detect/name-starts.js';
import { compilePacks } from '../../src/packs/compile.js';
import { builtinPacks } from '../helpers/builtin-packs.js';
import { textsBelow } from '../helpers/files-below.js';
import { pieced, seeded } from '../helpers/seeded.js';
import { describeShared } from '../helpers/shared.js';

// stickyAtStarts runs a rule regex sticky at the places its matches can start, found from the
// commas of a text (issue 16); it must find exactly what detect.ts's global search finds: the same
// matches, at the same places, with the same groups and lastIndex, whichever matches detect takes or refuses.

/** The built-in rules run at their starts, with the regex as built. */
function atStarts(): { id: string; re: RegExp }[] {
  return compilePacks(builtinPacks())
    .rules.filter((r) => stickyAtStarts(r.re) !== undefined)
    .map((r) => ({ id: r.id, re: r.re }));
}

/** Whether detect takes a match: all, none, or by where it stands. */
const TAKES: Record<string, (m: RegExpExecArray) => boolean> = { all: () => true, none: () => false, some: (m) => m.index % 3 === 0 };

type Search = Pick<RegExp, 'exec' | 'lastIndex'>;

/** What detect.ts's search loop finds with `re` from `from` on (the next search one on after a refused match): each match, `lastIndex` after it, and at the end. */
function searchWith(re: Search, text: string, take: (m: RegExpExecArray) => boolean, from: number): string[] {
  const out: string[] = [];
  re.lastIndex = from;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    out.push(`${m.index}:${m[0]}:${JSON.stringify(m.groups ?? null)}:${re.lastIndex}`);
    if (!take(m)) re.lastIndex = m.index + 1;
  }
  out.push(`end:${re.lastIndex}`);
  return out;
}

/** The global search's matches. */
const searched = (re: RegExp, text: string, take: (m: RegExpExecArray) => boolean, from = 0): string[] =>
  searchWith(new RegExp(re, re.flags.includes('g') ? re.flags : `${re.flags}g`), text, take, from);

/** The matches stickyAtStarts gives. */
const sticky = (re: RegExp, text: string, take: (m: RegExpExecArray) => boolean, from = 0): string[] => searchWith(stickyAtStarts(re)!, text, take, from);

// pieces of surname-first names, particles and what breaks them
const PIECES = [
  ' ', '  ', '\t', '\n', '\u0000', ',', ', ', ',\t', '.', '-', "'", '’', '(', '1', 'x', 'a', 'K', 'Ó', 'Ní', 'de', 'van', 'Mac', 'la', 'Abu', 'Bint',
  'Feeney', 'Kaya', 'Smith', "O'Neill", 'O’Brien', 'McDonald', 'Hale-O’Connor', 'DuBois', 'Souza', 'Ana', 'Maria', 'Jean-Paul', 'LEEDS', 'However',
  'FEENEY', 'MCDONALD', "O'NEILL", 'D’ARCY', 'HALE-SMITH', 'DE', 'A',
];

// pieces of role words and what follows them
const ROLE_PIECES = [
  ' ', '  ', '\t', '\n', '\u0000', ':', ': ', ',', ', ', '.', '-', '_', "'", '’', '(', '1', 'é', 'x', 'K', 'Ó', 'de',
  'Victim', 'victim', 'VICTIM', 'Son', 'son', 'person', 'Person', 'reported by', 'Reported by', 'reported  by', 'missing person', 'Home of', 'home of',
  'caller', 'Caller', 'Mother', 'child', ' is ', ' was', ' named', ' called', 'Jane', 'Doe', 'jane', 'doe', 'J', 'A', 'KAYA', 'FEENEY', 'Smith', "O'Neill", 'Feeney, Kaya',
  'Victim: ', 'son ', 'Jane Doe', 'J A Doe', 'jane doe',
];

/** The built-in rule `id`'s regex. */
const ruleRe = (id: string): RegExp => atStarts().find((r) => r.id === id)!.re;

describe('stickyAtStarts', () => {
  it.each(['uk-people.person-surname-first', 'uk-people.person-surname-forename'])('runs %s, and no rule it does not know', (id) => {
    expect(atStarts().map((r) => r.id).sort()).toEqual(['uk-people.person-role', 'uk-people.person-surname-first', 'uk-people.person-surname-forename']);
    const source = ruleRe(id).source;
    expect(stickyAtStarts(new RegExp(source, 'g'))).toBeDefined();
    expect(stickyAtStarts(new RegExp(source, 'dg'))).toBeDefined();
    // flags that change what the prefix means, a branch without it, an edited beginning
    for (const flags of ['gi', 'gm', 'gu', 'gy']) expect(stickyAtStarts(new RegExp(source, flags))).toBeUndefined();
    expect(stickyAtStarts(new RegExp(`${source}|x`, 'g'))).toBeUndefined();
    expect(stickyAtStarts(new RegExp(source.replace(',[ \\t]*', ',?[ \\t]*'), 'g'))).toBeUndefined();
    const capital = '[A-Z\\u00C0-\\u00D6\\u00D8-\\u00DE\\u0100-\\u024F]';
    const cut = source.indexOf(capital, source.indexOf(',[ \\t]*')) + capital.length;
    expect(stickyAtStarts(new RegExp(`${source.slice(0, cut)}?${source.slice(cut)}`, 'g'))).toBeUndefined();
  });

  it('finds what the search finds in names written surname first', () => {
    const re = ruleRe('uk-people.person-surname-first');
    const texts = ['Feeney, Kaya', 'Notes: Heaney, Chloe', 'de Souza, Ana Maria', 'Ní Bhriain, Aoife', 'van der Berg, Jan', 'Hale-O’Connor, Kaya', 'However, Kaya said', 'x,Kaya', ',Kaya', 'Kaya,', 'a b c d, Kaya', 'Abu Bakr, Omar'];
    for (const text of texts) for (const take of Object.values(TAKES)) expect([text, sticky(re, text, take)]).toEqual([text, searched(re, text, take)]);
    // two particles back from the surname; a lower-case particle first stays out, as the rule says
    expect(sticky(re, 'Van der Berg, Jan', TAKES.all!)).toEqual(['0:Van der Berg, Jan:null:17', 'end:0']);
    expect(sticky(re, 'de Souza, Ana', TAKES.all!)).toEqual(['3:Souza, Ana:null:13', 'end:0']);
  });

  it('finds what the search finds in surnames in capitals', () => {
    const re = ruleRe('uk-people.person-surname-forename');
    const texts = ['FEENEY, Kaya', "O'NEILL, Sean Patrick", 'Notes: MCDONALD, Ana', 'x-SMITH, Jo', 'xSMITH, Jo', 'SMITH,Jo', 'DE SOUZA, Ana', 'HALE-O’CONNOR, Kaya', 'A, Kaya', 'Feeney, Kaya', 'FEENEY, KAYA'];
    for (const text of texts) for (const take of Object.values(TAKES)) expect([text, sticky(re, text, take)]).toEqual([text, searched(re, text, take)]);
    expect(sticky(re, 'DE SOUZA, Ana', TAKES.all!)).toEqual(['3:SOUZA, Ana:null:13', 'end:0']);
  });

  it('runs the role-word rule, and no edit of its beginning it does not know', () => {
    const source = ruleRe('uk-people.person-role').source;
    expect(stickyAtStarts(new RegExp(source, 'dg'))).toBeDefined();
    for (const flags of ['dgi', 'dgm', 'dgu', 'dgy']) expect(stickyAtStarts(new RegExp(source, flags))).toBeUndefined();
    expect(stickyAtStarts(new RegExp(`${source}|x`, 'dg'))).toBeUndefined();
    // the words made optional, a follow that no longer needs a blank, colon or comma, another lookbehind
    const words = source.indexOf(')', source.indexOf('[Hh]ome of')) + 1;
    expect(stickyAtStarts(new RegExp(`${source.slice(0, words)}?${source.slice(words)}`, 'dg'))).toBeUndefined();
    expect(stickyAtStarts(new RegExp(source.replace('[:,]?[ \\t]+', '[:,]?[ \\t]*'), 'dg'))).toBeUndefined();
    expect(stickyAtStarts(new RegExp(source.replace("'’.-])", "'’-])"), 'dg'))).toBeUndefined();
  });

  it('finds what the search finds after role words', () => {
    const re = ruleRe('uk-people.person-role');
    const texts = [
      'Victim: Piotr Nowak', 'victim Jane Doe', 'Caller stated that suspect jane doe was relevant', 'Complainant Ciaran McDonald, DOB', 'reported by Jane Smith',
      'xVictim Jane', '_Victim Jane', '1Victim Jane', 'é victim Jane', "O'Victim Jane", 'VICTIM Jane', 'Victim Support', 'son  is Jo Bloggs', 'Name:Jane Doe',
      'Home of Kaya Feeney', 'missing person Jo Smith', 'person Jo Smith', 'Victim:\tJane', 'Victim', ' Victim ', 'Son, Jo Smith and son Al Jones',
    ];
    // short texts are searched with the regex itself: each also after and before 300 characters
    const long = texts.flatMap((t) => [t, `${'. '.repeat(150)}${t}`, `${t}${' '.repeat(300)}`, `${t}\u0000${'x'.repeat(300)}\u0000${t}`]);
    for (const text of long) for (const take of Object.values(TAKES)) for (const from of [0, 1, 5, 301]) expect([text, from, sticky(re, text, take, from)]).toEqual([text, from, searched(re, text, take, from)]);
    expect(sticky(re, `Victim: Piotr Nowak and son Al Jones${' '.repeat(300)}`, TAKES.all!)).toEqual([
      '0:Victim: Piotr Nowak:{"value":"Piotr Nowak"}:19',
      '24:son Al Jones:{"value":"Al Jones"}:36',
      'end:0',
    ]);
    expect(sticky(re, 'Victim: Piotr Nowak and son Al Jones', TAKES.all!)).toEqual([
      '0:Victim: Piotr Nowak:{"value":"Piotr Nowak"}:19',
      '24:son Al Jones:{"value":"Al Jones"}:36',
      'end:0',
    ]);
  });

  it('finds what the search finds on generated text', () => {
    const rand = seeded(16);
    const rules = atStarts();
    for (let i = 0; i < 6000; i++) {
      const text = pieced(rand, PIECES, 12);
      // from the start, and from any place (past the end too)
      const from = i % 2 === 0 ? 0 : Math.floor(rand() * (text.length + 2));
      for (const r of rules) for (const [how, take] of Object.entries(TAKES)) expect([text, from, how, sticky(r.re, text, take, from)]).toEqual([text, from, how, searched(r.re, text, take, from)]);
    }
  });

  it('finds what the search finds on generated text around role words', () => {
    const rand = seeded(17);
    const re = ruleRe('uk-people.person-role');
    let found = 0;
    for (let i = 0; i < 6000; i++) {
      // short texts, and long ones (past the length below which the regex itself is searched)
      const text = pieced(rand, ROLE_PIECES, i % 3 === 0 ? 12 : 150);
      const from = i % 2 === 0 ? 0 : Math.floor(rand() * (text.length + 2));
      for (const [how, take] of Object.entries(TAKES)) {
        const want = searched(re, text, take, from);
        found += want.length - 1;
        expect([text, from, how, sticky(re, text, take, from)]).toEqual([text, from, how, want]);
      }
    }
    expect(found).toBeGreaterThan(300);
  });
});

describeShared('corpus', 'stickyAtStarts on the shared corpus', (dir) => {
  it('finds what the search finds in every corpus file, and in its lines', () => {
    const rules = atStarts();
    let found = 0;
    for (const [f, t] of textsBelow(dir, true)) {
      for (const r of rules) {
        for (const take of Object.values(TAKES)) {
          const want = searched(r.re, t, take);
          found += want.length - 1;
          expect([f, r.id, sticky(r.re, t, take)]).toEqual([f, r.id, want]);
        }
      }
    }
    // the corpus holds names written surname first: the comparison is not of empty lists
    expect(found).toBeGreaterThan(50);
  });
});
