import { colonBefore, labelWordBefore, prevWord, wordsBefore } from '../../src/packs/word-scan.js';

// The regexes the walks replaced (anchored at the end, tried from every position): the oracle.
const oracle = {
  wordsBefore(text: string, start: number): string[] {
    const m = /((?:[\p{L}][\p{L}.'’-]*[ \t]+){1,3})$/u.exec(text.slice(Math.max(0, start - 60), start));
    return m ? m[1]!.trim().split(/[ \t]+/).map((w) => w.replace(/\.$/, '')) : [];
  },
  prevWord(text: string, start: number): string | undefined {
    return /([\p{L}][\p{L}'’.-]*)[ \t]+$/u.exec(text.slice(Math.max(0, start - 60), start))?.[1];
  },
  labelWordBefore(text: string, end: number): string | undefined {
    const line = text.slice(text.lastIndexOf('\n', end - 1) + 1, end);
    return /([\p{L}]+)[:,]?[ \t]+$/u.exec(line)?.[1]?.toLowerCase();
  },
  colonBefore(text: string, end: number): boolean {
    return /:[ \t]*$/.test(text.slice(text.lastIndexOf('\n', end - 1) + 1, end));
  },
};

const texts = [
  'Victim: Jane Doe',
  'reported by  jane doe',
  'met residents at St. Helen Street',
  'Sgt A Jones and PC Smith',
  'seen near -abc Kaya Feeney',
  "(O'Neill's  friend) Kaya",
  'Details passed to the team: J A Lind. No further action.',
  'the list names Price, Judith as the driver',
  'Victim , Jane',
  'Victim:Jane',
  'line one\nVictim:\tJane',
  'Chief Constable Smith, Jane',
  'Zoë Ångström ÉLISE Müller-Lüdenscheidt Kaya',
  `${'x'.repeat(70)} Anna Smith`,
  `a${'b'.repeat(58)} c d e f Kaya`,
  'one two three four five six',
  '12abc def ghi Kaya',
  'x.y.z a-b  c’d Kaya',
  '   Kaya',
  'Kaya',
  '\u0000Jane\u0000Doe',
];

describe('word-scan: the words around a candidate, as the former anchored regexes read them', () => {
  for (const text of texts) {
    it(JSON.stringify(text.slice(0, 40)), () => {
      for (let i = 0; i <= text.length; i++) {
        expect([i, wordsBefore(text, i)]).toEqual([i, oracle.wordsBefore(text, i)]);
        expect([i, prevWord(text, i)]).toEqual([i, oracle.prevWord(text, i)]);
        expect([i, labelWordBefore(text, i)]).toEqual([i, oracle.labelWordBefore(text, i)]);
        expect([i, colonBefore(text, i)]).toEqual([i, oracle.colonBefore(text, i)]);
      }
    });
  }
});
