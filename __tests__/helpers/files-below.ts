import { readdirSync } from 'node:fs';
import path from 'node:path';

/** Every file below a folder (a corpus), as paths. */
export function filesBelow(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}
