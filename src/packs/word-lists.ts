import { readFileSync } from 'node:fs';
import path from 'node:path';
import { builtinPackDir } from './builtin-dir.js';
import { PackError } from './pack-error.js';

const cache = new Map<string, ReadonlySet<string>>();

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
