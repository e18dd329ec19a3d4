import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { builtinPackDir } from './builtin-dir.js';
import type { PackFile } from '../types.js';
import { expandFragments } from './fragments.js';
import { PackError } from './pack-error.js';

const cache = new Map<string, ReadonlySet<string>>();
const packLists = new Map<string, ReadonlySet<string>>();

/**
 * A built-in word list, `patterns/lists/<name>.txt` (one entry per line, `#` comments), as a set
 * of lower-case entries. Loaded on first use: a scan that runs no rule needing it never reads it.
 */
export function wordList(name: string): ReadonlySet<string> {
  let set = cache.get(name);
  if (set) return set;
  const file = path.join(builtinPackDir(), 'lists', `${name}.txt`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new PackError(file, `word list missing: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; reinstall leakgate`);
  }
  set = new Set(
    text
      .split('\n')
      .map((l) => l.replace(/#.*/, '').trim().toLowerCase())
      .filter(Boolean),
  );
  cache.set(name, set);
  return set;
}

let builtinFiles: { file: string; pack: PackFile }[] | undefined;

/** The built-in pack files (patterns/*.json), read once, on first use. */
function builtinPackFiles(): { file: string; pack: PackFile }[] {
  if (builtinFiles) return builtinFiles;
  const dir = builtinPackDir();
  builtinFiles = readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
    .sort()
    .map((f) => ({ file: path.join(dir, f), pack: JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as PackFile }));
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
