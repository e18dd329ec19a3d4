import { readFileSync } from 'node:fs';
import path from 'node:path';
import { builtinPackDir } from '../packs/builtin-dir.js';

let cached: string | undefined;

/** leakgate's version, from the package.json beside the built-in packs. */
export function toolVersion(): string {
  if (cached) return cached;
  const pkg = JSON.parse(readFileSync(path.join(path.dirname(builtinPackDir()), 'package.json'), 'utf8')) as { version: string };
  cached = pkg.version;
  return cached;
}
