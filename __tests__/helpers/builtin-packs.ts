import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Pack } from '../../src/types.js';

/** The built-in packs of patterns/, as leakgate loads them. */
export function builtinPacks(): Pack[] {
  const dir = path.resolve(import.meta.dirname, '../../patterns');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
    .sort()
    .map((f) => ({ file: JSON.parse(readFileSync(path.join(dir, f), 'utf8')), source: path.join(dir, f), builtin: true }));
}
