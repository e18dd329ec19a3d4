import { closeSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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
  set = new BucketedWords(readWords(name, list.at, list.starts[list.starts.length - 1]!), list.starts);
  cache.set(name, set);
  return set;
}

/**
 * A list's text, bytes `at` to `at + length` of generated/word-lists.txt (next to the built
 * script in dist/, next to this module in src/packs/; scripts/build.mjs writes it): kept out of
 * the CLI's script, whose every byte is read and deserialised at each start (issue 16).
 */
function readWords(name: string, at: number, length: number): Buffer {
  const file = fileURLToPath(new URL('generated/word-lists.txt', import.meta.url));
  const words = Buffer.allocUnsafe(length);
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    throw new PackError(file, `word list ${name} missing; reinstall leakgate`);
  }
  try {
    let n = 0;
    for (let r; n < length && (r = readSync(fd, words, n, length - n, at + n)) > 0; ) n += r;
    if (n < length) throw new PackError(file, `word list ${name} cut short; reinstall leakgate`);
  } finally {
    closeSync(fd);
  }
  return words;
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
  readonly #words: Buffer;
  readonly #starts: readonly number[];
  readonly #groups: (Set<string> | undefined)[] = new Array(WORD_BUCKETS).fill(undefined);

  /** `words`: the list's UTF-8 text; group b is its bytes starts[b] to starts[b + 1]. */
  constructor(words: Buffer, starts: readonly number[]) {
    this.#words = words;
    this.#starts = starts;
  }

  has(word: string): boolean {
    const b = bucketOf(word);
    let group = this.#groups[b];
    if (group === undefined) {
      const start = this.#starts[b]!;
      const end = this.#starts[b + 1]!;
      group = new Set(end > start ? this.#words.toString('utf8', start, end - 1).split('\n') : []);
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
