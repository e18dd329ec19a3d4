import { compilePacks } from '../../src/packs/compile.js';
import { literalTrie } from '../../src/packs/literal-trie.js';
import { builtinPacks } from '../helpers/builtin-packs.js';
import { textsBelow } from '../helpers/files-below.js';
import { pieced, seeded } from '../helpers/seeded.js';
import { describeShared } from '../helpers/shared.js';

// literalTrie rewrites a rule regex's alternations of words to run faster (issue 16); the
// rewritten regex must find exactly what the written one finds: the same matches at the same
// places, of the same length, with the same groups, on any text.

/** The built-in rules' regexes that run from a rewritten source, with the regex as written. */
function rewritten(): { id: string; written: RegExp; run: RegExp }[] {
  return compilePacks(builtinPacks())
    .rules.filter((r) => literalTrie(r.re.source, r.re.flags) !== r.re.source)
    .map((r) => ({ id: r.id, written: new RegExp(r.re.source, r.re.flags), run: r.re }));
}

/** Every match as detect.ts reads it: index, text, the groups and the value group's place. */
function matches(re: RegExp, text: string): string[] {
  const out: string[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push(`${m.index}:${m[0]}:${JSON.stringify(m.groups ?? null)}:${JSON.stringify(m.indices?.groups ?? null)}`);
    // detect.ts looks again one character on when it refuses a match: so does this
    re.lastIndex = m.index + 1;
  }
  return out;
}

// pieces of role phrases, names and what breaks them
const PIECES = [
  ' ', '  ', '\t', '\n', ':', ',', '.', '-', "'", '\u2019', '\u0000', 'x', 'S', 's', 'V', 'v', 'on', 'uspect', 'ictim', 'ictimon', 'poken to', 'eized from',
  'Victim', 'victim', 'Son', 'son', 'Suspect', 'SUSPECT', 'Spoken to', 'seized from', 'Mother', 'Name', 'name', 'Person', 'Reported by', 'reporting person',
  'Home of', 'is', 'was', 'named', 'called', 'Jane', 'Smith', 'Smith, Jane', "O'Neil", 'de', 'la', 'J.', 'A. B.', 'MARY ANN', 'jane smith', 'Ó', 'Ní', 'Ann-Marie',
];


describe('literalTrie', () => {
  it('merges the words of an alternation by their first character, in their order', () => {
    expect(literalTrie('(?:[Ss]uspect|[Vv]ictim|[Ss]on|[Ss]poken to)[ \\t]', 'g')).toBe('(?:[Ss](?:uspect|on|poken to)|[Vv]ictim)[ \\t]');
    expect(literalTrie('x(?:[Tt]enant|[Ww]ife|[Tt]hat|said)y', '')).toBe('x(?:[Tt](?:enant|hat)|[Ww]ife|said)y');
    // under `i`, "told" starts as "[Tt]…" does
    expect(literalTrie('(?:[Tt]enant|[Tt]hat|told)', 'i')).toBe('(?:[Tt](?:enant|hat|old))');
  });

  it('leaves an alternation alone when first characters overlap, or nothing merges', () => {
    // "told" may match where "[Tt]…" does: neither may move past the other
    expect(literalTrie('(?:[Tt]hat|[Ww]hether|said|told)', '')).toBe('(?:[Tt]hat|[Ww]hether|said|told)');
    expect(literalTrie('(?:[Tt]enant|told|[Tt]hat)', '')).toBe('(?:[Tt]enant|told|[Tt]hat)');
    // under `i`, "[Tx]…" and "[Tt]…" both match "t" and "T", and differ on "x"
    expect(literalTrie('(?:[Tt]enant|[Tt]hat|[Tx]ow)', 'i')).toBe('(?:[Tt]enant|[Tt]hat|[Tx]ow)');
    expect(literalTrie('(?:[Tt]enant|[Ww]ife|[Ss]on)', '')).toBe('(?:[Tt]enant|[Ww]ife|[Ss]on)');
    // plain words V8 merges itself
    expect(literalTrie('(?:Mr|Mrs|Ms)', '')).toBe('(?:Mr|Mrs|Ms)');
  });

  it('touches no escaped parenthesis, class or word with more than letters', () => {
    expect(literalTrie('\\(?:[Ss]on|[Ss]ir|[Ss]ue)', '')).toBe('\\(?:[Ss]on|[Ss]ir|[Ss]ue)');
    expect(literalTrie('[(?:[Ss]on|[Ss]ir|[Ss]ue)]', '')).toBe('[(?:[Ss]on|[Ss]ir|[Ss]ue)]');
    expect(literalTrie('(?:[Ss]on+|[Ss]ir|[Ss]ue)', '')).toBe('(?:[Ss]on+|[Ss]ir|[Ss]ue)');
    expect(literalTrie('(?:[Ss]|[Ss]ir|[Ss]ue)', '')).toBe('(?:[Ss]|[Ss]ir|[Ss]ue)');
  });

  it('rewrites the role-word rule, keeping the source it was written with', () => {
    const rules = rewritten();
    expect(rules.map((r) => r.id)).toContain('uk-people.person-role');
    for (const r of rules) {
      expect(r.run.source).toBe(r.written.source);
      expect(r.run.flags).toBe(r.written.flags);
    }
  });

  it('finds what the written regex finds on generated text', () => {
    const rand = seeded(16);
    const rules = rewritten();
    for (let i = 0; i < 3000; i++) {
      const text = pieced(rand, PIECES, 10);
      for (const r of rules) expect([r.id, text, matches(r.run, text)]).toEqual([r.id, text, matches(r.written, text)]);
    }
  });
});

describeShared('corpus', 'literalTrie on the shared corpus', (dir) => {
  it('finds what the written regex finds in every corpus file', () => {
    const rules = rewritten();
    let found = 0;
    for (const [f, text] of textsBelow(dir, false)) {
      for (const r of rules) {
        const want = matches(r.written, text);
        found += want.length;
        expect([f, r.id, matches(r.run, text)]).toEqual([f, r.id, want]);
      }
    }
    // the corpus holds role phrases: the comparison is not of two empty lists
    expect(found).toBeGreaterThan(50);
  });
});
