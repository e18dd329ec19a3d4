import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { wordList } from '../../src/packs/word-lists.js';

// Word lists are kept as the build grouped them and made into sets a group at a time (issue 16):
// every entry of patterns/lists must still be found, in lower case, and nothing else.

const dir = path.resolve(import.meta.dirname, '../../patterns/lists');

describe('wordList', () => {
  const names = readdirSync(dir).filter((f) => f.endsWith('.txt')).map((f) => f.slice(0, -'.txt'.length));

  it.each(names)('finds every entry of %s.txt, and no entry changed by a letter', (name) => {
    const entries = readFileSync(path.join(dir, `${name}.txt`), 'utf8').split('\n').map((l) => l.replace(/#.*/, '').trim().toLowerCase()).filter(Boolean);
    expect(entries.length).toBeGreaterThan(0);
    const list = wordList(name);
    const all = new Set(entries);
    expect(entries.filter((w) => !list.has(w))).toEqual([]);
    const changed = entries.flatMap((w) => [`${w}q`, `q${w}`, w.slice(1), w.toUpperCase()]).filter((w) => !all.has(w));
    expect(changed.filter((w) => list.has(w))).toEqual([]);
  });

  it('finds nothing for no word, or a word of one letter beyond a-z', () => {
    const list = wordList('english-words');
    expect(list.has('')).toBe(false);
    expect(list.has('\u00e9')).toBe(false);
  });
});
