import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ErrorObject } from 'ajv';
import validatePack from './generated/pack-validate.js';
import { quoteKey } from '../shared/json-error.js';
import { builtinPackDir } from './builtin-dir.js';
import { PackError } from './pack-error.js';

/** The schema path of a key required by one branch of an anyOf (one of several alternatives). */
const ANY_OF_REQUIRED = /\/anyOf\/\d+\/required$/;

/**
 * Validates a parsed pack against patterns/pack.schema.json (compiled to a standalone validator
 * at build time, so no schema compiler runs at start-up); the first error names the rule, the
 * JSON path and the fix.
 */
export function checkPackSchema(json: unknown, file: string): void {
  if (validatePack(json)) return;
  throw schemaError(json, validatePack.errors ?? [], file);
}

/**
 * Turns ajv's errors into one PackError: the most specific error (the deepest path; for a
 * choice between forms, the error of the form that got furthest), with the rule or entry id
 * found at that path, and the fix taken from the schema.
 */
export function schemaError(json: unknown, errors: ErrorObject[], file: string): PackError {
  const useful = errors.filter((e) => !['anyOf', 'oneOf', 'if'].includes(e.keyword) || errors.length === 1);
  const pick = (useful.length ? useful : errors).reduce((a, b) => (depth(b) > depth(a) ? b : a));
  const id = entryId(json, pick.instancePath);
  // a key missing from one branch of an anyOf (an allow entry's "value") is not the fix when any
  // branch would do: name every alternative, at the object that lacks them
  const alternatives = errors.filter((e) => e.keyword === 'required' && e.instancePath === pick.instancePath && ANY_OF_REQUIRED.test(e.schemaPath));
  if (pick.keyword === 'required' && ANY_OF_REQUIRED.test(pick.schemaPath) && alternatives.length > 1) {
    const names = alternatives.map((e) => `"${String((e.params as { missingProperty: string }).missingProperty)}"`);
    const fix = schemaAt(pick.instancePath)?.description;
    return new PackError(file, `needs one of ${names.slice(0, -1).join(', ')} or ${names.at(-1)!}${fix ? `; expected ${fix}` : ''}`, id, toJsonPath(pick.instancePath, { ...pick, keyword: 'anyOf' }));
  }
  const jsonPath = toJsonPath(pick.instancePath, pick);
  const reason = describe(pick);
  const fix = fixFor(pick);
  return new PackError(file, reason + (fix && !reason.includes(fix) ? `; expected ${fix}` : ''), id, jsonPath);
}

type SchemaNode = { description?: string; $ref?: string; properties?: Record<string, SchemaNode>; items?: SchemaNode; [k: string]: unknown };

/**
 * The schema node that describes the value at an instance path ("/rules/3/category"), read from
 * patterns/pack.schema.json only when an error is reported; `$ref`s are followed.
 */
function schemaAt(instancePath: string): SchemaNode | undefined {
  const schema = JSON.parse(readFileSync(path.join(builtinPackDir(), 'pack.schema.json'), 'utf8')) as SchemaNode;
  const resolve = (node: SchemaNode | undefined): SchemaNode | undefined => {
    if (!node?.$ref) return node;
    let target: unknown = schema;
    for (const part of node.$ref.replace(/^#\/?/, '').split('/').filter(Boolean)) target = (target as Record<string, unknown> | undefined)?.[part];
    return { ...(target as SchemaNode), ...(node.description ? { description: node.description } : {}) };
  };
  let node = resolve(schema);
  for (const part of instancePath.split('/').slice(1)) {
    node = resolve(/^\d+$/.test(part) ? node?.items : node?.properties?.[part]);
    if (!node) return undefined;
  }
  return node;
}

/** What would fix an error: the keys an object may have, or the schema's description of the field. */
function fixFor(e: ErrorObject): string | undefined {
  if (e.keyword === 'additionalProperties') {
    const keys = Object.keys(schemaAt(e.instancePath)?.properties ?? {}).filter((k) => k !== '$schema');
    return keys.length ? `one of the keys ${keys.join(', ')} (check the spelling)` : undefined;
  }
  if (e.keyword === 'required') return schemaAt(`${e.instancePath}/${String((e.params as { missingProperty: string }).missingProperty)}`)?.description;
  return schemaAt(e.instancePath)?.description;
}

function depth(e: ErrorObject): number {
  return e.instancePath.split('/').length + (e.keyword === 'additionalProperties' || e.keyword === 'required' ? 1 : 0);
}

function describe(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return `unknown key ${quoteKey(String(p.additionalProperty))}`;
    case 'required':
      return `"${String(p.missingProperty)}" is missing`;
    case 'enum':
      return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'type':
      return `must be ${String(p.type)}`;
    case 'minItems':
      return `needs at least ${String(p.limit)} item(s)`;
    case 'minLength':
      return 'must not be empty';
    case 'pattern':
      return `must match ${String(p.pattern)}`;
    case 'anyOf':
      return 'needs one of the keys that say what it applies to';
    default:
      return e.message ?? e.keyword;
  }
}

/** "/rules/3/category" → "$.rules[3].category" (the missing or unknown key included). */
function toJsonPath(instancePath: string, e: ErrorObject): string {
  let out = '$';
  for (const part of instancePath.split('/').slice(1)) out += /^\d+$/.test(part) ? `[${part}]` : `.${part.replace(/~1/g, '/').replace(/~0/g, '~')}`;
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties') out += quoteKey(String(p.additionalProperty)).startsWith('"') ? `.${String(p.additionalProperty)}` : '.?';
  if (e.keyword === 'required') out += `.${String(p.missingProperty)}`;
  return out;
}

/** The id of the rule, field, allow entry, shape or override an error path points into. */
function entryId(json: unknown, instancePath: string): string | undefined {
  const m = /^\/(rules|fields|allow|shapes|overrides)\/(\d+)/.exec(instancePath);
  if (!m || typeof json !== 'object' || json === null) return undefined;
  const entry = ((json as Record<string, unknown>)[m[1]!] as Record<string, unknown>[] | undefined)?.[Number(m[2])];
  const id = entry?.id ?? entry?.rule;
  return typeof id === 'string' ? id : undefined;
}
