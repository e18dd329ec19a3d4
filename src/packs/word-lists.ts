import path from 'node:path';
import { builtinPackDir } from './builtin-dir.js';
import type { PackFile } from '../types.js';
import { expandFragments } from './fragments.js';
import { PACK_WORDS, WORD_LISTS } from './generated/builtins.js';
import { PackError } from './pack-error.js';

/** What the name checks ask of a word list. */
export interface WordSet {
  has(word: string): boolean;
}

const cache = new Map<string, WordSet>();
const packLists = new Map<string, ReadonlySet<string>>();

/**
 * A built-in word list, `patterns/lists/<name>.txt` (one entry per line, `#` comments), as a set
 * of lower-case entries. Made on first use, from the form the build gave it: a scan that runs no
 * rule needing it never makes it.
 */
export function wordList(name: string): WordSet {
  let set = cache.get(name);
  if (set) return set;
  const list = Object.hasOwn(WORD_LISTS, name) ? WORD_LISTS[name] : undefined;
  if (list === undefined) throw new PackError(path.join(builtinPackDir(), 'lists', `${name}.txt`), 'word list missing; reinstall leakgate');
  set = new BucketedWords(list.words, list.starts);
  cache.set(name, set);
  return set;
}

/** Word list groups: words of two letters a-z are grouped by them, all others in group 0. */
const WORD_BUCKETS = 1 + 26 * 26;
function bucketOf(word: string): number {
  const a = word.charCodeAt(0) - 97;
  const b = word.charCodeAt(1) - 97;
  return a >= 0 && a < 26 && b >= 0 && b < 26 ? 1 + a * 26 + b : 0;
}

/**
 * A word list in the build's form (scripts/build.mjs, bucketed): the words of one group become a
 * set on the first lookup in that group. Making the sets of all 39,000 English words and the
 * other lists cost a one-file scan 50 M instructions; its lookups meet a few of the 677 groups
 * (issue 16).
 */
class BucketedWords implements WordSet {
  readonly #words: string;
  readonly #starts: readonly number[];
  readonly #groups: (Set<string> | undefined)[] = new Array(WORD_BUCKETS).fill(undefined);

  constructor(words: string, starts: readonly number[]) {
    this.#words = words;
    this.#starts = starts;
  }

  has(word: string): boolean {
    const b = bucketOf(word);
    let group = this.#groups[b];
    if (group === undefined) {
      const start = this.#starts[b]!;
      const end = this.#starts[b + 1]!;
      group = new Set(end > start ? this.#words.slice(start, end - 1).split('\n') : []);
      this.#groups[b] = group;
    }
    return group.has(word);
  }
}

let builtinFiles: { file: string; pack: Pick<PackFile, 'lists' | 'fragments'> }[] | undefined;

/** The lists and fragments of the built-in pack files (patterns/*.json), parsed once, on first use. */
function builtinPackFiles(): { file: string; pack: Pick<PackFile, 'lists' | 'fragments'> }[] {
  if (builtinFiles) return builtinFiles;
  const dir = builtinPackDir();
  builtinFiles = PACK_WORDS.map((f) => ({ file: path.join(dir, f.name), pack: JSON.parse(f.json) as Pick<PackFile, 'lists' | 'fragments'> }));
  return builtinFiles;
}

/**
 * A word list of a built-in pack's `lists` section ("introducers", "name-particles"), as a set of
 * lower-case entries: the vocabulary the name and date checks need lives in the packs, with the
 * patterns that use the same words, not in TypeScript.
 */
export function packList(name: string): ReadonlySet<string> {
  // the name checks ask for a list on every candidate: looked up by the name itself, no key built
  let set = packLists.get(name);
  if (set) return set;
  const found = builtinPackFiles().find((b) => b.pack.lists?.[name]);
  if (!found) throw new PackError(builtinPackDir(), `no built-in pack has the list "${name}"; reinstall leakgate`);
  set = new Set(found.pack.lists![name]!.map((w) => w.toLowerCase()));
  packLists.set(name, set);
  return set;
}

/** A built-in pack's fragment, expanded: a regex piece the checks share with the patterns. */
export function packFragment(name: string): string {
  const found = builtinPackFiles().find((b) => b.pack.fragments && Object.hasOwn(b.pack.fragments, name));
  if (!found) throw new PackError(builtinPackDir(), `no built-in pack has the fragment "${name}"; reinstall leakgate`);
  return expandFragments(`{{${name}}}`, found.pack.fragments, found.file, name, `fragments.${name}`);
}
