import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Every file below a folder (a corpus), as paths. */
export function filesBelow(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

/**
 * The texts of every file below a folder, with the file's path: each whole and, with `lines`,
 * also its lines joined by U+0000, as detect joins a batch's fields.
 */
export function* textsBelow(folder: string, lines: boolean): Generator<[file: string, text: string]> {
  for (const f of filesBelow(folder)) {
    const text = readFileSync(f, 'utf8');
    yield [f, text];
    if (lines) yield [f, text.split('\n').join('\u0000')];
  }
}
