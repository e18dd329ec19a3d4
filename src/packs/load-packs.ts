import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Pack, PackFile } from '../types.js';
import { describeJsonError, describeYamlError } from '../shared/json-error.js';
import { loadYaml } from '../shared/yaml.js';
import { PackError } from './pack-error.js';
import { checkPackSchema } from './schema-check.js';
import { builtinPackDir } from './builtin-dir.js';
import { PACK_FILES } from './generated/builtins.js';

export { builtinPackDir } from './builtin-dir.js';

/**
 * Loads every built-in pack (each `*.json` in patterns/ except the schema), in name order: as the
 * build checked them against the schema (src/packs/generated/builtins.js), so that no file is
 * read and no schema check runs at start-up. Each call parses them afresh.
 */
export async function loadBuiltinPacks(): Promise<Pack[]> {
  const dir = builtinPackDir();
  return PACK_FILES.map((f) => ({ file: JSON.parse(f.json) as PackFile, source: path.join(dir, f.name), builtin: true }));
}

const PACK_FILE = /\.(?:json|ya?ml)$/i;

/** Loads a pack named by id (a built-in), or a file, or every pack file in a folder. */
export async function loadPacks(spec: string, cwd: string, builtins: Pack[]): Promise<Pack[]> {
  const byId = builtins.find((p) => p.file.id === spec);
  if (byId) return [byId];
  const abs = path.resolve(cwd, spec);
  if (!existsSync(abs)) {
    throw new PackError(spec, `no such pack: not a built-in id (${builtins.map((p) => p.file.id).join(', ')}) nor a file or folder`);
  }
  if (statSync(abs).isDirectory()) {
    const files = readdirSync(abs).filter((f) => PACK_FILE.test(f) && !/\.schema\.json$/i.test(f)).sort();
    if (files.length === 0) throw new PackError(spec, 'the folder holds no pack files (*.json, *.yaml)');
    const packs: Pack[] = [];
    for (const f of files) packs.push(await loadPackFile(path.join(abs, f)));
    return packs;
  }
  return [await loadPackFile(abs)];
}

/** Reads one pack file (JSON or YAML) and validates it against patterns/pack.schema.json. */
export async function loadPackFile(file: string): Promise<Pack> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    throw new PackError(file, `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let json: unknown;
  if (/\.ya?ml$/i.test(file)) {
    const { parse } = await loadYaml();
    try {
      json = parse(text);
    } catch (e) {
      throw new PackError(file, `not valid YAML at ${describeYamlError(e)}`);
    }
  } else {
    try {
      json = JSON.parse(text);
    } catch (e) {
      // the place, never the text: a data file passed as --pack must not be printed
      throw new PackError(file, `not valid JSON at ${describeJsonError(text, e)}`);
    }
  }
  checkPackSchema(json, file);
  return { file: json as PackFile, source: file, builtin: false };
}
