import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PackError } from './pack-error.js';

/** The folder of built-in packs: `patterns/` at the package root, found from this module. */
export function builtinPackDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, 'patterns');
    if (existsSync(path.join(candidate, 'uk-identifiers.json'))) return candidate;
    dir = path.dirname(dir);
  }
  throw new PackError('patterns/', 'built-in packs not found next to the program; reinstall leakgate');
}
