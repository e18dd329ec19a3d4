import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { ACCEPTABLE_KINDS } from '../formats/kinds.js';
import { loadYaml } from '../shared/yaml.js';
import { ConfigError } from '../shared/config-error.js';
import { CATEGORIES, CONFIDENCES, SEVERITIES, type AllowConfig, type Category, type Confidence, type Severity } from '../types.js';

export type { AllowConfig } from '../types.js';
import { describeJsonError, describeYamlError, quoteKey } from '../shared/json-error.js';

/** The project configuration: .leakgate.json, .leakgate.yaml or package.json "leakgate". */
export interface Config {
  /** Packs added to the built-in ones: built-in ids, files or folders (relative to the config file). */
  packs?: string[];
  defaultPacks?: boolean;
  /** Rule ids that do not run. */
  disable?: string[];
  /** New severities by rule id. */
  severity?: Record<string, Severity>;
  include?: string[];
  exclude?: string[];
  failOn?: Severity | 'none';
  minConfidence?: Confidence;
  /** Files over this size are an error (fail closed): bytes, or "500MB", "2GiB". */
  maxFileSize?: number | string;
  /** PDF pages with no text layer (scans) pass instead of being errors: they are not read (no OCR). */
  acceptImagePages?: boolean;
  /** Kinds of file that are not read but accepted: reported as not scanned instead of an error (`["image"]`). */
  accept?: string[];
  allow?: AllowConfig;
}

export interface LoadedConfig {
  config: Config;
  /** The file it came from; undefined when none was found. */
  file?: string;
  /** Where relative paths in it are resolved from. */
  dir: string;
  /** 'leakgate' key of package.json, or the whole file. */
  kind?: 'json' | 'yaml' | 'package.json';
}

const NAMES = ['.leakgate.json', '.leakgate.yaml', '.leakgate.yml', 'package.json'];

/**
 * Finds the configuration: the file named by `--config` or LEAKGATE_CONFIG (`namedBy` says which,
 * for the error when it is missing), or the first found from the cwd upwards to the
 * project root: the top of the git repository the cwd is in, or the cwd itself outside one.
 * Never `/` or a folder anyone may write to (`/tmp`): a config there (`{"exclude": ["**"]}`)
 * would turn the gate off for every scan under it.
 */
export async function loadConfig(cwd: string, explicit?: string, namedBy?: string): Promise<LoadedConfig> {
  if (explicit) {
    const file = path.resolve(cwd, explicit);
    if (!existsSync(file)) throw new ConfigError(explicit, `no such config file${namedBy ? ` (named by ${namedBy})` : ''}`);
    const loaded = await readConfig(file);
    if (!loaded) throw new ConfigError(explicit, 'package.json has no "leakgate" key');
    return loaded;
  }
  const start = path.resolve(cwd);
  const top = projectRoot(start);
  for (let dir = start; trusted(dir); dir = path.dirname(dir)) {
    for (const name of NAMES) {
      const file = path.join(dir, name);
      if (!existsSync(file)) continue;
      const loaded = await readConfig(file);
      if (loaded) return loaded;
    }
    if (dir === top) break;
  }
  return { config: {}, dir: start };
}

/** The nearest folder at or above `dir` holding `.git` (a folder, or a worktree's file); else `dir`. */
export function projectRoot(dir: string): string {
  for (let d = dir; ; d = path.dirname(d)) {
    if (existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return dir;
  }
}

/** A folder a config may be read from: not the file system's root, not writable by everyone. */
function trusted(dir: string): boolean {
  if (path.dirname(dir) === dir) return false;
  try {
    return (statSync(dir).mode & 0o002) === 0;
  } catch {
    return false;
  }
}

async function readConfig(file: string): Promise<LoadedConfig | undefined> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    throw new ConfigError(file, `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let data: unknown;
  const yaml = /\.ya?ml$/i.test(file);
  try {
    data = yaml ? (await loadYaml()).parse(text) : JSON.parse(text);
  } catch (e) {
    // the place, never the text: a data file passed as --config must not be printed
    throw new ConfigError(file, `not valid ${yaml ? 'YAML' : 'JSON'} at ${yaml ? describeYamlError(e) : describeJsonError(text, e)}`);
  }
  const isPackage = path.basename(file) === 'package.json';
  if (isPackage) {
    const leakgate = (data as Record<string, unknown> | null)?.leakgate;
    if (leakgate === undefined) return undefined;
    data = leakgate;
  }
  data ??= {};
  await checkConfig(data, isPackage ? `${file} "leakgate"` : file);
  return { config: data as Config, file, dir: path.dirname(file), kind: isPackage ? 'package.json' : yaml ? 'yaml' : 'json' };
}

const SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    packs: { type: 'array', items: { type: 'string', minLength: 1 } },
    defaultPacks: { type: 'boolean' },
    disable: { type: 'array', items: { type: 'string', minLength: 1 } },
    severity: { type: 'object', additionalProperties: { enum: [...SEVERITIES] } },
    include: { type: 'array', items: { type: 'string', minLength: 1 } },
    exclude: { type: 'array', items: { type: 'string', minLength: 1 } },
    failOn: { enum: [...SEVERITIES, 'none'] },
    minConfidence: { enum: [...CONFIDENCES] },
    accept: { type: 'array', items: { enum: [...ACCEPTABLE_KINDS] } },
    maxFileSize: { anyOf: [{ type: 'integer', minimum: 1 }, { type: 'string', pattern: '^\\s*\\d+(?:\\.\\d+)?\\s*(?:[kKmMgGtT]i?[bB]?|[bB])?\\s*$' }] },
    acceptImagePages: { type: 'boolean' },
    allow: {
      type: 'object',
      additionalProperties: false,
      properties: {
        key: { type: 'string', minLength: 16 },
        values: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['hash'],
            properties: { hash: { type: 'string', pattern: '^hmac-sha256:[A-Za-z0-9+/=]+$' }, category: { enum: [...CATEGORIES] }, note: { type: 'string' } },
          },
        },
        patterns: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['value'],
            properties: { value: { type: 'string', minLength: 1 }, categories: { type: 'array', items: { enum: [...CATEGORIES] } }, note: { type: 'string' } },
          },
        },
        paths: { type: 'array', items: { type: 'string', minLength: 1 } },
        rules: { type: 'array', items: { type: 'string', minLength: 1 } },
        fields: {
          type: 'array',
          items: {
            oneOf: [
              { type: 'string', minLength: 1 },
              { type: 'object', additionalProperties: false, required: ['file', 'field'], properties: { file: { type: 'string', minLength: 1 }, field: { type: 'string', minLength: 1 }, note: { type: 'string' } } },
            ],
          },
        },
      },
    },
  },
} as const;

let validate: ValidateFunction | undefined;

/** Unknown keys and wrong types are errors, never silently ignored. (ajv loads only when a config exists.) */
async function checkConfig(data: unknown, file: string): Promise<void> {
  if (!validate) {
    const mod = (await import('ajv')) as unknown as { default: new (o: object) => { compile(s: object): ValidateFunction } };
    const Ajv = (mod.default as unknown as { default?: typeof mod.default }).default ?? mod.default;
    validate = new Ajv({ allErrors: true, strict: false }).compile(SCHEMA);
  }
  if (validate(data)) return;
  const e = (validate.errors ?? []).reduce((a: ErrorObject, b: ErrorObject) => (b.instancePath.length > a.instancePath.length ? b : a));
  const p = e.params as Record<string, unknown>;
  const where = e.instancePath ? `"${e.instancePath.slice(1).replace(/\//g, '.')}"` : 'the top level';
  const reason = e.keyword === 'additionalProperties'
    ? `unknown key ${quoteKey(String(p.additionalProperty))} in ${where}; known: ${Object.keys(keysAt(e.instancePath)).join(', ')}`
    : e.keyword === 'enum'
      ? `${where} must be one of ${(p.allowedValues as unknown[]).join(', ')}`
      : `${where} ${e.message ?? 'is invalid'}`;
  throw new ConfigError(file, reason);
}

function keysAt(instancePath: string): Record<string, unknown> {
  let node: { properties?: Record<string, unknown> } = SCHEMA as unknown as { properties: Record<string, unknown> };
  for (const part of instancePath.split('/').slice(1)) {
    const next = node.properties?.[part] as { properties?: Record<string, unknown>; items?: { properties?: Record<string, unknown> } } | undefined;
    node = next?.items ?? next ?? {};
    if (/^\d+$/.test(part)) continue;
  }
  return node.properties ?? {};
}

/** Parses a size: 1048576, "500MB", "2GiB" (units of 1024). */
export function parseSize(size: number | string): number {
  if (typeof size === 'number') return size;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kKmMgGtT]?)i?[bB]?\s*$/.exec(size);
  if (!m) throw new ConfigError('--max-file-size', `not a size: ${size} (use e.g. 500MB or 2GiB)`);
  const power = ' kmgt'.indexOf((m[2] || ' ').toLowerCase());
  return Math.round(Number(m[1]) * 1024 ** power);
}
