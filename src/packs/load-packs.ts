import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATEGORIES, type Pack, type PackFile } from '../types.js';
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

/** Loads every built-in pack (each `*.json` in patterns/ except the schema), in name order. */
export function loadBuiltinPacks(): Pack[] {
  const dir = builtinPackDir();
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
    .sort()
    .map((f) => ({ ...loadPackFile(path.join(dir, f)), builtin: true }));
}

/** Loads a pack named by id (a built-in), or a file, or every pack file in a folder. */
export function loadPacks(spec: string, cwd: string, builtins: Pack[]): Pack[] {
  const byId = builtins.find((p) => p.file.id === spec);
  if (byId) return [byId];
  const abs = path.resolve(cwd, spec);
  if (!existsSync(abs)) {
    throw new PackError(spec, `no such pack: not a built-in id (${builtins.map((p) => p.file.id).join(', ')}) nor a file or folder`);
  }
  if (statSync(abs).isDirectory()) {
    const files = readdirSync(abs).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json')).sort();
    if (files.length === 0) throw new PackError(spec, 'the folder holds no pack files (*.json)');
    return files.map((f) => loadPackFile(path.join(abs, f)));
  }
  return [loadPackFile(abs)];
}

/** Reads and checks one pack file. */
export function loadPackFile(file: string): Pack {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new PackError(file, `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new PackError(file, `not valid JSON: ${(e as Error).message}`);
  }
  checkPack(json, file);
  return { file: json, source: file, builtin: false };
}

const RULE_KEYS = new Set(['id', 'category', 'severity', 'confidence', 'description', 'why', 'pattern', 'flags', 'prefilter', 'validator', 'context', 'fields', 'examples']);
const SEVERITY = new Set(['critical', 'high', 'medium', 'low']);
const CONFIDENCE = new Set(['high', 'medium', 'low']);
const CATEGORY = new Set<string>(CATEGORIES);

/** Structural checks of a pack file, each failure naming the rule, the JSON path and the fix. */
function checkPack(json: unknown, file: string): asserts json is PackFile {
  const fail = (reason: string, jsonPath: string, ruleId?: string): never => {
    throw new PackError(file, reason, ruleId, jsonPath);
  };
  if (!isObject(json)) fail('a pack must be a JSON object', '$');
  const p = json as Record<string, unknown>;
  for (const k of ['id', 'version', 'description']) if (typeof p[k] !== 'string' || !p[k]) fail(`"${k}" must be a non-empty string`, `$.${k}`);
  for (const k of Object.keys(p)) {
    if (!['$schema', 'id', 'version', 'description', 'rules', 'fields', 'allow', 'shapes'].includes(k)) fail(`unknown key "${k}"`, `$.${k}`);
  }
  const list = (k: string): Record<string, unknown>[] => {
    if (p[k] === undefined) return [];
    if (!Array.isArray(p[k])) fail(`"${k}" must be an array`, `$.${k}`);
    return (p[k] as unknown[]).map((x, i) => (isObject(x) ? (x as Record<string, unknown>) : fail(`must be an object`, `$.${k}[${i}]`)));
  };
  list('rules').forEach((r, i) => {
    const at = `$.rules[${i}]`;
    const id = typeof r.id === 'string' && r.id ? r.id : fail('"id" must be a non-empty string', `${at}.id`);
    for (const k of Object.keys(r)) if (!RULE_KEYS.has(k)) fail(`unknown key "${k}"`, `${at}.${k}`, id);
    if (typeof r.category !== 'string' || !CATEGORY.has(r.category)) fail(`"category" must be one of ${CATEGORIES.join(', ')}`, `${at}.category`, id);
    if (r.severity !== undefined && !SEVERITY.has(r.severity as string)) fail('"severity" must be critical, high, medium or low', `${at}.severity`, id);
    if (r.confidence !== undefined && !CONFIDENCE.has(r.confidence as string)) fail('"confidence" must be high, medium or low', `${at}.confidence`, id);
    if (typeof r.description !== 'string' || !r.description) fail('"description" must say what the rule finds', `${at}.description`, id);
    if (typeof r.pattern !== 'string' || !r.pattern) fail('"pattern" must be a regular expression source', `${at}.pattern`, id);
    const ex = r.examples;
    if (!isObject(ex) || !Array.isArray((ex as Record<string, unknown>).match) || !Array.isArray((ex as Record<string, unknown>).noMatch)) {
      fail('"examples" must have "match" and "noMatch" arrays: every rule ships the text it must and must not find', `${at}.examples`, id);
    }
    const exo = ex as { match: unknown[]; noMatch: unknown[] };
    if (exo.match.length === 0) fail('"examples.match" needs at least one example', `${at}.examples.match`, id);
  });
  list('fields').forEach((f, i) => {
    const at = `$.fields[${i}]`;
    const id = typeof f.id === 'string' && f.id ? f.id : fail('"id" must be a non-empty string', `${at}.id`);
    if (typeof f.name !== 'string' || !f.name) fail('"name" must be a regular expression over field-name words', `${at}.name`, id);
    if (f.category !== null && (typeof f.category !== 'string' || !CATEGORY.has(f.category))) fail('"category" must be a category or null', `${at}.category`, id);
  });
  list('shapes').forEach((sh, i) => {
    const at = `$.shapes[${i}]`;
    const id = typeof sh.id === 'string' && sh.id ? sh.id : fail('"id" must be a non-empty string', `${at}.id`);
    if (sh.format !== 'csv' && sh.format !== 'json') fail('"format" must be "csv" or "json"', `${at}.format`, id);
    if (sh.format === 'csv' && !Array.isArray(sh.columns)) fail('a CSV shape needs "columns"', `${at}.columns`, id);
    if (sh.format === 'json' && (!Array.isArray(sh.keys) || !Array.isArray(sh.match) || sh.match.length === 0)) {
      fail('a JSON shape needs "keys" and a non-empty "match" (the keys that identify it)', at, id);
    }
  });
  list('allow').forEach((a, i) => {
    const at = `$.allow[${i}]`;
    const id = typeof a.id === 'string' && a.id ? a.id : fail('"id" must be a non-empty string', `${at}.id`);
    if (typeof a.description !== 'string' || !a.description) fail('"description" must say why this is allowed', `${at}.description`, id);
    // an empty value, path or near list constrains nothing (compile skips it): count it as absent
    const given = (x: unknown): boolean => x !== undefined && x !== '' && !(Array.isArray(x) && x.length === 0);
    if (![a.value, a.path, a.near, a.field, a.text].some(given) && a.rules === undefined) {
      fail('an allow entry needs "value", "path", "field", "text", "near" or "rules", or it would allow everything', at, id);
    }
  });
}

function isObject(x: unknown): boolean {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
