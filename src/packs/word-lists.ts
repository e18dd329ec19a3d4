import path from 'node:path';
import { builtinPackDir } from './builtin-dir.js';
import type { PackFile } from '../types.js';
import { expandFragments } from './fragments.js';
import { PACK_FILES, WORD_LISTS } from './generated/builtins.js';
import { PackError } from './pack-error.js';

const cache = new Map<string, ReadonlySet<string>>();
const packLists = new Map<string, ReadonlySet<string>>();

/**
 * A built-in word list, `patterns/lists/<name>.txt` (one entry per line, `#` comments), as a set
 * of lower-case entries. Made on first use, from the form the build gave it (lower case, one entry
 * a line): a scan that runs no rule needing it never makes it.
 */
export function wordList(name: string): ReadonlySet<string> {
  let set = cache.get(name);
  if (set) return set;
  const words = Object.hasOwn(WORD_LISTS, name) ? WORD_LISTS[name] : undefined;
  if (words === undefined) throw new PackError(path.join(builtinPackDir(), 'lists', `${name}.txt`), 'word list missing; reinstall leakgate');
  set = new Set(words === '' ? [] : words.split('\n'));
  cache.set(name, set);
  return set;
}

let builtinFiles: { file: string; pack: PackFile }[] | undefined;

/** The built-in pack files (patterns/*.json), parsed once, on first use. */
function builtinPackFiles(): { file: string; pack: PackFile }[] {
  if (builtinFiles) return builtinFiles;
  const dir = builtinPackDir();
  builtinFiles = PACK_FILES.map((f) => ({ file: path.join(dir, f.name), pack: JSON.parse(f.json) as PackFile }));
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
